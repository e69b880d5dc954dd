//! Where one site's plan lies: the relationship as projected, where its coaching starts and
//! ends, the days shown, and how dates are placed.

use super::options::PlanOptions;
use super::workdays::Placement;
use crate::manual::Cadence;
use crate::program::Relationship;
use crate::{Date, Manual};

pub(super) struct Frame {
    /// The relationship with its remaining phases projected.
    pub(super) projected: Relationship,
    /// The last recorded transition; none for a projected relationship.
    pub(super) recorded_until: Option<Date>,
    /// The relationship's first day: periods and the site's series are counted from it.
    pub(super) start: Date,
    /// The first day shown.
    pub(super) from: Date,
    /// The day after the last shown (the horizon).
    pub(super) until: Date,
    /// Where coaching ends (exclusive): the recorded end, else the end of the last projected
    /// phase or a later horizon.
    pub(super) end: Date,
    pub(super) placement: Placement,
}

impl Frame {
    /// The frame of `relationship` shown from `from` (the relationship's start at the
    /// earliest) until `until` (by default the relationship's end if it has ended, else the end
    /// of its last projected phase; never past its end). `recorded` says whether the
    /// relationship is recorded or projected whole.
    pub(super) fn new(
        relationship: &Relationship,
        manual: &Manual,
        from: Date,
        until: Option<Date>,
        options: PlanOptions,
        recorded: bool,
    ) -> Self {
        let (projected, default_until) = relationship.projected(manual);
        let start = relationship.start;
        let recorded_until = recorded.then(|| relationship.recorded_until()).flatten();
        let ended = relationship.end.as_ref().and_then(|e| e.date.next_day());
        // An open-ended last phase has no end of its own: it runs to the horizon asked, and,
        // planned from a day past its minimum without one, for its minimum from that day.
        let open = manual
            .phases
            .last()
            .filter(|last| ended.is_none() && last.length.max.is_none());
        let default_until = match (default_until, open) {
            (Some(natural), Some(last)) if from.max(start) >= natural => {
                last.length.min.after(from.max(start)).or(Some(natural))
            }
            (natural, _) => natural,
        };
        let until = [until.or(ended).or(default_until), ended]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(start);
        // Periods are cut where coaching ends, but not at an earlier horizon: a period that
        // starts before the horizon is planned whole, so a longer horizon only adds periods.
        let end = ended.unwrap_or_else(|| default_until.map_or(until, |d| d.max(until)));
        Self {
            projected,
            recorded_until,
            start,
            from: from.max(start),
            until,
            end,
            placement: Placement {
                start,
                end: Some(end),
                weekends: options.weekends,
            },
        }
    }

    /// Where a site series with `cadence` is placed in this frame: from its first day to its
    /// stop or the end of coaching; `None` where it never starts or starts after coaching ends.
    pub(super) fn series(&self, manual: &Manual, cadence: &Cadence) -> Option<Placement> {
        let (start, until) = self.projected.series_span(manual, cadence)?;
        let end = until.map_or(self.end, |until| until.min(self.end));
        (start < end).then_some(Placement {
            start,
            end: Some(end),
            weekends: self.placement.weekends,
        })
    }

    /// Whether a plan in this frame shows `date`.
    pub(super) fn shows(&self, date: Date) -> bool {
        self.from <= date && date < self.until
    }
}
