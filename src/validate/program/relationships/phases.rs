//! Phase transitions: the first phase on the start date, the manual's order, going back with a
//! reason, and how long each completed phase lasted.

use super::super::InForce;
use crate::manual::{LengthFit, Phase};
use crate::pointer::Item;
use crate::program::{PhaseTransition, Relationship};
use crate::validate::report::{Findings, is_blank};
use crate::{Date, Key, Manual, Rule};

pub(super) fn check_phases(
    in_force: &InForce<'_>,
    relationship: &Relationship,
    at: &str,
    findings: &mut Findings,
) {
    let transitions = &relationship.phases;
    if transitions.is_empty() {
        findings.push(
            Rule::RelationshipFirstPhase,
            format!("{at}/phases"),
            "no phase transition; expected the manual's first phase on the start date".to_owned(),
        );
    }
    // The latest transition to a phase of the manual, with its position and phase.
    let mut previous: Option<(usize, &PhaseTransition, &Phase)> = None;
    // The phase of the transition before, in the manual in force on its date: each
    // transition's phase is looked up once.
    let mut earlier_phase: Option<&Phase> = None;
    for (j, transition) in transitions.iter().enumerate() {
        let here = Item {
            parent: at,
            list: "phases",
            index: j,
        };
        // Each transition names a phase of the manual in force on its date.
        let manual = in_force.on(transition.date);
        let position = manual.phase_index(&transition.phase);
        let phase = position.and_then(|p| manual.phases.get(p));
        if position.is_none() {
            findings.push(
                Rule::PhaseTransitionUnknown,
                format!("{here}/phase"),
                format!("phase `{}` is not a phase of the manual", transition.phase),
            );
        }
        if j == 0 {
            check_first(
                in_force.on(relationship.start),
                relationship,
                transition,
                at,
                findings,
            );
        }
        if transition
            .reason
            .as_deref()
            .is_some_and(|r| r.trim().is_empty())
        {
            findings.push(
                Rule::TextBlank,
                format!("{here}/reason"),
                "the reason is blank; expected why, or no reason".to_owned(),
            );
        }
        if let Some(earlier) = j.checked_sub(1).and_then(|i| transitions.get(i)) {
            if transition.date <= earlier.date {
                findings.push(
                    Rule::RelationshipDatesUnordered,
                    format!("{here}/date"),
                    format!(
                        "{} is not after the previous transition's {}",
                        transition.date, earlier.date
                    ),
                );
            }
            // A phase lasts until the next one starts; a next one dated before it only repeats
            // the order's finding as a phase too short.
            if let Some(message) = earlier_phase.and_then(|p| duration(p, earlier, transition.date))
                && !findings.follows((Rule::RelationshipDatesUnordered, &format!("{here}/date")))
            {
                findings.push(
                    Rule::PhaseDurationOutside,
                    format!("{at}/phases/{}", j - 1),
                    message,
                );
            }
        }
        if let Some((before, left, left_phase)) = previous {
            check_step(before, position, transition, here, findings);
            if position.is_some_and(|now| now > before) && left.date < transition.date {
                check_left(left_phase, relationship, left, transition, here, findings);
            }
        }
        previous = position
            .zip(phase)
            .map(|(p, phase)| (p, transition, phase))
            .or(previous);
        earlier_phase = phase;
    }
    // The last phase lasts through the relationship's last day; an end before the start only
    // repeats `relationship-end-before-start` as a phase too short.
    let after_end = relationship.end.as_ref().and_then(|e| e.date.next_day());
    if let (Some(last), Some(end)) = (transitions.last(), after_end)
        && let Some(message) = earlier_phase.and_then(|p| duration(p, last, end))
        && !findings.follows((Rule::RelationshipEndBeforeStart, &format!("{at}/end/date")))
    {
        findings.push(
            Rule::PhaseDurationOutside,
            format!("{at}/phases/{}", transitions.len() - 1),
            message,
        );
    }
}

/// The first transition is the manual's first phase on the relationship's start date. A first
/// phase the manual does not define is `phase-transition-unknown` already.
fn check_first(
    manual: &Manual,
    relationship: &Relationship,
    first: &PhaseTransition,
    at: &str,
    findings: &mut Findings,
) {
    let Some(expected) = manual.phases.first() else {
        return;
    };
    if first.phase != expected.key {
        let path = format!("{at}/phases/0/phase");
        if !findings.follows((Rule::PhaseTransitionUnknown, &path)) {
            findings.push(
                Rule::RelationshipFirstPhase,
                path,
                format!(
                    "the relationship opens with `{}`; expected the manual's first phase `{}`",
                    first.phase, expected.key
                ),
            );
        }
    }
    if first.date != relationship.start {
        findings.push(
            Rule::RelationshipFirstPhase,
            format!("{at}/phases/0/date"),
            format!(
                "the first phase starts {}; expected the relationship's start {}",
                first.date, relationship.start
            ),
        );
    }
}

/// A transition moves to the next phase, or back to an earlier one with a reason.
fn check_step(
    before: usize,
    position: Option<usize>,
    transition: &PhaseTransition,
    here: Item<'_>,
    findings: &mut Findings,
) {
    let Some(now) = position else { return };
    if now < before {
        if is_blank(transition.reason.as_deref()) {
            findings.push(
                Rule::PhaseBackWithoutReason,
                here.to_string(),
                format!(
                    "going back to `{}` gives no reason; expected why",
                    transition.phase
                ),
            );
        }
    } else if now != before + 1 {
        let what = if now == before {
            "repeats the phase in force"
        } else {
            "skips a phase"
        };
        findings.push(
            Rule::PhaseTransitionOrder,
            format!("{here}/phase"),
            format!(
                "`{}` {what}; expected the next phase in the manual's order",
                transition.phase
            ),
        );
    }
}

/// Moving on from `left` (to `phase`) to the later phase of `transition` with exit criteria
/// of `phase` not met during the stay: moved on, not completed (progress reads it as `left`).
fn check_left(
    phase: &Phase,
    relationship: &Relationship,
    left: &PhaseTransition,
    transition: &PhaseTransition,
    here: Item<'_>,
    findings: &mut Findings,
) {
    let Some(last_day) = transition.date.checked_add_days(-1) else {
        return;
    };
    // Counted first: most stays are left with every criterion met, and then nothing is listed.
    let met = relationship
        .criteria_met(phase, left.date, last_day)
        .count();
    if met == phase.exit_criteria.len() {
        return;
    }
    let met_keys: Vec<&Key> = relationship
        .criteria_met(phase, left.date, last_day)
        .collect();
    let open: Vec<String> = phase
        .exit_criteria
        .iter()
        .filter(|c| !met_keys.contains(&&c.key))
        .map(|c| format!("`{}`", c.key))
        .collect();
    findings.push(
        Rule::PhaseLeftCriteriaOpen,
        here.to_string(),
        format!(
            "`{}` is left on {} with {} of {} exit criteria met (open: {}); expected each recorded as met during the stay before moving on",
            phase.key,
            transition.date,
            met,
            phase.exit_criteria.len(),
            open.join(", ")
        ),
    );
}

/// What is wrong with how long `transition`'s stay in `phase` lasted, up to `end` (exclusive),
/// if anything.
fn duration(phase: &Phase, transition: &PhaseTransition, end: Date) -> Option<String> {
    let length = phase.length;
    if length.fit(transition.date, end)? == LengthFit::Within {
        return None;
    }
    let range = length.max.map_or_else(
        || format!("at least {}", length.min),
        |max| format!("{} to {max}", length.min),
    );
    // Said in the plan's own unit: weeks against weeks, months against months.
    let lasted = length.min.elapsed_in_unit(transition.date, end);
    Some(format!(
        "`{}` lasted from {} to {end} ({lasted}); the manual plans {range}",
        phase.key, transition.date
    ))
}
