//! Coaching over time: what a relationship prescribes on any date, what the manual's titration
//! rules call for when something happens, and plans of a site's coaching on working days, with
//! the program's own events shared by every site. Pure and deterministic: no clock, no I/O.
//! Its methods of [`Program`](crate::Program) are [`plans`](crate::Program::plans),
//! [`plans_with`](crate::Program::plans_with), [`plan_site`](crate::Program::plan_site) and
//! [`schedule`](crate::Program::schedule).
//!
//! The semantics are design choices of this crate: entering a phase sets the level to the
//! phase's starting level; a titration decision sets the level until the next decision or phase
//! transition; on the same day, the decision applies after the transition.

mod calendar;
mod events;
mod frame;
mod ics;
mod options;
mod plan;
mod planner;
mod program_wide;
mod recorded;
mod schedule;
mod series;
mod stay;
mod titrate;
mod workdays;

pub use options::{Horizon, MAX_PLAN_EVENTS, MAX_PLAN_MONTHS, PlanError, PlanOptions};
pub use plan::{
    EventKind, Occurrence, Plan, PlannedEvent, PlannedPeriod, RecurringActivity, Segment,
};
pub use program_wide::ProgramSchedule;
pub use titrate::Titrated;
// Calendar periods counted from a day, for the activities a fidelity reading expects.
pub(crate) use calendar::periods as period_starts;

use crate::manual::{IntensityLevel, Phase};
use crate::program::Relationship;
use crate::{Date, Manual};

/// What a relationship prescribes on one date: the phase and the intensity level in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Prescribed<'m> {
    /// The phase in force.
    pub phase: &'m Phase,
    /// The intensity level in force; its prescriptions give the dose.
    pub level: &'m IntensityLevel,
}

impl Relationship {
    /// The phase and level in force on `date`, or `None` before the relationship starts, after
    /// it ends, before its first phase transition, or where the manual lacks a phase or level
    /// the relationship names.
    #[must_use]
    pub fn prescribed_on<'m>(&self, manual: &'m Manual, date: Date) -> Option<Prescribed<'m>> {
        if date < self.start || self.end.as_ref().is_some_and(|end| date > end.date) {
            return None;
        }
        let transition = self.transition_on(date)?;
        let phase = manual.phase(&transition.phase)?;
        let decision = self
            .titration
            .iter()
            .filter(|d| d.date <= date && d.date >= transition.date)
            .max_by_key(|d| d.date);
        let level_key = decision.map_or(&phase.starting_level, |d| &d.level);
        Some(Prescribed {
            phase,
            level: manual.level(level_key)?,
        })
    }
}
