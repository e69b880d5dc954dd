//! Coaches: the manual's qualification checks (policy rules), coaching alone without the
//! experience the team rule names, caseload.

use super::assignments::Assignments;
use super::entities::Index;
use crate::manual::{Qualification, QualificationCheck};
use crate::program::{Assignee, Coach, Program};
use crate::validate::report::Findings;
use crate::validate::{RuleSeverity, Severity};
use crate::{Date, EntityId, Key, Manual, Rule};

/// Checks each coach's qualifications against `manual`, and what they coach on `as_of` (or,
/// where it is `None`, under the assignments and relationships still open) against its team
/// rule and caseload threshold.
pub(super) fn check(
    program: &Program,
    manual: &Manual,
    index: &Index,
    assignments: &Assignments,
    as_of: Option<Date>,
    findings: &mut Findings,
) {
    let open = coached_on(program, index, assignments, as_of);
    let when = as_of.map_or_else(
        || "under open assignments".to_owned(),
        |date| format!("on {date}"),
    );
    for (i, coach) in program.coaches.iter().enumerate() {
        check_qualifications(manual, coach, i, findings);
        let sites = open.get(i).map_or(&[][..], Vec::as_slice);
        if let Some(policy) = manual
            .team
            .as_ref()
            .and_then(|t| t.for_coaches_without.as_ref())
            && coach.experience_of(&policy.experience).is_none()
            && let Some(severity) = RuleSeverity::under(policy.requirement)
            && let Some((site, _)) = sites.iter().find(|(_, alone)| *alone)
        {
            findings.push_with(
                Rule::CoachSoloWithoutExperience,
                severity,
                format!("/coaches/{i}"),
                format!(
                    "coach `{}` has no `{}` experience and coaches site `{site}` alone {when}; the manual {} a team for such coaches",
                    coach.name,
                    policy.experience,
                    if severity == Severity::Error { "requires" } else { "recommends" }
                ),
            );
        }
        if let Some(threshold) = &manual.caseload
            && sites.len() > usize::from(threshold.sites.get())
        {
            findings.push(
                Rule::CaseloadOverThreshold,
                format!("/coaches/{i}"),
                format!(
                    "coach `{}` coaches {} sites {when}; expected at most {}",
                    coach.name,
                    sites.len(),
                    threshold.sites
                ),
            );
        }
    }
}

/// Whether `qualification` applies to `coach`: to every coach, or to coaches of its role.
fn applies(qualification: &Qualification, coach: &Coach) -> bool {
    qualification
        .role
        .as_ref()
        .is_none_or(|role| coach.roles.contains(role))
}

/// What a failed check reports: its rule, the member it points at, and what is missing.
fn failure(
    manual: &Manual,
    coach: &Coach,
    check: &QualificationCheck,
) -> Option<(Rule, &'static str, String)> {
    match check {
        QualificationCheck::MinimumDegree { level } => {
            let held = coach
                .degrees
                .iter()
                .filter_map(|d| manual.vocabularies.degree_level(d))
                .max();
            (held < Some(*level)).then(|| {
                (
                    Rule::CoachDegreeBelowMinimum,
                    "degrees",
                    format!(
                        "a degree at the level `{}` (holds {})",
                        level.as_str(),
                        held.map_or("none declared", |l| l.as_str())
                    ),
                )
            })
        }
        QualificationCheck::ExperienceYears { kind, years } => {
            let held = coach.experience_of(kind).and_then(|e| e.years);
            (held < Some(*years)).then(|| {
                (
                    Rule::CoachExperienceBelowMinimum,
                    "experience",
                    format!(
                        "{years} years of `{kind}` experience (has {})",
                        held.map_or_else(|| "none recorded".to_owned(), |y| y.to_string())
                    ),
                )
            })
        }
        QualificationCheck::ExperienceHeld { kind } => {
            coach.experience_of(kind).is_none().then(|| {
                (
                    Rule::CoachExperienceMissing,
                    "experience",
                    format!("`{kind}` experience"),
                )
            })
        }
        QualificationCheck::CertificationHeld { certification } => {
            (!coach.certifications.contains(certification)).then(|| {
                (
                    Rule::CoachCertificationMissing,
                    "certifications",
                    format!("certification `{certification}`"),
                )
            })
        }
        QualificationCheck::DisciplineHeld { any_of } => {
            (!any_of.iter().any(|d| coach.disciplines.contains(d))).then(|| {
                let names: Vec<&str> = any_of.iter().map(Key::as_str).collect();
                (
                    Rule::CoachDisciplineMissing,
                    "disciplines",
                    format!("a discipline of {}", names.join(", ")),
                )
            })
        }
        QualificationCheck::TrainingHours { hours } => {
            (coach.training_hours < Some(*hours)).then(|| {
                (
                    Rule::CoachTrainingBelowMinimum,
                    "training_hours",
                    format!(
                        "{hours} hours of training (has {})",
                        coach
                            .training_hours
                            .map_or_else(|| "none recorded".to_owned(), |h| h.to_string())
                    ),
                )
            })
        }
        QualificationCheck::CoreSkills => {
            let missing: Vec<&str> = manual
                .core_skills()
                .filter(|s| !coach.skills.contains(&s.key))
                .map(|s| s.key.as_str())
                .collect();
            (!missing.is_empty()).then(|| {
                (
                    Rule::CoachCoreSkillMissing,
                    "skills",
                    format!("core skills {}", missing.join(", ")),
                )
            })
        }
    }
}

/// Runs every check that applies to the coach; failures of one rule are reported together, at
/// the severity of the most binding check among them.
fn check_qualifications(manual: &Manual, coach: &Coach, i: usize, findings: &mut Findings) {
    let mut failed: Vec<(Rule, &'static str, Severity, Vec<String>)> = Vec::new();
    for qualification in manual.qualifications.iter().filter(|q| applies(q, coach)) {
        // A check the manual leaves out on purpose never runs.
        let Some(severity) = RuleSeverity::under(qualification.requirement) else {
            continue;
        };
        let Some((rule, member, missing)) = failure(manual, coach, &qualification.check) else {
            continue;
        };
        match failed.iter_mut().find(|(r, ..)| *r == rule) {
            Some((_, _, worst, list)) => {
                *worst = (*worst).min(severity);
                list.push(missing);
            }
            None => failed.push((rule, member, severity, vec![missing])),
        }
    }
    for (rule, member, severity, missing) in failed {
        let asks = if severity == Severity::Error {
            "requires"
        } else {
            "recommends"
        };
        // A member the coach leaves out (no degrees, no training hours recorded) is reported at
        // the coach, so that the pointer resolves.
        let path = if has_member(coach, member) {
            format!("/coaches/{i}/{member}")
        } else {
            format!("/coaches/{i}")
        };
        findings.push_with(
            rule,
            severity,
            path,
            format!(
                "coach `{}` lacks {}; the manual {asks} it",
                coach.name,
                missing.join("; ")
            ),
        );
    }
}

/// Whether `coach` has `member` (one of those [`failure`] names): a non-empty list, or a value.
fn has_member(coach: &Coach, member: &str) -> bool {
    match member {
        "degrees" => !coach.degrees.is_empty(),
        "experience" => !coach.experience.is_empty(),
        "certifications" => !coach.certifications.is_empty(),
        "disciplines" => !coach.disciplines.is_empty(),
        "training_hours" => coach.training_hours.is_some(),
        "skills" => !coach.skills.is_empty(),
        _ => false,
    }
}

/// For each coach (by position), the names of the sites they coach on `as_of`, and whether
/// alone: under the assignment in force that day, where the site's relationship is active that
/// day (a site whose relationship is not recorded counts by its assignment alone). Without a
/// day: under the open assignment (no `until`), where the relationship has not ended.
fn coached_on<'a>(
    program: &'a Program,
    index: &Index,
    assignments: &Assignments,
    as_of: Option<Date>,
) -> Vec<Vec<(&'a str, bool)>> {
    let mut open: Vec<Vec<(&str, bool)>> = vec![Vec::new(); program.coaches.len()];
    // Sites whose every recorded relationship is inactive on the day.
    let mut active: foldhash::HashMap<EntityId, bool> = foldhash::HashMap::default();
    for relationship in &program.relationships {
        let on = match as_of {
            None => relationship.end.is_none(),
            Some(date) => {
                relationship.start <= date
                    && relationship.end.as_ref().is_none_or(|end| date <= end.date)
            }
        };
        *active.entry(relationship.site).or_default() |= on;
    }
    for site in program
        .sites
        .iter()
        .filter(|s| active.get(&s.id).is_none_or(|on| *on))
    {
        let stretch = match as_of {
            None => assignments.of(site.id).iter().find(|s| s.until.is_none()),
            Some(date) => assignments.on(site.id, date),
        };
        let Some(stretch) = stretch else {
            continue;
        };
        let alone = program
            .assignments
            .get(stretch.assignment)
            .is_some_and(|a| matches!(a.assignee, Assignee::Coach(_)));
        for coach in &stretch.coaches {
            if let Some(slot) = index.coaches.get(coach).and_then(|&c| open.get_mut(c)) {
                slot.push((site.name.as_str(), alone));
            }
        }
    }
    open
}
