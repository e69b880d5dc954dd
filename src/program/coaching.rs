//! Who coaches each site when: the program's assignments read by site and date, a team's
//! coaches taken from the team; which sites are coached on a day; and so which sites each
//! coach coaches on a day, as the caseload rules count them. The validator, the plan, the
//! roster, team coverage and proposals all read coaching from here.

use std::sync::Arc;

use foldhash::{HashMap, HashMapExt};

use super::{Assignee, Assignment, Program, Site};
use crate::{Date, EntityId};

/// The coaches of one assignment, shared by everything read under it.
pub(crate) type Coaches = Arc<[EntityId]>;

/// One stretch of a site's coaching: one assignment's dates, its position in the program's
/// list, who it names and their coaches (a team's members; none for a team the program does
/// not list).
pub(crate) struct Stretch {
    pub(crate) from: Date,
    pub(crate) until: Option<Date>,
    pub(crate) assignment: usize,
    pub(crate) assignee: Assignee,
    pub(crate) coaches: Coaches,
}

/// Who coaches each site when, read once from a program's assignments and teams: each site's
/// stretches by first day (then by position), searched by date. A repeated team id reads as
/// its first team, as validation reads it.
pub(crate) struct AssignmentHistory<'a> {
    program: &'a Program,
    by_site: HashMap<EntityId, Vec<Stretch>>,
}

impl<'a> AssignmentHistory<'a> {
    /// Every site's coaching.
    pub(crate) fn new(program: &'a Program) -> Self {
        Self::read(
            program,
            program.assignments.iter().enumerate(),
            program.sites.len(),
        )
    }

    /// The coaching of `site` alone.
    pub(crate) fn of_site(program: &'a Program, site: EntityId) -> Self {
        let own = program
            .assignments
            .iter()
            .enumerate()
            .filter(move |(_, a)| a.site == site);
        Self::read(program, own, 1)
    }

    fn read(
        program: &'a Program,
        assignments: impl Iterator<Item = (usize, &'a Assignment)>,
        sites: usize,
    ) -> Self {
        let mut teams: HashMap<EntityId, Coaches> = HashMap::with_capacity(program.teams.len());
        for team in &program.teams {
            teams
                .entry(team.id)
                .or_insert_with(|| team.members.iter().map(|m| m.coach).collect());
        }
        let mut by_site: HashMap<EntityId, Vec<Stretch>> = HashMap::with_capacity(sites);
        for (position, a) in assignments {
            // Shared per assignment: everything read under it clones a pointer, not a list.
            let coaches: Coaches = match a.assignee {
                Assignee::Coach(id) => Arc::from([id]),
                Assignee::Team(id) => teams.get(&id).map_or_else(|| Arc::from([]), Arc::clone),
            };
            by_site.entry(a.site).or_default().push(Stretch {
                from: a.from,
                until: a.until,
                assignment: position,
                assignee: a.assignee,
                coaches,
            });
        }
        for stretches in by_site.values_mut() {
            // Stable: stretches starting the same day keep the program's order.
            stretches.sort_by_key(|s| s.from);
        }
        Self { program, by_site }
    }

    /// The stretch of `site` in force on `date`: the latest started by then and not ended.
    pub(crate) fn on(&self, site: EntityId, date: Date) -> Option<&Stretch> {
        let stretches = self.by_site.get(&site)?;
        let started = stretches.partition_point(|s| s.from <= date);
        stretches
            .get(..started)?
            .iter()
            .rev()
            .find(|s| s.until.is_none_or(|until| date <= until))
    }

    /// The coaches of `site` on `date`: none where no assignment is in force.
    pub(crate) fn coaches_on(&self, site: EntityId, date: Date) -> Coaches {
        self.on(site, date)
            .map_or_else(|| Arc::from([]), |s| Arc::clone(&s.coaches))
    }

    /// Every stretch of `site`, in date order.
    pub(crate) fn stretches(&self, site: EntityId) -> &[Stretch] {
        self.by_site.get(&site).map_or(&[], Vec::as_slice)
    }

    /// Each site assigned, with its stretches in date order (the sites in no set order).
    pub(crate) fn sites(&self) -> impl Iterator<Item = (EntityId, &[Stretch])> {
        self.by_site.iter().map(|(site, s)| (*site, s.as_slice()))
    }

    /// For each coach of the program (by position; the first of a repeated id), the sites they
    /// coach on `as_of` and whether alone: under the assignment in force that day, where the
    /// site's coaching is current that day ([`CurrentCoaching`]). Without a day: under the open
    /// assignment (no `until`), where the relationship has not ended.
    pub(crate) fn coached_on(&self, as_of: Option<Date>) -> Vec<Vec<(&'a Site, bool)>> {
        let program = self.program;
        let mut coaches: HashMap<EntityId, usize> = HashMap::with_capacity(program.coaches.len());
        for (i, coach) in program.coaches.iter().enumerate() {
            coaches.entry(coach.id).or_insert(i);
        }
        let mut coached: Vec<Vec<(&Site, bool)>> = vec![Vec::new(); program.coaches.len()];
        let current = CurrentCoaching::new(program, as_of);
        for site in program.sites.iter().filter(|s| current.is(s.id)) {
            let stretch = match as_of {
                None => self.stretches(site.id).iter().find(|s| s.until.is_none()),
                Some(date) => self.on(site.id, date),
            };
            let Some(stretch) = stretch else {
                continue;
            };
            let alone = matches!(stretch.assignee, Assignee::Coach(_));
            for coach in stretch.coaches.iter() {
                if let Some(slot) = coaches.get(coach).and_then(|&c| coached.get_mut(c)) {
                    slot.push((site, alone));
                }
            }
        }
        coached
    }
}

/// Which sites are coached on a day: a site with a recorded relationship active that day (or,
/// without a day, one not ended); a site whose relationship is not recorded counts by its
/// assignment alone.
pub(crate) struct CurrentCoaching(HashMap<EntityId, bool>);

impl CurrentCoaching {
    /// Reads the relationships of `program` on `as_of`.
    pub(crate) fn new(program: &Program, as_of: Option<Date>) -> Self {
        let mut active: HashMap<EntityId, bool> =
            HashMap::with_capacity(program.relationships.len());
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
        Self(active)
    }

    /// Whether the site with `id` is coached that day.
    pub(crate) fn is(&self, id: EntityId) -> bool {
        self.0.get(&id).is_none_or(|on| *on)
    }

    /// Whether the site with `id` has a relationship recorded.
    pub(crate) fn recorded(&self, id: EntityId) -> bool {
        self.0.contains_key(&id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_is_coached_under_the_assignment_in_force() {
        let program = crate::reference::bhicci_sample_program();
        let history = AssignmentHistory::new(program);
        for (k, assignment) in program.assignments.iter().enumerate() {
            let stretch = history.on(assignment.site, assignment.from).unwrap();
            assert_eq!(stretch.assignment, k);
            let expected: Vec<EntityId> = match assignment.assignee {
                Assignee::Coach(id) => vec![id],
                Assignee::Team(id) => program
                    .teams
                    .iter()
                    .find(|t| t.id == id)
                    .unwrap()
                    .members
                    .iter()
                    .map(|m| m.coach)
                    .collect(),
            };
            assert_eq!(
                &history.coaches_on(assignment.site, assignment.from)[..],
                &expected[..]
            );
            let one = AssignmentHistory::of_site(program, assignment.site);
            assert_eq!(
                one.stretches(assignment.site).len(),
                history.stretches(assignment.site).len()
            );
        }
        let coached = history.coached_on(Some(program.assignments[0].from));
        assert_eq!(coached.len(), program.coaches.len());
        assert!(coached.iter().any(|sites| !sites.is_empty()));
    }
}
