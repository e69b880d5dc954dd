//! One row of a log read into a record: the mapping resolved against the log's columns once,
//! then each row's cells checked and turned into a [`LogRecord`], or the first problem found.
//!
//! CSV and JSON Lines share this: each gives its cells through [`Cells`].

use std::collections::BTreeMap;

use chrono::{FixedOffset, NaiveDateTime, NaiveTime};

use super::account::{Fingerprint, Ledger};
use super::clock;
use super::mapping::{By, Coded, Keys, Length, Mapping, People, RecordKind, Source};
use super::problem::{LogRule, RowProblem};
use super::roster::{Directory, Found, Roster};
use super::{LogRecord, LogRow};
use crate::program::{Contact, ContactMode, Initiator};
use crate::{ContactTime, Date, EntityId, Key, Manual, Minutes, Program};

/// Why a cell could not be read as text.
pub(super) enum CellFault {
    /// Its bytes are not UTF-8.
    NotUtf8,
    /// A list where one value belongs (JSON Lines).
    List,
}

/// A row's cells, by column position.
pub(super) trait Cells {
    /// The text of the cell at `at`, without surrounding spaces; empty where the cell is empty
    /// or the row has no such cell.
    fn text(&self, at: usize) -> Result<&str, CellFault>;

    /// The items of a cell written as a list (a JSON array), or `None` for a cell of text.
    fn items(&self, _at: usize) -> Option<&[String]> {
        None
    }
}

/// A column the mapping names, found in the log.
#[derive(Clone, Copy)]
struct Column<'m> {
    name: &'m str,
    at: usize,
}

/// A value from a column or fixed for every row.
enum Given<'m, T> {
    Column(Column<'m>),
    Fixed(T),
}

/// The columns of a list field.
struct List<'m> {
    columns: Vec<Column<'m>>,
    separator: Option<Separator<'m>>,
}

/// What separates the items of a list cell. A one-character separator (the usual `;`) is
/// split on as a character, much faster than as a pattern: a log may have a million rows.
#[derive(Clone, Copy)]
enum Separator<'m> {
    Char(char),
    Text(&'m str),
}

/// The columns of a field of keys.
struct KeyColumns<'m> {
    list: List<'m>,
    checkboxes: Vec<(Column<'m>, &'m Key)>,
    values: &'m BTreeMap<String, Key>,
}

/// The mapping resolved against a log's columns.
struct Layout<'m> {
    record: Option<(Column<'m>, &'m BTreeMap<String, RecordKind>)>,
    site: (Column<'m>, By),
    date: Column<'m>,
    date_format: Option<&'m str>,
    time: Option<Given<'m, NaiveTime>>,
    time_format: Option<&'m str>,
    offset: Option<Given<'m, FixedOffset>>,
    /// The minutes column, or the end time column (`true`).
    length: (Column<'m>, bool),
    mode: (Column<'m>, &'m BTreeMap<String, ContactMode>),
    coaches: (List<'m>, By),
    guests: Option<(List<'m>, By)>,
    travel: Option<Column<'m>>,
    initiated_by: (Column<'m>, &'m BTreeMap<String, Initiator>),
    topics: Option<KeyColumns<'m>>,
    activities: Option<KeyColumns<'m>>,
    activity: Option<(Column<'m>, &'m BTreeMap<String, Key>)>,
    asked: Option<Column<'m>>,
    contact_id: Option<Column<'m>>,
}

/// Finds the mapping's columns in a log, noting those it lacks.
struct Finder<'m, 'f> {
    find: &'f dyn Fn(&str) -> Option<usize>,
    missing: Vec<&'m str>,
}

impl<'m> Finder<'m, '_> {
    fn column(&mut self, name: &'m str) -> Column<'m> {
        let at = (self.find)(name).unwrap_or_else(|| {
            self.missing.push(name);
            0
        });
        Column { name, at }
    }

    fn list(
        &mut self,
        column: Option<&'m String>,
        columns: &'m [String],
        separator: Option<&'m String>,
    ) -> List<'m> {
        List {
            columns: column
                .into_iter()
                .chain(columns)
                .map(|c| self.column(c))
                .collect(),
            separator: separator.map(|s| {
                let mut chars = s.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => Separator::Char(c),
                    _ => Separator::Text(s),
                }
            }),
        }
    }

    fn people(&mut self, people: &'m People) -> (List<'m>, By) {
        let list = self.list(
            people.column.as_ref(),
            &people.columns,
            people.separator.as_ref(),
        );
        (list, people.by)
    }

    fn keys(&mut self, keys: &'m Keys) -> KeyColumns<'m> {
        KeyColumns {
            list: self.list(keys.column.as_ref(), &keys.columns, keys.separator.as_ref()),
            checkboxes: keys
                .checkboxes
                .iter()
                .map(|(c, k)| (self.column(c), k))
                .collect(),
            values: &keys.values,
        }
    }

    fn coded<T>(&mut self, coded: &'m Coded<T>) -> (Column<'m>, &'m BTreeMap<String, T>) {
        (self.column(&coded.column), &coded.values)
    }

    fn given<T>(
        &mut self,
        source: Option<&'m Source>,
        fixed: impl Fn(&str) -> Option<T>,
    ) -> Option<Given<'m, T>> {
        match source? {
            Source::Column(c) => Some(Given::Column(self.column(c))),
            // A fixed value that does not parse is refused by `Mapping::check` first.
            Source::Fixed(value) => fixed(value).map(Given::Fixed),
        }
    }
}

impl<'m> Layout<'m> {
    /// Resolves every column of `mapping` with `find`; the names it cannot find are returned.
    fn new(
        mapping: &'m Mapping,
        find: &dyn Fn(&str) -> Option<usize>,
    ) -> Result<Self, Vec<&'m str>> {
        let mut f = Finder {
            find,
            missing: Vec::new(),
        };
        let time_format = mapping.time_format.as_deref();
        let layout = Self {
            record: mapping.record.as_ref().map(|r| f.coded(r)),
            site: (f.column(&mapping.site.column), mapping.site.by),
            date: f.column(&mapping.date),
            date_format: mapping.date_format.as_deref(),
            time: f.given(mapping.time.as_ref(), |t| {
                clock::time_of_day(t, time_format)
            }),
            time_format,
            offset: f.given(mapping.utc_offset.as_ref(), clock::utc_offset),
            length: match &mapping.length {
                Length::Minutes(c) => (f.column(c), false),
                Length::EndTime(c) => (f.column(c), true),
            },
            mode: f.coded(&mapping.mode),
            coaches: f.people(&mapping.coaches),
            guests: mapping.guests.as_ref().map(|g| f.people(g)),
            travel: mapping.travel_minutes.as_deref().map(|c| f.column(c)),
            initiated_by: f.coded(&mapping.initiated_by),
            topics: mapping.topics.as_ref().map(|k| f.keys(k)),
            activities: mapping.activities.as_ref().map(|k| f.keys(k)),
            activity: mapping.activity.as_ref().map(|a| f.coded(a)),
            asked: mapping.asked.as_deref().map(|c| f.column(c)),
            contact_id: mapping.contact_id.as_deref().map(|c| f.column(c)),
        };
        if f.missing.is_empty() {
            Ok(layout)
        } else {
            Err(f.missing)
        }
    }
}

/// Reads rows of one log: the mapping resolved against its columns, the program and manual
/// indexed, once.
pub(super) struct RowReader<'a> {
    layout: Layout<'a>,
    roster: Roster<'a>,
}

/// The lists a contact row fills: new, or an earlier row's emptied ([`Lists::of`]), so that
/// reading a log of a million rows allocates none per row.
#[derive(Default)]
pub(super) struct Lists {
    coaches: Vec<EntityId>,
    guests: Vec<EntityId>,
    topics: Vec<Key>,
    activities: Vec<Key>,
}

impl Lists {
    /// The lists of `row`, a row done with, taken and emptied.
    pub(super) fn of(row: &mut LogRow) -> Self {
        let LogRecord::Contact { contact, .. } = &mut row.record else {
            return Self::default();
        };
        Self {
            coaches: emptied(&mut contact.coaches),
            guests: emptied(&mut contact.guests),
            topics: emptied(&mut contact.topics),
            activities: emptied(&mut contact.activities),
        }
    }
}

/// `list` taken, emptied, its room kept.
fn emptied<T>(list: &mut Vec<T>) -> Vec<T> {
    let mut list = std::mem::take(list);
    list.clear();
    list
}

/// A contact's or activity's moment: its date, and its start where the row gives a time.
struct Moment {
    date: Date,
    start: Option<(ContactTime, NaiveDateTime)>,
}

impl<'a> RowReader<'a> {
    /// Checks `mapping` and finds its columns with `find` (a column's position by its name);
    /// the problem, at line `line`, is a whole-file one: no row can be read.
    pub(super) fn new(
        mapping: &'a Mapping,
        program: &'a Program,
        manual: &'a Manual,
        find: &dyn Fn(&str) -> Option<usize>,
        line: u64,
    ) -> Result<Self, RowProblem> {
        if let Err(error) = mapping.check() {
            return Err(RowProblem::row(
                line,
                LogRule::MappingInvalid,
                format!("the mapping cannot read any row: {error}"),
            ));
        }
        match Layout::new(mapping, find) {
            Ok(layout) => Ok(Self {
                layout,
                roster: Roster::new(program, manual),
            }),
            Err(missing) => Err(RowProblem {
                line,
                column: missing.first().map(|c| (*c).to_owned()),
                rule: LogRule::ColumnMissing,
                value: None,
                message: format!(
                    "the log has no column {}; the mapping reads {}",
                    missing
                        .iter()
                        .map(|c| RowProblem::quoted(c))
                        .collect::<Vec<_>>()
                        .join(", "),
                    if missing.len() == 1 { "it" } else { "them" }
                ),
            }),
        }
    }

    /// The row of `lines` starting on `line`, read (a contact's lists into `lists`) and
    /// admitted to `ledger` (which counts it and finds a repeated contact or id), or its first
    /// problem.
    pub(super) fn row(
        &self,
        cells: &impl Cells,
        (line, lines): (u64, u64),
        ledger: &mut Ledger,
        lists: Lists,
    ) -> Result<LogRow, RowProblem> {
        let row = Row {
            cells,
            line,
            layout: &self.layout,
            roster: &self.roster,
            ledger,
        };
        match row.record(lists) {
            Ok((record, contact)) => {
                let contact = contact.map(|(print, id)| {
                    (
                        print,
                        self.layout.contact_id.zip(id).map(|(c, id)| (c.name, id)),
                    )
                });
                let repeats = ledger.admit(&record, contact, line, lines)?;
                Ok(LogRow {
                    line,
                    record,
                    repeats,
                })
            }
            Err(problem) => {
                ledger.account.reported(lines);
                Err(problem)
            }
        }
    }
}

/// One row being read.
struct Row<'r, 'a, 'l, C> {
    cells: &'r C,
    line: u64,
    layout: &'r Layout<'a>,
    roster: &'r Roster<'a>,
    /// The rows admitted so far: a contact's fingerprint is taken as soon as its fields are
    /// read.
    ledger: &'l Ledger,
}

/// A row's record and, for a contact, its fingerprint and its id where the mapping names an
/// id column.
type Record<'r> = (LogRecord, Option<(Fingerprint, Option<&'r str>)>);

impl<'r, C: Cells> Row<'r, '_, '_, C> {
    /// The row's record, and a contact's id where the mapping names an id column.
    fn record(&self, lists: Lists) -> Result<Record<'r>, RowProblem> {
        let kind = match self.layout.record {
            None => RecordKind::Contact,
            Some((column, values)) => {
                let cell = self.required(column, "what the row records")?;
                coded(cell, values, &RECORD_KINDS).ok_or_else(|| {
                    self.problem(
                        column,
                        LogRule::RecordUnknown,
                        cell,
                        &expected_codes(values, "contact, activity or meeting"),
                    )
                })?
            }
        };
        match kind {
            RecordKind::Contact => self.contact(lists),
            RecordKind::Activity => {
                let site = self.site()?;
                let moment = self.moment(false)?;
                let activity = self.activity(false)?;
                Ok((
                    LogRecord::Activity {
                        site,
                        date: moment.date,
                        activity,
                        start: moment.start.map(|(start, _)| start),
                    },
                    None,
                ))
            }
            RecordKind::Meeting => {
                let moment = self.moment(false)?;
                let activity = self.activity(true)?;
                Ok((
                    LogRecord::Meeting {
                        date: moment.date,
                        activity,
                    },
                    None,
                ))
            }
        }
    }

    fn contact(&self, lists: Lists) -> Result<Record<'r>, RowProblem> {
        let Lists {
            mut coaches,
            mut guests,
            mut topics,
            mut activities,
        } = lists;
        let id = match self.layout.contact_id {
            Some(column) => Some(self.required(column, "the contact's id")?),
            None => None,
        };
        let site = self.site()?;
        let moment = self.moment(true)?;
        let Some((start, local)) = moment.start else {
            // `moment(true)` gives a start or a problem.
            return Err(RowProblem::row(
                self.line,
                LogRule::TimeInvalid,
                "the contact has no start time".to_owned(),
            ));
        };
        let minutes = self.minutes(local)?;
        let (column, values) = self.layout.mode;
        let cell = self.required(column, "how the contact happened")?;
        let mode = coded(cell, values, &MODES).ok_or_else(|| {
            self.problem(
                column,
                LogRule::ModeUnknown,
                cell,
                &expected_codes(values, "in_person, video, phone or email"),
            )
        })?;
        let (list, by) = &self.layout.coaches;
        self.people(list, *by, &[], &mut coaches)?;
        if coaches.is_empty() {
            let column = list.columns.first().copied().unwrap_or(self.layout.site.0);
            return Err(self.empty(column, "the coaches who made the contact"));
        }
        let print = self
            .ledger
            .contact_print(site, &start, (mode, minutes), &coaches);
        if let Some((list, by)) = &self.layout.guests {
            self.people(list, *by, &coaches, &mut guests)?;
        }
        let travel_minutes = match self.layout.travel {
            Some(column) => self.travel(column)?,
            None => None,
        };
        let (column, values) = self.layout.initiated_by;
        let cell = self.required(column, "who asked for the contact")?;
        let initiated_by = coded(cell, values, &INITIATORS).ok_or_else(|| {
            self.problem(
                column,
                LogRule::InitiatorUnknown,
                cell,
                &expected_codes(values, "coach or site"),
            )
        })?;
        if let Some(keys) = &self.layout.topics {
            self.keys(
                keys,
                |key| self.roster.skill(key),
                (LogRule::TopicUnknown, "a skill of the manual"),
                &mut topics,
            )?;
        }
        if let Some(keys) = &self.layout.activities {
            self.keys(
                keys,
                |key| self.roster.activity(key).map(|(k, _)| k),
                (LogRule::ActivityUnknown, "an activity of the manual"),
                &mut activities,
            )?;
        }
        let asked = self.asked()?;
        Ok((
            LogRecord::Contact {
                site,
                contact: Contact {
                    start,
                    asked,
                    mode,
                    minutes,
                    coaches,
                    guests,
                    travel_minutes,
                    initiated_by,
                    topics,
                    activities,
                },
            },
            Some((print, id)),
        ))
    }

    /// When a written question was asked, where the mapping reads it and the cell holds it.
    fn asked(&self) -> Result<Option<ContactTime>, RowProblem> {
        let Some(column) = self.layout.asked else {
            return Ok(None);
        };
        let cell = self.text(column)?;
        if cell.is_empty() {
            return Ok(None);
        }
        ContactTime::new(cell)
            .map(Some)
            .map_err(|e| self.problem(column, LogRule::TimeInvalid, cell, e.expected()))
    }

    fn site(&self) -> Result<EntityId, RowProblem> {
        let (column, by) = self.layout.site;
        let cell = self.required(column, "the site")?;
        self.find(&self.roster.sites, column, cell, by)
    }

    /// The entity `cell` names in `directory`, or the problem.
    fn find(
        &self,
        directory: &Directory<'_>,
        column: Column<'_>,
        cell: &str,
        by: By,
    ) -> Result<EntityId, RowProblem> {
        let what = directory.what;
        match directory.find(cell, by) {
            Found::One(id) => Ok(id),
            Found::Unknown => Err(self.problem(
                column,
                directory.unknown,
                cell,
                &match by {
                    By::Id => format!("the id of a {what} of the program"),
                    By::Name => {
                        format!("the name of a {what} of the program, as the program writes it")
                    }
                },
            )),
            Found::Ambiguous => Err(self.problem(
                column,
                directory.ambiguous,
                cell,
                &format!(
                    "a name only one {what} of the program has; several share it, so give the id"
                ),
            )),
        }
    }

    /// The row's date, and its start where it gives a time (a contact must).
    fn moment(&self, contact: bool) -> Result<Moment, RowProblem> {
        let layout = self.layout;
        let column = layout.date;
        let cell = self.required(column, "the date")?;
        let date_problem =
            |expected: &str| self.problem(column, LogRule::DateInvalid, cell, expected);
        // Built only for a problem: most rows have none.
        let date_expected = || {
            layout.date_format.map_or_else(
                || "a date written YYYY-MM-DD".to_owned(),
                |f| format!("a date written `{f}`"),
            )
        };
        let local = match (&layout.time, layout.date_format) {
            (Some(time), format) => {
                let day =
                    clock::date(cell, format).ok_or_else(|| date_problem(&date_expected()))?;
                let time = match time {
                    Given::Fixed(time) => Some(*time),
                    Given::Column(column) => {
                        let cell = self.text(*column)?;
                        if cell.is_empty() {
                            if contact {
                                return Err(self.empty(*column, "the time the contact started"));
                            }
                            None
                        } else {
                            Some(clock::time_of_day(cell, layout.time_format).ok_or_else(|| {
                                self.problem(
                                    *column,
                                    LogRule::TimeInvalid,
                                    cell,
                                    &time_expected(layout.time_format),
                                )
                            })?)
                        }
                    }
                };
                match time {
                    Some(time) => Ok(day.and_time(time)),
                    None => Err(day),
                }
            }
            (None, Some(format)) => match clock::date_time(cell, format) {
                Some(local) => Ok(local),
                None if !contact => Err(clock::date(cell, Some(format)).ok_or_else(|| {
                    date_problem(&format!("a date, or date and time, written `{format}`"))
                })?),
                None => return Err(date_problem(&format!("a date and time written `{format}`"))),
            },
            (None, None) => match ContactTime::new(cell) {
                Ok(start) => {
                    let local = start.as_datetime().naive_local();
                    return Ok(Moment {
                        date: start.date(),
                        start: Some((start, local)),
                    });
                }
                Err(_) if !contact => Err(clock::date(cell, None).ok_or_else(|| {
                    date_problem(
                        "a date written YYYY-MM-DD, or an RFC 3339 date and time with offset",
                    )
                })?),
                Err(e) => Err(self.problem(column, LogRule::TimeInvalid, cell, e.expected()))?,
            },
        };
        let local = match local {
            Ok(local) => local,
            Err(day) => {
                let date = Date::from_naive(day).map_err(|_| date_problem(&date_expected()))?;
                return Ok(Moment { date, start: None });
            }
        };
        let date = Date::from_naive(local.date()).map_err(|_| date_problem(&date_expected()))?;
        let offset = match &layout.offset {
            Some(Given::Fixed(offset)) => *offset,
            Some(Given::Column(column)) => {
                let cell = self.required(*column, "the UTC offset of the time")?;
                clock::utc_offset(cell).ok_or_else(|| {
                    self.problem(
                        *column,
                        LogRule::OffsetInvalid,
                        cell,
                        "a UTC offset such as -08:00, +05:30 or Z",
                    )
                })?
            }
            // `Mapping::check` asks for an offset wherever times are written without one.
            None => return Err(date_problem("a date and time with a UTC offset")),
        };
        let start = clock::contact_time(local, offset).ok_or_else(|| {
            self.problem(
                column,
                LogRule::TimeInvalid,
                cell,
                "a date and time from year 1 to 9999",
            )
        })?;
        Ok(Moment {
            date,
            start: Some((start, local)),
        })
    }

    /// The contact's minutes, from the minutes column or from its end time and `start`.
    fn minutes(&self, start: NaiveDateTime) -> Result<Minutes, RowProblem> {
        let (column, end_time) = self.layout.length;
        if !end_time {
            let cell = self.required(column, "the contact's minutes")?;
            return whole_minutes(cell).ok_or_else(|| {
                self.problem(
                    column,
                    LogRule::MinutesInvalid,
                    cell,
                    "a whole number of minutes from 1 to 1440",
                )
            });
        }
        let cell = self.required(column, "the time the contact ended")?;
        let end = clock::time_of_day(cell, self.layout.time_format).ok_or_else(|| {
            self.problem(
                column,
                LogRule::TimeInvalid,
                cell,
                &time_expected(self.layout.time_format),
            )
        })?;
        let minutes = (end - start.time()).num_minutes();
        u16::try_from(minutes)
            .ok()
            .filter(|m| *m >= 1)
            .and_then(|m| Minutes::new(m).ok())
            .ok_or_else(|| {
                self.problem(
                    column,
                    LogRule::MinutesInvalid,
                    cell,
                    &format!(
                        "an end time after the start, {}, on the same day",
                        start.time().format("%H:%M")
                    ),
                )
            })
    }

    fn travel(&self, column: Column<'_>) -> Result<Option<Minutes>, RowProblem> {
        let cell = self.text(column)?;
        if cell.is_empty() || cell == "0" {
            return Ok(None);
        }
        whole_minutes(cell).map(Some).ok_or_else(|| {
            self.problem(
                column,
                LogRule::MinutesInvalid,
                cell,
                "a whole number of travel minutes from 0 to 1440, or an empty cell",
            )
        })
    }

    /// The coaches a list field names, each once and none of the `coaches` named already (a
    /// coach counted twice would count the contact's minutes twice toward coach hours), into
    /// `found`.
    fn people(
        &self,
        list: &List<'_>,
        by: By,
        coaches: &[EntityId],
        found: &mut Vec<EntityId>,
    ) -> Result<(), RowProblem> {
        self.items(list, |column, item| {
            let id = self.find(&self.roster.coaches, column, item, by)?;
            if found.contains(&id) || coaches.contains(&id) {
                let earlier = if coaches.contains(&id) {
                    "already among the row's coaches"
                } else {
                    "already named in this row"
                };
                return Err(self.problem(
                    column,
                    LogRule::CoachRepeated,
                    item,
                    &format!("each coach once in a row; this coach is {earlier}"),
                ));
            }
            found.push(id);
            Ok(())
        })
    }

    /// The keys a field of keys names, each resolved with `known`, into `found`; an unknown
    /// one is the problem of the rule given, expecting what is said.
    fn keys<'k>(
        &self,
        keys: &KeyColumns<'_>,
        known: impl Fn(&str) -> Option<&'k Key>,
        (unknown, expected): (LogRule, &str),
        found: &mut Vec<Key>,
    ) -> Result<(), RowProblem> {
        let resolve = |column: Column<'_>, item: &str| {
            let key = keys.values.get(item).map_or(item, Key::as_str);
            known(key).cloned().ok_or_else(|| {
                self.problem(
                    column,
                    unknown,
                    item,
                    &if keys.values.is_empty() {
                        expected.to_owned()
                    } else {
                        format!("{expected}, or one of the mapping's codes")
                    },
                )
            })
        };
        self.items(&keys.list, |column, item| {
            found.push(resolve(column, item)?);
            Ok(())
        })?;
        for (column, key) in &keys.checkboxes {
            let cell = self.text(*column)?;
            if checked(cell).ok_or_else(|| {
                self.problem(
                    *column,
                    LogRule::CheckboxInvalid,
                    cell,
                    "1 or Checked where ticked, 0, Unchecked or empty where not",
                )
            })? {
                found.push(resolve(*column, key.as_str())?);
            }
        }
        Ok(())
    }

    /// Calls `each` with every item of a list field: the cells of its columns, split at its
    /// separator, or the items of cells written as lists; empty items are skipped.
    fn items(
        &self,
        list: &List<'_>,
        mut each: impl FnMut(Column<'_>, &str) -> Result<(), RowProblem>,
    ) -> Result<(), RowProblem> {
        for column in &list.columns {
            if let Some(items) = self.cells.items(column.at) {
                for item in items.iter().map(|i| i.trim()).filter(|i| !i.is_empty()) {
                    each(*column, item)?;
                }
                continue;
            }
            let cell = self.text(*column)?;
            match list.separator {
                Some(Separator::Char(separator)) if separator.is_ascii() => {
                    // Split at the byte, which never falls inside a character.
                    let separator = u8::try_from(separator).unwrap_or(b';');
                    let mut rest = cell;
                    loop {
                        let (item, after) = match memchr::memchr(separator, rest.as_bytes()) {
                            Some(k) => (rest.get(..k), rest.get(k + 1..)),
                            None => (Some(rest), None),
                        };
                        let item = trim(item.unwrap_or_default());
                        if !item.is_empty() {
                            each(*column, item)?;
                        }
                        match after {
                            Some(after) => rest = after,
                            None => break,
                        }
                    }
                }
                Some(Separator::Char(separator)) => {
                    for item in cell
                        .split(separator)
                        .map(str::trim)
                        .filter(|i| !i.is_empty())
                    {
                        each(*column, item)?;
                    }
                }
                Some(Separator::Text(separator)) => {
                    for item in cell
                        .split(separator)
                        .map(str::trim)
                        .filter(|i| !i.is_empty())
                    {
                        each(*column, item)?;
                    }
                }
                None if cell.is_empty() => {}
                None => each(*column, cell)?,
            }
        }
        Ok(())
    }

    /// The activity an activity or meeting row records; a meeting's must be program-wide, a
    /// site's must not.
    fn activity(&self, meeting: bool) -> Result<Key, RowProblem> {
        let Some((column, values)) = self.layout.activity else {
            return Err(RowProblem::row(
                self.line,
                LogRule::RecordUnknown,
                "the row records an activity or meeting, but the mapping names no `activity` column; expected contacts only".to_owned(),
            ));
        };
        let cell = self.required(column, "the activity held")?;
        let key = values.get(cell).map_or(cell, Key::as_str);
        let Some((key, program_wide)) = self.roster.activity(key) else {
            return Err(self.problem(
                column,
                LogRule::ActivityUnknown,
                cell,
                "an activity of the manual",
            ));
        };
        if program_wide != meeting {
            return Err(self.problem(
                column,
                LogRule::ActivityScope,
                cell,
                if meeting {
                    "an activity the manual holds once for the program (a meeting)"
                } else {
                    "an activity the manual holds at each site; a program-wide one is a `meeting` row"
                },
            ));
        }
        Ok(key.clone())
    }

    /// The text of a cell.
    fn text(&self, column: Column<'_>) -> Result<&'r str, RowProblem> {
        self.cells.text(column.at).map_err(|fault| match fault {
            CellFault::NotUtf8 => RowProblem {
                line: self.line,
                column: Some(column.name.to_owned()),
                rule: LogRule::CellNotUtf8,
                value: None,
                message: format!(
                    "`{}` is not UTF-8 text; expected the export saved as UTF-8",
                    column.name
                ),
            },
            CellFault::List => RowProblem {
                line: self.line,
                column: Some(column.name.to_owned()),
                rule: LogRule::LineNotObject,
                value: None,
                message: format!("`{}` is a list; expected one value", column.name),
            },
        })
    }

    /// The text of a cell that must not be empty; `what` says what it holds.
    fn required(&self, column: Column<'_>, what: &str) -> Result<&'r str, RowProblem> {
        let cell = self.text(column)?;
        if cell.is_empty() {
            Err(self.empty(column, what))
        } else {
            Ok(cell)
        }
    }

    fn empty(&self, column: Column<'_>, what: &str) -> RowProblem {
        RowProblem::cell(
            self.line,
            column.name,
            LogRule::CellEmpty,
            "",
            format!("`{}` is empty; expected {what}", column.name),
        )
    }

    fn problem(&self, column: Column<'_>, rule: LogRule, cell: &str, expected: &str) -> RowProblem {
        RowProblem::cell(
            self.line,
            column.name,
            rule,
            cell,
            format!(
                "`{}` is {}; expected {expected}",
                column.name,
                RowProblem::quoted(cell)
            ),
        )
    }
}

/// What a time cell should hold.
fn time_expected(format: Option<&str>) -> String {
    format.map_or_else(
        || "a time of day written HH:MM (24-hour), e.g. 09:30".to_owned(),
        |f| format!("a time of day written `{f}`"),
    )
}

/// Whole minutes from 1 to 1440: ASCII digits only (no sign, point or spaces).
fn whole_minutes(cell: &str) -> Option<Minutes> {
    if cell.is_empty() {
        return None;
    }
    let minutes = cell.bytes().try_fold(0u16, |n, b| {
        if b.is_ascii_digit() {
            n.checked_mul(10)?.checked_add(u16::from(b - b'0'))
        } else {
            None
        }
    })?;
    Minutes::new(minutes).ok().filter(|_| minutes >= 1)
}

/// `item` without surrounding whitespace, as `str::trim` gives it; an item that starts and
/// ends with a visible ASCII character (most ids and keys) is returned as it is.
fn trim(item: &str) -> &str {
    match (item.as_bytes().first(), item.as_bytes().last()) {
        (Some(a), Some(b)) if a.is_ascii_graphic() && b.is_ascii_graphic() => item,
        _ => item.trim(),
    }
}

/// Whether a checkbox cell is ticked; `None` for a cell that is neither.
fn checked(cell: &str) -> Option<bool> {
    match cell {
        "1" | "Checked" | "checked" | "yes" | "Yes" | "true" | "TRUE" => Some(true),
        "" | "0" | "Unchecked" | "unchecked" | "no" | "No" | "false" | "FALSE" => Some(false),
        _ => None,
    }
}

/// A coded cell: the mapping's code first, then the crate's own name.
fn coded<T: Copy>(cell: &str, values: &BTreeMap<String, T>, own: &[(&str, T)]) -> Option<T> {
    values.get(cell).copied().or_else(|| named(own, cell))
}

/// What a coded cell should hold: the mapping's codes, then the crate's names.
fn expected_codes<T>(values: &BTreeMap<String, T>, own: &str) -> String {
    if values.is_empty() {
        own.to_owned()
    } else {
        let codes: Vec<&str> = values.keys().map(String::as_str).take(12).collect();
        format!("one of the mapping's codes ({}) or {own}", codes.join(", "))
    }
}

/// The crate's own names of record kinds, as logs write them.
pub(super) const RECORD_KINDS: [(&str, RecordKind); 3] = [
    ("contact", RecordKind::Contact),
    ("activity", RecordKind::Activity),
    ("meeting", RecordKind::Meeting),
];

/// The crate's own names of contact modes, as documents and logs write them.
pub(super) const MODES: [(&str, ContactMode); 4] = [
    ("in_person", ContactMode::InPerson),
    ("video", ContactMode::Video),
    ("phone", ContactMode::Phone),
    ("email", ContactMode::Email),
];

/// The crate's own names of who asked for a contact.
pub(super) const INITIATORS: [(&str, Initiator); 2] =
    [("coach", Initiator::Coach), ("site", Initiator::Site)];

/// The value `name` names in `table`.
fn named<T: Copy>(table: &[(&str, T)], name: &str) -> Option<T> {
    table.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
}

/// The name of `value` in `table`.
pub(super) fn name_of<T: PartialEq>(table: &[(&'static str, T)], value: &T) -> &'static str {
    table
        .iter()
        .find(|(_, v)| v == value)
        .map_or("", |(n, _)| n)
}
