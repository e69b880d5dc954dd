//! Validation: every rule that spans fields, reported as findings with a JSON Pointer each.
//!
//! Depends on the model, never the reverse. Its methods of [`Program`](crate::Program) are
//! [`validate`](crate::Program::validate), [`validate_as_of`](crate::Program::validate_as_of)
//! and [`validate_versions`](crate::Program::validate_versions).

mod manual;
mod program;
mod report;
mod rule;

pub use report::{Diagnostic, FindingGroup, Report, Severity};
pub use rule::{Rule, RuleSeverity};

use report::Findings;

/// Reports `key` at `path` unless `vocabulary` declares it, naming what is declared.
pub(crate) fn check_vocabulary_key(
    vocabularies: &crate::manual::Vocabularies,
    vocabulary: crate::manual::Vocabulary,
    key: &crate::Key,
    path: impl FnOnce() -> String,
    findings: &mut Findings,
) {
    if vocabularies.declares(vocabulary, key) {
        return;
    }
    let declared: Vec<&str> = vocabularies
        .entries(vocabulary)
        .map(|(k, _)| k.as_str())
        .take(12)
        .collect();
    let section = vocabulary.as_str();
    let expected = if declared.is_empty() {
        format!("the manual declares no {section}")
    } else {
        format!("expected one of {}", declared.join(", "))
    };
    // A program's author may be the manual's author too: say where the key would be declared.
    findings.push(
        Rule::VocabularyKeyUnknown,
        path(),
        format!(
            "`{key}` is not in the manual's vocabularies/{section}; {expected}; or declare it in \
             the manual: {{\"key\": \"{key}\", \"name\": ...}} under `vocabularies.{section}`"
        ),
    );
}

/// Reports every entry of `list` that repeats an earlier one, at `{at}/{index}`. The pointer
/// of the list is built only when there is something to report.
pub(crate) fn check_listed_once<T: Eq + std::hash::Hash + std::fmt::Display>(
    list: &[T],
    at: impl Fn() -> String,
    findings: &mut Findings,
) {
    // Lists are short (a contact's coaches, a coach's skills): a scan beats a hash set there.
    const SCANNED: usize = 16;
    let mut report = |index: usize, earlier: usize, item: &T| {
        let at = at();
        findings.push(
            Rule::ListEntryDuplicate,
            format!("{at}/{index}"),
            format!("`{item}` is already listed at {at}/{earlier}; expected each once"),
        );
    };
    if list.len() <= SCANNED {
        for (index, item) in list.iter().enumerate() {
            if let Some(earlier) = list.iter().take(index).position(|e| e == item) {
                report(index, earlier, item);
            }
        }
        return;
    }
    let mut first = foldhash::HashMap::<&T, usize>::default();
    for (index, item) in list.iter().enumerate() {
        if let Some(earlier) = first.get(item) {
            report(index, *earlier, item);
        } else {
            first.insert(item, index);
        }
    }
}
