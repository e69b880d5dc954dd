//! Coaching relationships over time: dates, phases, titration decisions, contacts.

use foldhash::{HashMap, HashMapExt};

use super::entities::Index;
use crate::manual::Channel;
use crate::program::{
    Assignee, Contact, PhaseTransition, Program, Relationship, TitrationDecision,
};
use crate::validate::report::{Findings, is_blank};
use crate::{Date, EntityId, Manual, Rule};

pub(super) fn check(program: &Program, manual: &Manual, index: &Index, findings: &mut Findings) {
    let mut first_of_site: HashMap<EntityId, usize> =
        HashMap::with_capacity(program.relationships.len());
    let mut history: HashMap<EntityId, Vec<(Date, Assignee)>> =
        HashMap::with_capacity(program.relationships.len());
    for (i, relationship) in program.relationships.iter().enumerate() {
        let at = format!("/relationships/{i}");
        if !index.sites.contains_key(&relationship.site) {
            findings.push(
                Rule::RelationshipSiteUnknown,
                format!("{at}/site"),
                format!(
                    "site {} is not among the program's sites",
                    relationship.site
                ),
            );
        } else if let Some(first) = first_of_site.get(&relationship.site) {
            findings.push(Rule::RelationshipDuplicate, format!("{at}/site"), format!("site {} already has a relationship at /relationships/{first}; expected one per site", relationship.site));
        } else {
            first_of_site.insert(relationship.site, i);
            history.insert(relationship.site, Vec::new());
        }
    }
    for assignment in &program.assignments {
        if let Some(entries) = history.get_mut(&assignment.site) {
            entries.push((assignment.from, assignment.assignee));
        }
    }
    for (i, relationship) in program.relationships.iter().enumerate() {
        let site = Site {
            program,
            // Unknown site: already reported; its contacts' coaches cannot be checked.
            history: history.get(&relationship.site).map(Vec::as_slice),
        };
        let at = format!("/relationships/{i}");
        check_span(relationship, &at, findings);
        check_phases(manual, relationship, &at, findings);
        check_decisions(manual, relationship, &at, findings);
        for (j, contact) in relationship.contacts.iter().enumerate() {
            check_contact(
                manual,
                relationship,
                &site,
                contact,
                &format!("{at}/contacts/{j}"),
                findings,
            );
        }
    }
}

/// A site's assignment history, to tell who coached it on a date.
struct Site<'a> {
    program: &'a Program,
    history: Option<&'a [(Date, Assignee)]>,
}

impl Site<'_> {
    /// Whether `coach` was the site's coach, or in its dyad, on `date`.
    /// `None` when the site is unknown.
    fn coached_by(&self, coach: EntityId, date: Date) -> Option<bool> {
        let current = self
            .history?
            .iter()
            .filter(|(from, _)| *from <= date)
            .max_by_key(|(from, _)| *from);
        Some(match current.map(|(_, assignee)| *assignee) {
            Some(Assignee::Coach(id)) => id == coach,
            Some(Assignee::Dyad(id)) => self
                .program
                .dyads
                .iter()
                .any(|d| d.id == id && d.coaches.contains(&coach)),
            None => false,
        })
    }
}

fn outside(relationship: &Relationship, date: Date) -> bool {
    date < relationship.start || relationship.end.as_ref().is_some_and(|end| date > end.date)
}

fn check_span(relationship: &Relationship, at: &str, findings: &mut Findings) {
    if let Some(end) = &relationship.end
        && end.date < relationship.start
    {
        findings.push(
            Rule::RelationshipEndBeforeStart,
            format!("{at}/end/date"),
            format!(
                "the relationship ends {} before it starts {}",
                end.date, relationship.start
            ),
        );
    }
    let dated = relationship
        .phases
        .iter()
        .enumerate()
        .map(|(j, t)| (format!("{at}/phases/{j}/date"), t.date))
        .chain(
            relationship
                .titration
                .iter()
                .enumerate()
                .map(|(j, d)| (format!("{at}/titration/{j}/date"), d.date)),
        )
        .chain(
            relationship
                .contacts
                .iter()
                .enumerate()
                .map(|(j, c)| (format!("{at}/contacts/{j}/start"), c.start.date())),
        );
    for (path, date) in dated.filter(|(_, date)| outside(relationship, *date)) {
        let end = relationship
            .end
            .as_ref()
            .map_or_else(String::new, |e| format!(" to {}", e.date));
        findings.push(
            Rule::RelationshipDateOutside,
            path,
            format!(
                "{date} lies outside the relationship ({}{end})",
                relationship.start
            ),
        );
    }
}

fn check_phases(manual: &Manual, relationship: &Relationship, at: &str, findings: &mut Findings) {
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
    let mut previous: Option<(usize, &PhaseTransition)> = None;
    for (j, transition) in transitions.iter().enumerate() {
        let here = format!("{at}/phases/{j}");
        let position = manual.phases.iter().position(|p| p.key == transition.phase);
        if position.is_none() {
            findings.push(
                Rule::PhaseTransitionUnknown,
                format!("{here}/phase"),
                format!("phase `{}` is not a phase of the manual", transition.phase),
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
        let after_end = relationship
            .end
            .as_ref()
            .and_then(|e| e.date.as_naive().succ_opt())
            .and_then(|d| Date::from_naive(d).ok());
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
    let days = (end.as_naive() - transition.date.as_naive()).num_days();
    let too_short = days < i64::from(phase.min_weeks.get()) * 7;
    let too_long = phase
        .max_weeks
        .is_some_and(|max| days > i64::from(max.get()) * 7);
    if too_short || too_long {
        let range = phase.max_weeks.map_or_else(
            || format!("at least {}", phase.min_weeks),
            |max| format!("{} to {max}", phase.min_weeks),
        );
        findings.push(
            Rule::PhaseDurationOutside,
            here.to_owned(),
            format!(
                "`{}` lasted {days} days; the manual plans {range} weeks",
                phase.key
            ),
        );
    }
}

fn check_decisions(
    manual: &Manual,
    relationship: &Relationship,
    at: &str,
    findings: &mut Findings,
) {
    let interval = manual.titration.min_weeks_between_changes.weeks;
    let mut previous: Option<&TitrationDecision> = None;
    for (j, decision) in relationship.titration.iter().enumerate() {
        let here = format!("{at}/titration/{j}");
        match manual.level(&decision.level) {
            None => findings.push(
                Rule::DecisionLevelUnknown,
                format!("{here}/level"),
                format!("level `{}` is not a level of the manual", decision.level),
            ),
            Some(level) => {
                let floor = &manual.titration.floor.contacts;
                if let Some(unmet) = floor.iter().find(|f| !f.is_met_by(level)) {
                    findings.push(
                        Rule::DecisionBelowFloor,
                        format!("{here}/level"),
                        format!(
                            "level `{}` prescribes {} {} contacts a year; the floor is {}",
                            decision.level,
                            level.annual(unmet.channel).min_contacts,
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
            .map(|key| (key, manual.titration.rules.iter().find(|r| &r.key == key)));
        if let Some((key, None)) = rule {
            findings.push(
                Rule::DecisionRuleUnknown,
                format!("{here}/rule"),
                format!("rule `{key}` is not a titration rule of the manual"),
            );
        }
        let rule = rule.and_then(|(_, r)| r);
        if let Some(earlier) = previous {
            let days = (decision.date.as_naive() - earlier.date.as_naive()).num_days();
            if days <= 0 {
                findings.push(
                    Rule::RelationshipDatesUnordered,
                    format!("{here}/date"),
                    format!(
                        "{} is not after the previous decision's {}",
                        decision.date, earlier.date
                    ),
                );
            } else if days < i64::from(interval.get()) * 7
                && !rule.is_some_and(|r| r.overrides_interval)
            {
                findings.push(Rule::DecisionInterval, format!("{here}/date"), format!("{days} days after the previous decision; expected at least {interval} weeks unless the rule overrides the interval"));
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
                here.clone(),
                format!("no reason is given and {why}; expected a reason"),
            );
        }
        previous = Some(decision);
    }
}

fn check_contact(
    manual: &Manual,
    relationship: &Relationship,
    site: &Site<'_>,
    contact: &Contact,
    here: &str,
    findings: &mut Findings,
) {
    let date = contact.start.date();
    for (k, coach) in contact.coaches.iter().enumerate() {
        if site.coached_by(*coach, date) == Some(false) {
            findings.push(
                Rule::ContactCoachUnassigned,
                format!("{here}/coaches/{k}"),
                format!("coach {coach} was not assigned to the site on {date}"),
            );
        }
    }
    for (k, topic) in contact.topics.iter().enumerate() {
        if manual.skill(topic).is_none() {
            findings.push(
                Rule::ContactTopicUnknown,
                format!("{here}/topics/{k}"),
                format!("topic `{topic}` is not a skill of the manual"),
            );
        }
    }
    if contact.mode.channel() != Channel::InPerson {
        return;
    }
    let allowed = relationship
        .prescribed_on(date, manual)
        .and_then(|p| p.level.prescription(Channel::InPerson))
        .and_then(|p| p.max_minutes);
    if let Some(max) = allowed
        && contact.minutes > max
    {
        findings.push(
            Rule::ContactMinutesAboveMaximum,
            format!("{here}/minutes"),
            format!(
                "{} minutes in person; the level in force allows up to {max}",
                contact.minutes
            ),
        );
    }
    if contact.coaches.len() >= 2 {
        match contact.dyad_visit {
            None => findings.push(
                Rule::DyadVisitDebriefMissing,
                here.to_owned(),
                "a joint visit records no dyad logistics; expected whether the coaches debriefed"
                    .to_owned(),
            ),
            Some(visit) if !visit.debrief => findings.push(
                Rule::DyadVisitDebriefMissing,
                format!("{here}/dyad_visit/debrief"),
                "the coaches did not debrief after the joint visit; expected a debrief".to_owned(),
            ),
            Some(_) => {}
        }
    }
}
