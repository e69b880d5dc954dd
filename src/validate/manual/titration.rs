//! Titration rules: references, reachability of levels, shadowed rules.

use super::check_unique_keys;
use crate::manual::{Adjustment, TitrationRule, Trigger};
use crate::validate::report::Findings;
use crate::{Manual, Rule};

pub(super) fn check(manual: &Manual, findings: &mut Findings) {
    let rules = manual.titration_rules();
    check_unique_keys(
        rules.iter().map(|r| &r.key),
        "/titration/rules",
        Rule::TitrationRuleKeyDuplicate,
        findings,
    );
    for (i, rule) in rules.iter().enumerate() {
        let at = format!("/titration/rules/{i}");
        check_references(manual, &rule.trigger, &rule.adjustment, &at, findings);
        if let Some(first) = rules
            .iter()
            .take(i)
            .position(|earlier| shadows(earlier, rule))
        {
            findings.push(
                Rule::TitrationRuleShadowed,
                format!("{at}/trigger"),
                format!("rule `{}` ({}) never applies: every event it fires for also fires rule `{}` at /titration/rules/{first}, which comes first; expected a trigger no earlier rule covers", rule.key, rule.trigger, rules.get(first).map_or("", |r| r.key.as_str())),
            );
        }
        check_can_fire(manual, rule, &at, findings);
    }
    check_reachable(manual, findings);
}

/// Whether `earlier` fires for every event that fires `later`, so `later` never applies.
fn shadows(earlier: &TitrationRule, later: &TitrationRule) -> bool {
    earlier.trigger.fires_for(&later.trigger)
}

fn check_references(
    manual: &Manual,
    trigger: &Trigger,
    adjustment: &Adjustment,
    at: &str,
    findings: &mut Findings,
) {
    let mut unknown = |path: String, what: &str, key: &crate::Key| {
        findings.push(
            Rule::TitrationReferenceUnknown,
            path,
            format!("{what} `{key}` is not defined in the manual"),
        );
    };
    match trigger {
        Trigger::WeeksInPhase { phase, .. } if manual.phase(phase).is_none() => {
            unknown(format!("{at}/trigger/weeks_in_phase/phase"), "phase", phase);
        }
        Trigger::ExitCriterionMetEarly { phase, criterion }
        | Trigger::MeasureCrossedTarget {
            phase, criterion, ..
        } => {
            let name = match trigger {
                Trigger::ExitCriterionMetEarly { .. } => "exit_criterion_met_early",
                _ => "measure_crossed_target",
            };
            match manual.phase(phase) {
                None => unknown(format!("{at}/trigger/{name}/phase"), "phase", phase),
                Some(p) if p.exit_criterion(criterion).is_none() => unknown(
                    format!("{at}/trigger/{name}/criterion"),
                    &format!("exit criterion of phase `{phase}`"),
                    criterion,
                ),
                Some(_) => {}
            }
        }
        _ => {}
    }
    if let Adjustment::SetLevel { level } = adjustment
        && manual.level(level).is_none()
    {
        unknown(format!("{at}/adjustment/set_level/level"), "level", level);
    }
}

/// A level is reachable when it starts a phase, or some rule moves to it from a reachable
/// level. Step rules apply from any level, so one step-down rule reaches every level below a
/// starting level.
fn check_reachable(manual: &Manual, findings: &mut Findings) {
    // Without phases nothing starts anywhere; `phase-none` says so once, instead of every level
    // being reported unreachable as well.
    if manual.phases.is_empty() {
        return;
    }
    let levels = &manual.intensity_levels;
    let mut reached = vec![false; levels.len()];
    for phase in &manual.phases {
        if let Some(slot) = manual
            .level_index(&phase.starting_level)
            .and_then(|i| reached.get_mut(i))
        {
            *slot = true;
        }
    }
    // A shadowed rule never applies, so it reaches nothing.
    let rules = manual.titration_rules();
    let adjustments: Vec<&Adjustment> = rules
        .iter()
        .enumerate()
        .filter(|(i, rule)| !rules.iter().take(*i).any(|earlier| shadows(earlier, rule)))
        .map(|(_, r)| &r.adjustment)
        .collect();
    let set_levels = adjustments.iter().filter_map(|a| match a {
        Adjustment::SetLevel { level } => manual.level_index(level),
        _ => None,
    });
    let any_reached = reached.contains(&true);
    for i in set_levels.collect::<Vec<_>>() {
        if let Some(slot) = reached.get_mut(i) {
            *slot |= any_reached;
        }
    }
    let steps_down = adjustments
        .iter()
        .any(|a| matches!(a, Adjustment::StepDown));
    let steps_up = adjustments.iter().any(|a| matches!(a, Adjustment::StepUp));
    // Stepping spreads reachability toward less (down) or more (up) intensive levels.
    if steps_down && let Some(first) = reached.iter().position(|r| *r) {
        reached.iter_mut().skip(first).for_each(|r| *r = true);
    }
    if steps_up && let Some(last) = reached.iter().rposition(|r| *r) {
        reached.iter_mut().take(last + 1).for_each(|r| *r = true);
    }
    for (i, level) in levels.iter().enumerate() {
        if !reached.get(i).copied().unwrap_or(true) {
            findings.push(
                Rule::TitrationLevelUnreachable,
                format!("/intensity_levels/{i}"),
                format!(
                    "level `{}` is no phase's starting level and no titration rule leads to it",
                    level.key
                ),
            );
        }
    }
}

/// A rule that waits longer in a phase than the phase is planned to last, or reads a criterion
/// that has no measure to cross, can never fire as written.
fn check_can_fire(manual: &Manual, rule: &TitrationRule, at: &str, findings: &mut Findings) {
    match &rule.trigger {
        Trigger::WeeksInPhase { phase, weeks } => {
            let Some(max) = manual.phase(phase).and_then(|p| p.length.max) else {
                return;
            };
            if u32::from(weeks.get()) * 7 > max.max_days() {
                findings.push(
                    Rule::TitrationRuleNeverFires,
                    format!("{at}/trigger/weeks_in_phase/weeks"),
                    format!("rule `{}` waits {weeks} weeks in phase `{phase}`, which is planned to last at most {max}; expected fewer weeks", rule.key),
                );
            }
        }
        Trigger::MeasureCrossedTarget {
            phase, criterion, ..
        } => {
            let measured = manual
                .phase(phase)
                .and_then(|p| p.exit_criterion(criterion))
                .is_none_or(|c| c.measure.is_some());
            if !measured {
                findings.push(
                    Rule::TitrationRuleNeverFires,
                    format!("{at}/trigger/measure_crossed_target/criterion"),
                    format!("rule `{}` reads criterion `{criterion}` of `{phase}`, which names no measure to cross; expected a criterion with a measure and target", rule.key),
                );
            }
        }
        _ => {}
    }
}
