//! Findings and the report that holds them.

use std::fmt;

use foldhash::{HashMap, HashSet};
use serde::Serialize;

use super::Rule;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The document breaks the standard.
    Error,
    /// The document is allowed but probably not what was meant.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding: which rule, how serious, where (an RFC 6901 JSON Pointer) and what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The rule broken.
    pub rule: Rule,
    /// How serious it is here (a `policy` rule resolves to error or warning).
    pub severity: Severity,
    /// A JSON Pointer to the offending member, or to its parent object when it is missing.
    pub path: String,
    /// What is wrong, naming the value and what was expected.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} at {}: {}",
            self.severity, self.rule, self.path, self.message
        )
    }
}

/// Every finding of one validation, in the order found; at most one per rule and path.
///
/// A finding that only follows from an earlier one (every date of a relationship lies outside
/// it once its end is before its start) is not reported; [`Report::suppressed`] counts them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Report {
    diagnostics: Vec<Diagnostic>,
    #[serde(skip)]
    suppressed: usize,
}

impl Report {
    /// Every finding.
    #[must_use]
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Whether any finding is an error.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    /// The findings of severity error.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }

    /// The findings of severity warning.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }

    /// Whether the report holds a finding of `code` at `path`.
    #[must_use]
    pub fn contains(&self, code: &str, path: &str) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.rule.code() == code && d.path == path)
    }

    /// Whether the report is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.diagnostics.is_empty()
    }

    /// How many findings were left out because they only follow from one the report holds:
    /// the same mistake seen again through another member.
    #[must_use]
    pub fn suppressed(&self) -> usize {
        self.suppressed
    }
}

/// Whether an optional free-text member (a rationale, a reason) says nothing.
pub(crate) fn is_blank(text: Option<&str>) -> bool {
    text.is_none_or(|t| t.trim().is_empty())
}

/// The most characters of a name a finding's message quotes.
pub(crate) const NAME_MAX_CHARS: usize = 100;

/// A name (or other text) from the document as a finding's message quotes it: whole up to
/// [`NAME_MAX_CHARS`] characters, otherwise its first characters followed by `…`. Only the
/// message is cut: the document keeps the whole text, and the finding's pointer says where
/// it is. Written straight into the message, so a long name is never copied whole.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Quoted<'a>(pub(crate) &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.char_indices().nth(NAME_MAX_CHARS) {
            Some((cut, _)) => {
                f.write_str(self.0.get(..cut).unwrap_or_default())?;
                f.write_str("…")
            }
            None => f.write_str(self.0),
        }
    }
}

/// The longest message kept, in characters.
const MESSAGE_MAX_CHARS: usize = 400;

/// Collects findings, keeping the first of each (rule, path), and counts those that only
/// follow from an earlier one.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    diagnostics: Vec<Diagnostic>,
    /// The pointers of the findings recorded, by rule: probed by `&str`, without a copy.
    seen: HashMap<Rule, HashSet<String>>,
    suppressed: usize,
}

impl Findings {
    /// Records a finding of `rule` at `path`, with the rule's own severity.
    ///
    /// `policy` rules must go through [`Findings::push_with`].
    pub(crate) fn push(&mut self, rule: Rule, path: String, message: String) {
        let severity = rule.severity().fixed().unwrap_or(Severity::Error);
        self.push_with(rule, severity, path, message);
    }

    /// Records a finding with an explicit severity.
    pub(crate) fn push_with(
        &mut self,
        rule: Rule,
        severity: Severity,
        path: String,
        message: String,
    ) {
        if self.seen.entry(rule).or_default().insert(path.clone()) {
            // Messages quote names from the document, which may be any length.
            let message = if message.len() > MESSAGE_MAX_CHARS {
                crate::scalar::truncate(&message, MESSAGE_MAX_CHARS)
            } else {
                message
            };
            self.diagnostics.push(Diagnostic {
                rule,
                severity,
                path,
                message,
            });
        }
    }

    /// Whether the finding about to be recorded only follows from `cause`: a finding of that
    /// rule already recorded at that pointer, or at its parent (where a member left out is
    /// reported at the object that lacks it). A finding that follows is counted as suppressed,
    /// and the caller records nothing.
    pub(crate) fn follows(&mut self, (rule, path): (Rule, &str)) -> bool {
        let parent = path.rsplit_once('/').map_or("", |(parent, _)| parent);
        let follows = self
            .seen
            .get(&rule)
            .is_some_and(|paths| paths.contains(path) || paths.contains(parent));
        if follows {
            self.suppressed += 1;
        }
        follows
    }

    pub(crate) fn finish(self) -> Report {
        Report {
            diagnostics: self.diagnostics,
            suppressed: self.suppressed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{NAME_MAX_CHARS, Quoted};

    #[test]
    fn a_long_name_is_cut_on_a_character_with_an_ellipsis() {
        let short = "é".repeat(NAME_MAX_CHARS);
        assert_eq!(Quoted(&short).to_string(), short);
        let long = format!("{short}é");
        assert_eq!(Quoted(&long).to_string(), format!("{short}…"));
        assert_eq!(Quoted("").to_string(), "");
    }
}
