//! How a plan is made (working days or any day, how far), the caps on what one plan may hold,
//! and why a plan cannot be made.

use crate::{Date, EntityId};

/// The longest plan [`Program::plan_site`](crate::Program::plan_site) makes, in calendar
/// months: twenty years, longer than any coaching relationship a manual describes and short
/// enough that a plan stays small.
pub const MAX_PLAN_MONTHS: u32 = 240;

/// The most dated things (events and periodic activities' dates) one plan from
/// [`Program::plan_site`](crate::Program::plan_site) holds. A weekly meeting over twenty years
/// is about a thousand; only a manual asking for hundreds of contacts a week comes near.
pub const MAX_PLAN_EVENTS: usize = 100_000;

/// Choices in how a plan is made; `PlanOptions::default()` is what
/// [`Relationship::plan`](crate::program::Relationship::plan) does.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlanOptions {
    /// Plan on Saturdays and Sundays where the calendar falls there. By default a planned date
    /// on a weekend moves to a working day (the next Monday inside its period, else the
    /// previous Friday); docs/decisions.md has the rule.
    pub weekends: bool,
}

/// How far a plan runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Horizon {
    /// To the relationship's end if it has ended, else to the end of its last projected phase.
    #[default]
    Natural,
    /// Until this day (exclusive), never past the relationship's end.
    Until(Date),
    /// This many calendar months from the plan's first day, never past the relationship's end.
    Months(u32),
}

/// Why [`Program::plan_site`](crate::Program::plan_site) made no plan.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    /// No site of the program has this id.
    #[error("no site has the id {0}")]
    UnknownSite(EntityId),
    /// The site has no recorded relationship and no first day was given to project one from.
    #[error(
        "site {0} has no coaching relationship recorded; give the day to plan it from, and its \
         relationship is projected from the manual's first phase"
    )]
    NoStart(EntityId),
    /// The horizon in months runs past the last date a plan can name.
    #[error("{months} months after {from} is past the last date a plan can name (9999-12-31)")]
    #[non_exhaustive]
    PastLastDate {
        /// The plan's first day.
        from: Date,
        /// The months asked for.
        months: u32,
    },
    /// Nothing is left to plan: coaching ends before the plan's first day.
    #[error("nothing to plan from {from}: coaching ends before then (on {until}, exclusive)")]
    #[non_exhaustive]
    NothingToPlan {
        /// The plan's first day.
        from: Date,
        /// Where the plan would end (exclusive).
        until: Date,
    },
    /// The plan would run longer than [`MAX_PLAN_MONTHS`].
    #[error("the plan from {from} to {until} runs longer than the cap of {MAX_PLAN_MONTHS} months")]
    #[non_exhaustive]
    TooLong {
        /// The plan's first day.
        from: Date,
        /// Where it would end (exclusive).
        until: Date,
    },
    /// The plan would hold more than [`MAX_PLAN_EVENTS`] events and dates.
    #[error(
        "the plan from {from} to {until} holds more than the cap of {MAX_PLAN_EVENTS} events \
         and dates"
    )]
    #[non_exhaustive]
    TooManyEvents {
        /// The plan's first day.
        from: Date,
        /// Where it would end (exclusive).
        until: Date,
    },
}
