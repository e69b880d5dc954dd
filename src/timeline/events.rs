//! The dated events of a plan: visits and remote contacts with the activities around them,
//! milestones, and the
//! manual's periodic activities, each placed on a working day unless weekends are planned;
//! who coaches a site on a date.

use std::sync::Arc;

use foldhash::{HashMap, HashMapExt};

use super::calendar::{occurrences, spread};
use super::frame::Frame;
use super::plan::{EventKind, Occurrence, Plan, PlannedEvent, RecurringActivity};
use super::program_wide::ProgramSchedule;
use super::schedule::Stay;
use super::workdays::{MAX_SHIFT, Placement};
use crate::manual::{Activity, Anchor, Cadence, Channel, Frequency, Scope};
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

/// The prescribed minimum of contacts on each channel (in-person visits and remote contacts),
/// spread evenly over each period, with the activities the manual plans around each; at most
/// about `limit` events.
pub(super) fn contacts(
    plan: &mut Plan,
    manual: &Manual,
    history: &AssignmentHistory<'_>,
    frame: &Frame,
    limit: usize,
) {
    let joint_contacts = manual.team.as_ref().is_some_and(|t| t.joint_contacts);
    let mut events = Vec::new();
    // A plan shows every activity the manual holds around contacts, recorded or not.
    let around: Vec<&Activity> = manual.activities_around_contacts().collect();
    for channel in Channel::ALL {
        for period in plan.periods.iter().filter(|p| p.channel == channel) {
            if events.len() > limit {
                break;
            }
            let prescription = manual
                .level(&period.level)
                .and_then(|l| l.prescription(channel));
            // Remote contacts are joint only where their prescription asks for more than one
            // coach; a visit, wherever the team rule makes contacts joint.
            let joint_channel = channel == Channel::InPerson
                || prescription.is_some_and(|p| p.coaches_per_contact.get() > 1);
            for n in 0..period.min_contacts {
                let Some(due) = spread(period.from, period.until, n, period.min_contacts) else {
                    continue;
                };
                let date = frame.placement.place(due, period.until);
                if !frame.shows(date) {
                    continue;
                }
                let coaches = history.coaches_on(plan.site, date);
                let joint = joint_contacts && joint_channel && coaches.len() > 1;
                let (phase, level) = (period.phase.clone(), period.level.clone());
                events.push(PlannedEvent {
                    date,
                    period: period.from,
                    kind: match channel {
                        Channel::InPerson => EventKind::Visit { phase, level },
                        Channel::Remote => EventKind::RemoteContact { phase, level },
                    },
                    channel: Some(channel),
                    at_end: false,
                    index: n,
                    minutes: prescription
                        .and_then(|p| p.typical_minutes.or(p.max_minutes).or(p.min_minutes))
                        .map(crate::Minutes::get),
                    coaches: Arc::clone(&coaches),
                });
                for activity in around.iter().filter(|a| a.goes_with(channel, joint)) {
                    events.push(PlannedEvent {
                        date,
                        period: period.from,
                        kind: EventKind::Activity(activity.key.clone()),
                        channel: Some(channel),
                        at_end: false,
                        index: n,
                        minutes: planned_minutes(activity),
                        coaches: Arc::clone(&coaches),
                    });
                }
            }
        }
    }
    plan.events.extend(events);
}

/// An activity's planned length: the manual's maximum, else its minimum.
fn planned_minutes(activity: &Activity) -> Option<u16> {
    activity
        .max_minutes
        .or(activity.min_minutes)
        .map(crate::Minutes::get)
}

/// Each milestone's dates inside the plan, with the activities held at it; at most about
/// `limit` events.
pub(super) fn milestones(
    plan: &mut Plan,
    manual: &Manual,
    stays: &[Stay],
    frame: &Frame,
    limit: usize,
) {
    let none: Arc<[EntityId]> = Arc::from([]);
    // Dates due past this cannot move into the plan.
    let reach = frame
        .until
        .checked_add_days(MAX_SHIFT)
        .unwrap_or(frame.until);
    for milestone in &manual.milestones {
        // Where the milestone's dates are counted from, and the stretch they fall in: the
        // relationship, or each stay in the phase.
        let windows: Vec<(Date, Date)> = match &milestone.anchor {
            Anchor::RelationshipStart => vec![(frame.start, frame.end)],
            Anchor::PhaseEntry(phase) => stays
                .iter()
                .filter(|s| &s.phase == phase)
                .map(|s| (s.from, s.until))
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
            // A milestone due on the day coaching ends (12 months into a 12-month relationship)
            // is held on its last day rather than dropped.
            let closes = |due: Date| due == until && until == frame.end;
            let dates = (0..times)
                .map_while(|k| match milestone.every {
                    Some(every) => every.times_after(first, k),
                    None => Some(first),
                })
                // Nothing is due once coaching has ended, whatever a working day would allow.
                .take_while(|due| {
                    ((*due < until && *due < frame.end) || closes(*due)) && *due < reach
                });
            for (n, due) in dates.enumerate() {
                if plan.events.len() > limit {
                    return;
                }
                let at_end = closes(due);
                let date = if at_end {
                    let Some(last) = until.checked_add_days(-1) else {
                        continue;
                    };
                    frame.placement.place(last, until)
                } else {
                    frame.placement.place(due, until)
                };
                if !frame.shows(date) {
                    continue;
                }
                let index = u16::try_from(n).unwrap_or(u16::MAX);
                let event = |kind| PlannedEvent {
                    date,
                    period: due,
                    kind,
                    channel: None,
                    at_end,
                    index,
                    minutes: None,
                    coaches: Arc::clone(&none),
                };
                plan.events
                    .push(event(EventKind::Milestone(milestone.key.clone())));
                plan.events.extend(at.iter().map(|activity| PlannedEvent {
                    minutes: planned_minutes(activity),
                    ..event(EventKind::Activity(activity.key.clone()))
                }));
            }
        }
    }
}

/// The manual's periodic activities, in its order: the program-wide ones from `schedule`, the
/// site's own counted from where each starts (the relationship's start, a phase entry, a
/// milestone) to where it stops; at most about `limit` dated things in the
/// plan.
pub(super) fn periodic_activities(
    plan: &mut Plan,
    manual: &Manual,
    schedule: &ProgramSchedule,
    frame: &Frame,
    limit: usize,
) {
    for activity in &manual.activities {
        let left = limit.saturating_sub(plan.size());
        let found = match activity.cadence {
            Cadence::Every {
                scope: Scope::Program,
                ..
            } => schedule.activity_in(&activity.key, plan),
            Cadence::Every {
                scope: Scope::Site, ..
            } => frame
                .series(manual, &activity.cadence)
                .and_then(|placement| {
                    recurring(activity, placement, (frame.from, frame.until), left)
                }),
            _ => None,
        };
        plan.activities.extend(found);
    }
}

/// A periodic activity's series counted from `placement.start`, with its dates inside `shown`.
pub(super) fn recurring(
    activity: &Activity,
    placement: Placement,
    shown: (Date, Date),
    limit: usize,
) -> Option<RecurringActivity> {
    let Cadence::Every {
        frequency, scope, ..
    } = activity.cadence
    else {
        return None;
    };
    Some(RecurringActivity {
        key: activity.key.clone(),
        name: activity.name.clone(),
        every: frequency,
        scope,
        minutes: planned_minutes(activity),
        dates: placed(frequency, placement, shown, limit),
    })
}

/// The occurrences of a series held `every` from `placement.start`, each placed on its day,
/// those inside `shown` by date; at most `limit + 1` of them.
pub(super) fn placed(
    every: Frequency,
    placement: Placement,
    shown: (Date, Date),
    limit: usize,
) -> Vec<Occurrence> {
    // Dates due up to two days outside what is shown can move into it; none past the end.
    let reach_end = shown.1.checked_add_days(MAX_SHIFT).unwrap_or(shown.1);
    let reach = (
        shown.0.checked_add_days(-MAX_SHIFT).unwrap_or(shown.0),
        placement.end.map_or(reach_end, |end| end.min(reach_end)),
    );
    let mut dates: Vec<Occurrence> = occurrences(placement.start, reach, every)
        .map(|(o, next)| Occurrence {
            date: placement.place(o.date, next),
            ..o
        })
        .filter(|o| shown.0 <= o.date && o.date < shown.1)
        .take(limit.saturating_add(1))
        .collect();
    // Moves never pass one another; sorting (linear on sorted input) guards the window
    // searches that rely on the order.
    dates.sort_by_key(|o| o.date);
    dates
}
