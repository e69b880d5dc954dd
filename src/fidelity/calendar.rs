//! Delivered contacts by calendar month, quarter or year: a view beside the prescription
//! periods, which start on each site's own day. A calendar month holds no prescription, so this
//! view counts what was delivered and judges nothing.

use std::collections::BTreeMap;

use chrono::Datelike;
use serde::Serialize;

use super::period::hours;
use crate::manual::Channel;
use crate::program::{Contact, Initiator};
use crate::{Date, EntityId};

/// The calendar span a row of the calendar view covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CalendarUnit {
    /// A calendar month.
    Month,
    /// A calendar quarter: January to March, April to June, July to September, October to
    /// December.
    Quarter,
    /// A calendar year.
    Year,
}

impl CalendarUnit {
    /// `month`, `quarter` or `year`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Month => "month",
            Self::Quarter => "quarter",
            Self::Year => "year",
        }
    }

    /// How many months one span holds.
    const fn months(self) -> i32 {
        match self {
            Self::Month => 1,
            Self::Quarter => 3,
            Self::Year => 12,
        }
    }
}

/// What was delivered at one site on one channel in one calendar span: only contacts counted in
/// a prescription period, so that the view adds up to the periods.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CalendarRow {
    /// The site.
    pub site: EntityId,
    /// The span's first day.
    pub from: Date,
    /// The day after its last.
    pub until: Date,
    /// The channel.
    pub channel: Channel,
    /// Contacts made.
    pub contacts: u32,
    /// Of them, those the site started.
    pub site_initiated: u32,
    /// Their minutes.
    pub contact_minutes: u64,
    /// Their hours (minutes / 60, to two decimals).
    pub contact_hours: f64,
    /// Minutes of every coach present (a joint contact counts each coach).
    pub coach_minutes: u64,
    /// Coach minutes in hours.
    pub coach_hours: f64,
}

/// Contacts counted at one site, by month (months since year 0) and channel.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct CalendarTally {
    /// Sorted by month and channel: a site's few dozen months lie in a few cache lines, where a
    /// tree would spread them over nodes, and a log of a million rows adds to one per row.
    months: Vec<((i32, Channel), Counts)>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Counts {
    contacts: u32,
    site_initiated: u32,
    contact_minutes: u64,
    coach_minutes: u64,
}

impl Counts {
    const fn add(&mut self, other: &Self) {
        self.contacts += other.contacts;
        self.site_initiated += other.site_initiated;
        self.contact_minutes += other.contact_minutes;
        self.coach_minutes += other.coach_minutes;
    }
}

/// Months since year 0 of `date`.
fn month_number(date: Date) -> i32 {
    let day = date.as_naive();
    day.year() * 12 + i32::try_from(day.month0()).unwrap_or(0)
}

/// The first day of month number `month` (months since year 0), where it is a date the crate
/// holds.
fn first_day(month: i32) -> Option<Date> {
    let naive = chrono::NaiveDate::from_ymd_opt(
        month.div_euclid(12),
        u32::try_from(month.rem_euclid(12) + 1).ok()?,
        1,
    )?;
    Date::from_naive(naive).ok()
}

impl CalendarTally {
    /// Counts `contact`, already counted in a period.
    pub(super) fn add(&mut self, contact: &Contact) {
        let key = (month_number(contact.start.date()), contact.mode.channel());
        self.add_at(
            key,
            &Counts {
                contacts: 1,
                site_initiated: u32::from(contact.initiated_by == Initiator::Site),
                contact_minutes: u64::from(contact.minutes.get()),
                coach_minutes: contact.coach_minutes(),
            },
        );
    }

    /// Adds `counts` to those of month and channel `key`.
    fn add_at(&mut self, key: (i32, Channel), counts: &Counts) {
        match self.months.binary_search_by(|(k, _)| k.cmp(&key)) {
            Ok(at) => {
                if let Some((_, mine)) = self.months.get_mut(at) {
                    mine.add(counts);
                }
            }
            Err(at) => self.months.insert(at, (key, *counts)),
        }
    }

    /// Adds in the counts of `other`, the same site's read elsewhere.
    pub(super) fn join(&mut self, other: &Self) {
        for (key, theirs) in &other.months {
            self.add_at(*key, theirs);
        }
    }

    /// The rows of `site` by `unit`, in date order, in-person before remote within a span; a
    /// span without a contact on a channel has no row.
    pub(super) fn rows(&self, site: EntityId, unit: CalendarUnit) -> Vec<CalendarRow> {
        let mut spans: BTreeMap<(i32, Channel), Counts> = BTreeMap::new();
        for &((month, channel), counts) in &self.months {
            let span = month.div_euclid(unit.months()) * unit.months();
            spans.entry((span, channel)).or_default().add(&counts);
        }
        spans
            .into_iter()
            .filter_map(|((span, channel), c)| {
                Some(CalendarRow {
                    site,
                    from: first_day(span)?,
                    until: first_day(span + unit.months())?,
                    channel,
                    contacts: c.contacts,
                    site_initiated: c.site_initiated,
                    contact_minutes: c.contact_minutes,
                    contact_hours: hours(c.contact_minutes),
                    coach_minutes: c.coach_minutes,
                    coach_hours: hours(c.coach_minutes),
                })
            })
            .collect()
    }
}
