//! Reporting checklists filled from the data: the TIDieR checklist of an intervention (Hoffmann
//! et al., BMJ 2014;348:g1687) and implementation strategies specified by Proctor, Powell and
//! McMillen's seven dimensions (Implement Sci 2013;8:139).
//!
//! Published strategies are rarely specified in full: of 258 reviewed, 59% gave temporality,
//! 52% dose, 9% the implementation outcome addressed and 6% a justification (Implement Sci
//! 2021, doi:10.1186/s13012-021-01108-0). A manual that is data fills both from what it holds:
//! every statement names its source as a JSON Pointer into the manual or the program and the
//! kinds of evidence behind it, and an item nothing fills is reported missing with what would
//! fill it. A design choice stays marked as one.
//!
//! No I/O: every function returns text or writes to a writer passed in.
//!
//! ```
//! use practice_coaching::{reference, report};
//!
//! let checklist = report::tidier(reference::bhicci_late(), None);
//! assert_eq!(checklist.items.len(), 12);
//! assert!(checklist.summary().starts_with("10 of 12 items complete"));
//! let strategies = report::proctor(reference::bhicci_late());
//! assert!(strategies.strategies.iter().all(|s| s.dimensions.len() == 7));
//! ```

mod facts;
mod item;
mod proctor;
mod record;
mod tidier;
mod write;

use serde::Serialize;

pub use item::{Document, Entry, Item, Pointer};
pub use proctor::{DIMENSIONS, Strategy, StrategyKind, proctor};
pub use tidier::{tidier, tidier_with_reading};

use crate::{Date, Key, Manual};

/// Which manual a report describes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ManualRef {
    /// The manual's key.
    pub id: Key,
    /// Its title.
    pub title: String,
    /// Its version.
    pub version: semver::Version,
}

impl ManualRef {
    fn of(manual: &Manual) -> Self {
        Self {
            id: manual.id.clone(),
            title: manual.title.clone(),
            version: manual.version.clone(),
        }
    }
}

/// Where a report written for people shows each statement's source and evidence kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Provenance {
    /// A numbered mark after the statement, and the notes gathered at the end: the text reads
    /// as prose a paper can use.
    #[default]
    Notes,
    /// The JSON Pointer and evidence kinds right after each statement, for checking a report
    /// against its manual line by line.
    Inline,
}

/// A manual's TIDieR checklist: twelve items, each filled or missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Checklist {
    /// The manual described.
    pub manual: ManualRef,
    /// The day a program's record was read as of, when one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Date>,
    /// Items 1 to 12.
    pub items: Vec<Item>,
    /// The outcomes the manual names (its measures), each with its source: TIDieR has no item
    /// for them, so they follow the checklist rather than fill item 11, which asks how
    /// adherence was to be assessed.
    pub outcomes: Vec<Entry>,
}

impl Checklist {
    /// "11 of 12 items complete; missing: 12 How well: actual".
    #[must_use]
    pub fn summary(&self) -> String {
        item::summary(&self.items, "item")
    }

    /// The items nothing fills.
    pub fn missing(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| !i.is_complete())
    }

    /// The checklist as Markdown prose a methods section can use: a section per item, each
    /// statement with a numbered note giving its source and evidence; every text escaped.
    #[must_use]
    pub fn markdown(&self) -> String {
        self.markdown_with(Provenance::Notes)
    }

    /// The checklist as Markdown, with each statement's provenance shown as asked.
    #[must_use]
    pub fn markdown_with(&self, provenance: Provenance) -> String {
        write::markdown(&write::checklist_blocks(self, provenance))
    }

    /// The checklist as one standalone HTML page, provenance as numbered notes, every text
    /// escaped.
    #[must_use]
    pub fn html(&self) -> String {
        self.html_with(Provenance::Notes)
    }

    /// The checklist as one standalone HTML page, with provenance shown as asked.
    #[must_use]
    pub fn html_with(&self, provenance: Provenance) -> String {
        write::html(&self.title(), &write::checklist_blocks(self, provenance))
    }

    /// The checklist as CSV, one row per statement (a missing item is one row saying what would
    /// fill it): `item, name, status, text, document, pointer, evidence`.
    ///
    /// # Errors
    /// When `out` fails.
    pub fn write_csv<W: std::io::Write>(&self, out: W) -> std::io::Result<()> {
        let outcomes = self.outcomes_item();
        write::csv(
            out,
            &["item", "name"],
            self.items
                .iter()
                .map(|i| (vec![i.number.to_string(), i.name.to_owned()], i))
                .chain(std::iter::once((
                    vec![String::new(), outcomes.name.to_owned()],
                    &outcomes,
                ))),
        )
    }

    /// The outcomes as an unnumbered item, missing where the manual names no measure.
    pub(crate) fn outcomes_item(&self) -> Item {
        Item::new(
            0,
            "Outcomes the manual names",
            self.outcomes.clone(),
            "the manual names no measures",
        )
    }

    fn title(&self) -> String {
        format!("TIDieR checklist: {}", self.manual.title)
    }
}

/// A manual's implementation strategies (each intensity level and each activity), each
/// specified by the seven dimensions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Specification {
    /// The manual described.
    pub manual: ManualRef,
    /// The levels, most intensive first, then the activities.
    pub strategies: Vec<Strategy>,
}

impl Specification {
    /// "0 of 8 strategies fully specified; missing: Implementation outcome addressed in 5".
    #[must_use]
    pub fn summary(&self) -> String {
        let complete = self.strategies.iter().filter(|s| s.is_complete()).count();
        let count = self.strategies.len();
        let noun = if count == 1 { "strategy" } else { "strategies" };
        let mut out = format!("{complete} of {count} {noun} fully specified");
        let missing: Vec<String> = DIMENSIONS
            .iter()
            .enumerate()
            .filter_map(|(d, name)| {
                let n = self
                    .strategies
                    .iter()
                    .filter(|s| s.dimensions.get(d).is_some_and(|i| !i.is_complete()))
                    .count();
                (n > 0).then(|| format!("{name} in {n}"))
            })
            .collect();
        if !missing.is_empty() {
            out.push_str("; missing: ");
            out.push_str(&missing.join(", "));
        }
        out
    }

    /// The strategies as Markdown: a table per strategy, provenance as numbered notes, every
    /// text escaped.
    #[must_use]
    pub fn markdown(&self) -> String {
        self.markdown_with(Provenance::Notes)
    }

    /// The strategies as Markdown, with provenance shown as asked.
    #[must_use]
    pub fn markdown_with(&self, provenance: Provenance) -> String {
        write::markdown(&write::specification_blocks(self, provenance))
    }

    /// The strategies as one standalone HTML page, provenance as numbered notes, every text
    /// escaped.
    #[must_use]
    pub fn html(&self) -> String {
        self.html_with(Provenance::Notes)
    }

    /// The strategies as one standalone HTML page, with provenance shown as asked.
    #[must_use]
    pub fn html_with(&self, provenance: Provenance) -> String {
        write::html(
            &self.title(),
            &write::specification_blocks(self, provenance),
        )
    }

    /// The strategies as CSV, one row per statement (a missing dimension is one row saying
    /// what would fill it): `strategy, strategy_name, kind, dimension, name, status, text,
    /// document, pointer, evidence`.
    ///
    /// # Errors
    /// When `out` fails.
    pub fn write_csv<W: std::io::Write>(&self, out: W) -> std::io::Result<()> {
        write::csv(
            out,
            &["strategy", "strategy_name", "kind", "dimension", "name"],
            self.strategies.iter().flat_map(|s| {
                s.dimensions.iter().map(move |d| {
                    (
                        vec![
                            s.key.to_string(),
                            s.name.clone(),
                            s.kind.as_str().to_owned(),
                            d.number.to_string(),
                            d.name.to_owned(),
                        ],
                        d,
                    )
                })
            }),
        )
    }

    fn title(&self) -> String {
        format!("Implementation strategies: {}", self.manual.title)
    }
}
