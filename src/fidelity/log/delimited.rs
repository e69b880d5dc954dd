//! Contact logs as CSV: read streaming, row by row, into records or problems; written in the
//! crate's own columns.

use std::borrow::Cow;
use std::io::{Read, Write};

use csv::ByteRecord;

use super::mapping::{LIST_SEPARATOR, Mapping};
use super::problem::{LogRule, RowProblem};
use super::row::{CellFault, Cells, INITIATORS, MODES, RECORD_KINDS, RowReader, name_of};
use super::{LogRecord, LogRow};
use crate::{ContactTime, EntityId, Key, Manual, Program};

/// The rows of a CSV log, read one at a time: each a [`LogRow`] or the [`RowProblem`] that kept
/// it from being read. Made by [`read_csv`].
///
/// A header that lacks a column the mapping names (or a mapping that cannot read any row) is a
/// problem of the whole file: [`CsvRows::header`] returns it before any row is read, and
/// iterating yields it as the only item.
pub struct CsvRows<'a, R> {
    reader: csv::Reader<R>,
    record: ByteRecord,
    mapping: &'a Mapping,
    program: &'a Program,
    manual: &'a Manual,
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

/// Reads a CSV contact log with `mapping`, resolving sites and coaches against `program` and
/// topics and activities against `manual` (the manual the program follows, against which the
/// records are scored).
///
/// Lines count from 1, the header being line 1; a row whose quoted cell runs over several lines
/// is reported at the line it starts on. Rows are read lazily; memory does not grow with the
/// log.
///
/// ```
/// use practice_coaching::fidelity::{LogRecord, Mapping, read_csv};
/// use practice_coaching::reference::{bhicci_late, bhicci_sample_program};
///
/// let csv = "\
/// record,site,date,time,utc_offset,minutes,mode,coaches,guests,travel_minutes,initiated_by,topics,activities,activity,asked
/// contact,4c040106-398f-5215-afdd-c31573f2f387,2015-09-24,13:00,-07:00,45,video,2736c0ea-c489-5bd7-b2e0-6b79a305839a,,,site,teaching-and-feedback,,,
/// contact,4c040106-398f-5215-afdd-c31573f2f387,2015-09-31,13:00,-07:00,45,video,2736c0ea-c489-5bd7-b2e0-6b79a305839a,,,site,,,,
/// ";
/// let mapping = Mapping::default();
/// let mut rows = read_csv(csv.as_bytes(), &mapping, bhicci_sample_program(), bhicci_late());
/// rows.header()?; // fails before any row when the header lacks a mapped column
/// let results: Vec<_> = rows.collect();
/// assert!(matches!(&results[0], Ok(row) if matches!(row.record, LogRecord::Contact { .. })));
/// let problem = results[1].as_ref().unwrap_err();
/// assert_eq!(problem.line, 3);
/// assert_eq!(problem.column.as_deref(), Some("date"));
/// assert_eq!(problem.rule.code(), "log-date-invalid");
/// # Ok::<(), practice_coaching::fidelity::RowProblem>(())
/// ```
pub fn read_csv<'a, R: Read>(
    reader: R,
    mapping: &'a Mapping,
    program: &'a Program,
    manual: &'a Manual,
) -> CsvRows<'a, R> {
    // The header is read as a row, so that a byte order mark can be dropped and a missing
    // header reported as one.
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(reader);
    CsvRows {
        reader,
        record: ByteRecord::new(),
        mapping,
        program,
        manual,
        state: State::Unread,
    }
}

impl<'a, R: Read> CsvRows<'a, R> {
    /// Reads the header, if not yet read, and checks that it has every column the mapping
    /// names.
    ///
    /// # Errors
    /// The whole-file problem (`log-column-missing`, `log-mapping-invalid`, `log-read-failed`)
    /// when no row can be read.
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
        let mut header = ByteRecord::new();
        if let Err(error) = self.reader.read_byte_record(&mut header) {
            return State::Failed(read_failed(&error, 1));
        }
        let names: Vec<String> = header
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let name = if i == 0 {
                    name.strip_prefix(b"\xef\xbb\xbf").unwrap_or(name)
                } else {
                    name
                };
                String::from_utf8_lossy(name.trim_ascii()).into_owned()
            })
            .collect();
        let find = |name: &str| names.iter().position(|n| n == name);
        match RowReader::new(self.mapping, self.program, self.manual, &find, 1) {
            Ok(rows) => State::Reading {
                rows: Box::new(rows),
                width: header.len(),
            },
            Err(problem) => State::Failed(problem),
        }
    }
}

impl<R: Read> Iterator for CsvRows<'_, R> {
    type Item = Result<LogRow, RowProblem>;

    fn next(&mut self) -> Option<Self::Item> {
        if matches!(self.state, State::Unread) {
            self.state = self.read_header();
        }
        let (rows, width) = match &self.state {
            State::Reading { rows, width } => (rows, *width),
            State::Failed(_) => {
                let State::Failed(problem) = std::mem::replace(&mut self.state, State::Done) else {
                    return None;
                };
                return Some(Err(problem));
            }
            State::Unread | State::Done => return None,
        };
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => {
                self.state = State::Done;
                None
            }
            Err(error) => {
                let line = self.reader.position().line();
                self.state = State::Done;
                Some(Err(read_failed(&error, line)))
            }
            Ok(true) => {
                let line = self.record.position().map_or(0, csv::Position::line);
                if self.record.len() != width {
                    return Some(Err(RowProblem::row(
                        line,
                        LogRule::RowWidth,
                        format!(
                            "the row has {} fields; expected {width}, as the header has",
                            self.record.len()
                        ),
                    )));
                }
                // A row is checked for UTF-8 once, whole (a fast ASCII test for most rows);
                // only a row that fails is read cell by cell, to name the column at fault.
                let read =
                    match csv::StringRecord::from_byte_record(std::mem::take(&mut self.record)) {
                        Ok(text) => {
                            let read = rows.read(&Text(&text), line);
                            self.record = text.into_byte_record();
                            read
                        }
                        Err(error) => {
                            self.record = error.into_byte_record();
                            rows.read(&Record(&self.record), line)
                        }
                    };
                Some(read.map(|record| LogRow { line, record }))
            }
        }
    }
}

fn read_failed(error: &csv::Error, line: u64) -> RowProblem {
    RowProblem::row(
        line,
        LogRule::ReadFailed,
        format!("the log could not be read further: {error}"),
    )
}

/// A CSV row's cells, all UTF-8.
struct Text<'r>(&'r csv::StringRecord);

impl Cells for Text<'_> {
    fn text(&self, at: usize) -> Result<&str, CellFault> {
        Ok(self.0.get(at).unwrap_or_default().trim_ascii())
    }
}

/// A CSV row's cells, some not UTF-8.
struct Record<'r>(&'r ByteRecord);

impl Cells for Record<'_> {
    fn text(&self, at: usize) -> Result<&str, CellFault> {
        let bytes = self.0.get(at).unwrap_or_default().trim_ascii();
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
/// utc_offset, minutes, mode, coaches, guests, travel_minutes, initiated_by, topics,
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
