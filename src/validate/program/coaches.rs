//! Coaches: the manual's qualification checks (policy rules), coaching alone without the
//! experience the team rule names, caseload.

use super::assignments::Assignments;
use super::entities::Index;
use crate::manual::{CaseloadSpan, QualificationCheck};
use crate::program::{Coach, Program};
use crate::validate::report::{Findings, Quoted};
use crate::validate::{RuleSeverity, Severity};
use crate::{Date, Manual, Rule};

/// Checks each coach's qualifications against `manual`, and what they coach on `as_of` (or,
/// where it is `None`, under the assignments and relationships still open) against its team
/// rule and caseload threshold; `sites` holds the first position of each relationship's site
/// among the program's sites.
pub(super) fn check(
    program: &Program,
    manual: &Manual,
    index: &Index,
    assignments: &Assignments<'_>,
    sites: &[Option<usize>],
    as_of: Option<Date>,
    findings: &mut Findings,
) {
    let current = assignments.history.current_with(as_of, sites);
    let open = assignments.history.coached_under(&current, &index.coaches);
    let over_program = manual
        .caseload
        .as_ref()
        .filter(|c| c.counted == CaseloadSpan::OverProgram)
        .map(|c| {
            (
                c.sites.get(),
                coached_over_program(program, index, assignments),
            )
        });
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
            && let site = Quoted(&site.name)
        {
            findings.push_with(
                Rule::CoachSoloWithoutExperience,
                severity,
                format!("/coaches/{i}"),
                format!(
                    "coach `{}` has no `{}` experience and coaches site `{site}` alone {when}; the manual {} a team for such coaches",
                    Quoted(&coach.name),
                    policy.experience,
                    if severity == Severity::Error { "requires" } else { "recommends" }
                ),
            );
        }
        // The coach's own capacity where given, else the manual's threshold.
        if let Some(limit) = coach.capacity_under(manual)
            && sites.len() > usize::from(limit)
        {
            let (path, whose) = if coach.capacity.is_some() {
                (format!("/coaches/{i}/capacity"), "their capacity")
            } else {
                (format!("/coaches/{i}"), "the manual's caseload threshold")
            };
            findings.push(
                Rule::CaseloadOverThreshold,
                path,
                format!(
                    "coach `{}` coaches {} sites {when}; expected at most {limit} ({whose})",
                    Quoted(&coach.name),
                    sites.len(),
                ),
            );
        }
        // A threshold over the whole program counts every site the coach was ever assigned,
        // where the coach has no capacity of their own (which is a limit at one time).
        if coach.capacity.is_none()
            && let Some((limit, counts)) = &over_program
            && let Some(&count) = counts.get(i)
            && count > usize::from(*limit)
        {
            findings.push(
                Rule::CaseloadOverThreshold,
                format!("/coaches/{i}"),
                format!(
                    "coach `{}` was assigned {count} sites over the whole program; expected at most {limit} (the manual's caseload threshold over the program)",
                    Quoted(&coach.name),
                ),
            );
        }
    }
}

/// How many distinct sites each coach (by position) was assigned over the whole program,
/// alone or in a team, under any assignment.
fn coached_over_program(
    program: &Program,
    index: &Index,
    assignments: &Assignments<'_>,
) -> Vec<usize> {
    let mut counts = vec![0_usize; program.coaches.len()];
    let mut seen: Vec<usize> = Vec::new();
    for position in 0..program.sites.len() {
        seen.clear();
        for stretch in assignments.history.stretches_at(position) {
            seen.extend(
                stretch
                    .coaches
                    .iter()
                    .filter_map(|c| index.coaches.get(c).copied()),
            );
        }
        seen.sort_unstable();
        seen.dedup();
        for &c in &seen {
            if let Some(count) = counts.get_mut(c) {
                *count += 1;
            }
        }
    }
    counts
}

/// The rule a failed check reports, and the coach's member it points at.
fn rule_of(check: &QualificationCheck) -> (Rule, &'static str) {
    match check {
        QualificationCheck::MinimumDegree { .. } => (Rule::CoachDegreeBelowMinimum, "degrees"),
        QualificationCheck::ExperienceYears { .. } => {
            (Rule::CoachExperienceBelowMinimum, "experience")
        }
        QualificationCheck::ExperienceHeld { .. } => (Rule::CoachExperienceMissing, "experience"),
        QualificationCheck::CertificationHeld { .. } => {
            (Rule::CoachCertificationMissing, "certifications")
        }
        QualificationCheck::DisciplineHeld { .. } => (Rule::CoachDisciplineMissing, "disciplines"),
        QualificationCheck::TrainingHours { .. } => {
            (Rule::CoachTrainingBelowMinimum, "training_hours")
        }
        QualificationCheck::CoreSkills => (Rule::CoachCoreSkillMissing, "skills"),
    }
}

/// Runs every check that applies to the coach; failures of one rule are reported together, at
/// the severity of the most binding check among them.
fn check_qualifications(manual: &Manual, coach: &Coach, i: usize, findings: &mut Findings) {
    let mut failed: Vec<(Rule, &'static str, Severity, Vec<String>)> = Vec::new();
    for qualification in manual.qualifications.iter().filter(|q| q.applies_to(coach)) {
        // A check the manual leaves out on purpose never runs.
        let Some(severity) = RuleSeverity::under(qualification.requirement) else {
            continue;
        };
        let Some(missing) = qualification.check.shortfall(manual, coach) else {
            continue;
        };
        let (rule, member) = rule_of(&qualification.check);
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
                Quoted(&coach.name),
                missing.join("; ")
            ),
        );
    }
}

/// Whether `coach` has `member` (one of those [`rule_of`] names): a non-empty list, or a value.
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
