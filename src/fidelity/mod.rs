//! Fidelity: what was delivered against what the manual prescribed, read from a program's
//! record and from contact logs kept beside it ([`contact_log`](crate::contact_log)), period by
//! period, by calendar span, per site and for the program; the activities held against those
//! expected, shortfalls in a row, and the components offered against those received.
//!
//! Pure and deterministic like the rest of the library: no clock (the caller names the day
//! things are read as of) and no files (readers and writers are passed in).
//!
//! [`Program::fidelity`](crate::Program::fidelity) scores the contacts a program records; a
//! [`Scorer`] adds contacts and activity records from logs as they stream past, in any order,
//! holding memory for relationships and periods, never for rows ([`Scorer::add_csv`] reads a
//! CSV log in two halves at once, on both cores). Periods are cut exactly as
//! the planner cuts them ([`Relationship::periods_as_recorded`](crate::program::Relationship::periods_as_recorded)),
//! with the phase in force as recorded: a site that stays in a phase past its planned length
//! is still prescribed that phase's dose. Where a program stands (progress, roster, team
//! coverage) is [`status`](crate::status)'s.

mod activities;
mod calendar;
#[cfg(feature = "charts")]
#[cfg_attr(docsrs, doc(cfg(feature = "charts")))]
pub mod chart;
mod export;
mod finish;
mod period;
mod recommend;
mod responses;
mod score;
mod shortfall;
mod sites;
mod summary;
mod tally;
mod totals;
mod unscored;
mod uptake;
mod window;

pub use activities::ActivityAdherence;
pub use calendar::{CalendarRow, CalendarUnit};
pub use export::{ACTIVITY_COLUMNS, CALENDAR_COLUMNS, PERIOD_COLUMNS};
pub use period::{Adherence, DeliveredPeriod, hours};
pub use recommend::SiteEvent;
pub use responses::Responses;
pub use score::{Fidelity, Scorer, score_rows};
pub use shortfall::Shortfall;
pub use summary::{ChannelSummary, Comparison, GroupComparison, Quartiles, Summary};
pub use unscored::{ReadFrom, UNSCORED_LISTED, Unscored, UnscoredContact, UnscoredReason};
pub use uptake::Uptake;
pub use window::Window;
