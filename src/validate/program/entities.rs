//! Ids: unique per kind; references between organizations, sites, coaches and dyads.

use foldhash::{HashMap, HashMapExt};

use crate::program::{Coach, Program};
use crate::validate::report::Findings;
use crate::{Discipline, EntityId, Manual, Rule};

/// Positions of each entity by id (the first, where an id repeats).
pub(super) struct Index {
    pub(super) organizations: HashMap<EntityId, usize>,
    pub(super) sites: HashMap<EntityId, usize>,
    pub(super) coaches: HashMap<EntityId, usize>,
    pub(super) dyads: HashMap<EntityId, usize>,
}

fn index<T>(
    items: &[T],
    id: impl Fn(&T) -> EntityId,
    collection: &str,
    rule: Rule,
    findings: &mut Findings,
) -> HashMap<EntityId, usize> {
    let mut map = HashMap::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let id = id(item);
        if let Some(first) = map.get(&id) {
            findings.push(
                rule,
                format!("/{collection}/{i}/id"),
                format!("id {id} is already used at /{collection}/{first}; ids must be unique"),
            );
        } else {
            map.insert(id, i);
        }
    }
    map
}

pub(super) fn check(program: &Program, manual: &Manual, findings: &mut Findings) -> Index {
    let index = Index {
        organizations: index(
            &program.organizations,
            |o| o.id,
            "organizations",
            Rule::OrganizationIdDuplicate,
            findings,
        ),
        sites: index(
            &program.sites,
            |s| s.id,
            "sites",
            Rule::SiteIdDuplicate,
            findings,
        ),
        coaches: index(
            &program.coaches,
            |c| c.id,
            "coaches",
            Rule::CoachIdDuplicate,
            findings,
        ),
        dyads: index(
            &program.dyads,
            |d| d.id,
            "dyads",
            Rule::DyadIdDuplicate,
            findings,
        ),
    };
    for (i, site) in program.sites.iter().enumerate() {
        if !index.organizations.contains_key(&site.organization) {
            findings.push(
                Rule::SiteOrganizationUnknown,
                format!("/sites/{i}/organization"),
                format!(
                    "organization {} is not among the program's organizations",
                    site.organization
                ),
            );
        }
    }
    for (i, dyad) in program.dyads.iter().enumerate() {
        let mut members: Vec<&Coach> = Vec::with_capacity(2);
        for (j, id) in dyad.coaches.iter().enumerate() {
            match index.coaches.get(id).and_then(|&c| program.coaches.get(c)) {
                Some(coach) => members.push(coach),
                None => findings.push(
                    Rule::DyadCoachUnknown,
                    format!("/dyads/{i}/coaches/{j}"),
                    format!("coach {id} is not among the program's coaches"),
                ),
            }
        }
        let distinct = matches!(dyad.coaches.as_slice(), [a, b] if a != b);
        if !distinct {
            findings.push(
                Rule::DyadSize,
                format!("/dyads/{i}/coaches"),
                format!(
                    "the dyad names [{}]; expected two distinct coach ids",
                    dyad.coaches
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        } else if let ([a, b], [d1, d2]) =
            (members.as_slice(), manual.pairing.disciplines.as_slice())
            && !covers(a, b, *d1, *d2)
        {
            findings.push(
                Rule::DyadDisciplineMismatch,
                format!("/dyads/{i}"),
                format!(
                    "coaches `{}` and `{}` do not cover {} and {} one each, as the manual's dyad rule asks",
                    a.name, b.name, d1.as_str(), d2.as_str()
                ),
            );
        }
    }
    index
}

/// Whether one coach brings `first` and the other `second`, in either order.
fn covers(a: &Coach, b: &Coach, first: Discipline, second: Discipline) -> bool {
    let has = |coach: &Coach, d: Discipline| coach.disciplines.contains(&d);
    (has(a, first) && has(b, second)) || (has(a, second) && has(b, first))
}
