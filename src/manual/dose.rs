//! Intensity levels and their per-channel prescriptions, and all dose arithmetic.
//!
//! Every figure is computed in exact integers (`u64`); bounded inputs (at most 1000 contacts per
//! period, 1440 minutes, 52 periods a year, 10 coaches) keep every product far below
//! `u64::MAX`. Per-month figures exist only for display and are rounded.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Citation;
use crate::program::ContactMode;
use crate::{CoachCount, ContactCount, Key, Length, Minutes, TimesPerPeriod};

/// How contact happens: in person at the site, or remotely (video, phone, email).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Channel {
    /// Visits with the care team at the site.
    InPerson,
    /// Web meetings, phone and email.
    Remote,
}

impl Channel {
    /// Every channel, in document order.
    pub const ALL: [Self; 2] = [Self::InPerson, Self::Remote];

    /// The `snake_case` name used in documents.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::InPerson => "in_person",
            Self::Remote => "remote",
        }
    }
}

/// A period a count is given per.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Period {
    /// A week (52 a year).
    Week,
    /// A month (12 a year).
    Month,
    /// A quarter (4 a year).
    Quarter,
    /// Half a year (2 a year).
    HalfYear,
    /// A year.
    Year,
}

impl Period {
    /// How many of this period make a year. A year is counted as 52 weeks, so weekly figures
    /// are exact integers; the 1.25 days left over are ignored by design.
    #[must_use]
    pub const fn per_year(self) -> u64 {
        match self {
            Self::Week => 52,
            Self::Month => 12,
            Self::Quarter => 4,
            Self::HalfYear => 2,
            Self::Year => 1,
        }
    }

    /// The `snake_case` name used in documents.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Week => "week",
            Self::Month => "month",
            Self::Quarter => "quarter",
            Self::HalfYear => "half_year",
            Self::Year => "year",
        }
    }
}

/// `count` times per `per`, e.g. once a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Frequency {
    /// How many times.
    pub count: TimesPerPeriod,
    /// Per which period.
    pub per: Period,
}

impl Frequency {
    /// Occurrences per year.
    #[must_use]
    pub fn per_year(self) -> u64 {
        u64::from(self.count.get()) * self.per.per_year()
    }
}

/// What a prescription's counts are per: a calendar period, or the whole of a phase or a
/// relationship (two site visits over the engagement).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Per {
    /// A week.
    Week,
    /// A calendar month.
    Month,
    /// A quarter.
    Quarter,
    /// Half a year.
    HalfYear,
    /// A year.
    Year,
    /// The whole stay in a phase.
    Phase,
    /// The whole relationship.
    Relationship,
}

impl Per {
    /// The calendar period, for counts per period.
    #[must_use]
    pub const fn period(self) -> Option<Period> {
        match self {
            Self::Week => Some(Period::Week),
            Self::Month => Some(Period::Month),
            Self::Quarter => Some(Period::Quarter),
            Self::HalfYear => Some(Period::HalfYear),
            Self::Year => Some(Period::Year),
            Self::Phase | Self::Relationship => None,
        }
    }

    /// The `snake_case` name used in documents.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self.period() {
            Some(period) => period.as_str(),
            None if matches!(self, Self::Phase) => "phase",
            None => "relationship",
        }
    }
}

/// An intensity level: how much coaching a site receives while at it.
///
/// Levels are listed from most to least intensive; that order defines stepping up and down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IntensityLevel {
    /// The level's key.
    pub key: Key,
    /// A readable name.
    pub name: String,
    /// What the level is for.
    pub description: String,
    /// One prescription per channel; a channel not listed here or in `not_reported` is
    /// prescribed zero contacts.
    pub prescriptions: Vec<Prescription>,
    /// Channels the sources name for this level without a dose: contacts happen on them, but
    /// how many is not reported. Nothing is planned or expected on them, and levels with such
    /// a channel are not compared for order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_reported: Vec<Channel>,
    /// Where the dose is set per site rather than prescribed (or beside what is prescribed):
    /// how, with its evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tailored: Option<super::Tailored>,
    /// Where the level comes from.
    pub citations: Vec<Citation>,
}

/// The dose on one channel at one level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Prescription {
    /// The channel this prescribes.
    pub channel: Channel,
    /// The prescribed minimum number of contacts.
    pub min_contacts: ContactCount,
    /// The most contacts the coach offers.
    pub max_contacts: ContactCount,
    /// What both counts are per: a period, the phase or the relationship.
    pub per: Per,
    /// The time between two contacts, where the manual prescribes the dose that way ("every 3
    /// to 4 weeks"); the counts are then those the interval gives per period, a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<ContactInterval>,
    /// How long a contact usually lasts, in minutes; dose in hours is counted with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typical_minutes: Option<Minutes>,
    /// The shortest planned contact, in minutes, where the manual sets one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_minutes: Option<Minutes>,
    /// The longest planned contact, in minutes (e.g. "up to a half-day"), where the manual
    /// sets one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_minutes: Option<Minutes>,
    /// Coaches present at each contact; one when left out.
    #[serde(default = "one_coach", skip_serializing_if = "is_one_coach")]
    pub coaches_per_contact: CoachCount,
    /// How contacts on this channel are made (video, phone, email for remote contacts), where
    /// the manual says; the prescription's citations cover them. Reporting checklists give the
    /// mode of delivery from them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modes: Vec<ContactMode>,
    /// Where the numbers come from.
    pub citations: Vec<Citation>,
}

/// The time between two contacts, from `min` to `max` ("every 3 to 4 weeks"; equal for
/// "every month").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactInterval {
    /// The shortest time between two contacts.
    pub min: Length,
    /// The longest time between two contacts.
    pub max: Length,
}

impl ContactInterval {
    /// The contacts a period holds at this interval, fewest then most: the period's length
    /// divided by the longest and by the shortest interval, each rounded to the nearest whole
    /// contact (half up), in exact integers (a year is 52 weeks or 12 months). Every 3 to 4
    /// weeks gives 13 to 17 a year (52/4 = 13, 52/3 = 17.3); every 6 to 12 weeks 4 to 9
    /// (52/12 = 4.3, 52/6 = 8.7). `None` for a zero interval or counts over a phase or a
    /// relationship, whose length the interval alone does not give.
    #[must_use]
    pub fn contacts_per(self, per: Per) -> Option<(u64, u64)> {
        let period = per.period()?;
        let count = |length: Length| {
            let (units_per_year, amount) = match length {
                Length::Weeks(w) => (52, u64::from(w.get())),
                Length::Months(m) => (12, u64::from(m.get())),
            };
            // units_per_year / (amount × periods per year), rounded half up.
            let divisor = amount.checked_mul(period.per_year()).filter(|d| *d > 0)?;
            Some((units_per_year * 2 + divisor) / (divisor * 2))
        };
        Some((count(self.max)?, count(self.min)?))
    }
}

fn one_coach() -> CoachCount {
    CoachCount::MIN_VALUE
}

// Serde's `skip_serializing_if` passes a reference.
#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_one_coach(count: &CoachCount) -> bool {
    count.get() == 1
}

/// A dose in exact integers: contacts, and minutes where the prescription gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Dose {
    /// The prescribed minimum contacts.
    pub min_contacts: u64,
    /// The most contacts offered.
    pub max_contacts: u64,
    /// Minimum contacts times the typical minutes (or, without them, the shortest planned
    /// contact); `None` when the prescription gives neither.
    pub min_minutes: Option<u64>,
    /// Maximum contacts times the typical minutes (or, without them, the longest planned
    /// contact); `None` when the prescription gives neither.
    pub max_minutes: Option<u64>,
    /// Coach minutes: `max_minutes` times the coaches present at each contact.
    pub max_coach_minutes: Option<u64>,
}

impl Dose {
    /// Minutes as hours, rounded to one decimal, for display.
    #[must_use]
    pub fn hours(minutes: u64) -> String {
        let tenths = minutes.saturating_mul(10).saturating_add(30) / 60;
        format!("{}.{}", tenths / 10, tenths % 10)
    }

    /// The sum of two doses; minutes stay known only where both know them.
    #[must_use]
    pub fn plus(self, other: Self) -> Self {
        let add = |a: Option<u64>, b: Option<u64>| Some(a?.saturating_add(b?));
        Self {
            min_contacts: self.min_contacts.saturating_add(other.min_contacts),
            max_contacts: self.max_contacts.saturating_add(other.max_contacts),
            min_minutes: add(self.min_minutes, other.min_minutes),
            max_minutes: add(self.max_minutes, other.max_minutes),
            max_coach_minutes: add(self.max_coach_minutes, other.max_coach_minutes),
        }
    }
}

impl Prescription {
    /// `min` to `max` contacts on `channel` per `per`, one coach each, no minutes given.
    #[must_use]
    pub fn new(
        channel: Channel,
        min: ContactCount,
        max: ContactCount,
        per: Per,
        citations: Vec<Citation>,
    ) -> Self {
        Self {
            channel,
            min_contacts: min,
            max_contacts: max,
            per,
            interval: None,
            typical_minutes: None,
            min_minutes: None,
            max_minutes: None,
            coaches_per_contact: CoachCount::MIN_VALUE,
            modes: Vec::new(),
            citations,
        }
    }

    /// The same prescription with contacts usually lasting `minutes`.
    #[must_use]
    pub fn lasting(self, minutes: Minutes) -> Self {
        Self {
            typical_minutes: Some(minutes),
            ..self
        }
    }

    /// The dose of `count` times this prescription's counts (e.g. 12 for a year of a monthly
    /// prescription).
    #[must_use]
    pub fn times(&self, count: u64) -> Dose {
        let min_contacts = u64::from(self.min_contacts.get()) * count;
        let max_contacts = u64::from(self.max_contacts.get()) * count;
        let low = self.typical_minutes.or(self.min_minutes);
        let high = self.typical_minutes.or(self.max_minutes);
        let max_minutes = high.map(|m| max_contacts * u64::from(m.get()));
        Dose {
            min_contacts,
            max_contacts,
            min_minutes: low.map(|m| min_contacts * u64::from(m.get())),
            max_minutes,
            max_coach_minutes: max_minutes.map(|m| m * u64::from(self.coaches_per_contact.get())),
        }
    }

    /// This prescription's dose over a year; `None` for counts over a phase or relationship.
    #[must_use]
    pub fn annual(&self) -> Option<Dose> {
        self.per.period().map(|p| self.times(p.per_year()))
    }
}

impl IntensityLevel {
    /// A level with these prescriptions.
    ///
    /// # Errors
    /// When `key` is not a valid [`Key`].
    pub fn new(
        key: &str,
        name: &str,
        description: &str,
        prescriptions: Vec<Prescription>,
        citations: Vec<Citation>,
    ) -> Result<Self, crate::ScalarError> {
        Ok(Self {
            key: Key::new(key)?,
            name: name.to_owned(),
            description: description.to_owned(),
            prescriptions,
            not_reported: Vec::new(),
            tailored: None,
            citations,
        })
    }

    /// The first prescription for `channel`, if any.
    #[must_use]
    pub fn prescription(&self, channel: Channel) -> Option<&Prescription> {
        self.prescriptions.iter().find(|p| p.channel == channel)
    }

    /// The level's dose on `channel` over a year; zero when the channel is not prescribed,
    /// `None` when its counts are over a phase or relationship, or its dose is not reported.
    #[must_use]
    pub fn annual(&self, channel: Channel) -> Option<Dose> {
        if self.not_reported.contains(&channel) {
            return None;
        }
        self.prescription(channel)
            .map_or(Some(Dose::default()), Prescription::annual)
    }

    /// Whether this level gives at least as much as `next` on every channel and figure, and
    /// more on at least one: the order levels must follow, most intensive first. `None` where
    /// the two cannot be compared (a channel counted per phase at one and per period at the
    /// other, or a dose not reported at either).
    #[must_use]
    pub fn dominates(&self, next: &Self) -> Option<bool> {
        if !self.not_reported.is_empty() || !next.not_reported.is_empty() {
            return None;
        }
        let figures = |d: Dose| {
            [
                d.min_contacts,
                d.max_contacts,
                d.min_minutes.unwrap_or(0),
                d.max_minutes.unwrap_or(0),
            ]
        };
        let mut strictly_more = false;
        for channel in Channel::ALL {
            let (mine, theirs) = match (self.prescription(channel), next.prescription(channel)) {
                (Some(a), Some(b)) if a.per.period().is_none() || b.per.period().is_none() => {
                    if a.per != b.per {
                        return None;
                    }
                    (a.times(1), b.times(1))
                }
                _ => (self.annual(channel)?, next.annual(channel)?),
            };
            for (a, b) in figures(mine).into_iter().zip(figures(theirs)) {
                if a < b {
                    return Some(false);
                }
                strictly_more |= a > b;
            }
        }
        Some(strictly_more)
    }
}

/// A per-year count as a per-month figure rounded to one decimal, for display only,
/// e.g. `52` → `"4.3"`.
#[must_use]
pub fn per_month_rounded(per_year: u64) -> String {
    // Round half up in tenths, in integers: tenths = per_year * 10 / 12.
    let tenths = per_year.saturating_mul(10).saturating_add(6) / 12;
    format!("{}.{}", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prescription(min: u16, max: u16, per: Per, minutes: Option<u16>) -> Prescription {
        Prescription {
            channel: Channel::InPerson,
            min_contacts: ContactCount::new(min).unwrap(),
            max_contacts: ContactCount::new(max).unwrap(),
            per,
            interval: None,
            typical_minutes: None,
            min_minutes: None,
            max_minutes: minutes.map(|m| Minutes::new(m).unwrap()),
            coaches_per_contact: CoachCount::new(2).unwrap(),
            modes: vec![],
            citations: vec![],
        }
    }

    #[test]
    fn annual_arithmetic_is_exact() {
        let dose = prescription(1, 3, Per::Week, Some(60)).annual().unwrap();
        assert_eq!(dose.min_contacts, 52);
        assert_eq!(dose.max_contacts, 156);
        assert_eq!(dose.max_minutes, Some(9360));
        assert_eq!(dose.max_coach_minutes, Some(18720));
        assert_eq!(dose.min_minutes, None);
        assert_eq!(prescription(2, 2, Per::Phase, None).annual(), None);
    }

    #[test]
    fn typical_minutes_count_the_hours() {
        let mut p = prescription(1, 1, Per::Month, Some(240));
        p.typical_minutes = Some(Minutes::new(180).unwrap());
        let dose = p.annual().unwrap();
        assert_eq!(dose.min_minutes, Some(12 * 180));
        assert_eq!(Dose::hours(dose.min_minutes.unwrap()), "36.0");
    }

    #[test]
    fn largest_inputs_do_not_overflow() {
        let mut p = prescription(1000, 1000, Per::Week, Some(1440));
        p.coaches_per_contact = CoachCount::new(10).unwrap();
        let dose = p.annual().unwrap();
        assert_eq!(dose.max_coach_minutes, Some(1000 * 52 * 1440 * 10));
    }

    #[test]
    fn an_interval_gives_a_range_of_contacts_per_period() {
        let weeks = |n| Length::Weeks(crate::Weeks::new(n).unwrap());
        let every = |min, max| ContactInterval {
            min: weeks(min),
            max: weeks(max),
        };
        assert_eq!(every(3, 4).contacts_per(Per::Year), Some((13, 17)));
        assert_eq!(every(6, 12).contacts_per(Per::Year), Some((4, 9)));
        assert_eq!(every(1, 1).contacts_per(Per::Week), Some((1, 1)));
        assert_eq!(every(2, 2).contacts_per(Per::Week), Some((1, 1)));
        assert_eq!(every(4, 4).contacts_per(Per::Week), Some((0, 0)));
        assert_eq!(every(0, 4).contacts_per(Per::Year), None);
        assert_eq!(every(3, 4).contacts_per(Per::Phase), None);
        let month = ContactInterval {
            min: Length::Months(crate::Months::new(1).unwrap()),
            max: Length::Months(crate::Months::new(1).unwrap()),
        };
        assert_eq!(month.contacts_per(Per::Month), Some((1, 1)));
        assert_eq!(month.contacts_per(Per::Year), Some((12, 12)));
        assert_eq!(month.contacts_per(Per::Quarter), Some((3, 3)));
    }

    #[test]
    fn interval_counts_are_the_quotients_rounded_half_up_and_in_order() {
        let periods = [
            Per::Week,
            Per::Month,
            Per::Quarter,
            Per::HalfYear,
            Per::Year,
        ];
        for (unit, units_per_year) in [("weeks", 52.0), ("months", 12.0)] {
            let length = |n: u16| match unit {
                "weeks" => Length::Weeks(crate::Weeks::new(n).unwrap()),
                _ => Length::Months(crate::Months::new(n).unwrap()),
            };
            for low in 1..=30_u16 {
                for high in low..=30 {
                    let interval = ContactInterval {
                        min: length(low),
                        max: length(high),
                    };
                    for per in periods {
                        let per_year = per.period().unwrap().per_year();
                        let per_year = f64::from(u32::try_from(per_year).unwrap());
                        // The count is the quotient rounded half up: in (q - 0.5, q + 0.5].
                        let rounds = |count: u64, n: u16| {
                            let quotient = units_per_year / (f64::from(n) * per_year);
                            let got = f64::from(u32::try_from(count).unwrap());
                            got - quotient > -0.5 + 1e-9 && got - quotient <= 0.5 + 1e-9
                        };
                        let (fewest, most) = interval.contacts_per(per).unwrap();
                        assert!(
                            rounds(fewest, high) && rounds(most, low),
                            "{low}-{high} {unit} per {per:?}: {fewest} to {most}"
                        );
                        assert!(fewest <= most);
                    }
                }
            }
        }
    }

    #[test]
    fn per_month_rounds_for_display() {
        assert_eq!(per_month_rounded(52), "4.3");
        assert_eq!(per_month_rounded(12), "1.0");
        assert_eq!(per_month_rounded(0), "0.0");
        assert_eq!(per_month_rounded(156), "13.0");
        assert_eq!(per_month_rounded(1), "0.1");
    }
}
