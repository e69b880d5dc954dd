//! Contact logs as JSON Lines: one JSON object per line, its members the columns.

use std::borrow::Cow;
use std::fmt;
use std::io::Read;

use foldhash::{HashMap, HashSet};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;

use super::LogRow;
use super::account::{Ledger, LogAccount, ReadLimits};
use super::mapping::Mapping;
use super::problem::{LogRule, RowProblem};
use super::row::{CellFault, Cells, Lists, RowReader};
use super::split::{Buffer, Line, line};
use crate::{Manual, Program};

/// The rows of a JSON Lines log, read one line at a time: each a [`LogRow`] or the
/// [`RowProblem`] that kept it from being read. Made by [`read_json_lines`].
///
/// Lines count from 1; a line ends at a line feed, a carriage return and line feed, or a
/// carriage return alone; blank lines are skipped and counted. A member the mapping names but a
/// line lacks is an empty cell; members the mapping does not name are ignored; a member given
/// twice is a problem of the line. [`JsonLinesRows::account`] says where every line read went.
pub struct JsonLinesRows<'a, R> {
    buffer: Buffer<R>,
    limits: ReadLimits,
    /// The lines consumed so far.
    line: u64,
    ledger: Ledger,
    /// The mapping's columns and their positions among a line's cells.
    slots: HashMap<&'a str, usize>,
    cells: Vec<Cell>,
    /// Which of the mapping's columns the line has given, and the other members it has.
    given: Vec<bool>,
    others: HashSet<String>,
    /// The rest of a line too long to hold is being skipped.
    skipping: bool,
    done: bool,
    rows: Result<Box<RowReader<'a>>, Option<RowProblem>>,
}

/// Reads a JSON Lines contact log with `mapping`, resolving sites and coaches against
/// `program` and topics and activities against `manual`. Each line is an object whose members
/// are named as the mapping's columns, with text, numbers, true/false or null as values (lists
/// of text for list columns), each member once. A byte order mark at the start of the log is a
/// problem of line 1, named as such.
pub fn read_json_lines<'a, R: Read>(
    manual: &'a Manual,
    program: &'a Program,
    reader: R,
    mapping: &'a Mapping,
) -> JsonLinesRows<'a, R> {
    let columns = mapping.columns();
    let slots: HashMap<&'a str, usize> = columns.iter().enumerate().map(|(i, c)| (*c, i)).collect();
    let find = |name: &str| slots.get(name).copied();
    let rows = RowReader::new(mapping, program, manual, &find, 0)
        .map(Box::new)
        .map_err(Some);
    JsonLinesRows {
        buffer: Buffer::new(reader),
        limits: ReadLimits::default(),
        line: 0,
        ledger: Ledger::new(),
        cells: Vec::with_capacity(columns.len()),
        given: Vec::with_capacity(columns.len()),
        others: HashSet::default(),
        slots,
        skipping: false,
        done: false,
        rows,
    }
}

/// A member's value as a cell.
enum Cell {
    Text(String),
    Items(Vec<String>),
}

impl Cells for Vec<Cell> {
    fn text(&self, at: usize) -> Result<&str, CellFault> {
        match self.get(at) {
            Some(Cell::Text(text)) => Ok(text.trim()),
            Some(Cell::Items(_)) => Err(CellFault::List),
            None => Ok(""),
        }
    }

    fn items(&self, at: usize) -> Option<&[String]> {
        match self.get(at) {
            Some(Cell::Items(items)) => Some(items),
            _ => None,
        }
    }
}

impl<R> JsonLinesRows<'_, R> {
    /// Checks the mapping: JSON Lines logs have no header, so only a mapping that cannot read
    /// any row fails here.
    ///
    /// # Errors
    /// `log-mapping-invalid`, at line 0.
    pub fn header(&self) -> Result<(), RowProblem> {
        match &self.rows {
            Err(Some(problem)) => Err(problem.clone()),
            _ => Ok(()),
        }
    }

    /// The same reader with other limits on a row; give them before the first row is read.
    #[must_use]
    pub const fn limits(mut self, limits: ReadLimits) -> Self {
        self.limits = limits;
        self
    }

    /// Where every line read so far went; once the rows are all read, the lines add up
    /// ([`LogAccount::adds_up`]) and the account is `complete` unless reading stopped early.
    #[must_use]
    pub const fn account(&self) -> LogAccount {
        self.ledger.account
    }
}

impl<R: Read> Iterator for JsonLinesRows<'_, R> {
    type Item = Result<LogRow, RowProblem>;

    fn next(&mut self) -> Option<Self::Item> {
        let rows = match &mut self.rows {
            Err(problem) => return problem.take().map(Err),
            Ok(rows) => rows,
        };
        if self.done {
            return None;
        }
        loop {
            let next = self.line + 1;
            let failed = |error: std::io::Error| {
                RowProblem::row(
                    next,
                    LogRule::ReadFailed,
                    format!("the log could not be read further: {error}"),
                )
            };
            if self.skipping {
                if self.buffer.skip_line() {
                    self.skipping = false;
                } else if let Err(error) = self.buffer.fill() {
                    self.done = true;
                    return Some(Err(failed(error)));
                }
                continue;
            }
            let eof = self.buffer.eof();
            let data = self.buffer.data();
            if data.is_empty() {
                if eof {
                    self.done = true;
                    self.ledger.account.complete = true;
                    return None;
                }
                if let Err(error) = self.buffer.fill() {
                    self.done = true;
                    return Some(Err(failed(error)));
                }
                continue;
            }
            let (content, length) = match line(data, eof, self.limits) {
                Line::More => {
                    if let Err(error) = self.buffer.fill() {
                        self.done = true;
                        return Some(Err(failed(error)));
                    }
                    continue;
                }
                Line::TooLong => {
                    self.skipping = true;
                    self.line = next;
                    self.ledger.account.reported(1);
                    return Some(Err(RowProblem::row(
                        next,
                        LogRule::RowTooLong,
                        format!(
                            "the line runs past the limit of {} bytes; expected a line of at most {} bytes (the limit can be raised)",
                            self.limits.max_row_bytes, self.limits.max_row_bytes
                        ),
                    )));
                }
                Line::Whole { content, length } => (content, length),
            };
            let bytes = data.get(..content).unwrap_or_default();
            if bytes.iter().all(u8::is_ascii_whitespace) {
                self.buffer.consume(length);
                self.line = next;
                self.ledger.account.blank();
                continue;
            }
            let filled = if next == 1 && bytes.starts_with(b"\xef\xbb\xbf") {
                Err(RowProblem::row(
                    next,
                    LogRule::LineNotObject,
                    "the log starts with a byte order mark (bytes EF BB BF, as some editors save UTF-8); expected a JSON object: save the log as UTF-8 without a byte order mark".to_owned(),
                ))
            } else {
                fill(
                    bytes,
                    &self.slots,
                    (&mut self.cells, &mut self.given, &mut self.others),
                    next,
                )
            };
            self.buffer.consume(length);
            self.line = next;
            return Some(match filled {
                Ok(()) => rows.row(&self.cells, (next, 1), &mut self.ledger, Lists::default()),
                Err(problem) => {
                    self.ledger.account.reported(1);
                    Err(problem)
                }
            });
        }
    }
}

/// What kept a line's members from filling its cells.
enum Fault {
    /// A member given twice.
    Repeated(String),
    /// A member's value that is no cell.
    Value { name: String, message: String },
}

/// A member's name, borrowed from the line where it has no escapes.
struct Name<'de>(Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Name<'de> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NameVisitor;
        impl<'de> Visitor<'de> for NameVisitor {
            type Value = Name<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Name(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Name(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Name(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(NameVisitor)
    }
}

/// Fills a line's cells from its object's members, member by member, noting a member given
/// twice (JSON's own parsers keep the last, silently).
struct Members<'s, 'a> {
    slots: &'s HashMap<&'a str, usize>,
    cells: &'s mut Vec<Cell>,
    given: &'s mut Vec<bool>,
    others: &'s mut HashSet<String>,
    fault: &'s mut Option<Fault>,
}

impl<'de> DeserializeSeed<'de> for Members<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Members<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(Name(name)) = map.next_key::<Name<'de>>()? {
            let Some(&slot) = self.slots.get(name.as_ref()) else {
                if self.others.contains(name.as_ref()) {
                    *self.fault = Some(Fault::Repeated(name.into_owned()));
                    return Err(de::Error::custom("a member given twice"));
                }
                self.others.insert(name.into_owned());
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            match self.given.get_mut(slot) {
                Some(given) if *given => {
                    *self.fault = Some(Fault::Repeated(name.into_owned()));
                    return Err(de::Error::custom("a member given twice"));
                }
                Some(given) => *given = true,
                None => {}
            }
            let value: Value = map.next_value()?;
            match cell(&name, value) {
                Ok(cell) => {
                    if let Some(slot) = self.cells.get_mut(slot) {
                        *slot = cell;
                    }
                }
                Err(message) => {
                    *self.fault = Some(Fault::Value {
                        name: name.into_owned(),
                        message,
                    });
                    return Err(de::Error::custom("a member that is no cell"));
                }
            }
        }
        Ok(())
    }
}

/// A member's value as a cell, or what is wrong with it.
fn cell(name: &str, value: Value) -> Result<Cell, String> {
    Ok(match value {
        Value::Null => Cell::Text(String::new()),
        Value::String(text) => Cell::Text(text),
        Value::Bool(b) => Cell::Text(b.to_string()),
        Value::Number(n) => Cell::Text(n.to_string()),
        Value::Array(items) => Cell::Items(
            items
                .into_iter()
                .map(|item| match item {
                    Value::String(text) => Ok(text),
                    _ => Err(format!(
                        "`{name}` lists something other than text; expected a list of text"
                    )),
                })
                .collect::<Result<_, String>>()?,
        ),
        Value::Object(_) => {
            return Err(format!(
                "`{name}` is an object; expected text, a number, true/false, null or a list of text"
            ));
        }
    })
}

/// Reads one line's object into `cells`, by the slots of the mapping's columns.
fn fill(
    bytes: &[u8],
    slots: &HashMap<&str, usize>,
    (cells, given, others): (&mut Vec<Cell>, &mut Vec<bool>, &mut HashSet<String>),
    line: u64,
) -> Result<(), RowProblem> {
    if std::str::from_utf8(bytes).is_err() {
        return Err(RowProblem::row(
            line,
            LogRule::CellNotUtf8,
            "the line is not UTF-8 text; expected the export saved as UTF-8".to_owned(),
        ));
    }
    cells.clear();
    cells.resize_with(slots.len(), || Cell::Text(String::new()));
    given.clear();
    given.resize(slots.len(), false);
    others.clear();
    let mut fault = None;
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let members = Members {
        slots,
        cells,
        given,
        others,
        fault: &mut fault,
    };
    let read = members
        .deserialize(&mut deserializer)
        .and_then(|()| deserializer.end());
    match (read, fault) {
        (Ok(()), _) => Ok(()),
        (Err(_), Some(Fault::Repeated(name))) => Err(RowProblem {
            line,
            column: Some(name.clone()),
            rule: LogRule::MemberRepeated,
            value: None,
            message: format!(
                "`{name}` is given twice in the line; expected each member once (a JSON reader would keep the last, silently)"
            ),
        }),
        (Err(_), Some(Fault::Value { name, message })) => Err(RowProblem {
            line,
            column: Some(name),
            rule: LogRule::LineNotObject,
            value: None,
            message,
        }),
        (Err(error), None) => Err(RowProblem::row(
            line,
            LogRule::LineNotObject,
            format!("the line is not a JSON object: {error}"),
        )),
    }
}
