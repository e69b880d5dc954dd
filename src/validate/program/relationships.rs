//! Coaching relationships over time: dates, phases, titration decisions, achievements and
//! contacts.
//!
//! Each relationship is walked once in date order; contacts look up the level in force by
//! binary search, and the site's assignments are searched by date, so validation grows with
//! the number of entries, not with their products.

use std::hash::BuildHasher as _;

use foldhash::{HashMap, HashMapExt, HashSet};

use super::assignments::Assignments;
use super::entities::Index;
use crate::manual::{Adjustment, Cadence, Channel};
use crate::program::{Achieved, Contact, PhaseTransition, Program, Relationship};
use crate::validate::check_listed_once;
use crate::validate::report::{Findings, is_blank};
use crate::{Date, EntityId, Key, Manual, Rule};

pub(super) fn check(
    program: &Program,
    manual: &Manual,
    index: &Index,
    assignments: &Assignments,
    findings: &mut Findings,
) {
    let mut first_of_site: HashMap<EntityId, usize> =
        HashMap::with_capacity(program.relationships.len());
    for (i, relationship) in program.relationships.iter().enumerate() {
        let at = format!("/relationships/{i}");
        let known = index.sites.contains_key(&relationship.site);
        if !known {
            findings.push(
                Rule::RelationshipSiteUnknown,
                format!("{at}/site"),
                format!(
                    "site {} is not among the program's sites",
                    relationship.site
                ),
            );
        } else if let Some(first) = first_of_site.get(&relationship.site) {
            // The site is known here: name it, as a reader knows it.
            let name = index
                .sites
                .get(&relationship.site)
                .and_then(|&s| program.sites.get(s))
                .map_or_else(|| relationship.site.to_string(), |s| s.name.clone());
            findings.push(
                Rule::RelationshipDuplicate,
                format!("{at}/site"),
                format!("site `{name}` already has a relationship at /relationships/{first}; expected one per site"),
            );
        } else {
            first_of_site.insert(relationship.site, i);
        }
        if known
            && let Some(first) = assignments.of(relationship.site).first()
            && relationship.start < first.from
        {
            findings.push(
                Rule::RelationshipBeforeAssignment,
                format!("{at}/start"),
                format!(
                    "the relationship starts {}, before the site's first assignment from {}; expected a coach or team assigned first",
                    relationship.start, first.from
                ),
            );
        }
        check_span(relationship, &at, findings);
        check_phases(manual, relationship, &at, findings);
        let levels = check_decisions(manual, relationship, &at, findings);
        check_achievements(manual, relationship, &at, findings);
        let site = known.then_some(relationship.site);
        check_contacts(
            program,
            manual,
            index,
            assignments,
            relationship,
            site,
            &levels,
            &at,
            findings,
        );
    }
}

fn outside(relationship: &Relationship, date: Date) -> bool {
    date < relationship.start || relationship.end.as_ref().is_some_and(|end| date > end.date)
}

fn check_span(relationship: &Relationship, at: &str, findings: &mut Findings) {
    if let Some(end) = &relationship.end {
        if end.date < relationship.start {
            findings.push(
                Rule::RelationshipEndBeforeStart,
                format!("{at}/end/date"),
                format!(
                    "the relationship ends {} before it starts {}",
                    end.date, relationship.start
                ),
            );
            // Every later date would also lie outside; the one error says it.
            return;
        }
        if end.hand_off.trim().is_empty() {
            findings.push(
                Rule::TextBlank,
                format!("{at}/end/hand_off"),
                "the hand-off is blank; expected what the site carries on with, and who to call"
                    .to_owned(),
            );
        }
    }
    // (list, position, member, date); the pointer is written only for a date outside.
    let dated = relationship
        .phases
        .iter()
        .enumerate()
        .map(|(j, t)| ("phases", j, "date", t.date))
        .chain(
            relationship
                .titration
                .iter()
                .enumerate()
                .map(|(j, d)| ("titration", j, "date", d.date)),
        )
        .chain(
            relationship
                .met
                .iter()
                .enumerate()
                .map(|(j, m)| ("met", j, "date", m.date)),
        )
        .chain(
            relationship
                .contacts
                .iter()
                .enumerate()
                .map(|(j, c)| ("contacts", j, "start", c.start.date())),
        )
        .filter(|(.., date)| outside(relationship, *date))
        .map(|(list, j, member, date)| (format!("{at}/{list}/{j}/{member}"), date));
    for (path, date) in dated {
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

/// The level in force from each change point on, in date order.
struct Levels<'m> {
    changes: Vec<(Date, &'m Key)>,
}

impl Levels<'_> {
    fn on(&self, date: Date) -> Option<&Key> {
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
fn check_decisions<'m>(
    manual: &'m Manual,
    relationship: &'m Relationship,
    at: &str,
    findings: &mut Findings,
) -> Levels<'m> {
    let titration = manual.titration.as_ref();
    let interval = titration
        .and_then(|t| t.min_weeks_between_changes.as_ref())
        .map(|i| i.weeks);
    let floor = titration
        .and_then(|t| t.floor.as_ref())
        .map_or(&[][..], |f| f.contacts.as_slice());
    // (date, 0 for a phase entry or 1 for a decision, position)
    let mut events: Vec<(Date, u8, usize)> = relationship
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
        )
        .collect();
    events.sort_unstable();
    let mut levels = Levels {
        changes: Vec::with_capacity(events.len()),
    };
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
    for (date, kind, j) in events {
        if kind == 0 {
            let Some(phase) = relationship
                .phases
                .get(j)
                .and_then(|t| manual.phase(&t.phase))
            else {
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
        let here = format!("{at}/titration/{j}");
        let changes = current != Some(&decision.level);
        let context = Context {
            current,
            last_change: if changes { last_change } else { None },
            interval,
            floor,
        };
        check_decision(manual, decision, &context, &here, findings);
        if changes {
            last_change = Some(decision.date);
        }
        current = Some(&decision.level);
        levels.changes.push((decision.date, &decision.level));
    }
    levels
}

fn check_achievements(
    manual: &Manual,
    relationship: &Relationship,
    at: &str,
    findings: &mut Findings,
) {
    for (j, achievement) in relationship.met.iter().enumerate() {
        let (path, known, what) = match &achievement.what {
            Achieved::Criterion { phase, criterion } => (
                format!("{at}/met/{j}/what/criterion"),
                manual.phase(phase).is_some_and(|p| {
                    p.exit_criteria
                        .iter()
                        .chain(&p.entry_criteria)
                        .any(|c| &c.key == criterion)
                }),
                format!("criterion `{criterion}` of phase `{phase}`"),
            ),
            Achieved::Milestone(key) => (
                format!("{at}/met/{j}/what/milestone"),
                manual.milestone(key).is_some(),
                format!("milestone `{key}`"),
            ),
        };
        if !known {
            findings.push(
                Rule::AchievementUnknown,
                path,
                format!("{what} is not defined in the manual"),
            );
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn check_contacts(
    program: &Program,
    manual: &Manual,
    index: &Index,
    assignments: &Assignments,
    relationship: &Relationship,
    site: Option<EntityId>,
    levels: &Levels<'_>,
    at: &str,
    findings: &mut Findings,
) {
    let skills: HashSet<&Key> = manual.skills.iter().map(|s| &s.key).collect();
    let around: Vec<(&Key, Option<Channel>, bool)> = manual
        .activities
        .iter()
        .filter_map(|a| match &a.cadence {
            Cadence::AroundContact {
                channel,
                joint_only,
                ..
            } => Some((&a.key, *channel, *joint_only)),
            _ => None,
        })
        .collect();
    // Contacts already logged, by start, mode and an order-free hash of their coaches; a hit is
    // confirmed against the earlier contact's coaches, so no list is copied per contact.
    let mut seen: HashMap<(crate::ContactTime, crate::program::ContactMode, u64), usize> =
        HashMap::with_capacity(relationship.contacts.len());
    for (j, contact) in relationship.contacts.iter().enumerate() {
        // Pointers are built only for findings: most contacts have none.
        let here = || format!("{at}/contacts/{j}");
        let date = contact.start.date();
        if contact.coaches.is_empty() {
            findings.push(
                Rule::ContactCoachesNone,
                format!("{}/coaches", here()),
                "the contact names no coach; expected the coaches who made it".to_owned(),
            );
        }
        if contact.guests.is_empty() {
            check_listed_once(&contact.coaches, || format!("{}/coaches", here()), findings);
        } else {
            let everyone: Vec<EntityId> = contact
                .coaches
                .iter()
                .chain(&contact.guests)
                .copied()
                .collect();
            check_listed_once(&everyone, || format!("{}/coaches", here()), findings);
        }
        if let Some(site) = site {
            let assigned = assignments
                .on(site, date)
                .map_or(&[][..], |s| s.coaches.as_slice());
            for (k, coach) in contact.coaches.iter().enumerate() {
                if !assigned.contains(coach) {
                    findings.push(
                        Rule::ContactCoachUnassigned,
                        format!("{}/coaches/{k}", here()),
                        format!("coach `{}` was not assigned to the site on {date}; a visiting coach belongs in `guests`", index.coach_name(program, *coach)),
                    );
                }
            }
        }
        for (k, guest) in contact.guests.iter().enumerate() {
            if !index.coaches.contains_key(guest) {
                findings.push(
                    Rule::ContactGuestUnknown,
                    format!("{}/guests/{k}", here()),
                    format!("coach {guest} is not among the program's coaches"),
                );
            }
        }
        let coaches_hash = contact
            .coaches
            .iter()
            .map(|c| foldhash::fast::FixedState::with_seed(0).hash_one(c))
            .fold(0u64, u64::wrapping_add);
        let key = (contact.start, contact.mode, coaches_hash);
        match seen.get(&key).and_then(|&k| relationship.contacts.get(k)) {
            Some(earlier) if same_coaches(&earlier.coaches, &contact.coaches) => {
                findings.push(
                    Rule::ContactDuplicate,
                    here(),
                    format!("a contact by the same coaches, {} at {}, is already logged; expected each contact once", mode_name(contact), contact.start),
                );
            }
            _ => {
                seen.insert(key, j);
            }
        }
        for (k, topic) in contact.topics.iter().enumerate() {
            if !skills.contains(topic) {
                findings.push(
                    Rule::ContactTopicUnknown,
                    format!("{}/topics/{k}", here()),
                    format!("topic `{topic}` is not a skill of the manual"),
                );
            }
        }
        check_listed_once(&contact.topics, || format!("{}/topics", here()), findings);
        check_listed_once(
            &contact.activities,
            || format!("{}/activities", here()),
            findings,
        );
        check_activities(contact, &around, &here, findings);
        let channel = contact.mode.channel();
        let allowed = levels
            .on(date)
            .and_then(|level| manual.level(level))
            .and_then(|l| l.prescription(channel))
            .and_then(|p| p.max_minutes);
        if let Some(max) = allowed
            && contact.minutes > max
        {
            findings.push(
                Rule::ContactMinutesAboveMaximum,
                format!("{}/minutes", here()),
                format!(
                    "{} minutes {}; the level in force allows up to {max}",
                    contact.minutes,
                    mode_name(contact)
                ),
            );
        }
    }
}

/// Whether two lists hold the same coaches, in any order (lists of a few).
fn same_coaches(a: &[EntityId], b: &[EntityId]) -> bool {
    a.len() == b.len()
        && a.iter()
            .all(|c| a.iter().filter(|x| *x == c).count() == b.iter().filter(|x| *x == c).count())
}

fn mode_name(contact: &Contact) -> &'static str {
    match contact.mode {
        crate::program::ContactMode::InPerson => "in person",
        crate::program::ContactMode::Video => "by video",
        crate::program::ContactMode::Phone => "by phone",
        crate::program::ContactMode::Email => "by email",
    }
}

/// Activities recorded must be the manual's around-contact activities; those the manual plans
/// around a contact like this one should be recorded.
fn check_activities(
    contact: &Contact,
    around: &[(&Key, Option<Channel>, bool)],
    here: &dyn Fn() -> String,
    findings: &mut Findings,
) {
    for (k, activity) in contact.activities.iter().enumerate() {
        if !around.iter().any(|(key, ..)| *key == activity) {
            findings.push(
                Rule::ContactActivityUnknown,
                format!("{}/activities/{k}", here()),
                format!(
                    "activity `{activity}` is not an activity the manual holds around contacts"
                ),
            );
        }
    }
    let channel = contact.mode.channel();
    let missing: Vec<&str> = around
        .iter()
        .filter(|(_, on, joint_only)| {
            on.is_none_or(|c| c == channel) && (!joint_only || contact.is_joint())
        })
        .filter(|(key, ..)| !contact.activities.contains(key))
        .map(|(key, ..)| key.as_str())
        .collect();
    if !missing.is_empty() {
        // A contact that records no activity has no `activities` member to point at.
        let path = if contact.activities.is_empty() {
            here()
        } else {
            format!("{}/activities", here())
        };
        findings.push(
            Rule::ContactActivityMissing,
            path,
            format!(
                "the contact records no {}; the manual plans it around such contacts",
                missing.join(", ")
            ),
        );
    }
}

/// What a decision is checked against: the level in force before it, the last dose change
/// (only where this decision changes the dose), the manual's minimum interval and floor.
struct Context<'m> {
    current: Option<&'m Key>,
    last_change: Option<Date>,
    interval: Option<crate::Weeks>,
    floor: &'m [crate::manual::FloorContact],
}

fn check_decision(
    manual: &Manual,
    decision: &crate::program::TitrationDecision,
    context: &Context<'_>,
    here: &str,
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
    // A decision at an unknown level, or right after one, already has its
    // `decision-level-unknown` finding; where a rule leads from or to an unknown level would only
    // repeat it (at the same pointer, for the decision's own level).
    let known = |key: &Key| manual.level(key).is_some();
    if let (Some(rule), Some(from)) = (rule, context.current)
        && known(from)
        && known(&decision.level)
    {
        let expected = manual.level_after(from, &rule.adjustment);
        if decision.level != expected {
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
    if let (Some(interval), Some(last)) = (context.interval, context.last_change) {
        let days = (decision.date.as_naive() - last.as_naive()).num_days();
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
            here.to_owned(),
            format!("no reason is given and {why}; expected a reason"),
        );
    }
}
