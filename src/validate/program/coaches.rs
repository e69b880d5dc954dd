//! Coaches: skills, qualifications (policy rules), solo coaching, caseload.

use foldhash::HashSet;

use super::assignments::Current;
use super::entities::Index;
use crate::manual::Requirement;
use crate::program::{Assignee, Coach, Program};
use crate::validate::RuleSeverity;
use crate::validate::report::Findings;
use crate::{Key, Manual, Rule};

pub(super) fn check(
    program: &Program,
    manual: &Manual,
    index: &Index,
    current: &Current,
    findings: &mut Findings,
) {
    let skills: HashSet<&Key> = manual.skills.iter().map(|s| &s.key).collect();
    let caseload = caseload(program, index, current);
    let solo_sites = solo_sites(program, index, current);
    for (i, coach) in program.coaches.iter().enumerate() {
        for (j, skill) in coach.skills.iter().enumerate() {
            if !skills.contains(skill) {
                findings.push(
                    Rule::CoachSkillUnknown,
                    format!("/coaches/{i}/skills/{j}"),
                    format!("skill `{skill}` is not a skill of the manual"),
                );
            }
        }
        check_qualifications(manual, coach, i, findings);
        if !coach.integrated_care_experience
            && let Some(Some(site)) = solo_sites.get(i)
        {
            findings.push(
                Rule::CoachSoloWithoutIntegratedExperience,
                format!("/coaches/{i}"),
                format!("coach `{}` has no integrated-care experience and coaches site `{site}` alone; a dyad may support them better", coach.name),
            );
        }
        let load = caseload.get(i).copied().unwrap_or(0);
        if let Some(threshold) = &manual.pairing.caseload_warning_above
            && load > u32::from(threshold.sites.get())
        {
            findings.push(
                Rule::CaseloadOverThreshold,
                format!("/coaches/{i}"),
                format!(
                    "coach `{}` currently coaches {load} sites; expected at most {}",
                    coach.name, threshold.sites
                ),
            );
        }
    }
}

fn check_qualifications(manual: &Manual, coach: &Coach, i: usize, findings: &mut Findings) {
    let q = &manual.qualifications;
    let mut policy = |rule: Rule, requirement: Requirement, member: &str, message: String| {
        findings.push_with(
            rule,
            RuleSeverity::under(requirement),
            format!("/coaches/{i}/{member}"),
            message,
        );
    };
    if let Some(check) = &q.minimum_degree
        && coach.highest_degree < check.degree
    {
        policy(
            Rule::CoachDegreeBelowMinimum,
            check.requirement,
            "highest_degree",
            format!(
                "coach `{}` has highest degree `{}`; the manual asks for at least `{}`",
                coach.name,
                coach.highest_degree.as_str(),
                check.degree.as_str()
            ),
        );
    }
    if let Some(check) = &q.health_care_experience
        && coach.health_care_experience_years < check.years
    {
        policy(
            Rule::CoachExperienceBelowMinimum,
            check.requirement,
            "health_care_experience_years",
            format!(
                "{} years of health care experience; the manual asks for at least {}",
                coach.health_care_experience_years, check.years
            ),
        );
    }
    if let Some(check) = &q.transformation_experience
        && !coach.transformation_experience
    {
        policy(
            Rule::CoachTransformationExperienceMissing,
            check.requirement,
            "transformation_experience",
            format!(
                "coach `{}` has not worked in a transforming clinic; the manual asks for it",
                coach.name
            ),
        );
    }
    if let Some(check) = &q.integrated_care_experience
        && !coach.integrated_care_experience
    {
        policy(
            Rule::CoachIntegratedExperienceMissing,
            check.requirement,
            "integrated_care_experience",
            format!(
                "coach `{}` has no integrated-care experience; the manual asks for it",
                coach.name
            ),
        );
    }
    if let Some(check) = &q.core_skills {
        let missing: Vec<&str> = manual
            .core_skills()
            .filter(|s| !coach.skills.contains(&s.key))
            .map(|s| s.key.as_str())
            .collect();
        if !missing.is_empty() {
            policy(
                Rule::CoachCoreSkillMissing,
                check.requirement,
                "skills",
                format!(
                    "coach `{}` lacks core skills {}; expected every core skill",
                    coach.name,
                    missing.join(", ")
                ),
            );
        }
    }
}

/// Current sites per coach (by coach position); a dyad's site counts for both its coaches.
fn caseload(program: &Program, index: &Index, current: &Current) -> Vec<u32> {
    let mut load = vec![0u32; program.coaches.len()];
    let mut add = |id| {
        if let Some(slot) = index.coaches.get(&id).and_then(|&c| load.get_mut(c)) {
            *slot += 1;
        }
    };
    for assignment in current
        .iter()
        .flatten()
        .filter_map(|&k| program.assignments.get(k))
    {
        match assignment.assignee {
            Assignee::Coach(id) => add(id),
            Assignee::Dyad(id) => {
                let dyad = index.dyads.get(&id).and_then(|&d| program.dyads.get(d));
                for coach in dyad.into_iter().flat_map(|d| &d.coaches) {
                    add(*coach);
                }
            }
        }
    }
    load
}

/// For each coach (by position), the name of one site they currently coach alone.
fn solo_sites<'a>(program: &'a Program, index: &Index, current: &Current) -> Vec<Option<&'a str>> {
    let mut solo = vec![None; program.coaches.len()];
    for (site, k) in program.sites.iter().zip(current) {
        if let Some(Assignee::Coach(id)) = k
            .and_then(|k| program.assignments.get(k))
            .map(|a| a.assignee)
            && let Some(slot) = index.coaches.get(&id).and_then(|&c| solo.get_mut(c))
        {
            *slot = Some(site.name.as_str());
        }
    }
    solo
}
