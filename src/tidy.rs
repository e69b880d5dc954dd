//! Tidy tables for spreadsheets and statistics packages: CSV quoted as the `csv` crate quotes
//! (a field holding a comma, a quote or a line end), every text cell guarded against formula
//! injection.
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
        let mut written = String::new();
        match self.cell(&mut written) {
            Some(text) => text,
            None => Cow::Owned(written),
        }
    }

    /// The value's CSV cell where it lies as text already, else `None` with the cell written
    /// into `out` (cleared first): a table of a million numbers allocates no string per cell.
    fn cell<'s>(&'s self, out: &mut String) -> Option<Cow<'s, str>> {
        use std::fmt::Write as _;
        out.clear();
        // Writing to a string cannot fail.
        let _ = match self {
            Self::Text(text) => return Some(cell(text)),
            Self::Key(key) => return Some(Cow::Borrowed(key.as_ref())),
            Self::Boolean(b) => return Some(Cow::Borrowed(if *b { "true" } else { "false" })),
            Self::Missing => return Some(Cow::Borrowed("")),
            Self::Date(date) => {
                push_date(out, *date);
                Ok(())
            }
            Self::Integer(n) => {
                push_integer(out, *n);
                Ok(())
            }
            Self::Decimal(x) => write!(out, "{x}"),
            Self::Share(x) => write!(out, "{x:.4}"),
        };
        None
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

/// Appends `n` in decimal digits, without the formatting machinery: a table of a fidelity
/// reading's periods writes millions of integers.
fn push_integer(out: &mut String, n: i64) {
    let mut digits = [b'0'; 20];
    let mut start = digits.len();
    let mut rest = n.unsigned_abs();
    for digit in digits.iter_mut().rev() {
        // `rest % 10` is below 10.
        *digit = b'0' + u8::try_from(rest % 10).unwrap_or(0);
        start -= 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if n < 0 {
        out.push('-');
    }
    out.extend(digits.iter().skip(start).map(|&digit| char::from(digit)));
}

/// Appends `date` as `YYYY-MM-DD`, as its `Display` writes it (years 1 to 9999), without the
/// formatting machinery: a fidelity reading's periods write two dates a row.
fn push_date(out: &mut String, date: Date) {
    use chrono::Datelike as _;
    let day = date.as_naive();
    let mut digits = *b"0000-00-00";
    let year = u32::try_from(day.year()).unwrap_or(0);
    for (at, value, width) in [(0, year, 4), (5, day.month(), 2), (8, day.day(), 2)] {
        let mut rest = value;
        for digit in digits.iter_mut().skip(at).take(width).rev() {
            // `rest % 10` is below 10.
            *digit = b'0' + u8::try_from(rest % 10).unwrap_or(0);
            rest /= 10;
        }
    }
    out.extend(digits.iter().map(|&digit| char::from(digit)));
}

/// Writes a table to `out` as CSV with the crate's conventions ([`writer`]): the columns'
/// names, then each row's values.
///
/// # Errors
/// Where `out` cannot be written, or a row has more or fewer values than the table has
/// columns (the rows before it are written).
pub fn write_table<'v, W, R>(out: W, columns: &[Column], rows: R) -> Result<(), csv::Error>
where
    W: Write,
    R: IntoIterator,
    R::Item: AsRef<[Value<'v>]>,
{
    // Rows are gathered into about this many bytes before each write.
    const CHUNK: usize = 64 * 1024;
    let mut out = out;
    let mut bytes = header(columns);
    let mut written = String::new();
    for row in rows {
        if row.as_ref().len() != columns.len() {
            out.write_all(&bytes)?;
            return Err(unequal(row.as_ref().len(), columns.len()));
        }
        push_row(&mut bytes, row.as_ref(), &mut written);
        if bytes.len() >= CHUNK {
            out.write_all(&bytes)?;
            bytes.clear();
        }
    }
    out.write_all(&bytes)?;
    out.flush()?;
    Ok(())
}

/// The error of a row of `values` in a table of `columns`.
fn unequal(values: usize, columns: usize) -> csv::Error {
    csv::Error::from(std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!(
            "a row of {values} values in a table of {columns} columns; expected one value per column"
        ),
    ))
}

/// The header row of `columns`.
fn header(columns: &[Column]) -> Vec<u8> {
    let mut bytes = Vec::new();
    for (n, column) in columns.iter().enumerate() {
        if n > 0 {
            bytes.push(b',');
        }
        push_field(&mut bytes, column.name.as_bytes(), columns.len());
    }
    bytes.push(b'\n');
    bytes
}

/// Appends one row of values as a CSV line, each cell formatted in `written`: the bytes the
/// `csv` crate writes with [`writer`]'s conventions, without its general machinery (a fidelity
/// reading writes millions of cells).
fn push_row(bytes: &mut Vec<u8>, row: &[Value<'_>], written: &mut String) {
    for (n, value) in row.iter().enumerate() {
        if n > 0 {
            bytes.push(b',');
        }
        let text = value.cell(written);
        let cell = text.as_deref().unwrap_or(written).as_bytes();
        match value {
            Value::Text(_) | Value::Key(_) | Value::Missing => push_field(bytes, cell, row.len()),
            // Numbers, days and booleans hold no comma, quote or line end.
            _ => bytes.extend_from_slice(cell),
        }
    }
    bytes.push(b'\n');
}

/// Appends a field of a row of `width` fields, quoted as the `csv` crate quotes where needed:
/// a field holding a comma, a quote or a line end (its quotes doubled), and an empty field that
/// is its row's only one.
fn push_field(bytes: &mut Vec<u8>, field: &[u8], width: usize) {
    let special = |b: &u8| matches!(b, b',' | b'"' | b'\r' | b'\n');
    let quoted = field.iter().any(special) || (field.is_empty() && width == 1);
    if !quoted {
        bytes.extend_from_slice(field);
        return;
    }
    bytes.push(b'"');
    for &b in field {
        if b == b'"' {
            bytes.push(b'"');
        }
        bytes.push(b);
    }
    bytes.push(b'"');
}

/// Writes a table of one row per item, as [`write_table`] does, the rows formatted on two
/// threads where the machine has two cores: a second thread formats every other block of rows
/// while this one formats and writes the rest, in order. For tables of hundreds of thousands of
/// rows (a fidelity reading's periods), whose writing would otherwise be the last and longest
/// step on one core.
///
/// # Errors
/// Where `out` cannot be written.
pub(crate) fn write_table_of<'v, T, W, const N: usize>(
    out: W,
    columns: &[Column],
    items: &'v [T],
    row: impl Fn(&'v T) -> [Value<'v>; N] + Sync,
) -> Result<(), csv::Error>
where
    T: Sync,
    W: Write,
{
    // Rows formatted at a time; a block of periods is about a megabyte of CSV.
    const BLOCK: usize = 8 * 1024;
    if N != columns.len() {
        return Err(unequal(N, columns.len()));
    }
    let two_cores = std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2);
    if !two_cores || items.len() <= BLOCK {
        return write_table(out, columns, items.iter().map(&row));
    }
    let row = &row;
    // A block's rows as CSV bytes, no header.
    let block_bytes = |block: &'v [T], written: &mut String| {
        let mut bytes = Vec::new();
        for item in block {
            push_row(&mut bytes, &row(item), written);
        }
        bytes
    };
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<u8>>(1);
        let helper = std::thread::Builder::new()
            .name("practice-coaching table".to_owned())
            .spawn_scoped(scope, move || {
                let mut written = String::new();
                for block in items.chunks(BLOCK).skip(1).step_by(2) {
                    if send.send(block_bytes(block, &mut written)).is_err() {
                        // This thread stopped writing: an error of `out`, returned there.
                        break;
                    }
                }
            });
        let Ok(helper) = helper else {
            return write_table(out, columns, items.iter().map(row));
        };
        let mut out = out;
        out.write_all(&header(columns))?;
        let mut written = String::new();
        for (n, block) in items.chunks(BLOCK).enumerate() {
            let bytes = if n % 2 == 0 {
                block_bytes(block, &mut written)
            } else {
                match receive.recv() {
                    Ok(bytes) => bytes,
                    // The helper stopped: a panic, resumed below.
                    Err(_) => break,
                }
            };
            out.write_all(&bytes)?;
        }
        drop(receive);
        out.flush()?;
        helper
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        Ok(())
    })
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
    fn rows_are_written_as_the_csv_crate_writes_them() {
        let texts = [
            "Clinic A",
            "",
            "a,b",
            "say \"hi\"",
            "two\nlines",
            "cr\rhere",
            "=1+1",
            "\"",
            ",",
        ];
        let columns = [
            Column::new("name", Kind::Text),
            Column::new("n", Kind::Integer),
        ];
        let rows: Vec<[Value<'_>; 2]> = texts
            .iter()
            .enumerate()
            .map(|(n, t)| {
                [
                    Value::Text(Cow::Borrowed(*t)),
                    Value::Integer(i64::try_from(n).unwrap_or(0)),
                ]
            })
            .collect();
        let mut ours = Vec::new();
        write_table(&mut ours, &columns, &rows).expect("written");
        let mut theirs = writer(Vec::new());
        theirs.write_record(["name", "n"]).expect("written");
        for row in &rows {
            theirs
                .write_record(row.iter().map(|v| v.csv().into_owned()))
                .expect("written");
        }
        assert_eq!(
            String::from_utf8(ours).expect("text"),
            String::from_utf8(theirs.into_inner().expect("flushed")).expect("text")
        );
        // A row of one empty field is quoted, as the `csv` crate quotes it.
        let mut one = Vec::new();
        let column = [Column::new("name", Kind::Text)];
        write_table(&mut one, &column, [[Value::Missing]]).expect("written");
        let mut theirs = writer(Vec::new());
        theirs.write_record(["name"]).expect("written");
        theirs.write_record([""]).expect("written");
        assert_eq!(one, theirs.into_inner().expect("flushed"));
    }

    #[test]
    fn a_row_of_the_wrong_width_is_an_error_after_the_rows_before_it() {
        let columns = [
            Column::new("n", Kind::Integer),
            Column::new("m", Kind::Integer),
        ];
        let mut out = Vec::new();
        let rows: [&[Value<'_>]; 2] = [
            &[Value::Integer(1), Value::Integer(2)],
            &[Value::Integer(3)],
        ];
        let error = write_table(&mut out, &columns, rows).expect_err("a short row");
        assert!(
            error
                .to_string()
                .contains("a row of 1 values in a table of 2 columns")
        );
        assert_eq!(out, b"n,m\n1,2\n");
    }

    #[test]
    fn a_date_is_written_as_it_displays() {
        let mut out = String::new();
        for text in [
            "0001-01-01",
            "0999-12-31",
            "2016-02-29",
            "2024-10-09",
            "9999-12-31",
        ] {
            let date: Date = text.parse().expect("a date");
            out.clear();
            push_date(&mut out, date);
            assert_eq!((out.as_str(), date.to_string().as_str()), (text, text));
        }
    }

    #[test]
    fn a_table_formatted_on_two_threads_is_the_table_written_on_one() {
        fn row(n: &u32) -> [Value<'_>; 3] {
            [
                Value::Integer(i64::from(*n)),
                Value::Text(Cow::Owned(format!("=site {n}, \"{n}\""))),
                Value::Share(f64::from(*n) / 7.0),
            ]
        }
        let columns = [
            Column::new("n", Kind::Integer),
            Column::new("name", Kind::Text),
            Column::new("share", Kind::Decimal),
        ];
        // Less than a block, and several blocks with a short last one.
        for count in [0_u32, 10, 50_000] {
            let items: Vec<u32> = (0..count).collect();
            let mut one = Vec::new();
            write_table(&mut one, &columns, items.iter().map(row)).expect("written");
            let mut two = Vec::new();
            write_table_of(&mut two, &columns, &items, row).expect("written");
            assert!(one == two, "{count} rows");
        }
    }

    #[test]
    fn integers_are_written_as_display_writes_them() {
        for n in [
            0,
            1,
            9,
            10,
            99,
            100,
            12_345,
            -1,
            -10,
            -907,
            i64::MAX,
            i64::MIN,
        ] {
            let mut out = String::from("x");
            push_integer(&mut out, n);
            assert_eq!(out, format!("x{n}"));
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
