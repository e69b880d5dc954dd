//! Tidy tables for spreadsheets and statistics packages: CSV written with the `csv` crate
//! (quoting), every text cell guarded against formula injection.
//!
//! A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as
//! a formula (OWASP, "CSV Injection"); text from a document (a site's name, a reason) could
//! otherwise run there. Such a cell is written with a leading apostrophe, which spreadsheets
//! show as text and R, pandas and Stata read as one more character. Numbers are written by the
//! writer as numbers, never guarded.

use std::borrow::Cow;
use std::io::Write;

/// A text cell as it is safe to write: `text` itself, or `'` and `text` where a spreadsheet
/// would run it as a formula.
#[must_use]
pub fn cell(text: &str) -> Cow<'_, str> {
    match text.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// A CSV writer on `out` with the crate's conventions: a header row, comma-separated, quoted
/// where needed, `\n` line ends.
pub fn writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_guarded_and_the_rest_kept() {
        for formula in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(cell(formula), format!("'{formula}"));
        }
        for plain in ["Clinic A", "", "1", "a=b"] {
            assert_eq!(cell(plain), plain);
        }
    }

    #[test]
    fn quotes_and_newlines_are_quoted_by_the_writer() {
        let mut out = writer(Vec::new());
        out.write_record(["a,b", "say \"hi\"", "two\nlines"])
            .expect("written");
        let text = String::from_utf8(out.into_inner().expect("flushed")).expect("utf-8");
        assert_eq!(text, "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\n");
    }
}
