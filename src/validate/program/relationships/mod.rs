//! Coaching relationships over time: dates, phases, titration decisions, achievements and
//! contacts.
//!
//! Each relationship is walked once in date order; contacts look up the level in force by
//! binary search, and the site's assignments are searched by date, so validation grows with
//! the number of entries, not with their products.

mod components;
mod contacts;
mod decisions;
mod phases;
mod strata;

use std::fmt::Write as _;

use contacts::ListedSite;

use super::InForce;
use super::assignments::Assignments;
use super::entities::Index;
use crate::program::{Achieved, Program, Relationship};
use crate::validate::report::{Findings, Quoted};
use crate::{Date, Rule};

/// Checks every relationship; each dated entry against the manual in force on its date.
/// `sites` holds the first position of each relationship's site among the program's sites (by
/// the relationship's position).
pub(super) fn check(
    program: &Program,
    in_force: &InForce<'_>,
    index: &Index,
    assignments: &Assignments<'_>,
    sites: &[Option<usize>],
    findings: &mut Findings,
) {
    let contacts = contacts::Contacts::new(program, in_force, index, assignments);
    let mut walk = decisions::Walk::default();
    // Each relationship's site and organization read in a loop of its own: the lookups do not
    // wait on one another, so their cache misses overlap.
    let resolved: Vec<Option<(usize, ListedSite<'_>)>> = program
        .relationships
        .iter()
        .zip(sites)
        .map(|(r, position)| {
            let position = (*position)?;
            let record = program.sites.get(position)?;
            let organization = index
                .organizations
                .get(&record.organization)
                .and_then(|&o| program.organizations.get(o));
            let stretches = assignments.history.stretches_at(position);
            Some((
                position,
                ListedSite {
                    id: r.site,
                    record,
                    organization,
                    stretches,
                },
            ))
        })
        .collect();
    // The first relationship of each site, by the site's position.
    let mut first_of_site: Vec<Option<usize>> = vec![None; program.sites.len()];
    // One pointer written over for each relationship, not one allocated for each.
    let mut at = String::new();
    for ((i, relationship), listed) in program.relationships.iter().enumerate().zip(resolved) {
        at.clear();
        // Writing to a `String` cannot fail.
        let _ = write!(at, "/relationships/{i}");
        let at = at.as_str();
        let site = listed.map(|(_, site)| site);
        match (site, listed.and_then(|(p, _)| first_of_site.get_mut(p))) {
            (Some(site), Some(Some(first))) => {
                // The site is known here: name it, as a reader knows it.
                findings.push(
                    Rule::RelationshipDuplicate,
                    format!("{at}/site"),
                    format!(
                        "site `{}` already has a relationship at /relationships/{first}; expected one per site",
                        Quoted(&site.record.name)
                    ),
                );
            }
            (Some(_), Some(first)) => *first = Some(i),
            _ => findings.push(
                Rule::RelationshipSiteUnknown,
                format!("{at}/site"),
                format!(
                    "site {} is not among the program's sites",
                    relationship.site
                ),
            ),
        }
        if let Some(first) = site.and_then(|s| s.stretches.first())
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
        check_span(relationship, at, findings);
        phases::check_phases(in_force, relationship, at, findings);
        let levels = decisions::check_decisions(in_force, relationship, at, &mut walk, findings);
        check_achievements(in_force, relationship, at, findings);
        components::check(in_force, relationship, at, findings);
        if let Some(site) = site {
            strata::check(in_force, site.record, relationship, at, findings);
        }
        contacts.check(relationship, site, levels, at, findings);
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
        .chain(
            relationship
                .components
                .iter()
                .enumerate()
                .filter_map(|(j, c)| Some(("components", j, "received", c.received?))),
        )
        .filter(|(.., date)| outside(relationship, *date))
        .map(|(list, j, member, date)| (format!("{at}/{list}/{j}/{member}"), date));
    for (path, date) in dated {
        // Where the end is before the start, every date lies outside: the one error says it.
        if findings.follows((Rule::RelationshipEndBeforeStart, &format!("{at}/end/date"))) {
            continue;
        }
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

fn check_achievements(
    in_force: &InForce<'_>,
    relationship: &Relationship,
    at: &str,
    findings: &mut Findings,
) {
    for (j, achievement) in relationship.met.iter().enumerate() {
        let manual = in_force.on(achievement.date);
        let known = match &achievement.what {
            Achieved::Criterion { phase, criterion } => manual.phase(phase).is_some_and(|p| {
                p.exit_criteria
                    .iter()
                    .chain(&p.entry_criteria)
                    .any(|c| &c.key == criterion)
            }),
            Achieved::Milestone(key) => manual.milestone(key).is_some(),
        };
        if known {
            continue;
        }
        // Pointer and words are written only for a finding.
        let (path, what) = match &achievement.what {
            Achieved::Criterion { phase, criterion } => (
                format!("{at}/met/{j}/what/criterion"),
                format!("criterion `{criterion}` of phase `{phase}`"),
            ),
            Achieved::Milestone(key) => (
                format!("{at}/met/{j}/what/milestone"),
                format!("milestone `{key}`"),
            ),
        };
        findings.push(
            Rule::AchievementUnknown,
            path,
            format!("{what} is not defined in the manual"),
        );
    }
}
