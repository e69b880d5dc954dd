//! Contact logs as JSON Lines: one JSON object per line, its members the columns.

use std::io::BufRead;

use foldhash::HashMap;
use serde_json::Value;

use super::LogRow;
use super::mapping::Mapping;
use super::problem::{LogRule, RowProblem};
use super::row::{CellFault, Cells, RowReader};
use crate::{Manual, Program};

/// The rows of a JSON Lines log, read one line at a time: each a [`LogRow`] or the
/// [`RowProblem`] that kept it from being read. Made by [`read_json_lines`].
///
/// Lines count from 1; blank lines are skipped. A member the mapping names but a line lacks is
/// an empty cell; members the mapping does not name are ignored.
pub struct JsonLinesRows<'a, R> {
    reader: R,
    line: u64,
    buffer: Vec<u8>,
    /// The mapping's columns and their positions among a line's cells.
    slots: HashMap<&'a str, usize>,
    cells: Vec<Cell>,
    rows: Result<Box<RowReader<'a>>, Option<RowProblem>>,
}

/// Reads a JSON Lines contact log with `mapping`, resolving sites and coaches against
/// `program` and topics and activities against `manual`. Each line is an object whose members
/// are named as the mapping's columns, with text, numbers, true/false or null as values (lists
/// of text for list columns).
pub fn read_json_lines<'a, R: BufRead>(
    reader: R,
    mapping: &'a Mapping,
    program: &'a Program,
    manual: &'a Manual,
) -> JsonLinesRows<'a, R> {
    let columns = mapping.columns();
    let slots: HashMap<&'a str, usize> = columns.iter().enumerate().map(|(i, c)| (*c, i)).collect();
    let find = |name: &str| slots.get(name).copied();
    let rows = RowReader::new(mapping, program, manual, &find, 0)
        .map(Box::new)
        .map_err(Some);
    JsonLinesRows {
        reader,
        line: 0,
        buffer: Vec::new(),
        cells: Vec::with_capacity(columns.len()),
        slots,
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
}

impl<R: BufRead> Iterator for JsonLinesRows<'_, R> {
    type Item = Result<LogRow, RowProblem>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Err(problem) = &mut self.rows {
            return problem.take().map(Err);
        }
        loop {
            self.buffer.clear();
            match self.reader.read_until(b'\n', &mut self.buffer) {
                Ok(0) => return None,
                Ok(_) => self.line += 1,
                Err(error) => {
                    self.rows = Err(None);
                    return Some(Err(RowProblem::row(
                        self.line + 1,
                        LogRule::ReadFailed,
                        format!("the log could not be read further: {error}"),
                    )));
                }
            }
            if !self.buffer.iter().all(u8::is_ascii_whitespace) {
                break;
            }
        }
        let line = self.line;
        let Ok(rows) = &self.rows else {
            return None;
        };
        if let Err(problem) = fill(&self.buffer, &self.slots, &mut self.cells, line) {
            return Some(Err(problem));
        }
        Some(
            rows.read(&self.cells, line)
                .map(|record| LogRow { line, record }),
        )
    }
}

/// Reads one line's object into `cells`, by the slots of the mapping's columns.
fn fill(
    bytes: &[u8],
    slots: &HashMap<&str, usize>,
    cells: &mut Vec<Cell>,
    line: u64,
) -> Result<(), RowProblem> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(RowProblem::row(
            line,
            LogRule::CellNotUtf8,
            "the line is not UTF-8 text; expected the export saved as UTF-8".to_owned(),
        ));
    };
    let object: serde_json::Map<String, Value> = serde_json::from_str(text).map_err(|error| {
        RowProblem::row(
            line,
            LogRule::LineNotObject,
            format!("the line is not a JSON object: {error}"),
        )
    })?;
    cells.clear();
    cells.resize_with(slots.len(), || Cell::Text(String::new()));
    for (name, value) in object {
        let Some(slot) = slots.get(name.as_str()).and_then(|&i| cells.get_mut(i)) else {
            continue;
        };
        *slot = match value {
            Value::Null => Cell::Text(String::new()),
            Value::String(text) => Cell::Text(text),
            Value::Bool(b) => Cell::Text(b.to_string()),
            Value::Number(n) => Cell::Text(n.to_string()),
            Value::Array(items) => Cell::Items(
                items
                    .into_iter()
                    .map(|item| match item {
                        Value::String(text) => Ok(text),
                        _ => Err(()),
                    })
                    .collect::<Result<_, ()>>()
                    .map_err(|()| RowProblem {
                        line,
                        column: Some(name.clone()),
                        rule: LogRule::LineNotObject,
                        value: None,
                        message: format!(
                            "`{name}` lists something other than text; expected a list of text"
                        ),
                    })?,
            ),
            Value::Object(_) => {
                return Err(RowProblem {
                    line,
                    column: Some(name.clone()),
                    rule: LogRule::LineNotObject,
                    value: None,
                    message: format!(
                        "`{name}` is an object; expected text, a number, true/false, null or a list of text"
                    ),
                });
            }
        };
    }
    Ok(())
}
