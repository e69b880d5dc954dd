//! A small document model, written out as Markdown or as HTML, each escaping every text from
//! the manual for its format.

use std::fmt::Write as _;

/// A run of text inside a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Inline {
    /// Plain text from the manual or from the renderer.
    Text(String),
    /// Bold text.
    Strong(String),
    /// A key, shown as code.
    Code(String),
    /// A link; `href` is made safe by [`safe_url`] before it is stored.
    Link { text: String, href: String },
    /// A citation mark, e.g. `1 reported` or `design`, pointing to reference `target`.
    Cite {
        label: String,
        target: Option<usize>,
    },
}

/// A block of the document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    /// A heading of level 1 to 3, its text, and its anchor.
    Heading(u8, String),
    /// A paragraph.
    Para(Vec<Inline>),
    /// A bulleted list.
    List(Vec<Vec<Inline>>),
    /// The numbered reference list.
    References(Vec<Vec<Inline>>),
    /// A table with header cells and rows.
    Table {
        head: Vec<String>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// An inline SVG chart, shown in HTML only (Markdown shows the table it draws).
    Chart(String),
}

/// Plain text.
pub(crate) fn text(s: impl Into<String>) -> Inline {
    Inline::Text(s.into())
}

/// `url` when it is an `http`/`https` address, with every character that could end a link or
/// an attribute percent-encoded; `None` for any other scheme (`javascript:`, `data:`).
pub(crate) fn safe_url(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    for byte in url.trim().bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~:/?#@!$*+,;=%&".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    Some(out)
}

/// The `https://doi.org/` address of a DOI.
pub(crate) fn doi_url(doi: &str) -> Option<String> {
    safe_url(&format!("https://doi.org/{}", doi.trim()))
}

/// Text escaped for Markdown: every character CommonMark or a GFM table could read as syntax is
/// backslash-escaped, line breaks become spaces, and a leading list or heading marker is
/// escaped.
pub(crate) fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut at_start = true;
    let mut digits = false;
    let mut chars = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .peekable();
    while let Some(c) = chars.next() {
        // A list marker only counts before a space or at the end.
        let marker_end = chars.peek().is_none_or(|n| *n == ' ');
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' | '~' | '&' | '{'
            | '}' => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' | '=' if at_start && marker_end => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if digits && marker_end => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        digits = (at_start || digits) && c.is_ascii_digit();
        at_start = false;
    }
    out
}

/// Text escaped for HTML content and attribute values.
pub(crate) fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn md_inlines(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            Inline::Text(s) => out.push_str(&md_escape(s)),
            Inline::Strong(s) => {
                let _ = write!(out, "**{}**", md_escape(s));
            }
            Inline::Code(s) => {
                let _ = write!(out, "`{}`", s.replace('`', "'"));
            }
            Inline::Link { text, href } => {
                let _ = write!(out, "[{}]({href})", md_escape(text));
            }
            Inline::Cite { label, .. } => {
                let _ = write!(out, " \\[{}\\]", md_escape(label));
            }
        }
    }
    out
}

/// The document as Markdown (CommonMark with GFM tables).
pub(crate) fn to_markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Heading(level, title) => {
                let hashes = "#".repeat(usize::from(*level));
                let _ = writeln!(out, "{hashes} {}\n", md_escape(title));
            }
            Block::Para(inlines) => {
                let _ = writeln!(out, "{}\n", md_inlines(inlines));
            }
            Block::List(items) => {
                for item in items {
                    let _ = writeln!(out, "- {}", md_inlines(item));
                }
                out.push('\n');
            }
            Block::References(items) => {
                for (i, item) in items.iter().enumerate() {
                    let _ = writeln!(out, "{}. {}", i + 1, md_inlines(item));
                }
                out.push('\n');
            }
            Block::Table { head, rows } => {
                let cells: Vec<String> = head.iter().map(|h| md_escape(h)).collect();
                let _ = writeln!(out, "| {} |", cells.join(" | "));
                let _ = writeln!(out, "|{}", "---|".repeat(head.len()));
                for row in rows {
                    let cells: Vec<String> = row.iter().map(|c| md_inlines(c)).collect();
                    let _ = writeln!(out, "| {} |", cells.join(" | "));
                }
                out.push('\n');
            }
            Block::Chart(_) => {}
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn html_inlines(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            Inline::Text(s) => out.push_str(&html_escape(s)),
            Inline::Strong(s) => {
                let _ = write!(out, "<strong>{}</strong>", html_escape(s));
            }
            Inline::Code(s) => {
                let _ = write!(out, "<code>{}</code>", html_escape(s));
            }
            Inline::Link { text, href } => {
                let _ = write!(
                    out,
                    "<a href=\"{}\">{}</a>",
                    html_escape(href),
                    html_escape(text)
                );
            }
            Inline::Cite { label, target } => match target {
                Some(n) => {
                    let _ = write!(
                        out,
                        "<sup class=\"cite\"><a href=\"#ref-{n}\">[{}]</a></sup>",
                        html_escape(label)
                    );
                }
                None => {
                    let _ = write!(out, "<sup class=\"cite\">[{}]</sup>", html_escape(label));
                }
            },
        }
    }
    out
}

/// An anchor for a heading: lower-case letters and digits joined by hyphens.
fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// The document's body as HTML.
pub(crate) fn to_html_body(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Heading(level, title) => {
                let _ = writeln!(
                    out,
                    "<h{level} id=\"{}\">{}</h{level}>",
                    slug(title),
                    html_escape(title)
                );
            }
            Block::Para(inlines) => {
                let _ = writeln!(out, "<p>{}</p>", html_inlines(inlines));
            }
            Block::List(items) => {
                out.push_str("<ul>\n");
                for item in items {
                    let _ = writeln!(out, "<li>{}</li>", html_inlines(item));
                }
                out.push_str("</ul>\n");
            }
            Block::References(items) => {
                out.push_str("<ol class=\"references\">\n");
                for (i, item) in items.iter().enumerate() {
                    let _ = writeln!(out, "<li id=\"ref-{}\">{}</li>", i + 1, html_inlines(item));
                }
                out.push_str("</ol>\n");
            }
            Block::Table { head, rows } => {
                // A wide table scrolls inside its wrapper rather than widening the page.
                out.push_str("<div class=\"table-wrap\">\n<table>\n<thead><tr>");
                for h in head {
                    let _ = write!(out, "<th scope=\"col\">{}</th>", html_escape(h));
                }
                out.push_str("</tr></thead>\n<tbody>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for cell in row {
                        let _ = write!(out, "<td>{}</td>", html_inlines(cell));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody>\n</table>\n</div>\n");
            }
            Block::Chart(svg) => {
                let _ = writeln!(out, "<figure class=\"chart\">\n{svg}</figure>");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escaping_neutralizes_syntax() {
        assert_eq!(md_escape("a](javascript:x)"), "a\\](javascript:x)");
        assert_eq!(md_escape("<script>"), "\\<script\\>");
        assert_eq!(md_escape("1. item"), "1\\. item");
        assert_eq!(md_escape("- item"), "\\- item");
        assert_eq!(md_escape("a|b`c"), "a\\|b\\`c");
    }

    #[test]
    fn only_web_addresses_become_links() {
        assert_eq!(safe_url("javascript:alert(1)"), None);
        assert_eq!(
            safe_url("https://x.org/a b\"<>()").as_deref(),
            Some("https://x.org/a%20b%22%3C%3E%28%29")
        );
        assert_eq!(
            doi_url("10.5334/ijic.4737").as_deref(),
            Some("https://doi.org/10.5334/ijic.4737")
        );
    }
}
