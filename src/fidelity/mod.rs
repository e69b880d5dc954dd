//! Fidelity and progress: what was delivered against what the manual prescribed, read from a
//! program's record and from contact logs kept beside it (CSV or JSON Lines, as a spreadsheet or
//! REDCap exports them); progress through the phases; and the views a coach supervisor reads.
//!
//! Pure and deterministic like the rest of the library: no clock (the caller names the day
//! things are read as of) and no files (readers and writers are passed in).
//!
//! [`Program::fidelity`](crate::Program::fidelity) scores the contacts a program records; a
//! [`Scorer`] adds contacts and activity records from logs as they stream past, in any order,
//! holding memory for relationships and periods, never for rows. Periods are cut exactly as
//! the planner cuts them ([`Relationship::periods_as_recorded`](crate::program::Relationship::periods_as_recorded)),
//! with the phase in force as recorded: a site that stays in a phase past its planned length
//! is still prescribed that phase's dose.

mod activities;
mod calendar;
#[cfg(feature = "charts")]
#[cfg_attr(docsrs, doc(cfg(feature = "charts")))]
pub mod chart;
mod coverage;
mod export;
pub mod log;
mod period;
mod progress;
mod recommend;
mod responses;
mod roster;
mod score;
mod shortfall;
mod summary;
mod unscored;
mod uptake;
mod window;

pub use activities::ActivityAdherence;
pub use calendar::{CalendarRow, CalendarUnit};
pub use coverage::{Coverage, CoverageStatus, SiteCoverage};
pub use export::{ACTIVITY_COLUMNS, CALENDAR_COLUMNS, PERIOD_COLUMNS};
pub use log::{
    LogAccount, LogFormat, LogRecord, LogRow, LogRows, LogRule, Mapping, ReadLimits, RowProblem,
    read_csv, read_json_lines, write_csv,
};
pub use period::{Adherence, DeliveredPeriod, hours};
pub use progress::{Progress, SiteProgress, Stay, StayStatus};
pub use recommend::SiteEvent;
pub use responses::Responses;
pub use roster::{CheckOutcome, CheckResult, CoachedSite, Roster, RosterCoach};
pub use score::{Fidelity, Scorer, Unscored, score_rows};
pub use shortfall::Shortfall;
pub use summary::{ChannelSummary, Comparison, GroupComparison, Quartiles, Summary};
pub use unscored::{ReadFrom, UNSCORED_LISTED, UnscoredContact, UnscoredReason};
pub use uptake::Uptake;
pub use window::Window;
