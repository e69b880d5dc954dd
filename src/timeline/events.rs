//! The dated events of a plan: visits and remote contacts with the activities around them,
//! milestones, and the manual's periodic activities, each placed on a working day unless
//! weekends are planned.

use std::sync::Arc;

use super::calendar::spread;
use super::frame::Frame;
use super::plan::{EventKind, Plan, PlannedEvent};
use super::program_wide::ProgramSchedule;
use super::series::{planned_minutes, recurring};
use super::stay::Stay;
use super::workdays::MAX_SHIFT;
use crate::manual::{Activity, Anchor, Cadence, Channel, Scope};
use crate::program::AssignmentHistory;
use crate::{Date, EntityId, Manual};

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
