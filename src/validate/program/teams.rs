//! Teams: members who exist, fill the manual's roles as many times as it says, and bring what
//! each role asks.

use foldhash::{HashMap, HashMapExt};

use super::entities::Index;
use crate::manual::Vocabulary;
use crate::pointer::Item;
use crate::program::{Program, TeamMember};
use crate::validate::report::{Findings, Quoted};
use crate::validate::{check_listed_once, check_vocabulary_key};
use crate::{EntityId, Manual, Rule};

pub(super) fn check(program: &Program, manual: &Manual, index: &Index, findings: &mut Findings) {
    let Some(rule) = &manual.team else {
        if !program.teams.is_empty() {
            findings.push(
                Rule::TeamWithoutRule,
                "/teams".to_owned(),
                format!(
                    "the program has {} team(s), but manual `{}` has no team rule; expected single coaches",
                    program.teams.len(),
                    manual.id
                ),
            );
        }
        return;
    };
    let mut compositions: HashMap<Vec<EntityId>, usize> =
        HashMap::with_capacity(program.teams.len());
    for (i, team) in program.teams.iter().enumerate() {
        let at = format!("/teams/{i}");
        // People read a team by its name; an unnamed team by its id. Written for a finding only.
        let name = || {
            team.name
                .as_deref()
                .map_or_else(|| team.id.to_string(), |n| Quoted(n).to_string())
        };
        let coaches: Vec<EntityId> = team.members.iter().map(|m| m.coach).collect();
        check_listed_once(&coaches, || format!("{at}/members"), findings);
        for (j, member) in team.members.iter().enumerate() {
            check_member(
                program,
                manual,
                index,
                (&name, member),
                Item {
                    parent: &at,
                    list: "members",
                    index: j,
                },
                findings,
            );
        }
        // Roles filled, against the rule's roles and counts.
        let problems: Vec<String> = rule
            .role_counts(team)
            .into_iter()
            .filter(|count| !count.as_asked())
            .map(|count| count.to_string())
            .collect();
        if !problems.is_empty() {
            findings.push(
                Rule::TeamRolesMismatch,
                format!("{at}/members"),
                format!(
                    "team `{}` has {}; expected the team rule's roles, each as many times as it says",
                    name(),
                    problems.join(", ")
                ),
            );
        }
        let mut sorted = coaches;
        sorted.sort_unstable();
        if let Some(first) = compositions.get(&sorted) {
            findings.push(
                Rule::TeamDuplicate,
                format!("{at}/members"),
                format!("the same coaches already make up the team at /teams/{first}; expected one team per group of coaches"),
            );
        } else {
            compositions.insert(sorted, i);
        }
    }
}

fn check_member(
    program: &Program,
    manual: &Manual,
    index: &Index,
    (team, member): (&dyn Fn() -> String, &TeamMember),
    here: Item<'_>,
    findings: &mut Findings,
) {
    check_vocabulary_key(
        &manual.vocabularies,
        Vocabulary::Roles,
        &member.role,
        || format!("{here}/role"),
        findings,
    );
    let Some(coach) = index
        .coaches
        .get(&member.coach)
        .and_then(|&c| program.coaches.get(c))
    else {
        findings.push(
            Rule::TeamCoachUnknown,
            format!("{here}/coach"),
            format!(
                "team `{}` lists coach {}, who is not among the program's coaches",
                team(),
                member.coach
            ),
        );
        return;
    };
    let Some(role) = manual
        .team
        .as_ref()
        .and_then(|t| t.roles.iter().find(|r| r.role == member.role))
    else {
        return;
    };
    let missing = role.lacks(coach);
    if !missing.is_empty() {
        findings.push(
            Rule::TeamMemberUnqualified,
            here.to_string(),
            format!(
                "coach `{}` lacks {} for role `{}`; expected what the team rule asks of the role",
                Quoted(&coach.name),
                missing.join(" and "),
                member.role
            ),
        );
    }
}
