//! Schedule expansion: from a relationship and its manual, the planned contacts per period and
//! channel, the planned in-person visits with their dyad meetings, the team meetings the
//! logistics prescribe, and the learning sessions of the collaborative.
//!
//! Projection (a design choice): after the last recorded phase transition, the phase in force
//! and every later phase of the manual run for their `max_weeks` (their `min_weeks` when open
//! ended), in order. Recorded titration decisions stand; projected time uses each phase's
//! starting level. A prescription's periods start on the day its segment (a stretch with one
//! phase and level) starts; a period belongs to the segment it starts in, and every period
//! that starts before the horizon is planned, so a longer horizon only adds periods.

use serde::Serialize;

use super::Prescribed;
use crate::manual::{Cadence, Channel, Frequency, Period};
use std::sync::Arc;

use foldhash::{HashMap, HashMapExt};

use crate::program::{Assignee, Assignment, PhaseTransition, Program, Relationship};
use crate::{Date, EntityId, Key, Manual};

/// A planned stretch of coaching with one phase and one level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// First day.
    pub from: Date,
    /// The day after the last.
    pub until: Date,
    /// The phase in force.
    pub phase: Key,
    /// The level in force.
    pub level: Key,
    /// Whether this stretch is projected rather than recorded.
    pub projected: bool,
}

/// The contacts planned for one prescription period on one channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedPeriod {
    /// First day of the period.
    pub from: Date,
    /// The day after the last.
    pub until: Date,
    /// The channel.
    pub channel: Channel,
    /// The phase in force.
    pub phase: Key,
    /// The level in force.
    pub level: Key,
    /// The prescribed minimum of contacts.
    pub min_contacts: u16,
    /// The most contacts the coach offers.
    pub max_contacts: u16,
}

/// A planned event: an in-person visit, a dyad meeting around it, or a learning session.
///
/// Events hold no text of their own, so a plan of thousands of relationships stays cheap; its
/// [`uid`](Self::uid) and [`title`](Self::title) are built when asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedEvent {
    /// The day.
    pub date: Date,
    /// The first day of the period the event belongs to: the prescription's period for a visit
    /// and its meetings, the collaborative's period for a learning session.
    pub period: Date,
    /// What it is.
    pub kind: EventKind,
    /// Which of its period's visits or learning sessions (0 for the first).
    pub index: u16,
    /// Planned length, if the manual gives one.
    pub minutes: Option<u16>,
    /// Coaches expected (in-person visits and dyad meetings).
    pub coaches: Arc<[EntityId]>,
}

/// Kinds of planned event.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// An in-person visit to the site, in this phase and at this level.
    Visit {
        /// The phase in force.
        phase: Key,
        /// The level in force.
        level: Key,
    },
    /// A meeting of the manual's logistics (by key) around a visit.
    Meeting(Key),
    /// A learning session of the collaborative.
    LearningSession,
}

impl PlannedEvent {
    /// A stable identifier, unique within a plan: the kind, the site, the period and the index
    /// within the period. (Several events of one period can fall on one date when a period has
    /// fewer days than events; the index still tells them apart.)
    #[must_use]
    pub fn uid(&self, site: EntityId) -> String {
        let (period, n) = (self.period, self.index);
        match &self.kind {
            EventKind::Visit { .. } => format!("visit-{site}-{period}-{n}"),
            EventKind::Meeting(key) => format!("meeting-{key}-{site}-{period}-{n}"),
            EventKind::LearningSession => {
                format!("learning-session-{site}-{period}{}", Nth(n.into()))
            }
        }
    }

    /// A readable title, with the meeting's name or the collaborative's model from `manual`.
    #[must_use]
    pub fn title(&self, manual: &Manual) -> String {
        match &self.kind {
            EventKind::Visit { phase, level } => format!("Coaching visit ({phase}, {level})"),
            EventKind::Meeting(key) => manual
                .logistics
                .meetings
                .iter()
                .find(|m| &m.key == key)
                .map_or_else(|| key.to_string(), |m| m.name.clone()),
            EventKind::LearningSession => {
                format!("{} learning session", manual.collaborative.model)
            }
        }
    }
}

/// `-n` for the `n`th of several things otherwise named alike, nothing for the first (`n` = 0),
/// so that the name of a thing with no others like it stays as it was.
pub(super) struct Nth(pub(super) usize);

impl std::fmt::Display for Nth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            0 => Ok(()),
            n => write!(f, "-{n}"),
        }
    }
}

/// A team meeting with a regular cadence and its dates inside the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecurringMeeting {
    /// The meeting's key in the manual.
    pub key: Key,
    /// Its name.
    pub name: String,
    /// How often.
    pub every: Frequency,
    /// Planned length.
    pub minutes: Option<u16>,
    /// Every occurrence inside the plan, the first on the plan's first day. A date appears more
    /// than once when the meeting is held more often than its period has days.
    pub dates: Vec<Date>,
}

/// A site's plan over a horizon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// The site.
    pub site: EntityId,
    /// The first day planned (the relationship's start).
    pub from: Date,
    /// The day after the last planned.
    pub until: Date,
    /// Stretches with one phase and level.
    pub segments: Vec<Segment>,
    /// Contacts per prescription period and channel.
    pub periods: Vec<PlannedPeriod>,
    /// Visits, dyad meetings and learning sessions, by date.
    pub events: Vec<PlannedEvent>,
    /// Team meetings with a regular cadence (coaches' and implementation team meetings).
    pub team_meetings: Vec<RecurringMeeting>,
}

impl Plan {
    /// Planned minimum contacts on `channel` over the whole plan.
    #[must_use]
    pub fn min_contacts(&self, channel: Channel) -> u64 {
        self.periods
            .iter()
            .filter(|p| p.channel == channel)
            .map(|p| u64::from(p.min_contacts))
            .sum()
    }
}

/// The start of the `k`th period (0 = `from` itself) of a series starting on `from`, or `None`
/// past the last writable date. Each start is counted from `from`, not from the previous start,
/// so month ends do not drift: from January 31 the months start on February 29 (clamped),
/// March 31, April 30, and so on.
fn period_start(from: Date, per: Period, k: u32) -> Option<Date> {
    let naive = from.as_naive();
    let months = |n: u32| naive.checked_add_months(chrono::Months::new(n.checked_mul(k)?));
    let start = match per {
        Period::Week => naive.checked_add_days(chrono::Days::new(u64::from(k) * 7)),
        Period::Month => months(1),
        Period::Quarter => months(3),
        Period::HalfYear => months(6),
        Period::Year => months(12),
    }?;
    Date::from_naive(start).ok()
}

/// Successive periods `[start, next start)` of a series starting on `from`, while they start
/// before `until`.
fn periods(from: Date, per: Period, until: Date) -> impl Iterator<Item = (Date, Date)> {
    (0u32..)
        .map_while(move |k| Some((period_start(from, per, k)?, period_start(from, per, k + 1)?)))
        .take_while(move |(start, _)| *start < until)
}

/// The `j`th of `count` dates spread evenly over the period `[start, next)`.
fn spread(start: Date, next: Date, j: u16, count: u16) -> Option<Date> {
    let days = (next.as_naive() - start.as_naive()).num_days().max(1);
    let offset = days * i64::from(j) / i64::from(count.max(1));
    Date::from_naive(
        start
            .as_naive()
            .checked_add_days(chrono::Days::new(offset.unsigned_abs()))?,
    )
    .ok()
}

/// One occurrence of something held several times per period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Occurrence {
    /// The first day of its period.
    period: Date,
    /// Which of the period's occurrences (0 for the first).
    index: u16,
    /// The day.
    date: Date,
}

/// Every occurrence of something held `every.count` times per `every.per`, from `from` until
/// `until` (exclusive), spread evenly over each period.
fn occurrences(from: Date, until: Date, every: Frequency) -> impl Iterator<Item = Occurrence> {
    let count = every.count.get();
    periods(from, every.per, until)
        .flat_map(move |(start, next)| {
            (0..count).filter_map(move |index| {
                let date = spread(start, next, index, count)?;
                Some(Occurrence {
                    period: start,
                    index,
                    date,
                })
            })
        })
        .filter(move |o| o.date < until)
}

fn add_weeks(date: Date, weeks: u16) -> Option<Date> {
    Date::from_naive(
        date.as_naive()
            .checked_add_days(chrono::Days::new(u64::from(weeks) * 7))?,
    )
    .ok()
}

impl Relationship {
    /// The relationship with the phases after its last recorded transition projected in the
    /// manual's order, and the day after the last projected phase ends (the default horizon).
    #[must_use]
    pub fn projected(&self, manual: &Manual) -> (Relationship, Option<Date>) {
        let mut projected = self.clone();
        let Some(last) = self.phases.last() else {
            return (projected, None);
        };
        let Some(position) = manual.phases.iter().position(|p| p.key == last.phase) else {
            return (projected, None);
        };
        let mut start = last.date;
        for (n, phase) in manual.phases.iter().enumerate().skip(position) {
            if n > position {
                projected.phases.push(PhaseTransition {
                    date: start,
                    phase: phase.key.clone(),
                    reason: None,
                });
            }
            match add_weeks(start, phase.max_weeks.unwrap_or(phase.min_weeks).get()) {
                Some(next) => start = next,
                None => return (projected, None),
            }
        }
        (projected, Some(start))
    }

    /// Expands the relationship into a plan up to `until` (exclusive; by default the end of the
    /// relationship if it has ended, else the end of the last projected phase), never past the
    /// relationship's end. To plan many relationships of one program, [`Program::plans`] reads
    /// the assignments once.
    #[must_use]
    pub fn plan(&self, manual: &Manual, program: &Program, until: Option<Date>) -> Plan {
        let mut history = AssignmentHistory::new(program, 1);
        let own = program.assignments.iter().filter(|a| a.site == self.site);
        history.add(own);
        self.plan_with(manual, &history, until)
    }

    fn plan_with(
        &self,
        manual: &Manual,
        history: &AssignmentHistory<'_>,
        until: Option<Date>,
    ) -> Plan {
        let (projected, default_until) = self.projected(manual);
        let recorded_until = self.phases.last().map(|t| t.date);
        let end = self.end.as_ref().and_then(|e| next_day(e.date));
        // An ended relationship is planned to its end by default; an open one to the end of
        // its last projected phase.
        let until = [until.or(end).or(default_until), end]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(self.start);
        let segments = segments(&projected, manual, self.start, until, recorded_until);
        let mut plan = Plan {
            site: self.site,
            from: self.start,
            until,
            segments,
            periods: Vec::new(),
            events: Vec::new(),
            team_meetings: Vec::new(),
        };
        expand_periods(&mut plan, manual);
        visits(&mut plan, manual, history);
        learning_sessions(&mut plan, manual);
        team_meetings(&mut plan, manual);
        plan.events
            .sort_by(|a, b| (a.date, &a.kind, a.index).cmp(&(b.date, &b.kind, b.index)));
        plan
    }
}

/// The day after `date`, if it can be written.
pub(super) fn next_day(date: Date) -> Option<Date> {
    Date::from_naive(date.as_naive().succ_opt()?).ok()
}

/// Stretches with one phase and level, from the change points of the projected relationship.
fn segments(
    projected: &Relationship,
    manual: &Manual,
    from: Date,
    until: Date,
    recorded_until: Option<Date>,
) -> Vec<Segment> {
    if until <= from {
        return Vec::new();
    }
    let mut changes: Vec<Date> = projected
        .phases
        .iter()
        .map(|t| t.date)
        .chain(projected.titration.iter().map(|d| d.date))
        .filter(|d| *d >= from && *d < until)
        .collect();
    changes.push(from);
    changes.sort_unstable();
    changes.dedup();
    let mut out: Vec<Segment> = Vec::new();
    for (n, start) in changes.iter().enumerate() {
        let stop = changes.get(n + 1).copied().unwrap_or(until);
        let Some(Prescribed { phase, level }) = projected.prescribed_on(*start, manual) else {
            continue;
        };
        let projected = recorded_until.is_none_or(|last| *start > last)
            && !projected.titration.iter().any(|d| d.date == *start);
        match out.last_mut() {
            Some(previous)
                if previous.phase == phase.key
                    && previous.level == level.key
                    && previous.projected == projected =>
            {
                previous.until = stop;
            }
            _ => out.push(Segment {
                from: *start,
                until: stop,
                phase: phase.key.clone(),
                level: level.key.clone(),
                projected,
            }),
        }
    }
    out
}

fn expand_periods(plan: &mut Plan, manual: &Manual) {
    for segment in &plan.segments {
        let Some(level) = manual.level(&segment.level) else {
            continue;
        };
        for prescription in &level.prescriptions {
            let stop = segment.until.min(plan.until);
            for (start, next) in periods(segment.from, prescription.per, stop) {
                plan.periods.push(PlannedPeriod {
                    from: start,
                    until: next,
                    channel: prescription.channel,
                    phase: segment.phase.clone(),
                    level: segment.level.clone(),
                    min_contacts: prescription.min_contacts.get(),
                    max_contacts: prescription.max_contacts.get(),
                });
            }
        }
    }
    plan.periods.sort_by_key(|p| (p.from, p.channel));
}

impl Program {
    /// Plans every relationship of the program (see [`Relationship::plan`]), reading the
    /// assignments and dyads once.
    #[must_use]
    pub fn plans(&self, manual: &Manual, until: Option<Date>) -> Vec<Plan> {
        let mut history = AssignmentHistory::new(self, self.sites.len());
        history.add(self.assignments.iter());
        self.relationships
            .iter()
            .map(|r| r.plan_with(manual, &history, until))
            .collect()
    }
}

/// The coaches of one assignment, shared by every event planned under it.
type Coaches = Arc<[EntityId]>;

/// Who coached each site from when: assignments by site, sorted by date, and dyads by id.
struct AssignmentHistory<'a> {
    by_site: HashMap<EntityId, Vec<(Date, Coaches)>>,
    dyads: HashMap<EntityId, &'a [EntityId]>,
}

impl<'a> AssignmentHistory<'a> {
    fn new(program: &'a Program, sites: usize) -> Self {
        let mut dyads = HashMap::with_capacity(program.dyads.len());
        for dyad in &program.dyads {
            dyads.entry(dyad.id).or_insert(dyad.coaches.as_slice());
        }
        Self {
            by_site: HashMap::with_capacity(sites),
            dyads,
        }
    }

    fn add(&mut self, assignments: impl Iterator<Item = &'a Assignment>) {
        for a in assignments {
            // Shared per assignment: every event of the site clones a pointer, not a list.
            let coaches: Arc<[EntityId]> = match a.assignee {
                Assignee::Coach(id) => Arc::from([id]),
                Assignee::Dyad(id) => self
                    .dyads
                    .get(&id)
                    .map_or_else(|| Arc::from([]), |c| Arc::from(*c)),
            };
            self.by_site
                .entry(a.site)
                .or_default()
                .push((a.from, coaches));
        }
        for entries in self.by_site.values_mut() {
            entries.sort_by_key(|(from, _)| *from);
        }
    }

    /// The coaches assigned to `site` on `date`: the latest assignment from on or before it.
    fn coaches_on(&self, site: EntityId, date: Date) -> Arc<[EntityId]> {
        let entries = self.by_site.get(&site).map_or(&[][..], Vec::as_slice);
        let current = entries
            .partition_point(|(from, _)| *from <= date)
            .checked_sub(1)
            .and_then(|i| entries.get(i));
        current.map_or_else(|| Arc::from([]), |(_, coaches)| Arc::clone(coaches))
    }
}

/// The prescribed minimum of in-person visits, spread evenly over each period, with the dyad
/// meetings the logistics plan around each joint visit.
fn visits(plan: &mut Plan, manual: &Manual, history: &AssignmentHistory<'_>) {
    let per_visit: Vec<_> = manual
        .logistics
        .meetings
        .iter()
        .filter(|m| m.cadence == Cadence::PerVisit)
        .collect();
    let mut events = Vec::new();
    for period in plan
        .periods
        .iter()
        .filter(|p| p.channel == Channel::InPerson)
    {
        for n in 0..period.min_contacts {
            let Some(date) = spread(period.from, period.until, n, period.min_contacts) else {
                continue;
            };
            if date >= plan.until {
                continue;
            }
            let level = manual.level(&period.level);
            let prescription = level.and_then(|l| l.prescription(Channel::InPerson));
            let coaches = history.coaches_on(plan.site, date);
            let joint = coaches.len() == 2 && manual.pairing.joint_visits;
            events.push(PlannedEvent {
                date,
                period: period.from,
                kind: EventKind::Visit {
                    phase: period.phase.clone(),
                    level: period.level.clone(),
                },
                index: n,
                minutes: prescription
                    .and_then(|p| p.max_minutes.or(p.min_minutes))
                    .map(crate::Minutes::get),
                coaches: Arc::clone(&coaches),
            });
            if joint {
                for meeting in &per_visit {
                    events.push(PlannedEvent {
                        date,
                        period: period.from,
                        kind: EventKind::Meeting(meeting.key.clone()),
                        index: n,
                        minutes: meeting.minutes.map(crate::Minutes::get),
                        coaches: Arc::clone(&coaches),
                    });
                }
            }
        }
    }
    plan.events.extend(events);
}

fn learning_sessions(plan: &mut Plan, manual: &Manual) {
    let sessions = occurrences(
        plan.from,
        plan.until,
        manual.collaborative.learning_sessions,
    );
    plan.events.extend(sessions.map(|o| PlannedEvent {
        date: o.date,
        period: o.period,
        kind: EventKind::LearningSession,
        index: o.index,
        minutes: None,
        coaches: Arc::from([]),
    }));
}

fn team_meetings(plan: &mut Plan, manual: &Manual) {
    for meeting in &manual.logistics.meetings {
        let Cadence::PerPeriod(every) = meeting.cadence else {
            continue;
        };
        let dates = occurrences(plan.from, plan.until, every)
            .map(|o| o.date)
            .collect();
        plan.team_meetings.push(RecurringMeeting {
            key: meeting.key.clone(),
            name: meeting.name.clone(),
            every,
            minutes: meeting.minutes.map(crate::Minutes::get),
            dates,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TimesPerPeriod;

    fn date(text: &str) -> Date {
        text.parse().unwrap()
    }

    #[test]
    fn month_ends_do_not_drift() {
        let starts: Vec<Date> = periods(date("2016-01-31"), Period::Month, date("2017-01-31"))
            .map(|(s, _)| s)
            .collect();
        assert_eq!(starts.len(), 12, "a year of monthly periods");
        assert_eq!(starts[1], date("2016-02-29"));
        assert_eq!(starts[2], date("2016-03-31"));
    }

    #[test]
    fn several_per_period_are_spread_evenly() {
        let every = Frequency {
            count: TimesPerPeriod::new(3).unwrap(),
            per: Period::Week,
        };
        let dates: Vec<Date> = occurrences(date("2016-01-04"), date("2017-01-02"), every)
            .map(|o| o.date)
            .collect();
        assert_eq!(dates.len(), 156, "3 a week for 52 weeks");
        assert_eq!(
            &dates[..4],
            &[
                date("2016-01-04"),
                date("2016-01-06"),
                date("2016-01-08"),
                date("2016-01-11")
            ]
        );
    }

    #[test]
    fn the_last_writable_day_ends_the_series() {
        let near_end = periods(date("9999-12-01"), Period::Month, date("9999-12-31")).count();
        assert_eq!(near_end, 0, "no period whose end cannot be written");
    }
}
