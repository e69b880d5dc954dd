//! Contact logs kept beside a program, as evaluators export them from spreadsheets and REDCap:
//! CSV or JSON Lines read streaming through a column [`Mapping`], every row either a
//! [`LogRow`] or a [`RowProblem`] with its line, column and [`LogRule`] code; a bad row never
//! stops the rest from being read, and no row is dropped silently.
//!
//! Sites and coaches are resolved against the program, by id or by name, and topics and
//! activities against the manual while reading, so that a problem can name its line and column;
//! whether a contact fits the program's assignments and the manual's prescription is for
//! validation and scoring to say. docs/contact-logs.md describes the columns and the mapping.

mod account;
mod clock;
mod delimited;
mod halves;
mod json_lines;
mod mapping;
mod problem;
mod roster;
mod row;
mod split;

use std::io::Read;

use serde::Serialize;

pub use account::{LogAccount, ReadLimits};
pub use delimited::{CsvRows, read_csv, write_csv};
pub use halves::LogNote;
pub(crate) use halves::{CountRows, read_csv_in_halves};
pub use json_lines::{JsonLinesRows, read_json_lines};
pub use mapping::{By, Coded, Keys, Length, Mapping, Named, People, RecordKind, Source};
pub use problem::{LogRule, RowProblem};

use crate::program::Contact;
use crate::{ContactTime, Date, EntityId, Key, Manual, Program};

/// One thing a log records; as JSON, an object with `record` (`contact`, `activity`,
/// `meeting`) beside its members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "record", rename_all = "snake_case")]
pub enum LogRecord {
    /// A contact with a site (counts toward dose).
    Contact {
        /// The site.
        site: EntityId,
        /// The contact.
        contact: Contact,
    },
    /// An activity of the manual held at a site (a debrief held, a form filed), on a date.
    Activity {
        /// The site.
        site: EntityId,
        /// The day it was held.
        date: Date,
        /// The activity (a key of the manual's activities).
        activity: Key,
        /// The start of the contact it belongs to, where the row gives a time (on `date`).
        #[serde(skip_serializing_if = "Option::is_none")]
        start: Option<ContactTime>,
    },
    /// A program-wide meeting of the manual (an activity with program scope) held on a date.
    Meeting {
        /// The day it was held.
        date: Date,
        /// The activity (a key of the manual's program-wide activities).
        activity: Key,
    },
}

impl LogRecord {
    /// What the record is.
    #[must_use]
    pub const fn kind(&self) -> RecordKind {
        match self {
            Self::Contact { .. } => RecordKind::Contact,
            Self::Activity { .. } => RecordKind::Activity,
            Self::Meeting { .. } => RecordKind::Meeting,
        }
    }

    /// The site, for a contact or a site's activity.
    #[must_use]
    pub const fn site(&self) -> Option<EntityId> {
        match self {
            Self::Contact { site, .. } | Self::Activity { site, .. } => Some(*site),
            Self::Meeting { .. } => None,
        }
    }

    /// The day: a contact's start date (in its own offset), or the day an activity was held.
    #[must_use]
    pub fn date(&self) -> Date {
        match self {
            Self::Contact { contact, .. } => contact.start.date(),
            Self::Activity { date, .. } | Self::Meeting { date, .. } => *date,
        }
    }

    /// The contacts a program records, each with its site, in the program's order: for
    /// exporting them with [`write_csv`].
    pub fn contacts_of(program: &Program) -> impl Iterator<Item = Self> + '_ {
        program.relationships.iter().flat_map(|r| {
            r.contacts.iter().map(|contact| Self::Contact {
                site: r.site,
                contact: contact.clone(),
            })
        })
    }
}

/// A record read from a log, with the line its row starts on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogRow {
    /// The line the row starts on (the header of a CSV log is line 1).
    pub line: u64,
    /// What the row records.
    pub record: LogRecord,
    /// For a contact that repeats an earlier row exactly (site, start, mode, coaches as a set,
    /// minutes), the line of the first such row: a warning (`log-row-repeated`), not a problem;
    /// the row is read and counted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeats: Option<u64>,
}

/// The formats a log is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LogFormat {
    /// Comma-separated values with a header row.
    Csv,
    /// One JSON object per line.
    JsonLines,
}

impl LogFormat {
    /// The format a file name's extension names: `.csv` for CSV, `.jsonl` or `.ndjson` for
    /// JSON Lines (any case); `None` for any other.
    #[must_use]
    pub fn from_file_name(name: &str) -> Option<Self> {
        let (_, extension) = name.rsplit_once('.')?;
        if extension.eq_ignore_ascii_case("csv") {
            Some(Self::Csv)
        } else if extension.eq_ignore_ascii_case("jsonl")
            || extension.eq_ignore_ascii_case("ndjson")
        {
            Some(Self::JsonLines)
        } else {
            None
        }
    }

    /// Reads a log in this format: [`read_csv`] or [`read_json_lines`].
    pub fn read<'a, R: Read + 'a>(
        self,
        manual: &'a Manual,
        program: &'a Program,
        reader: R,
        mapping: &'a Mapping,
    ) -> LogRows<'a, R> {
        match self {
            Self::Csv => LogRows::Csv(read_csv(manual, program, reader, mapping)),
            Self::JsonLines => {
                LogRows::JsonLines(read_json_lines(manual, program, reader, mapping))
            }
        }
    }
}

/// The rows of a log in either format, from [`LogFormat::read`].
pub enum LogRows<'a, R> {
    /// A CSV log.
    Csv(CsvRows<'a, R>),
    /// A JSON Lines log.
    JsonLines(JsonLinesRows<'a, R>),
}

impl<R: Read> LogRows<'_, R> {
    /// The same reader with other limits on a row; give them before the first row is read.
    #[must_use]
    pub fn limits(self, limits: ReadLimits) -> Self {
        match self {
            Self::Csv(rows) => Self::Csv(rows.limits(limits)),
            Self::JsonLines(rows) => Self::JsonLines(rows.limits(limits)),
        }
    }

    /// Where every line read so far went (see [`LogAccount`]).
    #[must_use]
    pub fn account(&self) -> LogAccount {
        match self {
            Self::Csv(rows) => rows.account(),
            Self::JsonLines(rows) => rows.account(),
        }
    }

    /// For CSV, reads the header and checks it (see [`CsvRows::header`]); JSON Lines logs have
    /// no header, and only a mapping that cannot read any row fails here.
    ///
    /// # Errors
    /// The whole-file problem, when no row can be read.
    pub fn header(&mut self) -> Result<(), RowProblem> {
        match self {
            Self::Csv(rows) => rows.header(),
            Self::JsonLines(rows) => rows.header(),
        }
    }
}

impl<R: Read> Iterator for LogRows<'_, R> {
    type Item = Result<LogRow, RowProblem>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Self::Csv(rows) => rows.next(),
            Self::JsonLines(rows) => rows.next(),
        }
    }
}
