//! A program's rules, checked against its manual.
//!
//! Id lookups use foldhash maps sized up front: fast, and seeded per process so hostile ids
//! cannot force collisions. JSON Pointers are formatted only when a finding is recorded.

mod assignments;
mod coaches;
mod entities;
mod relationships;
mod teams;

use crate::program::Program;
use crate::validate::Report;
use crate::validate::report::Findings;
use crate::{Manual, Rule};

impl Program {
    /// Checks the program against `manual` and returns every finding, at most one per rule and
    /// JSON Pointer. `policy` rules take their severity from the manual's qualification checks.
    ///
    /// ```
    /// use practice_coaching::reference;
    /// let report = reference::bhicci_sample_program().validate(reference::bhicci_late());
    /// assert!(!report.has_errors());
    /// ```
    #[must_use]
    pub fn validate(&self, manual: &Manual) -> Report {
        let mut findings = Findings::default();
        if self.manual.id != manual.id {
            findings.push(
                Rule::ProgramManualMismatch,
                "/manual/id".to_owned(),
                format!("the program follows manual `{}`; expected `{}`, the manual it is checked against", self.manual.id, manual.id),
            );
        }
        if !self.manual.version.matches(&manual.version) {
            findings.push(
                Rule::ProgramManualMismatch,
                "/manual/version".to_owned(),
                format!("the program follows versions {} of the manual; it is checked against {}, which that requirement does not accept", self.manual.version, manual.version),
            );
        }
        let index = entities::check(self, manual, &mut findings);
        teams::check(self, manual, &index, &mut findings);
        let assignments = assignments::check(self, manual, &index, &mut findings);
        coaches::check(self, manual, &index, &assignments, &mut findings);
        relationships::check(self, manual, &index, &assignments, &mut findings);
        findings.finish()
    }
}
