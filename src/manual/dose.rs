//! Intensity levels and their per-channel prescriptions, and all dose arithmetic.
//!
//! Every figure is computed in exact integers per year (`u64`); bounded inputs (at most 1000
//! contacts per period, 1440 minutes, 52 periods a year, 2 coaches) keep every product far
//! below `u64::MAX`. Per-month figures exist only for display and are rounded.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Citation;
use crate::{CoachesPerContact, ContactCount, Key, Minutes, TimesPerPeriod};

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

    /// The snake_case name used in documents.
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

    /// The snake_case name used in documents.
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
    /// One prescription per channel; a channel not listed is prescribed zero contacts.
    pub prescriptions: Vec<Prescription>,
    /// Where the level comes from.
    pub citations: Vec<Citation>,
}

/// The dose on one channel at one level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Prescription {
    /// The channel this prescribes.
    pub channel: Channel,
    /// The prescribed minimum number of contacts per period.
    pub min_contacts: ContactCount,
    /// The most contacts the coach offers per period.
    pub max_contacts: ContactCount,
    /// The period both counts are per.
    pub per: Period,
    /// The shortest planned contact, in minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_minutes: Option<Minutes>,
    /// The longest planned contact, in minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_minutes: Option<Minutes>,
    /// Coaches present at each contact: 1, or 2 for joint dyad visits.
    pub coaches_per_contact: CoachesPerContact,
    /// Where the numbers come from.
    pub citations: Vec<Citation>,
}

/// A level's dose on one channel over a year, in exact integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AnnualDose {
    /// The prescribed minimum contacts per year.
    pub min_contacts: u64,
    /// The most contacts per year the coach offers.
    pub max_contacts: u64,
    /// Minimum contacts times minimum minutes; `None` when the prescription gives no minutes.
    pub min_minutes: Option<u64>,
    /// Maximum contacts times maximum minutes; `None` when the prescription gives no minutes.
    pub max_minutes: Option<u64>,
    /// Coach minutes: `max_minutes` times the coaches present at each contact.
    pub max_coach_minutes: Option<u64>,
}

impl Prescription {
    /// This prescription's dose over a year.
    #[must_use]
    pub fn annual(&self) -> AnnualDose {
        let periods = self.per.per_year();
        let min_contacts = u64::from(self.min_contacts.get()) * periods;
        let max_contacts = u64::from(self.max_contacts.get()) * periods;
        let max_minutes = self.max_minutes.map(|m| max_contacts * u64::from(m.get()));
        AnnualDose {
            min_contacts,
            max_contacts,
            min_minutes: self.min_minutes.map(|m| min_contacts * u64::from(m.get())),
            max_minutes,
            max_coach_minutes: max_minutes.map(|m| m * u64::from(self.coaches_per_contact.get())),
        }
    }
}

impl IntensityLevel {
    /// The first prescription for `channel`, if any.
    #[must_use]
    pub fn prescription(&self, channel: Channel) -> Option<&Prescription> {
        self.prescriptions.iter().find(|p| p.channel == channel)
    }

    /// The level's dose on `channel` over a year; zero when the channel is not prescribed.
    #[must_use]
    pub fn annual(&self, channel: Channel) -> AnnualDose {
        self.prescription(channel)
            .map(Prescription::annual)
            .unwrap_or_default()
    }

    /// Whether this level gives at least as much as `next` on every channel and figure, and
    /// more on at least one: the order levels must follow, most intensive first.
    #[must_use]
    pub fn dominates(&self, next: &Self) -> bool {
        let pairs = Channel::ALL.map(|c| (self.annual(c), next.annual(c)));
        let figures = |d: AnnualDose| {
            [
                d.min_contacts,
                d.max_contacts,
                d.min_minutes.unwrap_or(0),
                d.max_minutes.unwrap_or(0),
            ]
        };
        let mut strictly_more = false;
        for (mine, theirs) in pairs {
            for (a, b) in figures(mine).into_iter().zip(figures(theirs)) {
                if a < b {
                    return false;
                }
                strictly_more |= a > b;
            }
        }
        strictly_more
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

    fn prescription(min: u16, max: u16, per: Period, minutes: Option<u16>) -> Prescription {
        Prescription {
            channel: Channel::InPerson,
            min_contacts: ContactCount::new(min).unwrap(),
            max_contacts: ContactCount::new(max).unwrap(),
            per,
            min_minutes: None,
            max_minutes: minutes.map(|m| Minutes::new(m).unwrap()),
            coaches_per_contact: CoachesPerContact::new(2).unwrap(),
            citations: vec![],
        }
    }

    #[test]
    fn annual_arithmetic_is_exact() {
        let dose = prescription(1, 3, Period::Week, Some(60)).annual();
        assert_eq!(dose.min_contacts, 52);
        assert_eq!(dose.max_contacts, 156);
        assert_eq!(dose.max_minutes, Some(9360));
        assert_eq!(dose.max_coach_minutes, Some(18720));
        assert_eq!(dose.min_minutes, None);
    }

    #[test]
    fn largest_inputs_do_not_overflow() {
        let dose = prescription(1000, 1000, Period::Week, Some(1440)).annual();
        assert_eq!(dose.max_coach_minutes, Some(1000 * 52 * 1440 * 2));
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
