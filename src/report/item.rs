//! One item of a reporting checklist: what it says, each statement with where it comes from and
//! the kinds of evidence behind it, or, when nothing fills it, what would.

use serde::Serialize;

use crate::manual::{Citation, Evidence};

/// The document a statement is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Document {
    /// The manual.
    Manual,
    /// The program's record.
    Program,
}

impl Document {
    /// `manual` or `program`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Manual => "manual",
            Self::Program => "program",
        }
    }
}

/// Where a statement comes from: a JSON Pointer into the manual or the program.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Pointer {
    /// The document pointed into.
    pub document: Document,
    /// The JSON Pointer (RFC 6901), e.g. `/materials/0`.
    pub pointer: String,
}

impl Pointer {
    /// A pointer into the manual.
    #[must_use]
    pub fn manual(pointer: impl Into<String>) -> Self {
        Self {
            document: Document::Manual,
            pointer: pointer.into(),
        }
    }

    /// A pointer into the program.
    #[must_use]
    pub fn program(pointer: impl Into<String>) -> Self {
        Self {
            document: Document::Program,
            pointer: pointer.into(),
        }
    }
}

/// One statement of an item: its text, where it comes from, and the kinds of evidence its source
/// cites (none for a name, a description or a record, which cite nothing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Entry {
    /// The statement, in words.
    pub text: String,
    /// Where it comes from.
    pub source: Pointer,
    /// The kinds of evidence its citations give, strongest first, each once.
    pub evidence: Vec<Evidence>,
}

/// Evidence kinds from the strongest statement of a source to a design choice.
const EVIDENCE_ORDER: [Evidence; 5] = [
    Evidence::Reported,
    Evidence::ParticipantReport,
    Evidence::Cited,
    Evidence::Derived,
    Evidence::Design,
];

/// The kinds among `kinds`, each once, in [`EVIDENCE_ORDER`].
fn ordered(kinds: impl IntoIterator<Item = Evidence>) -> Vec<Evidence> {
    let kinds: Vec<Evidence> = kinds.into_iter().collect();
    EVIDENCE_ORDER
        .into_iter()
        .filter(|k| kinds.contains(k))
        .collect()
}

impl Entry {
    /// A statement from `source` backed by `citations`.
    #[must_use]
    pub fn cited(text: impl Into<String>, source: Pointer, citations: &[Citation]) -> Self {
        Self::of_kinds(text, source, citations.iter().map(|c| c.evidence))
    }

    /// A statement from `source` backed by evidence of `kinds`.
    #[must_use]
    pub fn of_kinds(
        text: impl Into<String>,
        source: Pointer,
        kinds: impl IntoIterator<Item = Evidence>,
    ) -> Self {
        Self {
            text: text.into(),
            source,
            evidence: ordered(kinds),
        }
    }

    /// A statement from `source` that cites nothing: a name, a description, a record.
    #[must_use]
    pub fn plain(text: impl Into<String>, source: Pointer) -> Self {
        Self {
            text: text.into(),
            source,
            evidence: Vec::new(),
        }
    }
}

/// A numbered item of a checklist (TIDieR) or a dimension of a strategy (Proctor): filled by its
/// entries, or missing, saying what would fill it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Item {
    /// The item's number in its checklist (1-based).
    pub number: u8,
    /// The item's name, e.g. `What: materials`.
    pub name: &'static str,
    /// What the item says, each statement with its source; empty when missing.
    pub entries: Vec<Entry>,
    /// When the item is empty: why, and what would fill it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<String>,
}

impl Item {
    /// An item of `entries`; missing with `would_fill` when there are none.
    #[must_use]
    pub fn new(number: u8, name: &'static str, entries: Vec<Entry>, would_fill: &str) -> Self {
        let missing = entries.is_empty().then(|| would_fill.to_owned());
        Self {
            number,
            name,
            entries,
            missing,
        }
    }

    /// Whether anything fills the item.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.missing.is_none()
    }

    /// Every source of the item, each once, in the order of its entries.
    #[must_use]
    pub fn sources(&self) -> Vec<&Pointer> {
        let mut out: Vec<&Pointer> = Vec::new();
        for entry in &self.entries {
            if !out.contains(&&entry.source) {
                out.push(&entry.source);
            }
        }
        out
    }

    /// The kinds of evidence behind the item, strongest first, each once.
    #[must_use]
    pub fn evidence(&self) -> Vec<Evidence> {
        ordered(self.entries.iter().flat_map(|e| e.evidence.iter().copied()))
    }
}

/// "11 of 12 items complete; missing: 10 Modifications" for `items`, `noun` naming them.
pub(crate) fn summary(items: &[Item], noun: &str) -> String {
    let complete = items.iter().filter(|i| i.is_complete()).count();
    let mut out = format!("{complete} of {} {noun}s complete", items.len());
    let missing: Vec<String> = items
        .iter()
        .filter(|i| !i.is_complete())
        .map(|i| format!("{} {}", i.number, i.name))
        .collect();
    if !missing.is_empty() {
        out.push_str("; missing: ");
        out.push_str(&missing.join(", "));
    }
    out
}
