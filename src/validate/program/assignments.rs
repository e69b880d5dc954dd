//! Assignments: who currently coaches each site, and whether the dyad rule is met.

use foldhash::{HashSet, HashSetExt};

use super::entities::Index;
use crate::program::{Assignee, Program, Site};
use crate::validate::report::Findings;
use crate::{Date, Manual, Rule};

/// Each site's current assignment (by position in `program.assignments`), by site position.
pub(super) type Current = Vec<Option<usize>>;

pub(super) fn check(
    program: &Program,
    manual: &Manual,
    index: &Index,
    findings: &mut Findings,
) -> Current {
    let mut latest: Vec<Option<(Date, usize)>> = vec![None; program.sites.len()];
    let mut starts: HashSet<(usize, Date)> = HashSet::with_capacity(program.assignments.len());
    for (k, assignment) in program.assignments.iter().enumerate() {
        let (kind, known) = match assignment.assignee {
            Assignee::Coach(id) => ("coach", index.coaches.contains_key(&id)),
            Assignee::Dyad(id) => ("dyad", index.dyads.contains_key(&id)),
        };
        if !known {
            let (Assignee::Coach(id) | Assignee::Dyad(id)) = assignment.assignee;
            findings.push(
                Rule::AssignmentAssigneeUnknown,
                format!("/assignments/{k}/assignee/{kind}"),
                format!("{kind} {id} is not among the program's {kind}s"),
            );
        }
        let Some(&site) = index.sites.get(&assignment.site) else {
            findings.push(
                Rule::AssignmentSiteUnknown,
                format!("/assignments/{k}/site"),
                format!("site {} is not among the program's sites", assignment.site),
            );
            continue;
        };
        if !starts.insert((site, assignment.from)) {
            findings.push(
                Rule::AssignmentDateDuplicate,
                format!("/assignments/{k}/from"),
                format!("site {} already has an assignment from {}; expected one assignment per site and date", assignment.site, assignment.from),
            );
        }
        if let Some(slot) = latest.get_mut(site)
            && slot.is_none_or(|(date, _)| assignment.from >= date)
        {
            // On a tie the later assignment in the document wins, as everywhere else.
            *slot = Some((assignment.from, k));
        }
    }
    for (i, (site, current)) in program.sites.iter().zip(&latest).enumerate() {
        match current {
            None => findings.push(
                Rule::SiteUnassigned,
                format!("/sites/{i}"),
                format!(
                    "site `{}` has no assignment; expected a coach or a dyad",
                    site.name
                ),
            ),
            Some((from, k)) => {
                let solo = program
                    .assignments
                    .get(*k)
                    .is_some_and(|a| matches!(a.assignee, Assignee::Coach(_)));
                if solo && needs_dyad(program, manual, index, site) {
                    findings.push(
                        Rule::SiteDyadRequired,
                        format!("/assignments/{k}/assignee"),
                        format!("site `{}` is coached by a single coach from {from}; the manual's dyad rule requires a dyad", site.name),
                    );
                }
            }
        }
    }
    latest
        .into_iter()
        .map(|slot| slot.map(|(_, k)| k))
        .collect()
}

fn needs_dyad(program: &Program, manual: &Manual, index: &Index, site: &Site) -> bool {
    let organization_requires_dyad = index
        .organizations
        .get(&site.organization)
        .and_then(|&o| program.organizations.get(o))
        .is_some_and(|o| o.requires_dyad);
    manual
        .pairing
        .required_for
        .applies_to(site.kind, organization_requires_dyad)
}
