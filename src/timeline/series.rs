//! Where a site's periodic activity runs: from the relationship's start, a phase entry or a
//! milestone, to the relationship's end or the end of a named phase. One reading for the plan
//! (on the projected relationship) and for fidelity (on the record).

use crate::manual::{Anchor, Cadence, SeriesStart};
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
