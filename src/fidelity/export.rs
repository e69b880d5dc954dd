//! A fidelity reading as tidy tables: one row per site, period and channel, and one per
//! activity (columns in docs/data-dictionary.md), as typed rows and as CSV with text guarded
//! against formula injection.

use std::borrow::Cow;
use std::io::Write;

use foldhash::{HashMap, HashMapExt};

use super::activities::ActivityAdherence;
use super::calendar::CalendarUnit;
use super::period::{DeliveredPeriod, hours};
use super::score::Fidelity;
use crate::tidy::{Column, Kind, Value, write_table, write_table_of};
use crate::{EntityId, Program};

/// The columns of table `delivered_periods`.
pub const PERIOD_COLUMNS: [Column; 22] = [
    Column::new("site_name", Kind::Text),
    Column::new("site_id", Kind::Id),
    Column::new("channel", Kind::Key),
    Column::new("from", Kind::Date),
    Column::new("until", Kind::Date),
    Column::new("days", Kind::Integer),
    Column::new("phase", Kind::Key),
    Column::new("level", Kind::Key),
    Column::new("per", Kind::Key),
    Column::new("cut", Kind::Boolean),
    Column::new("min_contacts", Kind::Integer),
    Column::new("max_contacts", Kind::Integer),
    Column::new("contacts", Kind::Integer),
    Column::new("fewer_coaches", Kind::Integer),
    Column::new("site_initiated", Kind::Integer),
    Column::new("contact_minutes", Kind::Integer),
    Column::new("contact_hours", Kind::Decimal),
    Column::new("coach_minutes", Kind::Integer),
    Column::new("coach_hours", Kind::Decimal),
    Column::new("travel_minutes", Kind::Integer),
    Column::new("share_of_minimum", Kind::Decimal),
    Column::new("adherence", Kind::Key),
];

/// The columns of table `delivered_by_calendar`.
pub const CALENDAR_COLUMNS: [Column; 12] = [
    Column::new("site_name", Kind::Text),
    Column::new("site_id", Kind::Id),
    Column::new("channel", Kind::Key),
    Column::new("by", Kind::Key),
    Column::new("from", Kind::Date),
    Column::new("until", Kind::Date),
    Column::new("contacts", Kind::Integer),
    Column::new("site_initiated", Kind::Integer),
    Column::new("contact_minutes", Kind::Integer),
    Column::new("contact_hours", Kind::Decimal),
    Column::new("coach_minutes", Kind::Integer),
    Column::new("coach_hours", Kind::Decimal),
];

/// The columns of table `activity_adherence`.
pub const ACTIVITY_COLUMNS: [Column; 6] = [
    Column::new("activity", Kind::Key),
    Column::new("site_name", Kind::Text),
    Column::new("site_id", Kind::Id),
    Column::new("expected", Kind::Integer),
    Column::new("held", Kind::Integer),
    Column::new("share_held", Kind::Decimal),
];

/// Site names by id.
fn site_names(program: &Program) -> HashMap<EntityId, &str> {
    let mut names = HashMap::with_capacity(program.sites.len());
    for site in &program.sites {
        names.entry(site.id).or_insert(site.name.as_str());
    }
    names
}

/// Each site's name, and its id as text: written once per site rather than once per period.
fn site_labels(program: &Program) -> HashMap<EntityId, (&str, String)> {
    site_names(program)
        .into_iter()
        .map(|(id, name)| (id, (name, id.to_string())))
        .collect()
}

/// The period's site's name and id as text, from `labels`; a site the program does not list
/// has no name, and its id is written here.
fn label_of<'a>(
    labels: &'a HashMap<EntityId, (&'a str, String)>,
    p: &DeliveredPeriod,
) -> (&'a str, Cow<'a, str>) {
    labels.get(&p.site).map_or_else(
        || ("", Cow::Owned(p.site.to_string())),
        |(name, id)| (*name, Cow::Borrowed(id.as_str())),
    )
}

/// A count as a table's integer.
fn integer(n: impl Into<u64>) -> Value<'static> {
    Value::Integer(i64::try_from(n.into()).unwrap_or(i64::MAX))
}

/// One row of `delivered_periods`.
fn period_row<'a>(p: &'a DeliveredPeriod, (name, id): (&'a str, Cow<'a, str>)) -> [Value<'a>; 22] {
    [
        Value::Text(Cow::Borrowed(name)),
        Value::Key(id),
        Value::Key(Cow::Borrowed(p.channel.as_str())),
        Value::Date(p.from),
        Value::Date(p.until),
        Value::Integer(p.days()),
        Value::Key(Cow::Borrowed(p.phase.as_str())),
        Value::Key(Cow::Borrowed(p.level.as_str())),
        Value::Key(Cow::Borrowed(p.per.as_str())),
        Value::Boolean(p.cut),
        integer(p.min_contacts),
        integer(p.max_contacts),
        integer(p.contacts),
        integer(p.fewer_coaches),
        integer(p.site_initiated),
        integer(p.contact_minutes),
        Value::Decimal(hours(p.contact_minutes)),
        integer(p.coach_minutes),
        Value::Decimal(hours(p.coach_minutes)),
        integer(p.travel_minutes),
        Value::Share(p.share_of_minimum()),
        Value::Key(Cow::Borrowed(p.adherence.as_str())),
    ]
}

/// One row of `activity_adherence`.
fn activity_row<'a>(a: &'a ActivityAdherence, name: Option<&'a str>) -> [Value<'a>; 6] {
    let (name, id) = match a.site {
        Some(site) => (
            Value::Text(Cow::Borrowed(name.unwrap_or_default())),
            Value::Key(Cow::Owned(site.to_string())),
        ),
        None => (Value::Missing, Value::Missing),
    };
    [
        Value::Key(Cow::Borrowed(a.activity.as_str())),
        name,
        id,
        integer(a.expected),
        integer(a.held),
        a.share_held().map_or(Value::Missing, Value::Share),
    ]
}

impl Fidelity {
    /// The rows of table `delivered_periods` ([`PERIOD_COLUMNS`]), one per site, period and
    /// channel, site names from `program`.
    pub fn period_rows<'a>(
        &'a self,
        program: &'a Program,
    ) -> impl Iterator<Item = [Value<'a>; 22]> + 'a {
        let names = site_names(program);
        self.periods.iter().map(move |p| {
            let name = names.get(&p.site).copied().unwrap_or_default();
            period_row(p, (name, Cow::Owned(p.site.to_string())))
        })
    }

    /// The rows of table `activity_adherence` ([`ACTIVITY_COLUMNS`]), one per activity at a
    /// site or program-wide.
    pub fn activity_rows<'a>(
        &'a self,
        program: &'a Program,
    ) -> impl Iterator<Item = [Value<'a>; 6]> + 'a {
        let names = site_names(program);
        self.activities.iter().map(move |a| {
            let name = a.site.and_then(|site| names.get(&site).copied());
            activity_row(a, name)
        })
    }

    /// Writes one CSV row per site, period and channel (table `delivered_periods` in
    /// docs/data-dictionary.md), site names from `program`.
    ///
    /// # Errors
    /// Where `out` cannot be written.
    pub fn write_csv<W: Write>(&self, program: &Program, out: W) -> Result<(), csv::Error> {
        let labels = site_labels(program);
        write_table_of(out, &PERIOD_COLUMNS, &self.periods, |p| {
            period_row(p, label_of(&labels, p))
        })
    }

    /// The rows of table `delivered_by_calendar` ([`CALENDAR_COLUMNS`]), one per site,
    /// calendar span (`unit`) and channel with a contact, site names from `program`.
    #[must_use]
    pub fn calendar_rows<'a>(
        &'a self,
        program: &'a Program,
        unit: CalendarUnit,
    ) -> Vec<[Value<'a>; 12]> {
        let names = site_names(program);
        self.calendar(unit)
            .into_iter()
            .map(|row| {
                let name = names.get(&row.site).copied().unwrap_or_default();
                [
                    Value::Text(Cow::Borrowed(name)),
                    Value::Key(Cow::Owned(row.site.to_string())),
                    Value::Key(Cow::Borrowed(row.channel.as_str())),
                    Value::Key(Cow::Borrowed(unit.as_str())),
                    Value::Date(row.from),
                    Value::Date(row.until),
                    integer(row.contacts),
                    integer(row.site_initiated),
                    integer(row.contact_minutes),
                    Value::Decimal(row.contact_hours),
                    integer(row.coach_minutes),
                    Value::Decimal(row.coach_hours),
                ]
            })
            .collect()
    }

    /// Writes one CSV row per site, calendar span (`unit`) and channel with a contact (table
    /// `delivered_by_calendar` in docs/data-dictionary.md), site names from `program`.
    ///
    /// # Errors
    /// Where `out` cannot be written.
    pub fn write_calendar_csv<W: Write>(
        &self,
        program: &Program,
        unit: CalendarUnit,
        out: W,
    ) -> Result<(), csv::Error> {
        write_table(out, &CALENDAR_COLUMNS, self.calendar_rows(program, unit))
    }

    /// Writes one CSV row per activity at a site or program-wide (table
    /// `activity_adherence` in docs/data-dictionary.md).
    ///
    /// # Errors
    /// Where `out` cannot be written.
    pub fn write_activities_csv<W: Write>(
        &self,
        program: &Program,
        out: W,
    ) -> Result<(), csv::Error> {
        write_table(out, &ACTIVITY_COLUMNS, self.activity_rows(program))
    }
}
