//! Tidy tables for spreadsheets and statistics packages: CSV written with the `csv` crate
//! (quoting), every text cell guarded against formula injection.
//!
//! A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as
//! a formula (OWASP, "CSV Injection"); text from a document (a site's name, a reason) could
//! otherwise run there. Such a cell is written with a leading apostrophe, which spreadsheets
//! show as text and R, pandas and Stata read as one more character. Numbers are written by the
//! writer as numbers, never guarded.
//!
//! A table is its [`Column`]s and rows of typed [`Value`]s: CSV writes each value as text
//! ([`write_table`]), and a reader that keeps types (the Python package's pandas frames) takes
//! the same values as they are, unguarded, so both always hold the same rows.

use std::borrow::Cow;
use std::io::Write;

use crate::Date;

/// What a column holds, as docs/data-dictionary.md types it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Text from a document or the crate's own words; guarded in CSV.
    Text,
    /// A key of the manual, or a fixed code such as `in_person`.
    Key,
    /// An entity id of the program.
    Id,
    /// A day, `YYYY-MM-DD`.
    Date,
    /// A whole number.
    Integer,
    /// A number with a fraction.
    Decimal,
    /// `true` or `false`.
    Boolean,
}

/// A column of a tidy table: its name in the header and what it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Column {
    /// The header's name of the column.
    pub name: &'static str,
    /// What the column holds.
    pub kind: Kind,
}

impl Column {
    /// A column named `name` holding `kind`.
    #[must_use]
    pub const fn new(name: &'static str, kind: Kind) -> Self {
        Self { name, kind }
    }
}

/// One cell of a tidy table, typed.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// Text, guarded against formula injection when written to CSV.
    Text(Cow<'a, str>),
    /// A key, an id or a fixed code, which never starts like a formula: written as is.
    Key(Cow<'a, str>),
    /// A day.
    Date(Date),
    /// A whole number.
    Integer(i64),
    /// A number written in the shortest form that reads back as itself.
    Decimal(f64),
    /// A share from 0 to 1, written with four decimals.
    Share(f64),
    /// `true` or `false`.
    Boolean(bool),
    /// No value: an empty cell.
    Missing,
}

impl Value<'_> {
    /// The value as its CSV cell.
    #[must_use]
    pub fn csv(&self) -> Cow<'_, str> {
        match self {
            Self::Text(text) => cell(text),
            Self::Key(key) => Cow::Borrowed(key.as_ref()),
            Self::Date(date) => Cow::Owned(date.to_string()),
            Self::Integer(n) => Cow::Owned(n.to_string()),
            Self::Decimal(x) => Cow::Owned(x.to_string()),
            Self::Share(x) => Cow::Owned(format!("{x:.4}")),
            Self::Boolean(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            Self::Missing => Cow::Borrowed(""),
        }
    }

    /// The number a reader of the CSV cell gets, for a number: a share as rounded to its four
    /// decimals, so that typed readers and CSV readers hold the same value.
    #[must_use]
    pub fn number(&self) -> Option<f64> {
        match self {
            Self::Decimal(x) => Some(*x),
            Self::Share(_) => self.csv().parse().ok(),
            _ => None,
        }
    }
}

/// Writes a table to `out` as CSV with the crate's conventions ([`writer`]): the columns'
/// names, then each row's values.
///
/// # Errors
/// Where `out` cannot be written.
pub fn write_table<'v, W, R>(out: W, columns: &[Column], rows: R) -> Result<(), csv::Error>
where
    W: Write,
    R: IntoIterator,
    R::Item: AsRef<[Value<'v>]>,
{
    let mut w = writer(out);
    w.write_record(columns.iter().map(|c| c.name))?;
    for row in rows {
        for value in row.as_ref() {
            w.write_field(value.csv().as_bytes())?;
        }
        w.write_record(None::<&[u8]>)?;
    }
    w.flush()?;
    Ok(())
}

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
