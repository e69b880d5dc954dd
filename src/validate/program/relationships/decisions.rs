//! Titration decisions: known levels and rules, each decision the adjustment its rule makes
//! from the level in force, the floor, the minimum interval between dose changes, reasons.

use super::super::InForce;
use crate::manual::Adjustment;
use crate::pointer::Item;
use crate::program::Relationship;
use crate::validate::report::{Findings, Quoted, is_blank};
use crate::{Date, Key, Manual, Rule};

/// The level in force from each change point on, in date order.
#[derive(Default)]
pub(super) struct Levels<'m> {
    changes: Vec<(Date, &'m Key)>,
}

/// The lists a relationship's walk fills, kept from one relationship to the next: walking
/// every relationship of a program allocates them a few times, not once each.
#[derive(Default)]
pub(super) struct Walk<'m> {
    /// (date, 0 for a phase entry or 1 for a decision, position)
    events: Vec<(Date, u8, usize)>,
    phases: PhasesOfDay<'m>,
    levels: Levels<'m>,
}

impl Levels<'_> {
    pub(super) fn on(&self, date: Date) -> Option<&Key> {
        let after = self.changes.partition_point(|(from, _)| *from <= date);
        after
            .checked_sub(1)
            .and_then(|i| self.changes.get(i))
            .map(|(_, level)| *level)
    }
}

/// Checks each decision against the level in force and the manual's rules, walking phase
/// entries and decisions in date order (a phase entry first on a shared day), and returns the
/// level in force over time.
///
/// Each phase entry and decision is read against the manual in force on its date: its phases,
/// levels and rules, its floor and its minimum interval.
pub(super) fn check_decisions<'w, 'm>(
    in_force: &InForce<'m>,
    relationship: &'m Relationship,
    at: &str,
    walk: &'w mut Walk<'m>,
    findings: &mut Findings,
) -> &'w Levels<'m> {
    let Walk {
        events,
        phases,
        levels,
    } = walk;
    events.clear();
    events.extend(
        relationship
            .phases
            .iter()
            .enumerate()
            .map(|(j, t)| (t.date, 0, j))
            .chain(
                relationship
                    .titration
                    .iter()
                    .enumerate()
                    .map(|(j, d)| (d.date, 1, j)),
            ),
    );
    events.sort_unstable();
    levels.changes.clear();
    phases.restart();
    // Decisions must be listed in date order. The walk below goes by date, so the order of the
    // list is checked on the list itself: a later decision listed first is reported too, not
    // only two on one day.
    for (j, pair) in relationship.titration.windows(2).enumerate() {
        if let [earlier, decision] = pair
            && decision.date <= earlier.date
        {
            findings.push(
                Rule::RelationshipDatesUnordered,
                format!("{at}/titration/{}/date", j + 1),
                format!(
                    "{} is not after the previous decision's {}",
                    decision.date, earlier.date
                ),
            );
        }
    }
    let mut current: Option<&Key> = None;
    let mut last_change: Option<Date> = None;
    for &(date, kind, j) in events.iter() {
        let manual = in_force.on(date);
        if kind == 0 {
            let Some(transition) = relationship.phases.get(j) else {
                continue;
            };
            phases.enter(date, &transition.phase);
            let Some(phase) = manual.phase(&transition.phase) else {
                continue;
            };
            if current != Some(&phase.starting_level) {
                last_change = Some(date);
            }
            current = Some(&phase.starting_level);
            levels.changes.push((date, &phase.starting_level));
            continue;
        }
        let Some(decision) = relationship.titration.get(j) else {
            continue;
        };
        let here = Item {
            parent: at,
            list: "titration",
            index: j,
        };
        let changes = current != Some(&decision.level);
        let titration = manual.titration.as_ref();
        let context = Context {
            current,
            last_change: if changes { last_change } else { None },
            interval: titration
                .and_then(|t| t.min_weeks_between_changes.as_ref())
                .map(|i| i.weeks),
            floor: titration
                .and_then(|t| t.floor.as_ref())
                .map_or(&[][..], |f| f.contacts.as_slice()),
            phases: phases.on(date),
        };
        check_decision(manual, decision, &context, here, findings);
        if changes {
            last_change = Some(decision.date);
        }
        current = Some(&decision.level);
        levels.changes.push((decision.date, &decision.level));
    }
    levels
}

/// What a decision is checked against: the level in force before it, the last dose change
/// (only where this decision changes the dose), the manual's minimum interval and floor, and
/// the phases the relationship is in on its date.
struct Context<'m, 'd> {
    current: Option<&'m Key>,
    last_change: Option<Date>,
    interval: Option<crate::Weeks>,
    floor: &'m [crate::manual::FloorContact],
    phases: &'d [&'m Key],
}

/// The phases a relationship is in on a day, followed through its phase entries in date order:
/// the phase in force as the day begins and each phase entered that day. A decision on the day
/// of a transition may answer a trigger of the phase it leaves (an exit criterion met early
/// that advances the phase) or of the phase it enters.
#[derive(Default)]
struct PhasesOfDay<'m> {
    /// The phase in force after the entries so far.
    now: Option<&'m Key>,
    /// The day of the latest entries.
    day: Option<Date>,
    /// The phases in force on that day: the one in force as it began, then each entered. One
    /// list, cleared for each new day, so that following the phases allocates once.
    of_day: Vec<&'m Key>,
}

impl<'m> PhasesOfDay<'m> {
    /// Forgets the phases followed, for the next relationship; the list keeps its room.
    fn restart(&mut self) {
        self.now = None;
        self.day = None;
        self.of_day.clear();
    }

    fn enter(&mut self, date: Date, phase: &'m Key) {
        if self.day != Some(date) {
            self.day = Some(date);
            self.of_day.clear();
            self.of_day.extend(self.now);
        }
        self.of_day.push(phase);
        self.now = Some(phase);
    }

    /// The phases in force on `date`, the last the one in force at its end; none before the
    /// first entry.
    fn on(&self, date: Date) -> &[&'m Key] {
        if self.day == Some(date) {
            &self.of_day
        } else {
            self.now.as_slice()
        }
    }
}

fn check_decision(
    manual: &Manual,
    decision: &crate::program::TitrationDecision,
    context: &Context<'_, '_>,
    here: Item<'_>,
    findings: &mut Findings,
) {
    match manual.level(&decision.level) {
        None => findings.push(
            Rule::DecisionLevelUnknown,
            format!("{here}/level"),
            format!("level `{}` is not a level of the manual", decision.level),
        ),
        Some(level) => {
            if let Some(unmet) = context
                .floor
                .iter()
                .find(|f| f.is_met_by(level) == Some(false))
            {
                findings.push(
                    Rule::DecisionBelowFloor,
                    format!("{here}/level"),
                    format!(
                        "level `{}` prescribes {} {} contacts a year; the floor is {}",
                        decision.level,
                        level.annual(unmet.channel).map_or(0, |d| d.min_contacts),
                        unmet.channel.as_str(),
                        unmet.per_year()
                    ),
                );
            }
        }
    }
    let rule = decision
        .rule
        .as_ref()
        .map(|key| (key, manual.titration_rules().iter().find(|r| &r.key == key)));
    if let Some((key, None)) = rule {
        findings.push(
            Rule::DecisionRuleUnknown,
            format!("{here}/rule"),
            format!("rule `{key}` is not a titration rule of the manual"),
        );
    }
    let rule = rule.and_then(|(_, r)| r);
    // A decision right after one at an unknown level has nothing to step from: that decision
    // has its `decision-level-unknown` finding. A decision at an unknown level breaks its rule
    // too, which only repeats its own `decision-level-unknown` at the same pointer.
    if let (Some(rule), Some(from)) = (rule, context.current)
        && manual.level(from).is_some()
    {
        let expected = manual.level_after(from, &rule.adjustment);
        if decision.level != expected
            && !findings.follows((Rule::DecisionLevelUnknown, &format!("{here}/level")))
        {
            let what = match rule.adjustment {
                Adjustment::Hold | Adjustment::Review | Adjustment::AdvancePhase => {
                    format!("{} changes no level", rule.adjustment)
                }
                _ => format!("{} from `{from}` leads to `{expected}`", rule.adjustment),
            };
            findings.push(
                Rule::DecisionRuleMismatch,
                format!("{here}/level"),
                format!(
                    "the decision sets `{}` under rule `{}`, but {what}; expected `{expected}`",
                    decision.level, rule.key
                ),
            );
        }
    }
    if let Some(rule) = rule {
        check_rule_phase(manual, decision, rule, context.phases, here, findings);
    }
    if let (Some(interval), Some(last)) = (context.interval, context.last_change) {
        let days = last.days_until(decision.date);
        if days < i64::from(interval.get()) * 7 && !rule.is_some_and(|r| r.overrides_interval) {
            findings.push(
                Rule::DecisionInterval,
                format!("{here}/date"),
                format!("the dose changes {days} days after the previous change on {last}; expected at least {interval} weeks unless the rule overrides the interval"),
            );
        }
    }
    let needs_reason = rule.is_none_or(|r| r.reason_required);
    if needs_reason && is_blank(decision.reason.as_deref()) {
        let why = rule.map_or_else(
            || "no rule is named".to_owned(),
            |r| format!("rule `{}` requires one", r.key),
        );
        findings.push(
            Rule::DecisionReasonMissing,
            here.to_string(),
            format!("no reason is given and {why}; expected a reason"),
        );
    }
}

/// A decision under a rule whose trigger belongs to a phase the relationship is not in on the
/// decision's date. Where a phase of that day or the trigger's phase is unknown to the manual,
/// that mistake has its own finding and this check says nothing.
fn check_rule_phase(
    manual: &Manual,
    decision: &crate::program::TitrationDecision,
    rule: &crate::manual::TitrationRule,
    phases: &[&Key],
    here: Item<'_>,
    findings: &mut Findings,
) {
    let Some(trigger_phase) = rule.trigger.phase().and_then(|key| manual.phase(key)) else {
        return;
    };
    let Some(&last) = phases.last() else {
        return;
    };
    if phases.contains(&&trigger_phase.key) {
        return;
    }
    let Some(in_force) = manual.phase(last) else {
        return;
    };
    if phases.iter().any(|key| manual.phase(key).is_none()) {
        return;
    }
    findings.push(
        Rule::DecisionRulePhase,
        format!("{here}/rule"),
        format!(
            "rule `{}` belongs to phase {} (`{}`), but on {} the relationship is in phase {} (`{}`); expected a rule of the phase in force",
            rule.key,
            Quoted(&trigger_phase.name),
            trigger_phase.key,
            decision.date,
            Quoted(&in_force.name),
            in_force.key,
        ),
    );
}
