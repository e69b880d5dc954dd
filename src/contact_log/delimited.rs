//! Contact logs as CSV: read streaming, row by row, into records or problems; written in the
//! crate's own columns.
//!
//! Rows are split here, not by the `csv` crate, so that every line of the log is accounted for:
//! a quoted cell left open is a problem of its row, and reading goes on at the next line
//! (split.rs has the rules).

use std::borrow::Cow;
use std::io::{Read, Write};

use super::account::{Ledger, LogAccount, ReadLimits};
use super::mapping::{LIST_SEPARATOR, Mapping};
use super::problem::{LogRule, RowProblem};
use super::row::{CellFault, Cells, INITIATORS, Lists, MODES, RECORD_KINDS, RowReader, name_of};
use super::split::{Buffer, Fault, Fields, Open, Scan, scan};
use super::{LogRecord, LogRow};
use crate::{ContactTime, EntityId, Key, Manual, Program};

/// The rows of a CSV log, read one at a time: each a [`LogRow`] or the [`RowProblem`] that kept
/// it from being read. Made by [`read_csv`].
///
/// A header that lacks a column the mapping names, or names one twice (or a mapping that cannot
/// read any row), is a problem of the whole file: [`CsvRows::header`] returns it before any row
/// is read, and iterating yields it as the only item. [`CsvRows::account`] says where every line
/// read went.
pub struct CsvRows<'a, R> {
    buffer: Buffer<R>,
    fields: Fields,
    limits: ReadLimits,
    mapping: &'a Mapping,
    program: &'a Program,
    manual: &'a Manual,
    ledger: Ledger,
    /// The lines consumed so far.
    line: u64,
    /// The header's names, for problems that name a column.
    names: Vec<String>,
    /// The rest of a line too long to hold is being skipped.
    skipping: bool,
    /// Reading paused at the buffer's stop inside a row, which the bytes after the stop end.
    cut: bool,
    state: State<'a>,
}

/// How far a log has been read.
enum State<'a> {
    /// The header is still to be read.
    Unread,
    /// Rows are being read; `width` is the header's number of fields.
    Reading {
        rows: Box<RowReader<'a>>,
        width: usize,
    },
    /// The header could not be used; the problem is yet to be yielded.
    Failed(RowProblem),
    /// Nothing more to read.
    Done,
}

/// What the splitter gave next.
enum Raw {
    /// A row, split into `fields`, not yet consumed.
    Row {
        length: usize,
        lines: u64,
        first: Option<usize>,
    },
    /// A row that could not be split (consumed and counted), or an input error.
    Problem(RowProblem),
    /// The end of the log.
    End,
}

/// Reads a CSV contact log with `mapping`, resolving sites and coaches against `program` and
/// topics and activities against `manual` (the manual the program follows, against which the
/// records are scored).
///
/// Lines count from 1, the header being line 1; a row whose quoted cell runs over several lines
/// is reported at the line it starts on. A line ends at a line feed, a carriage return and line
/// feed, or a carriage return alone. A quoted cell left open (to the end of the log, or past
/// the [`ReadLimits`]) or with text after its closing quote is a problem of its row, and
/// reading goes on at the row's second line. Rows are read lazily; memory does not grow with
/// the log beyond a fingerprint of each contact, kept to find a contact logged twice.
///
/// ```
/// use practice_coaching::contact_log::{LogRecord, Mapping, read_csv};
/// use practice_coaching::reference::{bhicci_late, bhicci_sample_program};
///
/// let csv = "\
/// record,site,date,time,utc_offset,minutes,mode,coaches,guests,travel_minutes,initiated_by,topics,activities,activity,asked
/// contact,4c040106-398f-5215-afdd-c31573f2f387,2015-09-24,13:00,-07:00,45,video,2736c0ea-c489-5bd7-b2e0-6b79a305839a,,,site,teaching-and-feedback,,,
/// contact,4c040106-398f-5215-afdd-c31573f2f387,2015-09-31,13:00,-07:00,45,video,2736c0ea-c489-5bd7-b2e0-6b79a305839a,,,site,,,,
/// ";
/// let mapping = Mapping::default();
/// let mut rows = read_csv(bhicci_late(), bhicci_sample_program(), csv.as_bytes(), &mapping);
/// rows.header()?; // fails before any row when the header lacks a mapped column
/// let results: Vec<_> = rows.by_ref().collect();
/// assert!(matches!(&results[0], Ok(row) if matches!(row.record, LogRecord::Contact { .. })));
/// let problem = results[1].as_ref().unwrap_err();
/// assert_eq!(problem.line, 3);
/// assert_eq!(problem.column.as_deref(), Some("date"));
/// assert_eq!(problem.rule.code(), "log-date-invalid");
/// // Every line has its place: the header, a contact read, a row reported.
/// let account = rows.account();
/// assert_eq!((account.lines, account.header, account.contacts, account.reported), (3, 1, 1, 1));
/// assert!(account.adds_up() && account.complete);
/// # Ok::<(), practice_coaching::contact_log::RowProblem>(())
/// ```
pub fn read_csv<'a, R: Read>(
    manual: &'a Manual,
    program: &'a Program,
    reader: R,
    mapping: &'a Mapping,
) -> CsvRows<'a, R> {
    CsvRows {
        buffer: Buffer::new(reader),
        fields: Fields::default(),
        limits: ReadLimits::default(),
        mapping,
        program,
        manual,
        ledger: Ledger::new(),
        line: 0,
        names: Vec::new(),
        skipping: false,
        cut: false,
        state: State::Unread,
    }
}

impl<'a, R: Read> CsvRows<'a, R> {
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

    /// A reader of a later part of the same log, from `reader`, its first line `line`: with
    /// this reader's header, limits and fingerprints, and an account of its own.
    pub(super) fn part<S: Read>(&self, reader: S, line: u64) -> CsvRows<'a, S> {
        let names = &self.names;
        let find = |name: &str| names.iter().position(|n| n == name);
        let state = match (
            &self.state,
            RowReader::new(self.mapping, self.program, self.manual, &find, line),
        ) {
            (State::Reading { width, .. }, Ok(rows)) => State::Reading {
                rows: Box::new(rows),
                width: *width,
            },
            _ => State::Done,
        };
        CsvRows {
            buffer: Buffer::new(reader),
            fields: Fields::default(),
            limits: self.limits,
            mapping: self.mapping,
            program: self.program,
            manual: self.manual,
            ledger: self.ledger.sibling(),
            line,
            names: self.names.clone(),
            skipping: false,
            cut: false,
            state,
        }
    }

    /// Ends the bytes read at byte `stop` of the log, or (`None`) at its end again; rows read
    /// on from where reading paused.
    pub(super) fn stop_at(&mut self, stop: Option<u64>) {
        self.buffer.stop_at(stop);
        self.cut = false;
    }

    /// Whether reading paused exactly at the stop, between two rows; `false` where a row runs
    /// past it, or reading has ended.
    pub(super) fn paused_between_rows(&self) -> bool {
        !self.cut
            && matches!(self.state, State::Reading { .. })
            && self.buffer.at_stop()
            && self.buffer.data().is_empty()
    }

    /// The bytes of the log consumed, and the lines.
    pub(super) const fn place(&self) -> (u64, u64) {
        (self.buffer.offset(), self.line)
    }

    /// Goes on at byte `offset` of the log, line `line`: where another part stopped reading,
    /// its rows joined to this reader's ledger.
    ///
    /// # Errors
    /// The log's error while skipping to `offset`.
    pub(super) fn go_on_at(&mut self, (offset, line): (u64, u64)) -> std::io::Result<()> {
        self.cut = false;
        self.buffer.skip_to(offset)?;
        self.line = line;
        Ok(())
    }

    /// The ledger of the rows read, to join with another part's.
    pub(super) const fn ledger(&mut self) -> &mut Ledger {
        &mut self.ledger
    }

    /// The ledger of the rows read, taken.
    pub(super) fn into_ledger(self) -> Ledger {
        self.ledger
    }

    /// Reads the header, if not yet read, and checks that it has every column the mapping
    /// names, each once.
    ///
    /// # Errors
    /// The whole-file problem (`log-column-missing`, `log-column-repeated`,
    /// `log-mapping-invalid`, `log-read-failed`, or a header that cannot be split) when no row
    /// can be read.
    pub fn header(&mut self) -> Result<(), RowProblem> {
        if matches!(self.state, State::Unread) {
            self.state = self.read_header();
        }
        match &self.state {
            State::Failed(problem) => Err(problem.clone()),
            _ => Ok(()),
        }
    }

    fn read_header(&mut self) -> State<'a> {
        // A byte order mark (as Excel writes "CSV UTF-8") is dropped.
        while self.buffer.data().len() < 3 && !self.buffer.eof() {
            if let Err(error) = self.buffer.fill() {
                return State::Failed(read_failed(&error, 1));
            }
        }
        if self.buffer.data().starts_with(b"\xef\xbb\xbf") {
            self.buffer.consume(3);
        }
        let (length, lines) = match self.next_raw() {
            Raw::Row { length, lines, .. } => (length, lines),
            Raw::Problem(problem) => return State::Failed(problem),
            Raw::End => {
                return State::Failed(RowProblem::row(
                    self.line + 1,
                    LogRule::ColumnMissing,
                    "the log has no header; expected a first line naming its columns".to_owned(),
                ));
            }
        };
        let line = self.line + 1;
        let source = self.fields.source(self.buffer.data());
        self.names = (0..self.fields.len())
            .map(|i| {
                String::from_utf8_lossy(self.fields.get(source, i).unwrap_or_default().trim_ascii())
                    .into_owned()
            })
            .collect();
        self.buffer.consume(length);
        self.line += lines;
        self.ledger.account.header(lines);
        let width = self.names.len();
        if let Some(problem) = repeated_column(self.mapping, &self.names, line) {
            return State::Failed(problem);
        }
        let names = &self.names;
        let find = |name: &str| names.iter().position(|n| n == name);
        match RowReader::new(self.mapping, self.program, self.manual, &find, line) {
            Ok(rows) => State::Reading {
                rows: Box::new(rows),
                width,
            },
            Err(problem) => State::Failed(problem),
        }
    }

    /// The next row, split into `fields`; blank lines are counted and passed over, a row that
    /// cannot be split is counted and reported, and a line too long is skipped.
    fn next_raw(&mut self) -> Raw {
        loop {
            if self.skipping {
                if self.buffer.skip_line() {
                    self.skipping = false;
                } else if let Err(error) = self.buffer.fill() {
                    return Raw::Problem(read_failed(&error, self.line + 1));
                }
                continue;
            }
            let eof = self.buffer.eof();
            let data = self.buffer.data();
            if data.is_empty() {
                if eof {
                    return Raw::End;
                }
                if let Err(error) = self.buffer.fill() {
                    return Raw::Problem(read_failed(&error, self.line + 1));
                }
                continue;
            }
            let line = self.line + 1;
            match scan(data, eof, self.limits, &mut self.fields) {
                // A row that runs past a part's stop is left whole to the bytes after it.
                Scan::More
                | Scan::Broken {
                    fault: Fault::Unclosed { end: Open::End, .. },
                    ..
                } if self.buffer.at_stop() => {
                    self.cut = true;
                    return Raw::End;
                }
                // At the end of the log the splitter always decides; `More` there would be a
                // fault of the splitter, and must not loop.
                Scan::More if eof => {
                    let all = data.len();
                    self.buffer.consume(all);
                    self.line += 1;
                    self.ledger.account.reported(1);
                    return Raw::Problem(RowProblem::row(
                        line,
                        LogRule::ReadFailed,
                        "the rest of the log could not be split into rows".to_owned(),
                    ));
                }
                Scan::More => {
                    if let Err(error) = self.buffer.fill() {
                        return Raw::Problem(read_failed(&error, line));
                    }
                }
                Scan::Blank { length } => {
                    self.buffer.consume(length);
                    self.line += 1;
                    self.ledger.account.blank();
                }
                Scan::Row {
                    length,
                    lines,
                    first,
                } => {
                    return Raw::Row {
                        length,
                        lines,
                        first,
                    };
                }
                Scan::Broken { first, fault } => {
                    self.buffer.consume(first);
                    self.line += 1;
                    self.ledger.account.reported(1);
                    return Raw::Problem(self.broken(line, fault));
                }
                Scan::TooLong => {
                    self.skipping = true;
                    self.line += 1;
                    self.ledger.account.reported(1);
                    return Raw::Problem(too_long(line, self.limits));
                }
            }
        }
    }

    /// The problem of a row starting on `line` that could not be split.
    fn broken(&self, line: u64, fault: Fault) -> RowProblem {
        let column = |field: usize| self.names.get(field).cloned();
        match fault {
            Fault::Unclosed { field, opened, end } => {
                let name = column(field)
                    .map_or_else(|| format!("field {}", field + 1), |c| format!("`{c}`"));
                let place = if opened > 1 {
                    format!("on line {}", line + opened - 1)
                } else {
                    "on this line".to_owned()
                };
                let still = match end {
                    Open::End => "at the end of the log".to_owned(),
                    Open::Lines => format!("after {} lines", self.limits.max_row_lines),
                    Open::Bytes => format!("after {} bytes", self.limits.max_row_bytes),
                    Open::Astray { closed } => format!(
                        "at its line's end, and closes only on line {}, where text follows the quote",
                        line + closed - 1
                    ),
                };
                RowProblem {
                    line,
                    column: column(field),
                    rule: LogRule::QuoteUnclosed,
                    value: None,
                    message: format!(
                        "the quoted cell {name} opened {place} is still open {still}; expected a closing quote (`\"`) within the row; reading goes on at the next line"
                    ),
                }
            }
            Fault::Stray { field } => {
                let name = column(field)
                    .map_or_else(|| format!("field {}", field + 1), |c| format!("`{c}`"));
                RowProblem {
                    line,
                    column: column(field),
                    rule: LogRule::QuoteStray,
                    value: None,
                    message: format!(
                        "{name} has text after its closing quote; expected a comma or the end of the row after it (a quote inside a quoted cell is written twice, `\"\"`); reading goes on at the next line"
                    ),
                }
            }
            Fault::TooLong => too_long(line, self.limits),
        }
    }
}

/// The problem of a row longer than the limit, on `line`.
fn too_long(line: u64, limits: ReadLimits) -> RowProblem {
    RowProblem::row(
        line,
        LogRule::RowTooLong,
        format!(
            "the row runs past the limit of {} bytes; expected a row of at most {} bytes (the limit can be raised)",
            limits.max_row_bytes, limits.max_row_bytes
        ),
    )
}

/// The problem of a header naming a column the mapping reads more than once, at `line`.
fn repeated_column(mapping: &Mapping, names: &[String], line: u64) -> Option<RowProblem> {
    mapping.columns().into_iter().find_map(|column| {
        let positions: Vec<String> = names
            .iter()
            .enumerate()
            .filter(|(_, name)| name.as_str() == column)
            .map(|(i, _)| (i + 1).to_string())
            .collect();
        (positions.len() > 1).then(|| RowProblem {
            line,
            column: Some(column.to_owned()),
            rule: LogRule::ColumnRepeated,
            value: None,
            message: format!(
                "the header names `{column}` {} times, at fields {}; expected each column the mapping reads once",
                positions.len(),
                positions.join(" and ")
            ),
        })
    })
}

impl<R: Read> Iterator for CsvRows<'_, R> {
    type Item = Result<LogRow, RowProblem>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_with(Lists::default())
    }
}

impl<R: Read> CsvRows<'_, R> {
    /// The next row, as [`Iterator::next`] gives it, read into `slot` in place of the row read
    /// there before, whose lists it fills: reading then allocates nothing per row, and a row
    /// is not moved from reader to reader.
    pub(super) fn next_into<'s>(
        &mut self,
        slot: &'s mut Option<LogRow>,
    ) -> Option<Result<&'s LogRow, RowProblem>> {
        let lists = slot.as_mut().map(Lists::of).unwrap_or_default();
        Some(self.next_with(lists)?.map(|row| &*slot.insert(row)))
    }

    fn next_with(&mut self, lists: Lists) -> Option<Result<LogRow, RowProblem>> {
        if matches!(self.state, State::Unread) {
            self.state = self.read_header();
        }
        let width = match &self.state {
            State::Reading { width, .. } => *width,
            State::Failed(_) => {
                let State::Failed(problem) = std::mem::replace(&mut self.state, State::Done) else {
                    return None;
                };
                return Some(Err(problem));
            }
            State::Unread | State::Done => return None,
        };
        let (length, lines, first) = match self.next_raw() {
            Raw::Row {
                length,
                lines,
                first,
            } => (length, lines, first),
            Raw::Problem(problem) => {
                if problem.rule == LogRule::ReadFailed {
                    self.state = State::Done;
                }
                return Some(Err(problem));
            }
            // A part's stop: reading may go on from there.
            Raw::End if self.buffer.at_stop() => return None,
            Raw::End => {
                self.ledger.account.complete = true;
                self.state = State::Done;
                return None;
            }
        };
        let line = self.line + 1;
        if self.fields.len() != width {
            // A row of several lines and the wrong width is most likely a quote gone astray:
            // only its first line is taken, and reading goes on at the next.
            let (consumed, counted) = match first {
                Some(first) if lines > 1 => (first, 1),
                _ => (length, lines),
            };
            self.buffer.consume(consumed);
            self.line += counted;
            self.ledger.account.reported(counted);
            let over = if counted < lines {
                format!(
                    " (its quoted cells run over {lines} lines; reading goes on at the next line)"
                )
            } else {
                String::new()
            };
            return Some(Err(RowProblem::row(
                line,
                LogRule::RowWidth,
                format!(
                    "the row has {} fields{over}; expected {width}, as the header has",
                    self.fields.len()
                ),
            )));
        }
        let State::Reading { rows, .. } = &self.state else {
            return None;
        };
        // A row is checked for UTF-8 once, whole (a fast ASCII test for most rows); only a row
        // that fails is read cell by cell, to name the column at fault. Its cells are read
        // before it is consumed: a row split in place lies in the buffer.
        let source = self.fields.source(self.buffer.data());
        let read = match std::str::from_utf8(source) {
            Ok(text) => rows.row(
                &Text {
                    text,
                    fields: &self.fields,
                },
                (line, lines),
                &mut self.ledger,
                lists,
            ),
            Err(_) => rows.row(
                &Bytes {
                    source,
                    fields: &self.fields,
                },
                (line, lines),
                &mut self.ledger,
                lists,
            ),
        };
        self.buffer.consume(length);
        self.line += lines;
        Some(read)
    }
}

pub(super) fn read_failed(error: &std::io::Error, line: u64) -> RowProblem {
    RowProblem::row(
        line,
        LogRule::ReadFailed,
        format!("the log could not be read further: {error}"),
    )
}

/// A CSV row's cells, all UTF-8.
struct Text<'r> {
    text: &'r str,
    fields: &'r Fields,
}

impl Cells for Text<'_> {
    fn text(&self, at: usize) -> Result<&str, CellFault> {
        // Fields are cut at commas and quotes, so their bounds are character bounds.
        Ok(self
            .fields
            .range(at)
            .and_then(|range| self.text.get(range))
            .unwrap_or_default()
            .trim_ascii())
    }
}

/// A CSV row's cells, some not UTF-8.
struct Bytes<'r> {
    source: &'r [u8],
    fields: &'r Fields,
}

impl Cells for Bytes<'_> {
    fn text(&self, at: usize) -> Result<&str, CellFault> {
        let bytes = self
            .fields
            .get(self.source, at)
            .unwrap_or_default()
            .trim_ascii();
        std::str::from_utf8(bytes).map_err(|_| CellFault::NotUtf8)
    }
}

/// Writes `records` as CSV in the crate's own columns (those [`Mapping::default`] reads): a
/// header, then a row per record, times in the contact's own UTC offset.
///
/// # Errors
/// When `out` fails.
pub fn write_csv<'r, W: Write>(
    out: W,
    records: impl IntoIterator<Item = &'r LogRecord>,
) -> Result<(), csv::Error> {
    let mut writer = crate::tidy::writer(out);
    let default = Mapping::default();
    writer.write_record(default.columns())?;
    for record in records {
        writer.write_record(row(record).iter().map(|cell| cell.as_bytes()))?;
    }
    writer.flush()?;
    Ok(())
}

/// A record's cells, in the order of [`Mapping::default`]'s columns: record, site, date, time,
/// `utc_offset`, minutes, mode, coaches, guests, `travel_minutes`, `initiated_by`, topics,
/// activities, activity, asked.
fn row(record: &LogRecord) -> [Cow<'static, str>; 15] {
    let empty = || Cow::Borrowed("");
    let kind = Cow::Borrowed(name_of(&RECORD_KINDS, &record.kind()));
    match record {
        LogRecord::Contact { site, contact } => {
            let (date, time, offset) = moment(contact.start);
            [
                kind,
                Cow::Owned(site.to_string()),
                date,
                time,
                offset,
                Cow::Owned(contact.minutes.to_string()),
                Cow::Borrowed(name_of(&MODES, &contact.mode)),
                ids(&contact.coaches),
                ids(&contact.guests),
                contact
                    .travel_minutes
                    .map_or_else(empty, |m| Cow::Owned(m.to_string())),
                Cow::Borrowed(name_of(&INITIATORS, &contact.initiated_by)),
                keys(&contact.topics),
                keys(&contact.activities),
                empty(),
                contact
                    .asked
                    .map_or_else(empty, |asked| Cow::Owned(asked.to_string())),
            ]
        }
        LogRecord::Activity {
            site,
            date,
            activity,
            start,
        } => {
            let (time, offset) = start.map_or_else(
                || (empty(), empty()),
                |start| {
                    let (_, time, offset) = moment(start);
                    (time, offset)
                },
            );
            [
                kind,
                Cow::Owned(site.to_string()),
                Cow::Owned(date.to_string()),
                time,
                offset,
                empty(),
                empty(),
                empty(),
                empty(),
                empty(),
                empty(),
                empty(),
                empty(),
                Cow::Owned(activity.as_str().to_owned()),
                empty(),
            ]
        }
        LogRecord::Meeting { date, activity } => [
            kind,
            empty(),
            Cow::Owned(date.to_string()),
            empty(),
            empty(),
            empty(),
            empty(),
            empty(),
            empty(),
            empty(),
            empty(),
            empty(),
            empty(),
            Cow::Owned(activity.as_str().to_owned()),
            empty(),
        ],
    }
}

/// A start as the date, time and offset columns write it. None is text from a document, so
/// none is formula-guarded: an offset's sign is part of the value.
fn moment(start: ContactTime) -> (Cow<'static, str>, Cow<'static, str>, Cow<'static, str>) {
    let local = start.as_datetime();
    let time = if local.timestamp_subsec_nanos() == 0 {
        local.format("%H:%M:%S")
    } else {
        local.format("%H:%M:%S%.f")
    };
    (
        Cow::Owned(start.date().to_string()),
        Cow::Owned(time.to_string()),
        Cow::Owned(local.format("%:z").to_string()),
    )
}

fn ids(ids: &[EntityId]) -> Cow<'static, str> {
    Cow::Owned(
        ids.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(LIST_SEPARATOR),
    )
}

fn keys(keys: &[Key]) -> Cow<'static, str> {
    // Keys are lower-kebab, never a formula; joined as they are.
    Cow::Owned(
        keys.iter()
            .map(Key::as_str)
            .collect::<Vec<_>>()
            .join(LIST_SEPARATOR),
    )
}
