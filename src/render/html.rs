//! The manual as one standalone HTML file: inline CSS with a print stylesheet, no script, no
//! resource loaded from anywhere.

use super::doc::{Block, html_escape, to_html_body};
use crate::Manual;

const STYLE: &str = "
:root { color-scheme: light; }
body { font: 16px/1.5 system-ui, -apple-system, 'Segoe UI', sans-serif; color: #111; background: #fff; margin: 0; }
main { max-width: 52rem; margin: 0 auto; padding: 1.5rem; overflow-wrap: break-word; }
h1 { font-size: 1.8rem; line-height: 1.2; }
h2 { font-size: 1.4rem; border-bottom: 1px solid #888; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.15rem; margin-top: 1.5rem; }
a { color: #0b4a8b; }
code { font-family: ui-monospace, 'SFMono-Regular', Menlo, monospace; font-size: .9em; background: #f0f0f0; padding: 0 .2em; }
sup.cite { font-size: .7em; color: #444; white-space: nowrap; }
.table-wrap { overflow-x: auto; margin: 1rem 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #777; padding: .3rem .5rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { background: #e6e6e6; }
figure.chart { margin: 1rem 0; }
figure.chart svg { width: 100%; height: auto; }
@media (max-width: 36rem) {
  main { padding: .75rem; }
  th, td { padding: .2rem .3rem; font-size: .9rem; }
}
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  a { color: #000; text-decoration: none; }
  h2, h3 { break-after: avoid; }
  table, figure, li { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  sup.cite { color: #000; }
}
";

pub(crate) fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        html_escape(title)
    )
}

/// The manual as a standalone HTML page: the same content as [`markdown`](super::markdown),
/// with charts of the dose over the shortest and the longest relationship, and, when `old` is given, what changed
/// since it. Inline CSS, a print stylesheet, no script, nothing loaded from the network.
#[must_use]
pub fn html(manual: &Manual, old: Option<&Manual>) -> String {
    let mut blocks: Vec<Block> = super::build::document(manual);
    if let Some(old) = old {
        let changes = super::diff_blocks(old, manual);
        // The changes go before the references, as a section of their own.
        let at = blocks
            .iter()
            .rposition(|b| matches!(b, Block::Heading(2, t) if t == "References"))
            .unwrap_or(blocks.len());
        blocks.splice(at..at, changes);
    }
    page(&manual.title, &to_html_body(&blocks))
}
