//! Activities held against expected: those around contacts (a debrief after each joint
//! contact), those a site holds every period, and the program's own meetings. An activity the
//! program does not record (`Program::recorded_activities`) is expected nowhere: not recorded
//! is not "not held".

use serde::Serialize;

use super::window::Window;
use crate::manual::Cadence;
use crate::{Date, EntityId, Key, Manual};

/// One activity's adherence at a site, or program-wide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ActivityAdherence {
    /// The manual's activity (by key).
    pub activity: Key,
    /// The site, or none for a program-wide meeting.
    pub site: Option<EntityId>,
    /// How many times the manual expects it over the days read: once per matching contact
    /// for an activity around contacts, per complete period for a periodic one.
    pub expected: u32,
    /// How many times it was recorded held (on the contact, or logged apart).
    pub held: u32,
}

impl ActivityAdherence {
    pub(super) const fn new(
        activity: Key,
        site: Option<EntityId>,
        expected: u32,
        held: u32,
    ) -> Self {
        Self {
            activity,
            site,
            expected,
            held,
        }
    }

    /// The share of expected occasions held, at most 1 (none where nothing was expected).
    #[must_use]
    pub fn share_held(&self) -> Option<f64> {
        (self.expected > 0).then(|| (f64::from(self.held) / f64::from(self.expected)).min(1.0))
    }
}

/// How often the manual expects its periodic activities over the days read.
pub(super) mod periodic_expected {
    use super::{Cadence, Date, Key, Manual, Window};
    use crate::Program;
    use crate::manual::Scope;
    use crate::program::Relationship;
    use crate::timeline::PlanOptions;

    /// Per periodic activity held at each site, at `relationship`'s (whose coaching ended the
    /// day before `end`, if it has): its count per period times the periods, counted from
    /// where the series starts (the relationship's start, a phase entry, a milestone), that
    /// ended inside the days read and before it stops.
    pub(in super::super) fn site(
        manual: &Manual,
        program: &Program,
        (relationship, end): (&Relationship, Option<Date>),
        window: &Window,
    ) -> Vec<(Key, u32)> {
        let end = end.map_or(window.end(), |e| e.min(window.end()));
        manual
            .activities
            .iter()
            .filter(|a| program.records_activity(&a.key))
            .filter_map(|a| match a.cadence {
                Cadence::Every {
                    frequency,
                    scope: Scope::Site,
                    ..
                } => {
                    // Counted where the record has the series run, as the plan places it.
                    let (from, until) = relationship.series_span(manual, &a.cadence)?;
                    let end = until.map_or(end, |until| until.min(end));
                    let periods = crate::timeline::period_starts(from, frequency.per, end)
                        .filter(|(from, until)| {
                            window.from.is_none_or(|first| *from >= first) && *until <= end
                        })
                        .count();
                    let times = u32::try_from(periods).unwrap_or(u32::MAX);
                    Some((
                        a.key.clone(),
                        times.saturating_mul(u32::from(frequency.count.get())),
                    ))
                }
                _ => None,
            })
            .collect()
    }

    /// Per program-wide periodic activity: its dates in the program's schedule inside the
    /// days read.
    pub(in super::super) fn program(
        manual: &Manual,
        program: &Program,
        window: &Window,
    ) -> Vec<(Key, u32)> {
        let Some(start) = program.start() else {
            return Vec::new();
        };
        let from: Date = window.from.map_or(start, |first| first.max(start));
        if from >= window.end() {
            return Vec::new();
        }
        program
            .schedule(manual, from, window.end(), PlanOptions::default())
            .activities
            .into_iter()
            .filter(|a| program.records_activity(&a.key))
            .map(|a| (a.key, u32::try_from(a.dates.len()).unwrap_or(u32::MAX)))
            .collect()
    }
}
