//! Phase transitions: the first phase on the start date, the manual's order, going back with a
//! reason, and how long each completed phase lasted.

use crate::program::{PhaseTransition, Relationship};
use crate::validate::report::{Findings, is_blank};
use crate::{Date, Manual, Rule};

pub(super) fn check_phases(
    manual: &Manual,
    relationship: &Relationship,
    at: &str,
    findings: &mut Findings,
) {
    let transitions = &relationship.phases;
    match (transitions.first(), manual.phases.first()) {
        (None, _) => findings.push(
            Rule::RelationshipFirstPhase,
            format!("{at}/phases"),
            "no phase transition; expected the manual's first phase on the start date".to_owned(),
        ),
        (Some(first), Some(expected)) => {
            if first.phase != expected.key {
                findings.push(
                    Rule::RelationshipFirstPhase,
                    format!("{at}/phases/0/phase"),
                    format!(
                        "the relationship opens with `{}`; expected the manual's first phase `{}`",
                        first.phase, expected.key
                    ),
                );
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
        (Some(_), None) => {}
    }
    // An end before the start is reported by `relationship-end-before-start`; measuring the
    // last phase against it would only repeat that finding as a phase too short.
    let after_end = relationship
        .end
        .as_ref()
        .filter(|e| e.date >= relationship.start)
        .and_then(|e| e.date.as_naive().succ_opt())
        .and_then(|d| Date::from_naive(d).ok());
    let mut previous: Option<(usize, &PhaseTransition)> = None;
    for (j, transition) in transitions.iter().enumerate() {
        let here = format!("{at}/phases/{j}");
        let position = manual.phase_index(&transition.phase);
        if position.is_none() {
            findings.push(
                Rule::PhaseTransitionUnknown,
                format!("{here}/phase"),
                format!("phase `{}` is not a phase of the manual", transition.phase),
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
        if let Some((before, earlier)) = previous {
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
            check_step(before, position, transition, &here, findings);
        }
        // A phase lasts until the next one starts, or through the relationship's last day.
        if let Some(end) = transitions.get(j + 1).map(|t| t.date).or(after_end) {
            check_duration(manual, transition, end, &here, findings);
        }
        previous = position.map(|p| (p, transition)).or(previous);
    }
}

/// A transition moves to the next phase, or back to an earlier one with a reason.
fn check_step(
    before: usize,
    position: Option<usize>,
    transition: &PhaseTransition,
    here: &str,
    findings: &mut Findings,
) {
    let Some(now) = position else { return };
    if now < before {
        if is_blank(transition.reason.as_deref()) {
            findings.push(
                Rule::PhaseBackWithoutReason,
                here.to_owned(),
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

fn check_duration(
    manual: &Manual,
    transition: &PhaseTransition,
    end: Date,
    here: &str,
    findings: &mut Findings,
) {
    let Some(phase) = manual.phase(&transition.phase) else {
        return;
    };
    let length = phase.length;
    let (Some(min_end), max_end) = (
        length.min.after(transition.date),
        length.max.and_then(|max| max.after(transition.date)),
    ) else {
        return;
    };
    if end < min_end || max_end.is_some_and(|max_end| end > max_end) {
        let range = length.max.map_or_else(
            || format!("at least {}", length.min),
            |max| format!("{} to {max}", length.min),
        );
        let weeks = (end.as_naive() - transition.date.as_naive()).num_days() / 7;
        findings.push(
            Rule::PhaseDurationOutside,
            here.to_owned(),
            format!(
                "`{}` lasted from {} to {end} (about {weeks} weeks); the manual plans {range}",
                phase.key, transition.date
            ),
        );
    }
}
