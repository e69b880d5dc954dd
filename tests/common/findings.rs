//! A report's findings as a set of (rule code, JSON Pointer), to compare with what a case
//! expects.

use std::collections::BTreeSet;

use practice_coaching::Report;

/// Every finding as (code, pointer).
pub fn findings(report: &Report) -> BTreeSet<(String, String)> {
    report
        .diagnostics()
        .iter()
        .map(|d| (d.rule.code().to_owned(), d.path.clone()))
        .collect()
}
