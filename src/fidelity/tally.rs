//! One relationship's prescription periods as planned and what a scorer counted in them,
//! contact by contact; from both, once the reading is finished, its periods delivered.

use chrono::Datelike as _;
use foldhash::{HashMap, HashMapExt};

use super::calendar::CalendarTally;
use super::period::{Adherence, DeliveredPeriod};
use super::window::Window;
use crate::cache::prefetch;
use crate::manual::{Channel, Per};
use crate::program::{Contact, Initiator, Relationship};
use crate::{Date, EntityId, Key, Manual};

/// One relationship's periods as planned, nothing counted in them: planned once, at the
/// relationship's first record, and read by every scorer counting a part of one log.
#[derive(Clone)]
pub(super) struct SitePlan {
    pub(super) site: EntityId,
    pub(super) start: Date,
    /// The day after the last day of coaching, if it has ended.
    pub(super) end: Option<Date>,
    /// Read periods by channel ([`Channel::ALL`] order), each sorted by date: 32 bytes a
    /// period, the few cache lines counting a contact searches.
    periods: [Vec<PeriodPlan>; 2],
    /// Beside them, the phase and level in force at their starts, with how many periods in a
    /// row share them: a relationship's periods name a handful of stretches.
    stretches: [Vec<(Key, Key, usize)>; 2],
    /// The first day of the first period and the days to the end of the last, held here
    /// rather than read at both ends of `periods` for every contact.
    spans: [(i32, i32); 2],
}

/// One period as planned: its days (as day numbers, for arithmetic, and as dates), its
/// prescription, and its coaches per contact where contacts at the site are joint
/// ([`Manual::joint_coaches`] under the period's level).
#[derive(Clone, Copy)]
struct PeriodPlan {
    from: i32,
    until: i32,
    joint: Option<u16>,
    min_contacts: u16,
    max_contacts: u16,
    per: Per,
    cut: bool,
    days: (Date, Date),
}

/// What one scorer counted for one relationship, in the order of its plan's periods: compact
/// (a contact writes one of these 40 bytes) and joined with another scorer's by adding.
pub(super) struct SiteCounts {
    delivered: [Vec<Delivered>; 2],
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

/// What was delivered in one period (the counts of [`DeliveredPeriod`]).
#[derive(Clone, Copy, Default)]
struct Delivered {
    contacts: u32,
    fewer_coaches: u32,
    site_initiated: u32,
    contact_minutes: u64,
    coach_minutes: u64,
    travel_minutes: u64,
}

/// Why a contact was counted in no period.
pub(super) enum Uncounted {
    OutsideRelationship,
    OutsideWindow,
    NoPrescription,
}

impl SitePlan {
    /// The read periods of `relationship`, whose site the team rule covers or not.
    pub(super) fn new(
        relationship: &Relationship,
        manual: &Manual,
        window: &Window,
        team_site: bool,
    ) -> Self {
        // A period running past the day read is shown whole: periods are planned a year on.
        let horizon = window.as_of.checked_add_months(12).unwrap_or(window.as_of);
        let mut planned = relationship.periods_as_recorded_by_channel(manual, horizon);
        planned.retain(|p| window.reads(p.from, p.until));
        // Channel by channel and by date as planned; sorted all the same were they not, since
        // a contact's period is searched for by date.
        if !planned.is_sorted_by_key(|p| (channel_index(p.channel), p.from)) {
            planned.sort_by_key(|p| (channel_index(p.channel), p.from));
        }
        let mut periods: [Vec<PeriodPlan>; 2] = Channel::ALL.map(|channel| {
            Vec::with_capacity(planned.iter().filter(|p| p.channel == channel).count())
        });
        let mut stretches: [Vec<(Key, Key, usize)>; 2] = [Vec::new(), Vec::new()];
        // The coaches a joint contact asks for, looked up once a stretch of one level.
        let mut joint = None;
        for p in planned {
            let channel = channel_index(p.channel);
            let (Some(list), Some(stretches)) =
                (periods.get_mut(channel), stretches.get_mut(channel))
            else {
                continue;
            };
            match stretches.last_mut() {
                Some((phase, level, n)) if *phase == p.phase && *level == p.level => *n += 1,
                _ => {
                    joint = manual.joint_coaches(&p.level, p.channel, team_site);
                    stretches.push((p.phase, p.level, 1));
                }
            }
            list.push(PeriodPlan {
                from: day_number(p.from),
                until: day_number(p.until),
                joint,
                min_contacts: p.min_contacts,
                max_contacts: p.max_contacts,
                per: p.per,
                cut: p.cut,
                days: (p.from, p.until),
            });
        }
        let spans = periods.each_ref().map(|list: &Vec<PeriodPlan>| {
            let first = list.first().map_or(0, |p| p.from);
            (first, list.last().map_or(0, |p| p.until - first))
        });
        Self {
            site: relationship.site,
            start: relationship.start,
            end: relationship.end.as_ref().and_then(|e| e.date.next_day()),
            periods,
            stretches,
            spans,
        }
    }
}

impl SitePlan {
    /// Its periods on both channels.
    pub(super) fn len(&self) -> usize {
        self.periods.iter().map(Vec::len).sum()
    }

    /// Its periods with what `counts` counted in them, judged on `as_of`: channel by channel
    /// ([`Channel::ALL`] order), each by date.
    pub(super) fn delivered<'p>(
        &'p self,
        counts: &'p SiteCounts,
        as_of: Date,
    ) -> impl Iterator<Item = DeliveredPeriod> + 'p {
        Channel::ALL
            .into_iter()
            .zip(&self.periods)
            .zip(&self.stretches)
            .zip(&counts.delivered)
            .flat_map(move |(((channel, plans), stretches), delivered)| {
                let keys = stretches
                    .iter()
                    .flat_map(|(phase, level, n)| std::iter::repeat_n((phase, level), *n));
                plans
                    .iter()
                    .zip(keys)
                    .zip(delivered)
                    .map(move |((plan, (phase, level)), d)| {
                        let mut period = DeliveredPeriod {
                            site: self.site,
                            from: plan.days.0,
                            until: plan.days.1,
                            channel,
                            phase: phase.clone(),
                            level: level.clone(),
                            per: plan.per,
                            cut: plan.cut,
                            min_contacts: plan.min_contacts,
                            max_contacts: plan.max_contacts,
                            contacts: d.contacts,
                            fewer_coaches: d.fewer_coaches,
                            site_initiated: d.site_initiated,
                            contact_minutes: d.contact_minutes,
                            coach_minutes: d.coach_minutes,
                            travel_minutes: d.travel_minutes,
                            adherence: Adherence::InProgress,
                        };
                        period.judge(as_of);
                        period
                    })
            })
    }
}

impl SiteCounts {
    /// Nothing counted yet in `plan`'s periods, `around` activities counted.
    pub(super) fn new(plan: &SitePlan, around: usize) -> Self {
        Self {
            delivered: plan
                .periods
                .each_ref()
                .map(|list| vec![Delivered::default(); list.len()]),
            around: vec![(0, 0); around],
            logged: HashMap::new(),
            calendar: CalendarTally::default(),
            unprescribed: [(0, 0); 2],
        }
    }

    /// Counts `contact` in the period of `plan` holding its local date; the activities around
    /// it are the scorer's to count.
    pub(super) fn count(
        &mut self,
        plan: &SitePlan,
        contact: &Contact,
        window: &Window,
    ) -> Result<(), Uncounted> {
        let date = contact.start.date();
        if date < plan.start || plan.end.is_some_and(|end| date >= end) {
            return Err(Uncounted::OutsideRelationship);
        }
        let channel = channel_index(contact.mode.channel());
        let (Some(delivered), Some(plans), Some(&span)) = (
            self.delivered.get_mut(channel),
            plan.periods.get(channel),
            plan.spans.get(channel),
        ) else {
            return Err(Uncounted::NoPrescription);
        };
        let Some((period, joint)) = period_holding(plans, span, day_number(date))
            .and_then(|n| Some((delivered.get_mut(n)?, plans.get(n)?.joint)))
        else {
            let read = window.from.is_none_or(|first| date >= first) && date < window.end();
            if !read {
                return Err(Uncounted::OutsideWindow);
            }
            // Delivered all the same: reported beside the periods, never scored.
            if let Some(unprescribed) = self.unprescribed.get_mut(channel) {
                unprescribed.0 += 1;
                unprescribed.1 += u64::from(contact.minutes.get());
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

    /// Fetches into the cache what counting `contact` in `plan`'s periods will read: the
    /// period where the search for its day starts, and its counts.
    pub(super) fn fetch(&self, plan: &SitePlan, contact: &Contact) {
        let channel = channel_index(contact.mode.channel());
        let (Some(plans), Some(&span), Some(delivered)) = (
            plan.periods.get(channel),
            plan.spans.get(channel),
            self.delivered.get(channel),
        ) else {
            return;
        };
        let Some(at) = spread(plans, span, day_number(contact.start.date())) else {
            return;
        };
        if let (Some(plan), Some(delivered)) = (plans.get(at), delivered.get(at)) {
            prefetch(plan);
            prefetch(delivered);
        }
    }

    /// Adds in the counts of `other`, the same relationship's counted elsewhere.
    pub(super) fn join(&mut self, other: &Self) {
        for (mine, theirs) in self.delivered.iter_mut().zip(&other.delivered) {
            for (period, counted) in mine.iter_mut().zip(theirs) {
                period.add(counted);
            }
        }
        for (mine, theirs) in self.around.iter_mut().zip(&other.around) {
            mine.0 += theirs.0;
            mine.1 += theirs.1;
        }
        for (key, held) in &other.logged {
            *self.logged.entry(key.clone()).or_default() += held;
        }
        self.calendar.join(&other.calendar);
        for (mine, theirs) in self.unprescribed.iter_mut().zip(other.unprescribed) {
            mine.0 += theirs.0;
            mine.1 += theirs.1;
        }
    }
}

impl Delivered {
    const fn add(&mut self, other: &Self) {
        self.contacts += other.contacts;
        self.fewer_coaches += other.fewer_coaches;
        self.site_initiated += other.site_initiated;
        self.contact_minutes += other.contact_minutes;
        self.coach_minutes += other.coach_minutes;
        self.travel_minutes += other.travel_minutes;
    }
}

/// A day as a number of days, for arithmetic on periods.
fn day_number(date: Date) -> i32 {
    date.as_naive().num_days_from_ce()
}

/// Where `day` falls among `bounds` (sorted by first day, not overlapping; the first starting
/// on `first` and the last ending `span` days after it), if in a period.
///
/// The search starts where an even spread of the periods would put the day, and steps from
/// there: a site's periods mostly run alike (weeks, months), so that a contact touches one or
/// two cache lines of them rather than the half dozen of a binary search (with a million rows
/// against thousands of sites, each a miss). Periods far from even are searched for.
fn period_holding(bounds: &[PeriodPlan], span: (i32, i32), day: i32) -> Option<usize> {
    let mut at = spread(bounds, span, day)?;
    for _ in 0..4 {
        let here = bounds.get(at)?;
        if here.from > day {
            at = at.checked_sub(1)?;
        } else if bounds.get(at + 1).is_some_and(|next| next.from <= day) {
            at += 1;
        } else {
            return (day < here.until).then_some(at);
        }
    }
    let at = bounds.partition_point(|b| b.from <= day).checked_sub(1)?;
    (day < bounds.get(at)?.until).then_some(at)
}

/// Where an even spread of `bounds` (the first starting on `first`, the last ending `span`
/// days after it) would put `day`: the period a search looks at first. `None` before the first.
fn spread(bounds: &[PeriodPlan], (first, span): (i32, i32), day: i32) -> Option<usize> {
    if bounds.is_empty() || day < first {
        return None;
    }
    let spread =
        i64::from(day - first) * i64::try_from(bounds.len()).ok()? / i64::from(span.max(1));
    Some(usize::try_from(spread).ok()?.min(bounds.len() - 1))
}

/// Where `channel`'s periods and counts stand in a tally's pairs ([`Channel::ALL`] order).
pub(super) const fn channel_index(channel: Channel) -> usize {
    match channel {
        Channel::InPerson => 0,
        Channel::Remote => 1,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{PeriodPlan, period_holding};
    use crate::Date;
    use crate::manual::Per;

    proptest! {
        /// Stepping from the even spread finds the period a binary search finds, whatever the
        /// periods' lengths and the gaps between them.
        #[test]
        fn a_day_is_found_in_the_period_a_binary_search_finds(
            first in -1_000_i32..1_000,
            periods in prop::collection::vec((1_i32..400, 0_i32..40), 0..60),
            days in prop::collection::vec(-2_000_i32..30_000, 1..40),
        ) {
            let day: Date = "2020-01-01".parse().unwrap();
            let mut bounds = Vec::new();
            let mut from = first;
            for (length, gap) in periods {
                bounds.push(PeriodPlan {
                    from,
                    until: from + length,
                    joint: None,
                    min_contacts: 0,
                    max_contacts: 0,
                    per: Per::Week,
                    cut: false,
                    days: (day, day),
                });
                from += length + gap;
            }
            let span = bounds.last().map_or(0, |b| b.until - first);
            for day in days {
                let searched = bounds
                    .partition_point(|b| b.from <= day)
                    .checked_sub(1)
                    .filter(|&n| day < bounds[n].until);
                prop_assert_eq!(period_holding(&bounds, (first, span), day), searched);
            }
        }
    }
}
