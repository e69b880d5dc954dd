//! Phases and their criteria.

use foldhash::{HashMap, HashMapExt, HashSet};

use super::check_unique_keys;
use crate::manual::{Criterion, Phase};
use crate::validate::report::Findings;
use crate::{Key, Length, Manual, Rule};

pub(super) fn check(manual: &Manual, findings: &mut Findings) {
    if manual.phases.is_empty() {
        findings.push(
            Rule::PhaseNone,
            "/phases".to_owned(),
            "no phase is defined; expected at least one".to_owned(),
        );
    }
    check_unique_keys(
        manual.phases.iter().map(|p| &p.key),
        "/phases",
        Rule::PhaseKeyDuplicate,
        findings,
    );
    // Phases may each lean on thousands of skills: look them up in a set, not the list.
    let skills: HashSet<&Key> = manual.skills.iter().map(|s| &s.key).collect();
    for (i, phase) in manual.phases.iter().enumerate() {
        let at = format!("/phases/{i}");
        check_phase(manual, &skills, phase, &at, findings);
    }
    check_never_left(manual, findings);
    check_order(manual, findings);
}

/// Warns at each phase after one that is never left: no maximum length, no exit criteria.
fn check_never_left(manual: &Manual, findings: &mut Findings) {
    for (i, pair) in manual.phases.windows(2).enumerate() {
        if let [stuck, next] = pair
            && stuck.length.max.is_none()
            && stuck.exit_criteria.is_empty()
        {
            findings.push(
                Rule::PhaseNeverLeft,
                format!("/phases/{}", i + 1),
                format!(
                    "phase `{}` can never be entered: phase `{}` before it has no maximum length and no exit criteria, so it is never left; expected a maximum length or an exit criterion for `{}`",
                    next.key, stuck.key, stuck.key
                ),
            );
        }
    }
}

/// Warns where a phase's entry criterion measures what only later phases' exit criteria
/// produce. Criteria are matched by measure key only, never by their words; a measure no
/// earlier phase produces and the phase itself exits on is left alone.
fn check_order(manual: &Manual, findings: &mut Findings) {
    let mut producers: HashMap<&Key, Vec<(usize, &Key)>> = HashMap::new();
    for (k, phase) in manual.phases.iter().enumerate() {
        for criterion in &phase.exit_criteria {
            if let Some(measure) = &criterion.measure {
                producers
                    .entry(measure)
                    .or_default()
                    .push((k, &criterion.key));
            }
        }
    }
    for (i, phase) in manual.phases.iter().enumerate() {
        for (j, criterion) in phase.entry_criteria.iter().enumerate() {
            let Some(measure) = &criterion.measure else {
                continue;
            };
            let Some(by) = producers.get(measure) else {
                continue;
            };
            if by.iter().any(|(k, _)| *k <= i) {
                continue;
            }
            let Some((later, exit)) = by
                .first()
                .and_then(|(k, exit)| Some((manual.phases.get(*k)?, exit)))
            else {
                continue;
            };
            findings.push(
                Rule::PhaseOutOfOrder,
                format!("/phases/{i}/entry_criteria/{j}/measure"),
                format!(
                    "phase `{}` enters on `{}`, which measures `{measure}`, produced by exit criterion `{exit}` of phase `{}`, which comes after it; expected the phase that produces it first",
                    phase.key, criterion.key, later.key
                ),
            );
        }
    }
}

fn check_phase(
    manual: &Manual,
    skills: &HashSet<&Key>,
    phase: &Phase,
    at: &str,
    findings: &mut Findings,
) {
    let length = phase.length;
    if let Some(max) = length.max {
        if max.is_zero() {
            findings.push(
                Rule::PhaseLengthZero,
                format!("{at}/length/max"),
                format!(
                    "phase `{}` is planned to last at most {max}; expected a maximum above zero, or none for an open-ended phase",
                    phase.key
                ),
            );
        } else if inverted(length.min, max) {
            findings.push(
                Rule::PhaseLengthInverted,
                format!("{at}/length/max"),
                format!(
                    "the maximum {max} is shorter than the minimum {}; expected at least {}",
                    length.min, length.min
                ),
            );
        }
    }
    if manual.level(&phase.starting_level).is_none() {
        findings.push(
            Rule::PhaseLevelUnknown,
            format!("{at}/starting_level"),
            format!(
                "starting level `{}` is not an intensity level of the manual",
                phase.starting_level
            ),
        );
    }
    for (j, skill) in phase.skills.iter().enumerate() {
        if !skills.contains(skill) {
            findings.push(
                Rule::PhaseSkillUnknown,
                format!("{at}/skills/{j}"),
                format!("skill `{skill}` is not a skill of the manual"),
            );
        }
    }
    // A manual whose sources give no exit criteria leaves them out everywhere: its phases end
    // by time, which the manual's text says. A phase without any among phases with some is a
    // slip.
    let criteria_used = manual.phases.iter().any(|p| !p.exit_criteria.is_empty());
    if phase.exit_criteria.is_empty() && criteria_used {
        // `exit_criteria` is usually left out here, so the pointer names the phase: a pointer
        // must resolve, and a missing member is reported at its parent object.
        findings.push(
            Rule::PhaseExitCriteriaMissing,
            at.to_owned(),
            format!(
                "phase `{}` has no exit criteria; expected at least one besides time",
                phase.key
            ),
        );
    }
    let mut first_at: HashMap<&crate::Key, String> = HashMap::new();
    let lists = [
        ("entry_criteria", &phase.entry_criteria),
        ("exit_criteria", &phase.exit_criteria),
    ];
    for (list, criteria) in lists {
        for (j, criterion) in criteria.iter().enumerate() {
            let here = format!("{at}/{list}/{j}");
            check_criterion(manual, criterion, &here, findings);
            if let Some(first) = first_at.get(&criterion.key) {
                findings.push(
                    Rule::CriterionKeyDuplicate,
                    format!("{here}/key"),
                    format!(
                        "criterion key `{}` is already used at {first} in this phase",
                        criterion.key
                    ),
                );
            } else {
                first_at.insert(&criterion.key, here);
            }
        }
    }
}

/// Whether a phase's maximum is shorter than its minimum. In one unit the counts compare
/// exactly: 12 months to 11 months is inverted whatever the start, though 11 long months
/// (341 days) outlast 12 short ones (336), which the day bounds alone would accept. Across
/// units, only a maximum shorter than the minimum for every length of month is inverted.
pub(super) fn inverted(min: Length, max: Length) -> bool {
    match (min, max) {
        (Length::Weeks(min), Length::Weeks(max)) => max < min,
        (Length::Months(min), Length::Months(max)) => max < min,
        _ => max.max_days() < min.min_days(),
    }
}

fn check_criterion(manual: &Manual, criterion: &Criterion, at: &str, findings: &mut Findings) {
    if let Some(measure) = &criterion.measure
        && !manual.measures.iter().any(|m| &m.key == measure)
    {
        findings.push(
            Rule::CriterionMeasureUnknown,
            format!("{at}/measure"),
            format!("measure `{measure}` is not a measure of the manual"),
        );
    }
}
