//! The dated events of a plan: visits with the activities around them, milestones, learning
//! sessions, and the manual's periodic activities; who coaches a site on a date.

use std::sync::Arc;

use foldhash::{HashMap, HashMapExt};

use super::calendar::{Occurrence, occurrences, spread, times_after};
use super::plan::{EventKind, Plan, PlannedEvent, RecurringActivity};
use super::schedule::Stay;
use crate::manual::{Anchor, Cadence, Channel, LearningSessions};
use crate::program::{Assignee, Assignment, Program};
use crate::{Date, EntityId, Manual};

/// The coaches of one assignment, shared by every event planned under it.
type Coaches = Arc<[EntityId]>;

/// Who coached each site when: assignments by site, sorted by date, and teams by id.
pub(super) struct AssignmentHistory<'a> {
    by_site: HashMap<EntityId, Vec<(Date, Option<Date>, Coaches)>>,
    teams: HashMap<EntityId, Coaches>,
    program: std::marker::PhantomData<&'a Program>,
}

impl<'a> AssignmentHistory<'a> {
    pub(super) fn new(program: &'a Program, sites: usize) -> Self {
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

    pub(super) fn add(&mut self, assignments: impl Iterator<Item = &'a Assignment>) {
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
pub(super) fn visits(plan: &mut Plan, manual: &Manual, history: &AssignmentHistory<'_>) {
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
pub(super) fn milestones(plan: &mut Plan, manual: &Manual, stays: &[Stay]) {
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

pub(super) fn learning_sessions(plan: &mut Plan, manual: &Manual) {
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

pub(super) fn periodic_activities(plan: &mut Plan, manual: &Manual) {
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
