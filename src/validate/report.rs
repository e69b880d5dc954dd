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
#[non_exhaustive]
pub struct Diagnostic {
    /// The rule broken.
    pub rule: Rule,
    /// How serious it is here (a `policy` rule resolves to error or warning).
    pub severity: Severity,
    /// A JSON Pointer to the offending member, or to its parent object when it is missing.
    pub path: String,
    /// What is wrong, naming the value and what was expected.
    pub message: String,
    /// What several findings share, where one mistake shows in many places (one missing
    /// assignment behind every contact of a coach); `None` where the message says it all.
    #[serde(skip)]
    cause: Option<String>,
}

impl Diagnostic {
    /// The cause this finding shares with others of its rule: a sentence naming the one
    /// mistake behind them, or the message itself where the finding stands alone. Findings of
    /// one rule, severity and cause are one mistake seen in several places; [`Report::grouped`]
    /// gathers them.
    #[must_use]
    pub fn cause(&self) -> &str {
        self.cause.as_deref().unwrap_or(&self.message)
    }
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

    /// The findings gathered by rule, severity and [cause](Diagnostic::cause), each group in
    /// the order its first finding was found: a reader's view, where one missing assignment
    /// behind thirty contacts is one line. [`Report::diagnostics`] keeps every finding.
    #[must_use]
    pub fn grouped(&self) -> Vec<FindingGroup<'_>> {
        let mut groups: Vec<FindingGroup<'_>> = Vec::new();
        let mut index: HashMap<(Rule, Severity, &str), usize> = HashMap::default();
        for diagnostic in &self.diagnostics {
            let key = (diagnostic.rule, diagnostic.severity, diagnostic.cause());
            if let Some(group) = index.get(&key).and_then(|&at| groups.get_mut(at)) {
                group.findings.push(diagnostic);
            } else {
                index.insert(key, groups.len());
                groups.push(FindingGroup {
                    first: diagnostic,
                    findings: vec![diagnostic],
                });
            }
        }
        groups
    }

    /// How many findings were left out because they only follow from one the report holds:
    /// the same mistake seen again through another member.
    #[must_use]
    pub fn suppressed(&self) -> usize {
        self.suppressed
    }
}

/// Findings of one rule and severity that share a cause, in the order found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingGroup<'a> {
    first: &'a Diagnostic,
    findings: Vec<&'a Diagnostic>,
}

impl<'a> FindingGroup<'a> {
    /// The first finding found; its rule, severity and cause are the group's.
    #[must_use]
    pub fn first(&self) -> &'a Diagnostic {
        self.first
    }

    /// Every finding of the group, the first first.
    #[must_use]
    pub fn findings(&self) -> &[&'a Diagnostic] {
        &self.findings
    }

    /// How many findings the group holds (at least one).
    #[must_use]
    pub fn len(&self) -> usize {
        self.findings.len()
    }

    /// Never true: a group holds at least its first finding.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        false
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
        self.record(rule, severity, path, message, None);
    }

    /// Records a finding whose mistake may show in many places, with the `cause` they share
    /// (see [`Diagnostic::cause`]).
    pub(crate) fn push_caused(&mut self, rule: Rule, path: String, message: String, cause: String) {
        let severity = rule.severity().fixed().unwrap_or(Severity::Error);
        self.record(rule, severity, path, message, Some(cause));
    }

    /// Records a finding with an explicit severity.
    pub(crate) fn push_with(
        &mut self,
        rule: Rule,
        severity: Severity,
        path: String,
        message: String,
    ) {
        self.record(rule, severity, path, message, None);
    }

    fn record(
        &mut self,
        rule: Rule,
        severity: Severity,
        path: String,
        message: String,
        cause: Option<String>,
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
                cause,
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
