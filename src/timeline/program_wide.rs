//! The program's own events: the collaborative's learning sessions and the manual's program-wide
//! periodic activities. They belong to the program, not to a site: one series counted from the
//! program's start, with one set of dates and calendar UIDs, whichever site's plan shows them.

use std::sync::Arc;

use serde::Serialize;

use super::options::PlanOptions;
use super::plan::{EventKind, Occurrence, Plan, PlannedEvent, RecurringActivity};
use super::series::{placed, recurring};
use super::workdays::Placement;
use crate::manual::{Cadence, LearningSessions, Scope};
use crate::{Date, EntityId, Manual};

/// The program-wide events between two dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ProgramSchedule {
    /// The program's first day, where its series are counted from: the earliest relationship
    /// start (see [`Program::start`](crate::Program::start)).
    pub start: Date,
    /// The first day shown.
    pub from: Date,
    /// The day after the last shown.
    pub until: Date,
    /// The learning sessions, by date.
    pub events: Vec<PlannedEvent>,
    /// The program-wide periodic activities, in the manual's order.
    pub activities: Vec<RecurringActivity>,
}

impl ProgramSchedule {
    /// The series counted from `start`, with the dates inside `shown`, at most about `limit`
    /// of them.
    pub(super) fn new(
        manual: &Manual,
        start: Date,
        shown: (Date, Date),
        options: PlanOptions,
        limit: usize,
    ) -> Self {
        let placement = Placement {
            start,
            end: None,
            weekends: options.weekends,
        };
        let sessions = manual.collaborative.as_ref().map(|c| &c.learning_sessions);
        let mut sessions: Vec<Occurrence> = match sessions {
            // A number of sessions without dates or spacing has nothing to place.
            None | Some(LearningSessions::Count(_)) => Vec::new(),
            Some(LearningSessions::Every(every)) => placed(*every, placement, shown, limit),
            // Dated sessions are the manual's own choice of day, kept as they are.
            Some(LearningSessions::Dated(dates)) => dates
                .iter()
                .filter(|d| shown.0 <= **d && **d < shown.1)
                .map(|&date| Occurrence {
                    date,
                    period: date,
                    index: 0,
                })
                .collect(),
        };
        // By date, for the window searches (a manual's dates need not be in order).
        sessions.sort_by_key(|o| o.date);
        let none: Arc<[EntityId]> = Arc::from([]);
        let events = sessions
            .into_iter()
            .map(|o| PlannedEvent {
                channel: None,
                at_end: false,
                date: o.date,
                period: o.period,
                kind: EventKind::LearningSession,
                index: o.index,
                minutes: None,
                coaches: Arc::clone(&none),
            })
            .collect();
        let activities = manual
            .activities
            .iter()
            .filter(|a| {
                matches!(
                    a.cadence,
                    Cadence::Every {
                        scope: Scope::Program,
                        ..
                    }
                )
            })
            .filter_map(|a| recurring(a, placement, shown, limit))
            .collect();
        Self {
            start,
            from: shown.0,
            until: shown.1,
            events,
            activities,
        }
    }

    /// Adds the learning sessions inside `plan` to its events.
    pub(super) fn show_sessions(&self, plan: &mut Plan) {
        let shown = inside(&self.events, |e| e.date, plan.from, plan.until);
        plan.events.extend_from_slice(shown);
    }

    /// The program-wide activity with `key`, with its dates inside `plan`.
    pub(super) fn activity_in(&self, key: &crate::Key, plan: &Plan) -> Option<RecurringActivity> {
        let series = self.activities.iter().find(|a| &a.key == key)?;
        Some(RecurringActivity {
            key: series.key.clone(),
            name: series.name.clone(),
            every: series.every,
            scope: series.scope,
            minutes: series.minutes,
            dates: inside(&series.dates, |o| o.date, plan.from, plan.until).to_vec(),
        })
    }
}

/// The part of `items`, sorted by `date`, dated from `from` until `until`.
fn inside<T>(items: &[T], date: impl Fn(&T) -> Date, from: Date, until: Date) -> &[T] {
    let first = items.partition_point(|item| date(item) < from);
    let last = items.partition_point(|item| date(item) < until).max(first);
    items.get(first..last).unwrap_or_default()
}
