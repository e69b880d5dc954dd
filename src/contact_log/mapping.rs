//! The column mapping: which column of a log holds each field of a record, how sites and coaches
//! are named, which export codes stand for which values, and how dates and times are written.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::program::{ContactMode, Initiator};
use crate::{Key, ParseError, ParseErrorCode};

use super::clock;

/// How a contact log's columns map to records. [`Mapping::default`] reads the crate's own
/// columns, as [`write_csv`](super::write_csv) writes them; [`Mapping::from_json`] reads a
/// mapping for a spreadsheet or REDCap export.
///
/// A member left out means the log has no such column, except the required ones (`site`,
/// `date`, `length`, `mode`, `coaches`, `initiated_by`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// The JSON Schema this mapping follows; ignored by the crate.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The column saying what each row records (`contact`, `activity`, `meeting`); left out
    /// when every row is a contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<Coded<RecordKind>>,
    /// The column naming the site, by id or by name.
    pub site: Named,
    /// The column holding the date, or the date and time when `time` is left out.
    pub date: String,
    /// How dates are written, as a chrono format (e.g. `%m/%d/%Y`); ISO 8601 (`YYYY-MM-DD`)
    /// when left out. Where `time` is left out, a format of the date and time (e.g.
    /// `%m/%d/%Y %H:%M`); an RFC 3339 date-time with its offset when left out too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_format: Option<String>,
    /// Where a contact's time of day comes from: a column, or one fixed time for logs that
    /// record no time (contacts on one day with the same mode and coaches then share a start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<Source>,
    /// How times of day are written, as a chrono format (e.g. `%I:%M %p`); `HH:MM`, with
    /// seconds and fractions optional, when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_format: Option<String>,
    /// Where the UTC offset of times comes from: a column, or one fixed offset (e.g.
    /// `-08:00`). Needed unless the date column holds RFC 3339 date-times.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utc_offset: Option<Source>,
    /// How long a contact lasted: a column of minutes, or a column with the end time.
    pub length: Length,
    /// The column with the contact's mode, and export codes for modes.
    pub mode: Coded<ContactMode>,
    /// The column or columns naming the coaches who made the contact.
    pub coaches: People,
    /// The column or columns naming other coaches who joined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guests: Option<People>,
    /// The column with travel minutes (empty or `0` for none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub travel_minutes: Option<String>,
    /// The column saying who asked for the contact, and export codes for it.
    pub initiated_by: Coded<Initiator>,
    /// The column or columns with the skills the contact worked on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topics: Option<Keys>,
    /// The column or columns with the manual's activities held around the contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activities: Option<Keys>,
    /// The column with the activity an `activity` or `meeting` row records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<Coded<Key>>,
    /// The column with when the site's written question arrived that the contact answers, an
    /// RFC 3339 date-time with its offset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asked: Option<String>,
    /// The column with each contact's own id (a record id of the export, say): every contact
    /// row must give one, and an id given on an earlier line is a problem of the row
    /// (`log-contact-id-repeated`). Activity and meeting rows are not read for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<String>,
}

/// What a row of a log records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// A contact with a site.
    Contact,
    /// An activity of the manual held at a site.
    Activity,
    /// A program-wide meeting of the manual.
    Meeting,
}

/// A column whose cells are codes: looked up in `values` first, then read as the crate's own
/// value (e.g. `in_person`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, bound(deserialize = "T: Deserialize<'de>"))]
pub struct Coded<T> {
    /// The column's name in the header.
    pub column: String,
    /// Export codes or labels and the values they stand for, e.g. `{"1": "in_person"}`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, T>,
}

impl<T> Coded<T> {
    /// A column of the crate's own values, without codes.
    #[must_use]
    pub fn column(column: &str) -> Self {
        Self {
            column: column.to_owned(),
            values: BTreeMap::new(),
        }
    }
}

/// Where a value comes from: a column, or one fixed value for every row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Source {
    /// The column's name in the header.
    Column(String),
    /// One value for every row, written as a cell would be.
    Fixed(String),
}

/// How a contact's length is logged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Length {
    /// A column of whole minutes, 1 to 1440.
    Minutes(String),
    /// A column with the time of day the contact ended, on the day it started.
    EndTime(String),
}

/// Whether sites or coaches are named by id or by name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum By {
    /// By id (a uuid).
    #[default]
    Id,
    /// By name, exactly as the program writes it (surrounding spaces aside); a name several
    /// share is a problem of the row.
    Name,
}

/// The column naming the site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Named {
    /// The column's name in the header.
    pub column: String,
    /// By id (the default) or by name.
    #[serde(default)]
    pub by: By,
}

/// The column or columns naming coaches: one column with a separator (`Dr A; Dr B`), or
/// several columns of one coach each (`facilitator_1`, `facilitator_2`), empty cells skipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct People {
    /// One column, its cells split at `separator`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// Several columns of one coach each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
    /// What separates coaches in one cell, e.g. `;`; a cell is one coach when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub separator: Option<String>,
    /// By id (the default) or by name.
    #[serde(default)]
    pub by: By,
}

/// The column or columns with keys of the manual (skills, activities): one column with a
/// separator, several columns of one key each, or checkbox columns (as REDCap exports a
/// question with several answers: a column per answer, `1` where checked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Keys {
    /// One column, its cells split at `separator`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// Several columns of one key each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
    /// What separates keys in one cell, e.g. `;`; a cell is one key when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub separator: Option<String>,
    /// Checkbox columns and the key each stands for, e.g. `{"topics___1": "data-feedback"}`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub checkboxes: BTreeMap<String, Key>,
    /// Export codes or labels and the keys they stand for; other cells are read as keys.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, Key>,
}

impl Keys {
    /// One column of keys separated by `;`.
    fn listed(column: &str) -> Self {
        Self {
            column: Some(column.to_owned()),
            columns: Vec::new(),
            separator: Some(LIST_SEPARATOR.to_owned()),
            checkboxes: BTreeMap::new(),
            values: BTreeMap::new(),
        }
    }
}

/// What separates the items of a list cell in the crate's own columns.
pub(super) const LIST_SEPARATOR: &str = ";";

impl Default for Mapping {
    /// The crate's own columns: `record`, `site` (id), `date` (ISO), `time` (`HH:MM`),
    /// `utc_offset`, `minutes`, `mode`, `coaches` and `guests` (ids separated by `;`),
    /// `travel_minutes`, `initiated_by`, `topics` and `activities` (keys separated by `;`),
    /// `activity`, `asked` (RFC 3339).
    fn default() -> Self {
        let people = |column: &str| People {
            column: Some(column.to_owned()),
            columns: Vec::new(),
            separator: Some(LIST_SEPARATOR.to_owned()),
            by: By::Id,
        };
        Self {
            schema: None,
            record: Some(Coded::column("record")),
            site: Named {
                column: "site".to_owned(),
                by: By::Id,
            },
            date: "date".to_owned(),
            date_format: None,
            time: Some(Source::Column("time".to_owned())),
            time_format: None,
            utc_offset: Some(Source::Column("utc_offset".to_owned())),
            length: Length::Minutes("minutes".to_owned()),
            mode: Coded::column("mode"),
            coaches: people("coaches"),
            guests: Some(people("guests")),
            travel_minutes: Some("travel_minutes".to_owned()),
            initiated_by: Coded::column("initiated_by"),
            topics: Some(Keys::listed("topics")),
            activities: Some(Keys::listed("activities")),
            activity: Some(Coded::column("activity")),
            asked: Some("asked".to_owned()),
            contact_id: None,
        }
    }
}

impl Mapping {
    /// Reads a mapping from JSON and checks it: unknown members are refused with the nearest
    /// name, and a mapping that could not read any row (a bad fixed value or format, `column`
    /// and `columns` both given, times without an offset, one column read for two fields) is
    /// refused with the member's JSON Pointer.
    ///
    /// # Errors
    /// When the JSON does not parse as a mapping or the mapping is inconsistent.
    pub fn from_json(bytes: &[u8]) -> Result<Self, ParseError> {
        let mapping: Self = crate::parse::from_json(bytes)?;
        mapping.check()?;
        Ok(mapping)
    }

    /// The mapping as pretty JSON.
    #[must_use]
    pub fn to_json(&self) -> String {
        crate::parse::to_json(self)
    }

    /// Checks what parsing alone cannot: a mapping built in code is checked the same way when
    /// a log is read with it.
    ///
    /// # Errors
    /// The first inconsistency, with its JSON Pointer.
    pub fn check(&self) -> Result<(), ParseError> {
        let wrong = |pointer: &str, message: String| {
            ParseError::new(ParseErrorCode::Value, 0, 0, pointer, message)
        };
        if let Some(format) = &self.date_format
            && !clock::format_is_valid(format)
        {
            return Err(wrong(
                "/date_format",
                format!("`{format}` is not a chrono format; expected e.g. `%m/%d/%Y`"),
            ));
        }
        if let Some(format) = &self.time_format
            && !clock::format_is_valid(format)
        {
            return Err(wrong(
                "/time_format",
                format!("`{format}` is not a chrono format; expected e.g. `%H:%M`"),
            ));
        }
        if let Some(Source::Fixed(time)) = &self.time
            && clock::time_of_day(time, self.time_format.as_deref()).is_none()
        {
            return Err(wrong(
                "/time/fixed",
                format!("`{time}` is not a time of day; expected e.g. `09:00`"),
            ));
        }
        if let Some(Source::Fixed(offset)) = &self.utc_offset
            && clock::utc_offset(offset).is_none()
        {
            return Err(wrong(
                "/utc_offset/fixed",
                format!("`{offset}` is not a UTC offset; expected e.g. `-08:00` or `Z`"),
            ));
        }
        let rfc3339 = self.time.is_none() && self.date_format.is_none();
        if !rfc3339 && self.utc_offset.is_none() {
            return Err(wrong(
                "/utc_offset",
                "times are written without an offset here; expected `utc_offset` with a column or a fixed offset such as `-08:00`".to_owned(),
            ));
        }
        if rfc3339 && self.utc_offset.is_some() {
            return Err(wrong(
                "/utc_offset",
                "the date column holds RFC 3339 date-times, which carry their offset; expected no `utc_offset`, or `time` or `date_format` for times without one".to_owned(),
            ));
        }
        check_columns(
            "/coaches",
            self.coaches.column.as_ref(),
            &self.coaches.columns,
            None,
            self.coaches.separator.as_deref(),
        )
        .map_err(|m| wrong("/coaches", m))?;
        if let Some(guests) = &self.guests {
            check_columns(
                "/guests",
                guests.column.as_ref(),
                &guests.columns,
                None,
                guests.separator.as_deref(),
            )
            .map_err(|m| wrong("/guests", m))?;
        }
        for (pointer, keys) in [("/topics", &self.topics), ("/activities", &self.activities)] {
            if let Some(keys) = keys {
                check_columns(
                    pointer,
                    keys.column.as_ref(),
                    &keys.columns,
                    Some(keys.checkboxes.len()),
                    keys.separator.as_deref(),
                )
                .map_err(|m| wrong(pointer, m))?;
            }
        }
        self.check_one_field_a_column()
            .map_err(|(pointer, m)| wrong(&pointer, m))
    }

    /// Checks that no column is read for two fields (travel minutes from the minutes column
    /// would count a contact's length as its travel), except `record` and `activity`: one
    /// column of a form's "type" question may say both what a row records and which activity
    /// it was, each through its own `values`.
    fn check_one_field_a_column(&self) -> Result<(), (String, String)> {
        let column = |pointer: String, name: &str| (pointer, name.to_owned());
        let mut all: Vec<(String, String)> = Vec::new();
        if let Some(record) = &self.record {
            all.push(column("/record/column".to_owned(), &record.column));
        }
        all.push(column("/site/column".to_owned(), &self.site.column));
        all.push(column("/date".to_owned(), &self.date));
        if let Some(Source::Column(c)) = &self.time {
            all.push(column("/time/column".to_owned(), c));
        }
        if let Some(Source::Column(c)) = &self.utc_offset {
            all.push(column("/utc_offset/column".to_owned(), c));
        }
        all.push(match &self.length {
            Length::Minutes(c) => column("/length/minutes".to_owned(), c),
            Length::EndTime(c) => column("/length/end_time".to_owned(), c),
        });
        all.push(column("/mode/column".to_owned(), &self.mode.column));
        for (member, people) in [
            ("coaches", Some(&self.coaches)),
            ("guests", self.guests.as_ref()),
        ] {
            let Some(people) = people else { continue };
            if let Some(c) = &people.column {
                all.push(column(format!("/{member}/column"), c));
            }
            for (i, c) in people.columns.iter().enumerate() {
                all.push(column(format!("/{member}/columns/{i}"), c));
            }
        }
        if let Some(c) = &self.travel_minutes {
            all.push(column("/travel_minutes".to_owned(), c));
        }
        all.push(column(
            "/initiated_by/column".to_owned(),
            &self.initiated_by.column,
        ));
        for (member, keys) in [("topics", &self.topics), ("activities", &self.activities)] {
            let Some(keys) = keys else { continue };
            if let Some(c) = &keys.column {
                all.push(column(format!("/{member}/column"), c));
            }
            for (i, c) in keys.columns.iter().enumerate() {
                all.push(column(format!("/{member}/columns/{i}"), c));
            }
            for c in keys.checkboxes.keys() {
                let escaped = c.replace('~', "~0").replace('/', "~1");
                all.push(column(format!("/{member}/checkboxes/{escaped}"), c));
            }
        }
        if let Some(activity) = &self.activity {
            all.push(column("/activity/column".to_owned(), &activity.column));
        }
        if let Some(c) = &self.asked {
            all.push(column("/asked".to_owned(), c));
        }
        if let Some(c) = &self.contact_id {
            all.push(column("/contact_id".to_owned(), c));
        }
        let mut read: Vec<(&str, &str)> = Vec::new();
        let shared = |a: &str, b: &str| {
            let pair = |x: &str| x == "/record/column" || x == "/activity/column";
            pair(a) && pair(b)
        };
        for (pointer, name) in &all {
            if let Some((earlier, _)) = read
                .iter()
                .find(|(p, n)| *n == name.as_str() && !shared(p, pointer))
            {
                return Err((
                    pointer.clone(),
                    format!(
                        "`{pointer}` reads the column `{name}`, which `{earlier}` reads already; expected a column of its own for each field (only `record` and `activity` may share one)"
                    ),
                ));
            }
            read.push((pointer.as_str(), name.as_str()));
        }
        Ok(())
    }

    /// Every column the mapping names, in the order of its members, each once.
    #[must_use]
    pub fn columns(&self) -> Vec<&str> {
        let mut all: Vec<&str> = Vec::new();
        all.extend(self.record.as_ref().map(|r| r.column.as_str()));
        all.push(&self.site.column);
        all.push(&self.date);
        if let Some(Source::Column(c)) = &self.time {
            all.push(c);
        }
        if let Some(Source::Column(c)) = &self.utc_offset {
            all.push(c);
        }
        all.push(match &self.length {
            Length::Minutes(c) | Length::EndTime(c) => c,
        });
        all.push(&self.mode.column);
        for people in std::iter::once(&self.coaches).chain(&self.guests) {
            all.extend(people.column.as_deref());
            all.extend(people.columns.iter().map(String::as_str));
        }
        all.extend(self.travel_minutes.as_deref());
        all.push(&self.initiated_by.column);
        for keys in self.topics.iter().chain(&self.activities) {
            all.extend(keys.column.as_deref());
            all.extend(keys.columns.iter().map(String::as_str));
            all.extend(keys.checkboxes.keys().map(String::as_str));
        }
        all.extend(self.activity.as_ref().map(|a| a.column.as_str()));
        all.extend(self.asked.as_deref());
        all.extend(self.contact_id.as_deref());
        let mut names: Vec<&str> = Vec::with_capacity(all.len());
        for name in all {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }
}

/// Checks that a list field names its cells one way: `column` (with an optional separator),
/// `columns`, or `checkboxes` (how many, where the field allows them).
fn check_columns(
    pointer: &str,
    column: Option<&String>,
    columns: &[String],
    checkboxes: Option<usize>,
    separator: Option<&str>,
) -> Result<(), String> {
    let ways = usize::from(column.is_some())
        + usize::from(!columns.is_empty())
        + usize::from(checkboxes.is_some_and(|n| n > 0));
    if ways != 1 {
        return Err(format!(
            "`{}` names its cells {ways} ways; expected exactly one of `column`, `columns`{}",
            pointer.trim_start_matches('/'),
            if checkboxes.is_some() {
                ", `checkboxes`"
            } else {
                ""
            }
        ));
    }
    if separator == Some("") {
        return Err("`separator` is empty; expected text such as `;`".to_owned());
    }
    Ok(())
}
