//! One relationship's prescription periods and what was delivered in them, counted contact
//! by contact: what the scorer, the summary, shortfalls and periodic activities read.

use foldhash::{HashMap, HashMapExt};

use super::calendar::CalendarTally;
use super::period::DeliveredPeriod;
use super::window::Window;
use crate::manual::Channel;
use crate::program::{Contact, Initiator, Relationship};
use crate::{Date, EntityId, Key, Manual};

/// One relationship's periods and counts.
pub(super) struct SiteTally {
    pub(super) site: EntityId,
    pub(super) start: Date,
    /// The day after the last day of coaching, if it has ended.
    pub(super) end: Option<Date>,
    /// Read periods by channel ([`Channel::ALL`] order), each sorted by date.
    pub(super) periods: [Vec<DeliveredPeriod>; 2],
    /// Each period's first day and its coaches per contact where contacts at the site are
    /// joint ([`Manual::joint_coaches`] under the period's level), beside it: a contact's
    /// period is searched for in these few cache lines rather than across the periods.
    starts: [Vec<(Date, Option<u16>)>; 2],
    /// Per around-contact activity: contacts it goes with, and those with it held.
    pub(super) around: Vec<(u32, u32)>,
    /// Activity records logged for the site, by activity.
    pub(super) logged: HashMap<Key, u32>,
    /// Contacts counted, by calendar month.
    pub(super) calendar: CalendarTally,
    /// Per channel, contacts and their minutes delivered in the days read on days the level in
    /// force prescribed nothing on the channel (a dose tailored to each site).
    pub(super) unprescribed: [(u64, u64); 2],
}

/// Why a contact was counted in no period.
pub(super) enum Uncounted {
    OutsideRelationship,
    OutsideWindow,
    NoPrescription,
}

impl SiteTally {
    /// The read periods of `relationship`, nothing delivered yet; `around` activities counted.
    pub(super) fn new(
        relationship: &Relationship,
        manual: &Manual,
        window: &Window,
        (around, team_site): (usize, bool),
    ) -> Self {
        // A period running past the day read is shown whole: periods are planned a year on.
        let horizon = window.as_of.checked_add_months(12).unwrap_or(window.as_of);
        let mut periods: [Vec<DeliveredPeriod>; 2] = [Vec::new(), Vec::new()];
        for planned in relationship.periods_as_recorded(manual, horizon) {
            if window.reads(planned.from, planned.until)
                && let Some(list) = periods.get_mut(channel_index(planned.channel))
            {
                list.push(DeliveredPeriod::prescribed(relationship.site, planned));
            }
        }
        for list in &mut periods {
            list.sort_by_key(|p| p.from);
        }
        let starts = periods.each_ref().map(|list| {
            list.iter()
                .map(|p| (p.from, manual.joint_coaches(&p.level, p.channel, team_site)))
                .collect()
        });
        Self {
            site: relationship.site,
            start: relationship.start,
            end: relationship.end.as_ref().and_then(|e| e.date.next_day()),
            periods,
            starts,
            around: vec![(0, 0); around],
            logged: HashMap::new(),
            calendar: CalendarTally::default(),
            unprescribed: [(0, 0); 2],
        }
    }

    /// Counts `contact` in the period holding its local date; the activities around it are
    /// the scorer's to count.
    pub(super) fn count(&mut self, contact: &Contact, window: &Window) -> Result<(), Uncounted> {
        let date = contact.start.date();
        if date < self.start || self.end.is_some_and(|end| date >= end) {
            return Err(Uncounted::OutsideRelationship);
        }
        let channel = channel_index(contact.mode.channel());
        let (Some(periods), Some(starts)) =
            (self.periods.get_mut(channel), self.starts.get(channel))
        else {
            return Err(Uncounted::NoPrescription);
        };
        let after = starts.partition_point(|(from, _)| *from <= date);
        let index = after.checked_sub(1);
        let joint = index
            .and_then(|n| starts.get(n))
            .and_then(|(_, joint)| *joint);
        let Some(period) = index
            .and_then(|n| periods.get_mut(n))
            .filter(|p| date < p.until)
        else {
            let read = window.from.is_none_or(|first| date >= first) && date < window.end();
            if !read {
                return Err(Uncounted::OutsideWindow);
            }
            // Delivered all the same: reported beside the periods, never scored.
            if let Some(delivered) = self.unprescribed.get_mut(channel) {
                delivered.0 += 1;
                delivered.1 += u64::from(contact.minutes.get());
            }
            return Err(Uncounted::NoPrescription);
        };
        let made = contact.coach_count();
        // Fewer coaches than a joint contact asks for: delivered time, not a delivered contact
        // of the prescription (one naming no coach is taken as made as prescribed).
        if joint.is_some_and(|asked| made > 0 && made < usize::from(asked)) {
            period.fewer_coaches += 1;
        } else {
            self.calendar.add(contact);
            period.contacts += 1;
            if contact.initiated_by == Initiator::Site {
                period.site_initiated += 1;
            }
        }
        period.contact_minutes += u64::from(contact.minutes.get());
        period.coach_minutes += contact.coach_minutes();
        period.travel_minutes += contact.travel_minutes.map_or(0, |m| u64::from(m.get()));
        Ok(())
    }

    /// Takes in the counts of `other`, the same relationship's counted elsewhere.
    pub(super) fn join(&mut self, other: Self) {
        for (mine, theirs) in self.periods.iter_mut().zip(&other.periods) {
            for (period, counted) in mine.iter_mut().zip(theirs) {
                period.join(counted);
            }
        }
        for (mine, theirs) in self.around.iter_mut().zip(&other.around) {
            mine.0 += theirs.0;
            mine.1 += theirs.1;
        }
        for (key, held) in other.logged {
            *self.logged.entry(key).or_default() += held;
        }
        self.calendar.join(other.calendar);
        for (mine, theirs) in self.unprescribed.iter_mut().zip(other.unprescribed) {
            mine.0 += theirs.0;
            mine.1 += theirs.1;
        }
    }

    /// Judges every period on `as_of`.
    pub(super) fn judge(&mut self, as_of: Date) {
        for period in self.periods.iter_mut().flatten() {
            period.judge(as_of);
        }
    }
}

/// Where `channel`'s periods and counts stand in a tally's pairs ([`Channel::ALL`] order).
pub(super) const fn channel_index(channel: Channel) -> usize {
    match channel {
        Channel::InPerson => 0,
        Channel::Remote => 1,
    }
}
