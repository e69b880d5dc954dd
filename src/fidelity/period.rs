//! One prescription period on one channel at one site: what was prescribed and what was
//! delivered.

use serde::Serialize;

use crate::manual::{Channel, Per};
use crate::{Date, EntityId, Key};

/// Delivered against prescribed for one site, period and channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct DeliveredPeriod {
    /// The site.
    pub site: EntityId,
    /// First day of the period (of its part, where a change of prescription cuts it).
    pub from: Date,
    /// The day after the last.
    pub until: Date,
    /// The channel.
    pub channel: Channel,
    /// The phase in force at the period's start.
    pub phase: Key,
    /// The intensity level in force at the period's start.
    pub level: Key,
    /// What the prescription's counts are per.
    pub per: Per,
    /// Whether the period is cut short, its counts prorated by days.
    pub cut: bool,
    /// The prescribed minimum of contacts.
    pub min_contacts: u16,
    /// The most contacts the coaches offer.
    pub max_contacts: u16,
    /// Contacts delivered.
    pub contacts: u32,
    /// Contacts made by fewer coaches than the prescription asks for where the team rule
    /// makes contacts at the site joint: counted apart, never toward the minimum (their
    /// minutes are still contact and coach minutes).
    pub fewer_coaches: u32,
    /// Of those, contacts the site asked for: never counted as over-delivery.
    pub site_initiated: u32,
    /// Contact minutes: the contacts' lengths summed.
    pub contact_minutes: u64,
    /// Coach minutes: each contact's minutes times the coaches present.
    pub coach_minutes: u64,
    /// Travel minutes logged, kept apart: never dose.
    pub travel_minutes: u64,
    /// How delivery compares with the prescription.
    pub adherence: Adherence,
}

/// How a period's delivery compares with its prescription.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Adherence {
    /// At least the minimum and, counting contacts the coaches initiated, at most the maximum.
    Met,
    /// Fewer contacts than the minimum.
    Below,
    /// More contacts initiated by the coaches than the maximum (the site's own requests are
    /// never over-delivery).
    Above,
    /// The period has not ended on the day read: not judged yet.
    InProgress,
    /// A period cut so short (by a change of phase or level, or the relationship's end) that
    /// its prorated minimum is no contact: not scored, since no contact could fall short of it
    /// and meeting it says nothing. It stays out of adherence and does not break a shortfall.
    TooShort,
}

impl Adherence {
    /// `met`, `below`, `above`, `in_progress` or `too_short`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Met => "met",
            Self::Below => "below",
            Self::Above => "above",
            Self::InProgress => "in_progress",
            Self::TooShort => "too_short",
        }
    }
}

impl DeliveredPeriod {
    /// Judges the period on `as_of`: in progress until it has ended, never where it is too
    /// short to score.
    pub(super) fn judge(&mut self, as_of: Date) {
        let coach_initiated = self.contacts - self.site_initiated;
        self.adherence = if self.too_short() {
            Adherence::TooShort
        } else if self.until > as_of {
            Adherence::InProgress
        } else if self.contacts < u32::from(self.min_contacts) {
            Adherence::Below
        } else if coach_initiated > u32::from(self.max_contacts) {
            Adherence::Above
        } else {
            Adherence::Met
        };
    }

    /// Whether the period is cut so short that its prorated minimum is no contact.
    #[must_use]
    pub const fn too_short(&self) -> bool {
        self.cut && self.min_contacts == 0
    }

    /// Whether the period is judged: it has ended and is long enough to score.
    #[must_use]
    pub const fn scored(&self) -> bool {
        matches!(
            self.adherence,
            Adherence::Met | Adherence::Below | Adherence::Above
        )
    }

    /// The share of the minimum delivered, at most 1 (1 where the minimum is none).
    #[must_use]
    pub fn share_of_minimum(&self) -> f64 {
        if self.min_contacts == 0 {
            return 1.0;
        }
        (f64::from(self.contacts) / f64::from(self.min_contacts)).min(1.0)
    }

    /// Days in the period.
    #[must_use]
    pub fn days(&self) -> i64 {
        self.from.days_until(self.until)
    }
}

/// Minutes as hours, rounded to hundredths, for tables.
#[must_use]
pub fn hours(minutes: u64) -> f64 {
    // Hundredths of an hour, rounded half up, in integers before the one conversion.
    let hundredths = (minutes * 100 + 30) / 60;
    #[allow(clippy::cast_precision_loss)] // far below 2^52 for any real log
    let hours = hundredths as f64 / 100.0;
    hours
}
