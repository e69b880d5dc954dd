//! The manual's cross-field rules, one module per part of the manual.

mod dose;
mod figures;
mod identity;
mod milestones;
mod phases;
mod sections;
mod skills;
mod strata;
mod titration;
mod vocabularies;

use crate::validate::Report;
use crate::validate::report::Findings;
use crate::{Key, Manual, Rule};

impl Manual {
    /// Checks every rule that spans fields and returns every finding, at most one per rule and
    /// JSON Pointer.
    ///
    /// ```
    /// let manual = practice_coaching::reference::bhicci_late();
    /// assert!(!manual.validate().has_errors());
    /// ```
    #[must_use]
    pub fn validate(&self) -> Report {
        let mut findings = Findings::default();
        identity::check(self, &mut findings);
        identity::check_texts(self, &mut findings);
        vocabularies::check(self, &mut findings);
        phases::check(self, &mut findings);
        dose::check(self, &mut findings);
        titration::check(self, &mut findings);
        skills::check(self, &mut findings);
        sections::check(self, &mut findings);
        figures::check(self, &mut findings);
        strata::check(self, &mut findings);
        sections::check_components_and_headcounts(self, &mut findings);
        findings.finish()
    }
}

/// Reports every key in `keys` already used earlier in the same list, at
/// `{collection}/{index}/key`.
fn check_unique_keys<'a>(
    keys: impl IntoIterator<Item = &'a Key>,
    collection: &str,
    rule: Rule,
    findings: &mut Findings,
) {
    let mut first_index = foldhash::HashMap::<&Key, usize>::default();
    for (index, key) in keys.into_iter().enumerate() {
        if let Some(first) = first_index.get(key) {
            findings.push(
                rule,
                format!("{collection}/{index}/key"),
                format!("key `{key}` is already used at {collection}/{first}; keys must be unique"),
            );
        } else {
            first_index.insert(key, index);
        }
    }
}
