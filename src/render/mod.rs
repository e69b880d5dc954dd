//! Manuals for people: a readable Markdown or HTML manual in the order a coach needs it, what
//! changed between two manuals (or how two manuals differ), in words, and manuals side by side.
//!
//! No I/O: every function returns text. Every text from the document is escaped for the
//! output format, so a name cannot inject markup, links or script.
//!
//! ```
//! use practice_coaching::{reference, render};
//!
//! let late = reference::bhicci_late();
//! let markdown = render::markdown(late);
//! assert!(markdown.starts_with("# BHICCI"));
//! let changes = render::diff(reference::bhicci_launch(), late);
//! assert!(changes.iter().any(|line| line.contains("standardization meeting")));
//! ```

mod build;
mod chart;
mod compare;
mod diff;
pub(crate) mod doc;
pub(crate) mod html;
pub(crate) mod sourced;
pub(crate) mod words;

pub use compare::{Row, compare, compare_html, compare_markdown};
pub use diff::diff;
pub use html::html;
// Shared with the fidelity charts, whose titles carry document text.
#[cfg(feature = "charts")]
pub(crate) use doc::html_escape;

use crate::Manual;

/// The manual as Markdown (CommonMark with GFM tables): what it is and where it comes from,
/// phases, dose, titration, teams, qualifications, activities, skills, measures, materials,
/// figures, its terms and a numbered reference list; each value is followed by its evidence
/// (`[1 reported]`, `[design]`).
#[must_use]
pub fn markdown(manual: &Manual) -> String {
    let mut out = doc::to_markdown(&build::document(manual));
    out.push('\n');
    out
}

/// A list of changes as Markdown bullet points, escaped, under a heading naming `old`; for two
/// different manuals, how `new` differs from `old`.
#[must_use]
pub fn diff_markdown(old: &Manual, new: &Manual) -> String {
    doc::to_markdown(&diff_blocks(old, new)) + "\n"
}

fn diff_blocks(old: &Manual, new: &Manual) -> Vec<doc::Block> {
    let lines = diff(old, new);
    let heading = if old.id == new.id {
        format!("Changes since {} {}", old.id, old.version)
    } else {
        format!("How {} differs from {} {}", new.id, old.id, old.version)
    };
    let mut out = vec![doc::Block::Heading(2, heading)];
    if lines.is_empty() {
        out.push(doc::Block::Para(vec![doc::text("Nothing changed.")]));
    } else {
        out.push(doc::Block::List(
            lines.into_iter().map(|l| vec![doc::text(l)]).collect(),
        ));
    }
    out
}
