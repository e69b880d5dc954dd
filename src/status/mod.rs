//! Where a program stands on a day, as a coach supervisor reads it: each site's progress
//! through the phases ([`Progress`]), each coach against the qualification checks and the
//! caseload threshold ([`Roster`]), and the sites the team rule gives a team with how each is
//! covered ([`Coverage`]).
//!
//! These read the program's own record (phase transitions, assignments, coaches); what was
//! delivered against what was prescribed is [`fidelity`](crate::fidelity)'s. Each is a method of
//! [`Program`], below: [`Program::progress`], [`Program::roster`], [`Program::team_coverage`].

mod coverage;
mod progress;
mod roster;

pub use coverage::{Coverage, CoverageStatus, SiteCoverage};
pub use progress::{Progress, SiteProgress, Stay, StayStatus};
pub use roster::{CheckOutcome, CheckResult, CoachedSite, Roster, RosterCoach};

use crate::{Date, Manual, Program};

impl Program {
    /// Each relationship's stays in its phases as of `as_of`, against `manual`: what is
    /// recorded after `as_of` is not yet known and is left out, a relationship that starts
    /// after it has no stay, and one whose end is after it goes on.
    ///
    /// A transition dated on or before the one kept before it (out of date order, which
    /// validation reports) is passed over, so that a relationship's stays follow one another
    /// day by day. A stay is `stalled` when it goes on longer than the phase's planned maximum,
    /// counted in the plan's own unit from the day of entry, while an exit criterion is still
    /// open.
    ///
    /// ```
    /// use practice_coaching::status::StayStatus;
    /// use practice_coaching::{Date, reference};
    /// let as_of: Date = "2016-06-01".parse()?;
    /// let progress = reference::bhicci_sample_program().progress(reference::bhicci_late(), as_of);
    /// assert!(progress.stays.iter().any(|s| s.status == StayStatus::Completed));
    /// # Ok::<(), practice_coaching::ScalarError>(())
    /// ```
    #[must_use]
    pub fn progress(&self, manual: &Manual, as_of: Date) -> Progress {
        Progress::read(self, manual, as_of)
    }

    /// The roster as of `as_of`, against `manual`: each coach's qualification checks as
    /// validation reads them (`policy` rules), and the sites they coach that day as the
    /// caseload rule counts them (under the assignment in force, where the site's coaching is
    /// current that day), against the manual's caseload threshold.
    ///
    /// ```
    /// use practice_coaching::{Date, reference};
    /// let as_of: Date = "2016-06-01".parse()?;
    /// let roster = reference::bhicci_sample_program().roster(reference::bhicci_late(), as_of);
    /// assert_eq!(roster.coaches.len(), 7);
    /// assert_eq!(roster.over_caseload().count(), 0);
    /// # Ok::<(), practice_coaching::ScalarError>(())
    /// ```
    #[must_use]
    pub fn roster(&self, manual: &Manual, as_of: Date) -> Roster {
        Roster::read(self, manual, as_of)
    }

    /// The sites coached on `as_of` that `manual`'s team rule gives a team, as validation reads
    /// the rule (`site-team-required`, `team-roles-mismatch`, `team-member-unqualified`), and
    /// how each is covered under the assignment in force that day. A site counts as coached
    /// where its relationship is active that day, or, where none is recorded, where an
    /// assignment is in force. Empty where the manual has no team rule.
    ///
    /// ```
    /// use practice_coaching::{Date, reference};
    /// let as_of: Date = "2016-06-01".parse()?;
    /// let coverage = reference::bhicci_sample_program().team_coverage(reference::bhicci_late(), as_of);
    /// assert_eq!(coverage.gaps().count(), 0);
    /// # Ok::<(), practice_coaching::ScalarError>(())
    /// ```
    #[must_use]
    pub fn team_coverage(&self, manual: &Manual, as_of: Date) -> Coverage {
        Coverage::read(self, manual, as_of)
    }
}
