//! A relationship's periods added up, channel by channel, once they are judged: all the
//! summary reads of them, so that it goes through sites rather than hundreds of thousands of
//! periods.

use super::period::{Adherence, DeliveredPeriod, hours};
use super::tally::{SiteCounts, SitePlan, channel_index};
use crate::Date;

/// One relationship's figures for the summary.
pub(super) struct SiteTotals {
    pub(super) start: Date,
    /// The day after the last day of coaching, if it has ended.
    pub(super) end: Option<Date>,
    /// Per channel ([`Channel::ALL`](crate::manual::Channel::ALL) order), its periods added up.
    pub(super) channels: [Totals; 2],
    /// Per channel, contacts and their minutes delivered where nothing was prescribed.
    pub(super) unprescribed: [(u64, u64); 2],
}

/// A channel's periods added up: their judgements and what was delivered in them.
pub(super) struct Totals {
    pub(super) met: u32,
    pub(super) below: u32,
    pub(super) above: u32,
    pub(super) too_short: u32,
    pub(super) contacts: u64,
    pub(super) fewer_coaches: u64,
    pub(super) contact_minutes: u64,
    pub(super) coach_minutes: u64,
    pub(super) travel_minutes: u64,
    /// The contacts as a number, summed period by period.
    pub(super) contacts_summed: f64,
    /// Each period's contact hours (rounded to hundredths), summed.
    pub(super) hours_summed: f64,
}

impl SiteTotals {
    /// Nothing added up yet for the relationship of `plan`, beside what `counts` counted where
    /// nothing was prescribed.
    pub(super) fn new(plan: &SitePlan, counts: &SiteCounts) -> Self {
        Self {
            start: plan.start,
            end: plan.end,
            channels: [Totals::new(), Totals::new()],
            unprescribed: counts.unprescribed,
        }
    }

    /// Adds up `period`, judged, on its channel.
    pub(super) fn add(&mut self, period: &DeliveredPeriod) {
        if let Some(totals) = self.channels.get_mut(channel_index(period.channel)) {
            totals.add(period);
        }
    }
}

impl Totals {
    /// Nothing added up: the per-site sums start as `Iterator::sum` starts them, at -0.0, so
    /// that a channel with no period sums as before.
    pub(super) const fn new() -> Self {
        Self {
            met: 0,
            below: 0,
            above: 0,
            too_short: 0,
            contacts: 0,
            fewer_coaches: 0,
            contact_minutes: 0,
            coach_minutes: 0,
            travel_minutes: 0,
            contacts_summed: -0.0,
            hours_summed: -0.0,
        }
    }

    fn add(&mut self, p: &DeliveredPeriod) {
        let judged = match p.adherence {
            Adherence::Met => Some(&mut self.met),
            Adherence::Below => Some(&mut self.below),
            Adherence::Above => Some(&mut self.above),
            Adherence::TooShort => Some(&mut self.too_short),
            Adherence::InProgress => None,
        };
        if let Some(n) = judged {
            *n = n.saturating_add(1);
        }
        self.contacts += u64::from(p.contacts);
        self.fewer_coaches += u64::from(p.fewer_coaches);
        self.contact_minutes += p.contact_minutes;
        self.coach_minutes += p.coach_minutes;
        self.travel_minutes += p.travel_minutes;
        self.contacts_summed += f64::from(p.contacts);
        self.hours_summed += hours(p.contact_minutes);
    }

    /// Takes in `other`'s judgements and what was delivered (not the per-site sums).
    pub(super) const fn join(&mut self, other: &Self) {
        self.met = self.met.saturating_add(other.met);
        self.below = self.below.saturating_add(other.below);
        self.above = self.above.saturating_add(other.above);
        self.too_short = self.too_short.saturating_add(other.too_short);
        self.contacts += other.contacts;
        self.fewer_coaches += other.fewer_coaches;
        self.contact_minutes += other.contact_minutes;
        self.coach_minutes += other.coach_minutes;
        self.travel_minutes += other.travel_minutes;
    }
}
