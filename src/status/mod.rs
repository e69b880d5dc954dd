//! Where a program stands on a day, as a coach supervisor reads it: each site's progress
//! through the phases ([`Progress`]), each coach against the qualification checks and the
//! caseload threshold ([`Roster`]), and the sites the team rule gives a team with how each is
//! covered ([`Coverage`]).
//!
//! These read the program's own record (phase transitions, assignments, coaches); what was
//! delivered against what was prescribed is [`fidelity`](crate::fidelity)'s.

mod coverage;
mod progress;
mod roster;

pub use coverage::{Coverage, CoverageStatus, SiteCoverage};
pub use progress::{Progress, SiteProgress, Stay, StayStatus};
pub use roster::{CheckOutcome, CheckResult, CoachedSite, Roster, RosterCoach};
