//! Assignments: who coaches each site when, whether stretches overlap, and whether the team
//! rule is met.

use foldhash::{HashMap, HashMapExt};

use super::InForce;
use super::entities::Index;
use crate::program::{Assignee, Program, Site};
use crate::validate::report::{Findings, Quoted};
use crate::{Date, EntityId, Manual, Rule};

/// One stretch of a site's coaching: its dates, its assignment's position, and its coaches.
pub(super) struct Stretch {
    pub(super) from: Date,
    pub(super) until: Option<Date>,
    pub(super) assignment: usize,
    pub(super) coaches: Vec<EntityId>,
    /// Where its coaches are not all known: the assignee is no coach or team of the program, or
    /// the team names a coach it does not have.
    unknown: Option<Unknown>,
}

/// What leaves a stretch's coaches incomplete, with the positions its finding names.
#[derive(Clone, Copy)]
enum Unknown {
    /// The assignment at this position names a coach (or team) the program does not list.
    Assignee { assignment: usize, team: bool },
    /// The team at this position names, in this member, a coach the program does not list.
    Member { team: usize, member: usize },
}

/// Each site's stretches (by site id), sorted by start: read once, then searched by date.
pub(super) struct Assignments {
    by_site: HashMap<EntityId, Vec<Stretch>>,
    /// The first assignment (by position) of each site and coach that ends before it starts.
    inverted: HashMap<(EntityId, EntityId), usize>,
}

impl Assignments {
    /// The stretch of `site` in force on `date`.
    pub(super) fn on(&self, site: EntityId, date: Date) -> Option<&Stretch> {
        let stretches = self.by_site.get(&site)?;
        let started = stretches.partition_point(|s| s.from <= date);
        stretches
            .get(..started)?
            .iter()
            .rev()
            .find(|s| s.until.is_none_or(|until| date <= until))
    }

    /// Every stretch of `site`, in date order.
    pub(super) fn of(&self, site: EntityId) -> &[Stretch] {
        self.by_site.get(&site).map_or(&[], Vec::as_slice)
    }

    /// The finding (rule and pointer) that `coach`, found unassigned to `site` on `date`, only
    /// follows from, if any: the assignment in force names an unknown coach or team, or a team
    /// with an unknown member, or an assignment of the coach to the site ends before it starts.
    pub(super) fn unassigned_because(
        &self,
        site: EntityId,
        date: Date,
        coach: EntityId,
    ) -> Option<(Rule, String)> {
        let unknown = self.on(site, date).and_then(|s| s.unknown);
        if let Some(unknown) = unknown {
            return Some(match unknown {
                Unknown::Assignee { assignment, team } => (
                    Rule::AssignmentAssigneeUnknown,
                    format!(
                        "/assignments/{assignment}/assignee/{}",
                        if team { "team" } else { "coach" }
                    ),
                ),
                Unknown::Member { team, member } => (
                    Rule::TeamCoachUnknown,
                    format!("/teams/{team}/members/{member}/coach"),
                ),
            });
        }
        self.inverted.get(&(site, coach)).map(|k| {
            (
                Rule::AssignmentDatesInverted,
                format!("/assignments/{k}/until"),
            )
        })
    }
}

pub(super) fn check(
    program: &Program,
    in_force: &InForce<'_>,
    index: &Index,
    findings: &mut Findings,
) -> Assignments {
    let mut by_site: HashMap<EntityId, Vec<Stretch>> = HashMap::with_capacity(program.sites.len());
    let mut inverted: HashMap<(EntityId, EntityId), usize> = HashMap::new();
    for (k, assignment) in program.assignments.iter().enumerate() {
        let (coaches, unknown) = match assignment.assignee {
            Assignee::Coach(id) => {
                let known = index.coaches.contains_key(&id);
                if !known {
                    findings.push(
                        Rule::AssignmentAssigneeUnknown,
                        format!("/assignments/{k}/assignee/coach"),
                        format!("coach {id} is not among the program's coaches"),
                    );
                }
                let unknown = (!known).then_some(Unknown::Assignee {
                    assignment: k,
                    team: false,
                });
                (vec![id], unknown)
            }
            Assignee::Team(id) => team_coaches(program, index, id, k, findings),
        };
        if let Some(until) = assignment.until
            && until < assignment.from
        {
            findings.push(
                Rule::AssignmentDatesInverted,
                format!("/assignments/{k}/until"),
                format!(
                    "the assignment ends {until}, before it starts {}",
                    assignment.from
                ),
            );
            for coach in &coaches {
                inverted.entry((assignment.site, *coach)).or_insert(k);
            }
        }
        let Some(&site) = index.sites.get(&assignment.site) else {
            findings.push(
                Rule::AssignmentSiteUnknown,
                format!("/assignments/{k}/site"),
                format!("site {} is not among the program's sites", assignment.site),
            );
            continue;
        };
        if let Some(site) = program.sites.get(site) {
            check_team_rule(program, in_force, index, (k, assignment), site, findings);
        }
        by_site.entry(assignment.site).or_default().push(Stretch {
            from: assignment.from,
            until: assignment.until,
            assignment: k,
            coaches,
            unknown,
        });
    }
    for stretches in by_site.values_mut() {
        stretches.sort_by_key(|s| (s.from, s.assignment));
        for pair in stretches.windows(2) {
            if let [earlier, later] = pair
                && earlier.until.is_none_or(|until| later.from <= until)
            {
                findings.push(
                    Rule::AssignmentOverlap,
                    format!("/assignments/{}/from", later.assignment),
                    format!(
                        "this assignment starts {} while the one at /assignments/{} (from {}{}) is in force; expected one assignment of a site at a time (end the earlier one with `until`)",
                        later.from,
                        earlier.assignment,
                        earlier.from,
                        earlier.until.map_or_else(|| ", open-ended".to_owned(), |u| format!(" until {u}"))
                    ),
                );
            }
        }
    }
    for (i, site) in program.sites.iter().enumerate() {
        if !by_site.contains_key(&site.id) {
            findings.push(
                Rule::SiteUnassigned,
                format!("/sites/{i}"),
                format!(
                    "site `{}` has no assignment; expected a coach or a team",
                    Quoted(&site.name)
                ),
            );
        }
    }
    Assignments { by_site, inverted }
}

/// A single coach assigned to a site that the team rule of a manual in force while the
/// assignment runs gives a team; the first such manual is reported.
fn check_team_rule(
    program: &Program,
    in_force: &InForce<'_>,
    index: &Index,
    (k, assignment): (usize, &crate::program::Assignment),
    site: &Site,
    findings: &mut Findings,
) {
    let Assignee::Coach(id) = assignment.assignee else {
        return;
    };
    // An assignment that ends before it starts is read as its first day.
    let until = assignment.until.map(|u| u.max(assignment.from));
    if let Some((from, manual)) = in_force
        .during(assignment.from, until)
        .find(|(_, manual)| needs_team(program, manual, index, site))
    {
        findings.push(
            Rule::SiteTeamRequired,
            format!("/assignments/{k}/assignee"),
            format!(
                "site `{}` is coached by {} alone from {from}; the team rule of manual `{}` {} requires a team",
                Quoted(&site.name),
                index.coach_name(program, id),
                manual.id,
                manual.version
            ),
        );
    }
}

/// The coaches of the team `id` assigned at position `k`, and which of them is unknown.
fn team_coaches(
    program: &Program,
    index: &Index,
    id: EntityId,
    k: usize,
    findings: &mut Findings,
) -> (Vec<EntityId>, Option<Unknown>) {
    let Some((t, team)) = index
        .teams
        .get(&id)
        .and_then(|&t| program.teams.get(t).map(|team| (t, team)))
    else {
        findings.push(
            Rule::AssignmentAssigneeUnknown,
            format!("/assignments/{k}/assignee/team"),
            format!("team {id} is not among the program's teams"),
        );
        let unknown = Unknown::Assignee {
            assignment: k,
            team: true,
        };
        return (Vec::new(), Some(unknown));
    };
    let unknown = team
        .members
        .iter()
        .position(|m| !index.coaches.contains_key(&m.coach))
        .map(|member| Unknown::Member { team: t, member });
    (team.members.iter().map(|m| m.coach).collect(), unknown)
}

fn needs_team(program: &Program, manual: &Manual, index: &Index, site: &Site) -> bool {
    let organization = index
        .organizations
        .get(&site.organization)
        .and_then(|&o| program.organizations.get(o));
    manual.team_site(site, organization)
}
