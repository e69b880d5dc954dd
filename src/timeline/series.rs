//! Periodic activities: where a site's series runs, from the relationship's start, a phase entry
//! or a milestone, to the relationship's end or the end of a named phase (one reading for the
//! plan, on the projected relationship, and for fidelity, on the record); and a series' dates,
//! a site's or the program's, each placed on its day.

use super::calendar::occurrences;
use super::plan::{Occurrence, RecurringActivity};
use super::workdays::{MAX_SHIFT, Placement};
use crate::manual::{Activity, Anchor, Cadence, Frequency, SeriesStart};
use crate::program::Relationship;
use crate::{Date, Manual};

impl Relationship {
    /// The first day of a site series with `cadence` and the day after its last (none: to the
    /// relationship's end), or `None` where the series never starts (its phase is never
    /// entered, its milestone never falls due, or it is not a site series). Phases are read
    /// from this relationship's transitions: the record's, or the projection's.
    #[must_use]
    pub fn series_span(&self, manual: &Manual, cadence: &Cadence) -> Option<(Date, Option<Date>)> {
        let Cadence::Every {
            starts,
            until_end_of,
            ..
        } = cadence
        else {
            return None;
        };
        let entry = |phase| {
            self.phases
                .iter()
                .find(|t| &t.phase == phase)
                .map(|t| t.date)
        };
        let from = match starts {
            None => self.start,
            Some(SeriesStart::PhaseEntry(phase)) => entry(phase)?,
            Some(SeriesStart::Milestone(key)) => {
                let milestone = manual.milestone(key)?;
                let anchor = match &milestone.anchor {
                    Anchor::RelationshipStart => self.start,
                    Anchor::PhaseEntry(phase) => entry(phase)?,
                };
                milestone.offset.after(anchor)?
            }
        };
        let until = match until_end_of {
            None => None,
            // The stay in the phase in progress on the series' first day or entered after it:
            // the series stops where the next phase starts.
            Some(phase) => {
                let mut stays = self
                    .phases
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| &t.phase == phase);
                // A phase never entered stops nothing: the series runs to the end.
                stays
                    .find_map(|(i, _)| {
                        let next = self.phases.get(i + 1).map(|t| t.date);
                        next.is_none_or(|end| end > from).then_some(next)
                    })
                    .flatten()
            }
        };
        Some((from, until))
    }
}

/// An activity's planned length: the manual's maximum, else its minimum.
pub(super) fn planned_minutes(activity: &Activity) -> Option<u16> {
    activity
        .max_minutes
        .or(activity.min_minutes)
        .map(crate::Minutes::get)
}

/// A periodic activity's series counted from `placement.start`, with its dates inside `shown`.
pub(super) fn recurring(
    activity: &Activity,
    placement: Placement,
    shown: (Date, Date),
    limit: usize,
) -> Option<RecurringActivity> {
    let Cadence::Every {
        frequency, scope, ..
    } = activity.cadence
    else {
        return None;
    };
    Some(RecurringActivity {
        key: activity.key.clone(),
        name: activity.name.clone(),
        every: frequency,
        scope,
        minutes: planned_minutes(activity),
        dates: placed(frequency, placement, shown, limit),
    })
}

/// The occurrences of a series held `every` from `placement.start`, each placed on its day,
/// those inside `shown` by date; at most `limit + 1` of them.
pub(super) fn placed(
    every: Frequency,
    placement: Placement,
    shown: (Date, Date),
    limit: usize,
) -> Vec<Occurrence> {
    // Dates due up to two days outside what is shown can move into it; none past the end.
    let reach_end = shown.1.checked_add_days(MAX_SHIFT).unwrap_or(shown.1);
    let reach = (
        shown.0.checked_add_days(-MAX_SHIFT).unwrap_or(shown.0),
        placement.end.map_or(reach_end, |end| end.min(reach_end)),
    );
    let mut dates: Vec<Occurrence> = occurrences(placement.start, reach, every)
        .map(|(o, next)| Occurrence {
            date: placement.place(o.date, next),
            ..o
        })
        .filter(|o| shown.0 <= o.date && o.date < shown.1)
        .take(limit.saturating_add(1))
        .collect();
    // Moves never pass one another; sorting (linear on sorted input) guards the window
    // searches that rely on the order.
    dates.sort_by_key(|o| o.date);
    dates
}
