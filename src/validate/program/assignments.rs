//! Assignments: whether they name known sites, coaches and teams, whether a site's overlap,
//! and whether the team rule is met. Who coaches each site when is the program's
//! ([`AssignmentHistory`]); this adds what leaves a stretch's coaches incomplete.

use std::borrow::Cow;

use foldhash::{HashMap, HashMapExt};

use super::InForce;
use super::entities::Index;
use crate::program::{Assignee, AssignmentHistory, Program, Site, Stretch};
use crate::validate::report::{Findings, Quoted};
use crate::{Date, EntityId, Manual, Rule};

/// What leaves a stretch's coaches incomplete, with the positions its finding names.
#[derive(Clone, Copy)]
enum Unknown {
    /// The assignment at this position names a coach (or team) the program does not list.
    Assignee { assignment: usize, team: bool },
    /// The team at this position names, in this member, a coach the program does not list.
    Member { team: usize, member: usize },
}

/// Who coaches each site when, with what leaves a stretch's coaches incomplete.
pub(super) struct Assignments<'a> {
    pub(super) history: AssignmentHistory<'a>,
    /// Per assignment (by position), where its coaches are not all known: the assignee is no
    /// coach or team of the program, or the team names a coach it does not have.
    unknown: Vec<Option<Unknown>>,
    /// The first assignment (by position) of each site and coach that ends before it starts.
    inverted: HashMap<(EntityId, EntityId), usize>,
}

impl Assignments<'_> {
    /// The stretch of `site` in force on `date`.
    pub(super) fn on(&self, site: EntityId, date: Date) -> Option<&Stretch> {
        self.history.on(site, date)
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
        let unknown = self
            .on(site, date)
            .and_then(|s| self.unknown.get(s.assignment).copied().flatten());
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

pub(super) fn check<'a>(
    program: &'a Program,
    in_force: &InForce<'_>,
    index: &'a Index,
    findings: &mut Findings,
) -> Assignments<'a> {
    let history = AssignmentHistory::over(program, Cow::Borrowed(&index.sites));
    let mut unknown_coaches = Vec::with_capacity(program.assignments.len());
    for (k, assignment) in program.assignments.iter().enumerate() {
        let unknown = match assignment.assignee {
            Assignee::Coach(id) => {
                let known = index.coaches.contains_key(&id);
                if !known {
                    findings.push(
                        Rule::AssignmentAssigneeUnknown,
                        format!("/assignments/{k}/assignee/coach"),
                        format!("coach {id} is not among the program's coaches"),
                    );
                }
                (!known).then_some(Unknown::Assignee {
                    assignment: k,
                    team: false,
                })
            }
            Assignee::Team(id) => team_unknown(program, index, id, k, findings),
        };
        unknown_coaches.push(unknown);
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
        }
    }
    // Each site's assignments, read from the history, which has found every site by id once.
    let mut inverted: HashMap<(EntityId, EntityId), usize> = HashMap::new();
    for (site, record, stretches) in history.sites() {
        for stretch in stretches {
            let Some(assignment) = program.assignments.get(stretch.assignment) else {
                continue;
            };
            match record {
                Some(record) => check_team_rule(
                    program,
                    in_force,
                    index,
                    (stretch.assignment, assignment),
                    record,
                    findings,
                ),
                None => findings.push(
                    Rule::AssignmentSiteUnknown,
                    format!("/assignments/{}/site", stretch.assignment),
                    format!("site {site} is not among the program's sites"),
                ),
            }
            // The first assignment (by position) of each site and coach that ends before it
            // starts.
            if stretch.until.is_some_and(|u| u < stretch.from) {
                for coach in stretch.coaches.iter() {
                    inverted
                        .entry((site, *coach))
                        .and_modify(|k| *k = (*k).min(stretch.assignment))
                        .or_insert(stretch.assignment);
                }
            }
        }
        // Overlaps of a site the program does not list would only follow from that.
        if record.is_none() {
            continue;
        }
        check_overlaps(stretches, findings);
    }
    for (i, site) in program.sites.iter().enumerate() {
        if history.stretches_at(i).is_empty() {
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
    Assignments {
        history,
        unknown: unknown_coaches,
        inverted,
    }
}

/// Two assignments of one site in force at once: each that starts while the one before it
/// (by first day) runs.
fn check_overlaps(stretches: &[Stretch], findings: &mut Findings) {
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

/// Which coach of the team `id` assigned at position `k` is unknown, if any, or that the team
/// is.
fn team_unknown(
    program: &Program,
    index: &Index,
    id: EntityId,
    k: usize,
    findings: &mut Findings,
) -> Option<Unknown> {
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
        return Some(Unknown::Assignee {
            assignment: k,
            team: true,
        });
    };
    team.members
        .iter()
        .position(|m| !index.coaches.contains_key(&m.coach))
        .map(|member| Unknown::Member { team: t, member })
}

fn needs_team(program: &Program, manual: &Manual, index: &Index, site: &Site) -> bool {
    let organization = index
        .organizations
        .get(&site.organization)
        .and_then(|&o| program.organizations.get(o));
    manual.team_site(site, organization)
}
