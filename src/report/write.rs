//! The reports as Markdown and HTML, through the renderer's document model (which escapes every
//! text for its format), and as CSV with formula-guarded cells.

use super::item::{Document, Entry, Item};
use super::{Checklist, Provenance, Specification};
use crate::render::doc::{Block, Inline, text, to_html_body, to_markdown};
use crate::tidy;

/// The Markdown of `blocks`, ending with one newline.
pub(super) fn markdown(blocks: &[Block]) -> String {
    to_markdown(blocks) + "\n"
}

/// A standalone HTML page of `blocks`.
pub(super) fn html(title: &str, blocks: &[Block]) -> String {
    crate::render::html::page(title, &to_html_body(blocks))
}

const HOW_TO_READ: &str = "Each statement is followed by where it comes from (a JSON Pointer into the manual, or into the program where it says so) and the kinds of evidence its source cites: reported, participant report, cited, derived, or design, a choice of the manual's authors that is not evidence. A statement without evidence kinds is a name, a description or a record.";

const HOW_TO_READ_NOTES: &str = "A number in brackets after a statement points to its note at the end: where the statement comes from (a JSON Pointer into the manual, or into the program where it says so) and the kinds of evidence its source cites: reported, participant report, cited, derived, or design, a choice of the manual's authors that is not evidence.";

/// The evidence kinds of an entry as one label: `reported, design`.
fn evidence_label(entry: &Entry) -> String {
    entry
        .evidence
        .iter()
        .map(|e| e.as_str().replace('_', " "))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where an entry comes from, as code: `/materials/0`, or `program /relationships/0`.
fn source(entry: &Entry) -> String {
    match entry.source.document {
        Document::Manual => entry.source.pointer.clone(),
        Document::Program => format!("program {}", entry.source.pointer),
    }
}

/// Writes each statement's provenance where the reader asked for it: inline after the
/// statement, or as a numbered note gathered at the end (one note per source and evidence,
/// however many statements share it).
struct Provenances {
    shown: Provenance,
    notes: Vec<(String, String)>,
}

impl Provenances {
    fn new(shown: Provenance) -> Self {
        Self {
            shown,
            notes: Vec::new(),
        }
    }

    fn how_to_read(&self) -> &'static str {
        match self.shown {
            Provenance::Inline => HOW_TO_READ,
            Provenance::Notes => HOW_TO_READ_NOTES,
        }
    }

    fn entry(&mut self, entry: &Entry) -> Vec<Inline> {
        match self.shown {
            Provenance::Inline => {
                let mut out = vec![
                    text(entry.text.clone()),
                    text(" (source: "),
                    Inline::Code(source(entry)),
                    text(")"),
                ];
                if !entry.evidence.is_empty() {
                    out.push(Inline::Cite {
                        label: evidence_label(entry),
                        target: None,
                    });
                }
                out
            }
            Provenance::Notes => {
                let note = (source(entry), evidence_label(entry));
                let number = if let Some(at) = self.notes.iter().position(|n| *n == note) {
                    at + 1
                } else {
                    self.notes.push(note);
                    self.notes.len()
                };
                vec![
                    text(entry.text.clone()),
                    Inline::Cite {
                        label: number.to_string(),
                        target: Some(number),
                    },
                ]
            }
        }
    }

    /// The notes section, where provenance is shown as notes.
    fn finish(self, out: &mut Vec<Block>) {
        if self.notes.is_empty() {
            return;
        }
        out.push(Block::Heading(
            2,
            "Notes: where each statement comes from".to_owned(),
        ));
        let items = self
            .notes
            .into_iter()
            .map(|(source, evidence)| {
                let mut note = vec![Inline::Code(source)];
                if evidence.is_empty() {
                    note.push(text(": a name, a description or a record"));
                } else {
                    note.push(text(format!(": {evidence}")));
                }
                note
            })
            .collect();
        out.push(Block::References(items));
    }
}

fn missing(item: &Item) -> Vec<Inline> {
    vec![
        Inline::Strong("Missing:".to_owned()),
        text(format!(" {}", item.missing.as_deref().unwrap_or_default())),
    ]
}

pub(super) fn checklist_blocks(checklist: &Checklist, provenance: Provenance) -> Vec<Block> {
    let mut notes = Provenances::new(provenance);
    let m = &checklist.manual;
    let mut about = vec![
        text("The "),
        Inline::Link {
            text: "TIDieR checklist".to_owned(),
            href: "https://doi.org/10.1136/bmj.g1687".to_owned(),
        },
        text(" (Hoffmann et al., BMJ 2014;348:g1687) of the manual "),
        Inline::Code(m.id.to_string()),
        text(format!(", version {}", m.version)),
    ];
    match checklist.as_of {
        Some(date) => about.push(text(format!(", with the program's record up to {date}."))),
        None => about.push(text(", without a program's record.")),
    }
    let mut out = vec![
        Block::Heading(1, checklist.title()),
        Block::Para(about),
        Block::Para(vec![text(notes.how_to_read())]),
        Block::Para(vec![Inline::Strong(format!("{}.", checklist.summary()))]),
    ];
    for item in &checklist.items {
        out.push(Block::Heading(2, format!("{}. {}", item.number, item.name)));
        if item.is_complete() {
            out.push(Block::List(
                item.entries.iter().map(|e| notes.entry(e)).collect(),
            ));
        } else {
            out.push(Block::Para(missing(item)));
        }
    }
    let outcomes = checklist.outcomes_item();
    out.push(Block::Heading(2, outcomes.name.to_owned()));
    out.push(Block::Para(vec![text(
        "TIDieR has no item for outcomes; the measures the manual names follow here, apart from item 11, which asks how adherence was to be assessed.",
    )]));
    if outcomes.is_complete() {
        out.push(Block::List(
            outcomes.entries.iter().map(|e| notes.entry(e)).collect(),
        ));
    } else {
        out.push(Block::Para(missing(&outcomes)));
    }
    notes.finish(&mut out);
    out
}

pub(super) fn specification_blocks(spec: &Specification, provenance: Provenance) -> Vec<Block> {
    let mut notes = Provenances::new(provenance);
    let m = &spec.manual;
    let mut out = vec![
        Block::Heading(1, spec.title()),
        Block::Para(vec![
            text("Each intensity level and each activity of the manual "),
            Inline::Code(m.id.to_string()),
            text(format!(
                ", version {}, as an implementation strategy specified by the seven dimensions of ",
                m.version
            )),
            Inline::Link {
                text: "Proctor, Powell and McMillen".to_owned(),
                href: "https://doi.org/10.1186/1748-5908-8-139".to_owned(),
            },
            text(" (Implement Sci 2013;8:139)."),
        ]),
        Block::Para(vec![text(notes.how_to_read())]),
        Block::Para(vec![Inline::Strong(format!("{}.", spec.summary()))]),
    ];
    for strategy in &spec.strategies {
        let kind = match strategy.kind {
            super::StrategyKind::Activity => "Activity",
            super::StrategyKind::Level => "Level",
        };
        out.push(Block::Heading(2, format!("{kind}: {}", strategy.name)));
        out.push(Block::Para(vec![
            text("Key "),
            Inline::Code(strategy.key.to_string()),
            text(", at "),
            Inline::Code(strategy.source.pointer.clone()),
            text("."),
        ]));
        let mut rows = Vec::new();
        for d in &strategy.dimensions {
            let name = vec![text(format!("{}. {}", d.number, d.name))];
            if d.is_complete() {
                for (k, entry) in d.entries.iter().enumerate() {
                    let first = if k == 0 { name.clone() } else { Vec::new() };
                    rows.push(vec![first, notes.entry(entry)]);
                }
            } else {
                rows.push(vec![name, missing(d)]);
            }
        }
        out.push(Block::Table {
            head: vec!["Dimension".to_owned(), "Specified as".to_owned()],
            rows,
        });
    }
    notes.finish(&mut out);
    out
}

/// CSV rows of `items`, each after its `lead` cells: one row per entry, or one for a missing
/// item; every text cell guarded against formula injection.
pub(super) fn csv<'a, W: std::io::Write>(
    out: W,
    lead: &[&str],
    items: impl Iterator<Item = (Vec<String>, &'a Item)>,
) -> std::io::Result<()> {
    let mut writer = tidy::writer(out);
    let mut head: Vec<&str> = lead.to_vec();
    head.extend(["status", "text", "document", "pointer", "evidence"]);
    writer.write_record(&head)?;
    for (cells, item) in items {
        let lead: Vec<String> = cells.iter().map(|c| tidy::cell(c).into_owned()).collect();
        if item.is_complete() {
            for entry in &item.entries {
                let mut row = lead.clone();
                row.extend([
                    "complete".to_owned(),
                    tidy::cell(&entry.text).into_owned(),
                    entry.source.document.as_str().to_owned(),
                    tidy::cell(&entry.source.pointer).into_owned(),
                    entry
                        .evidence
                        .iter()
                        .map(|e| e.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                ]);
                writer.write_record(&row)?;
            }
        } else {
            let mut row = lead;
            row.extend([
                "missing".to_owned(),
                tidy::cell(item.missing.as_deref().unwrap_or_default()).into_owned(),
                String::new(),
                String::new(),
                String::new(),
            ]);
            writer.write_record(&row)?;
        }
    }
    writer.flush()
}
