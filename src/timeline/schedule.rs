//! Schedule expansion: from a relationship and its manual, the planned contacts per period and
//! channel, the planned in-person visits with the activities around them, milestones, the
//! manual's periodic activities, and the learning sessions of the collaborative.
//!
//! Projection (a design choice): after the last recorded phase transition, the phase in force
//! and every later phase of the manual run for their planned maximum (their minimum when open
//! ended), in order. Recorded titration decisions stand; projected time uses each phase's
//! starting level.
//!
//! Periods (a design choice, docs/decisions.md): while a channel's prescription stays the same
//! across a change of phase or level, its periods run on; where it changes, the period in
//! progress is cut at the change and its counts prorated by days. Counts per phase run over the
//! phase stay, counts per relationship over the whole plan.

use std::sync::Arc;

use foldhash::{HashMap, HashMapExt};
use serde::Serialize;

use super::Prescribed;
use crate::manual::{
    Anchor, Cadence, Channel, Frequency, LearningSessions, Per, Period, Prescription, Scope,
};
use crate::program::{Assignee, Assignment, PhaseTransition, Program, Relationship};
use crate::{Date, EntityId, Key, Length, Manual};

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
    /// First day of the period (of its planned part, where it is cut).
    pub from: Date,
    /// The day after the last.
    pub until: Date,
    /// The channel.
    pub channel: Channel,
    /// The phase in force at the period's start.
    pub phase: Key,
    /// The level in force at the period's start.
    pub level: Key,
    /// What the prescription's counts are per.
    pub per: Per,
    /// Whether the period is cut short by a change of prescription or the plan's end, its
    /// counts prorated by days.
    pub cut: bool,
    /// The prescribed minimum of contacts.
    pub min_contacts: u16,
    /// The most contacts the coach offers.
    pub max_contacts: u16,
}

/// A planned event: an in-person visit, an activity around it, a milestone, an activity at a
/// milestone, or a learning session.
///
/// Events hold no text of their own, so a plan of thousands of relationships stays cheap; its
/// [`uid`](Self::uid) and [`title`](Self::title) are built when asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedEvent {
    /// The day.
    pub date: Date,
    /// The first day of the period the event belongs to: the prescription's period for a visit
    /// and the activities around it, the collaborative's period for a learning session, its own
    /// date for a milestone.
    pub period: Date,
    /// What it is.
    pub kind: EventKind,
    /// Which of its period's events of its kind (0 for the first).
    pub index: u16,
    /// Planned length, if the manual gives one.
    pub minutes: Option<u16>,
    /// Coaches expected (visits and the activities around them).
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
    /// An activity of the manual (by key): around a visit, or at a milestone.
    Activity(Key),
    /// A milestone of the manual (by key).
    Milestone(Key),
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
            EventKind::Activity(key) => format!("activity-{key}-{site}-{period}-{n}"),
            EventKind::Milestone(key) => format!("milestone-{key}-{site}-{}-{n}", self.date),
            EventKind::LearningSession => {
                format!("learning-session-{site}-{period}{}", Nth(n.into()))
            }
        }
    }

    /// A readable title, with names from `manual`.
    #[must_use]
    pub fn title(&self, manual: &Manual) -> String {
        let name =
            |found: Option<&str>, key: &Key| found.map_or_else(|| key.to_string(), str::to_owned);
        match &self.kind {
            EventKind::Visit { phase, level } => {
                let phase_name = manual.phase(phase).map(|p| p.name.as_str());
                let level_name = manual.level(level).map(|l| l.name.as_str());
                format!(
                    "Coaching visit ({}, {})",
                    name(phase_name, phase),
                    name(level_name, level)
                )
            }
            EventKind::Activity(key) => name(manual.activity(key).map(|a| a.name.as_str()), key),
            EventKind::Milestone(key) => name(manual.milestone(key).map(|m| m.name.as_str()), key),
            EventKind::LearningSession => match &manual.collaborative {
                Some(c) => format!("{} learning session", c.model),
                None => "Learning session".to_owned(),
            },
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

/// A periodic activity of the manual with its dates inside the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecurringActivity {
    /// The activity's key in the manual.
    pub key: Key,
    /// Its name.
    pub name: String,
    /// How often.
    pub every: Frequency,
    /// Once for the program, or at each site.
    pub scope: Scope,
    /// Planned length (the manual's maximum, else its minimum).
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
    /// Visits, the activities around them, milestones and learning sessions, by date.
    pub events: Vec<PlannedEvent>,
    /// The manual's periodic activities (meetings, reviews).
    pub activities: Vec<RecurringActivity>,
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

/// `length` times `k` after `from`, counted from `from` so month ends do not drift.
fn times_after(from: Date, length: Length, k: u32) -> Option<Date> {
    let naive = from.as_naive();
    let end = match length {
        Length::Weeks(w) => {
            naive.checked_add_days(chrono::Days::new(7 * u64::from(w.get()) * u64::from(k)))
        }
        Length::Months(m) => {
            naive.checked_add_months(chrono::Months::new(u32::from(m.get()).checked_mul(k)?))
        }
    }?;
    Date::from_naive(end).ok()
}

fn days_between(from: Date, until: Date) -> i64 {
    (until.as_naive() - from.as_naive()).num_days()
}

/// One stay in a phase: the phase, its first day and the day after its last.
struct Stay {
    phase: Key,
    from: Date,
    until: Date,
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
        let Some(position) = manual.phase_index(&last.phase) else {
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
            match phase.length.max.unwrap_or(phase.length.min).after(start) {
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
        let stays = stays(&projected, until);
        let mut plan = Plan {
            site: self.site,
            from: self.start,
            until,
            segments,
            periods: Vec::new(),
            events: Vec::new(),
            activities: Vec::new(),
        };
        expand_periods(&mut plan, manual, &stays);
        visits(&mut plan, manual, history);
        milestones(&mut plan, manual, &stays);
        learning_sessions(&mut plan, manual);
        periodic_activities(&mut plan, manual);
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
                    && previous.projected == projected
                    && previous.until == *start =>
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

/// The phase stays of the projected relationship, each ending where the next begins, the last
/// at `until`.
fn stays(projected: &Relationship, until: Date) -> Vec<Stay> {
    let transitions = &projected.phases;
    transitions
        .iter()
        .enumerate()
        .map(|(n, t)| Stay {
            phase: t.phase.clone(),
            from: t.date,
            until: transitions.get(n + 1).map_or(until, |next| next.date),
        })
        .filter(|s| s.from < s.until)
        .collect()
}

/// Consecutive segments under one unchanged prescription of a channel.
struct Series<'m> {
    prescription: &'m Prescription,
    from: Date,
    until: Date,
    /// Where the prescription's periods are counted from.
    anchor: Date,
    /// The full extent of the one period of a per-phase or per-relationship count.
    whole: Option<(Date, Date)>,
}

fn same_dose(a: &Prescription, b: &Prescription) -> bool {
    (a.min_contacts, a.max_contacts, a.per) == (b.min_contacts, b.max_contacts, b.per)
}

fn expand_periods(plan: &mut Plan, manual: &Manual, stays: &[Stay]) {
    for channel in Channel::ALL {
        let mut all: Vec<Series<'_>> = Vec::new();
        for segment in &plan.segments {
            let Some(prescription) = manual
                .level(&segment.level)
                .and_then(|level| level.prescription(channel))
            else {
                continue;
            };
            let stay = stays
                .iter()
                .find(|s| s.from <= segment.from && segment.from < s.until);
            if let Some(series) = all.last_mut()
                && series.until == segment.from
                && same_dose(series.prescription, prescription)
                && (prescription.per != Per::Phase || stay.is_some_and(|s| s.from <= series.from))
            {
                series.until = segment.until;
                continue;
            }
            let whole = match prescription.per {
                Per::Phase => stay.map(|s| (s.from, s.until)),
                Per::Relationship => Some((plan.from, plan.until)),
                _ => None,
            };
            all.push(Series {
                prescription,
                from: segment.from,
                until: segment.until,
                anchor: whole.map_or(segment.from, |(from, _)| from),
                whole,
            });
        }
        for series in &all {
            series_periods(plan, series, channel);
        }
    }
    plan.periods.sort_by_key(|p| (p.from, p.channel));
}

/// The periods of one series, cut to it, with their counts prorated where cut.
fn series_periods(plan: &mut Plan, series: &Series<'_>, channel: Channel) {
    let p = series.prescription;
    let full: Vec<(Date, Date)> = match (p.per.period(), series.whole) {
        (Some(period), _) => periods(series.anchor, period, series.until).collect(),
        (None, Some(whole)) => vec![whole],
        (None, None) => Vec::new(),
    };
    for (start, next) in full {
        let from = start.max(series.from);
        let until = next.min(series.until).min(plan.until);
        if from >= until {
            continue;
        }
        let (whole_days, days) = (days_between(start, next), days_between(from, until));
        let cut = days < whole_days;
        let prorate = |count: u16, round_up: bool| -> u16 {
            if !cut {
                return count;
            }
            let scaled = i64::from(count) * days;
            let share = if round_up {
                (scaled + whole_days - 1) / whole_days
            } else {
                // Half up: a cut month of 16 days of one visit a month plans the visit.
                (2 * scaled + whole_days) / (2 * whole_days)
            };
            u16::try_from(share).unwrap_or(count)
        };
        // A series is made of segments, so every period starts in one.
        let Some(segment) = plan
            .segments
            .iter()
            .find(|s| s.from <= from && from < s.until)
        else {
            continue;
        };
        let (phase, level) = (segment.phase.clone(), segment.level.clone());
        let min_contacts = prorate(p.min_contacts.get(), false);
        plan.periods.push(PlannedPeriod {
            from,
            until,
            channel,
            phase,
            level,
            per: p.per,
            cut,
            min_contacts,
            max_contacts: prorate(p.max_contacts.get(), true).max(min_contacts),
        });
    }
}

impl Program {
    /// Plans every relationship of the program (see [`Relationship::plan`]), reading the
    /// assignments and teams once.
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

/// Who coached each site when: assignments by site, sorted by date, and teams by id.
struct AssignmentHistory<'a> {
    by_site: HashMap<EntityId, Vec<(Date, Option<Date>, Coaches)>>,
    teams: HashMap<EntityId, Coaches>,
    program: std::marker::PhantomData<&'a Program>,
}

impl<'a> AssignmentHistory<'a> {
    fn new(program: &'a Program, sites: usize) -> Self {
        let mut teams = HashMap::with_capacity(program.teams.len());
        for team in &program.teams {
            teams
                .entry(team.id)
                .or_insert_with(|| team.members.iter().map(|m| m.coach).collect());
        }
        Self {
            by_site: HashMap::with_capacity(sites),
            teams,
            program: std::marker::PhantomData,
        }
    }

    fn add(&mut self, assignments: impl Iterator<Item = &'a Assignment>) {
        for a in assignments {
            // Shared per assignment: every event of the site clones a pointer, not a list.
            let coaches: Coaches = match a.assignee {
                Assignee::Coach(id) => Arc::from([id]),
                Assignee::Team(id) => self
                    .teams
                    .get(&id)
                    .map_or_else(|| Arc::from([]), Arc::clone),
            };
            self.by_site
                .entry(a.site)
                .or_default()
                .push((a.from, a.until, coaches));
        }
        for entries in self.by_site.values_mut() {
            entries.sort_by_key(|(from, _, _)| *from);
        }
    }

    /// The coaches assigned to `site` on `date`: the latest assignment in force then.
    fn coaches_on(&self, site: EntityId, date: Date) -> Coaches {
        let entries = self.by_site.get(&site).map_or(&[][..], Vec::as_slice);
        let started = entries.partition_point(|(from, _, _)| *from <= date);
        entries
            .get(..started)
            .unwrap_or_default()
            .iter()
            .rev()
            .find(|(_, until, _)| until.is_none_or(|u| date <= u))
            .map_or_else(|| Arc::from([]), |(_, _, coaches)| Arc::clone(coaches))
    }
}

/// The prescribed minimum of in-person visits, spread evenly over each period, with the
/// activities the manual plans around each visit.
fn visits(plan: &mut Plan, manual: &Manual, history: &AssignmentHistory<'_>) {
    let around: Vec<_> = manual
        .activities
        .iter()
        .filter_map(|a| match &a.cadence {
            Cadence::AroundContact {
                channel,
                joint_only,
                ..
            } if channel.is_none_or(|c| c == Channel::InPerson) => Some((a, *joint_only)),
            _ => None,
        })
        .collect();
    let joint_contacts = manual.team.as_ref().is_some_and(|t| t.joint_contacts);
    let mut events = Vec::new();
    for period in plan
        .periods
        .iter()
        .filter(|p| p.channel == Channel::InPerson)
    {
        let prescription = manual
            .level(&period.level)
            .and_then(|l| l.prescription(Channel::InPerson));
        for n in 0..period.min_contacts {
            let Some(date) = spread(period.from, period.until, n, period.min_contacts) else {
                continue;
            };
            if date >= plan.until {
                continue;
            }
            let coaches = history.coaches_on(plan.site, date);
            let joint = joint_contacts && coaches.len() > 1;
            events.push(PlannedEvent {
                date,
                period: period.from,
                kind: EventKind::Visit {
                    phase: period.phase.clone(),
                    level: period.level.clone(),
                },
                index: n,
                minutes: prescription
                    .and_then(|p| p.typical_minutes.or(p.max_minutes).or(p.min_minutes))
                    .map(crate::Minutes::get),
                coaches: Arc::clone(&coaches),
            });
            for (activity, joint_only) in &around {
                if *joint_only && !joint {
                    continue;
                }
                events.push(PlannedEvent {
                    date,
                    period: period.from,
                    kind: EventKind::Activity(activity.key.clone()),
                    index: n,
                    minutes: activity
                        .max_minutes
                        .or(activity.min_minutes)
                        .map(crate::Minutes::get),
                    coaches: Arc::clone(&coaches),
                });
            }
        }
    }
    plan.events.extend(events);
}

/// Each milestone's dates inside the plan, with the activities held at it.
fn milestones(plan: &mut Plan, manual: &Manual, stays: &[Stay]) {
    for milestone in &manual.milestones {
        let windows: Vec<(Date, Date)> = match &milestone.anchor {
            Anchor::RelationshipStart => vec![(plan.from, plan.until)],
            Anchor::PhaseEntry(phase) => stays
                .iter()
                .filter(|s| &s.phase == phase)
                .map(|s| (s.from, s.until.min(plan.until)))
                .collect(),
        };
        let at: Vec<_> = manual
            .activities
            .iter()
            .filter(|a| a.cadence == Cadence::AtMilestone(milestone.key.clone()))
            .collect();
        for (from, until) in windows {
            let Some(first) = milestone.offset.after(from) else {
                continue;
            };
            let times = match (milestone.every, milestone.times) {
                (None, _) => 1,
                (Some(_), Some(times)) => u32::from(times.get()),
                (Some(_), None) => u32::MAX,
            };
            let dates = (0..times)
                .map_while(|k| match milestone.every {
                    Some(every) => times_after(first, every, k),
                    None => Some(first),
                })
                .take_while(|date| *date < until);
            for (n, date) in dates.enumerate() {
                let index = u16::try_from(n).unwrap_or(u16::MAX);
                plan.events.push(PlannedEvent {
                    date,
                    period: date,
                    kind: EventKind::Milestone(milestone.key.clone()),
                    index,
                    minutes: None,
                    coaches: Arc::from([]),
                });
                plan.events.extend(at.iter().map(|activity| {
                    PlannedEvent {
                        date,
                        period: date,
                        kind: EventKind::Activity(activity.key.clone()),
                        index,
                        minutes: activity
                            .max_minutes
                            .or(activity.min_minutes)
                            .map(crate::Minutes::get),
                        coaches: Arc::from([]),
                    }
                }));
            }
        }
    }
}

fn learning_sessions(plan: &mut Plan, manual: &Manual) {
    let Some(collaborative) = &manual.collaborative else {
        return;
    };
    let sessions: Vec<Occurrence> = match &collaborative.learning_sessions {
        LearningSessions::Every(every) => occurrences(plan.from, plan.until, *every).collect(),
        LearningSessions::Dated(dates) => dates
            .iter()
            .filter(|d| plan.from <= **d && **d < plan.until)
            .map(|&date| Occurrence {
                period: date,
                index: 0,
                date,
            })
            .collect(),
    };
    plan.events
        .extend(sessions.into_iter().map(|o| PlannedEvent {
            date: o.date,
            period: o.period,
            kind: EventKind::LearningSession,
            index: o.index,
            minutes: None,
            coaches: Arc::from([]),
        }));
}

fn periodic_activities(plan: &mut Plan, manual: &Manual) {
    for activity in &manual.activities {
        let Cadence::Every { frequency, scope } = activity.cadence else {
            continue;
        };
        plan.activities.push(RecurringActivity {
            key: activity.key.clone(),
            name: activity.name.clone(),
            every: frequency,
            scope,
            minutes: activity
                .max_minutes
                .or(activity.min_minutes)
                .map(crate::Minutes::get),
            dates: occurrences(plan.from, plan.until, frequency)
                .map(|o| o.date)
                .collect(),
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
