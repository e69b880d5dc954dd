//! Valid programs for the late BHICCI manual, built by construction: ids from a counter,
//! references picked with `prop::sample::Index`, every site's current assignment a dyad of a
//! behavioral health and a medical coach, every coach qualified.

use practice_coaching::manual::Degree;
use practice_coaching::program::*;
use practice_coaching::reference::bhicci_late;
use practice_coaching::*;
use proptest::prelude::*;
use proptest::sample::Index;

/// The `n`th id: unique by construction.
pub fn id(n: u32) -> EntityId {
    EntityId::new(&format!("00000000-0000-4000-8000-{n:012x}")).expect("hyphenated")
}

const KINDS: [SiteKind; 6] = [
    SiteKind::Fqhc,
    SiteKind::SpecialtyBehavioralHealth,
    SiteKind::PainManagement,
    SiteKind::ResidentialCare,
    SiteKind::PrimaryCare,
    SiteKind::Other,
];
const DIRECTIONS: [IntegrationDirection; 3] = [
    IntegrationDirection::AddingBehavioralHealth,
    IntegrationDirection::AddingPrimaryCare,
    IntegrationDirection::Both,
];

/// A qualified coach of `discipline` holding every core skill of the late manual.
pub fn coach(n: u32, discipline: Discipline) -> Coach {
    Coach {
        id: id(n),
        name: format!("Coach {n}"),
        disciplines: vec![discipline],
        credentials: vec![if discipline == Discipline::Medical {
            Credential::Md
        } else {
            Credential::Phd
        }],
        highest_degree: Degree::Doctorate,
        health_care_experience_years: Years::new(10).expect("bounded"),
        transformation_experience: true,
        integrated_care_experience: true,
        skills: bhicci_late().core_skills().map(|s| s.key.clone()).collect(),
        employment: Employment::ExternalConsultant,
    }
}

/// One site: its organization, kind, direction, clinics, and its assignments as (dyad, days
/// after the previous one) with an optional earlier single-coach start.
type SiteShape = (Index, usize, usize, u16, Vec<(Index, u16)>, Option<Index>);

pub fn arb_program() -> impl Strategy<Value = Program> {
    let sites = prop::collection::vec(
        (
            any::<Index>(),
            0usize..6,
            0usize..3,
            1u16..20,
            prop::collection::vec((any::<Index>(), 1u16..400), 1..3),
            prop::option::of(any::<Index>()),
        ),
        0..12,
    );
    (1u32..4, 1u32..4, any::<bool>(), sites)
        .prop_map(|(organizations, pairs, flag, sites)| build(organizations, pairs, flag, &sites))
}

fn build(organization_count: u32, pairs: u32, flag: bool, shapes: &[SiteShape]) -> Program {
    let mut next = 0u32;
    let mut fresh = || {
        next += 1;
        id(next)
    };
    let organizations: Vec<Organization> = (0..organization_count)
        .map(|i| Organization {
            id: fresh(),
            name: format!("Organization {i}"),
            requires_dyad: flag && i == 0,
        })
        .collect();
    let mut coaches = Vec::new();
    let mut dyads = Vec::new();
    for _ in 0..pairs {
        let (bh, md) = (fresh(), fresh());
        coaches.push(Coach {
            id: bh,
            ..coach(0, Discipline::BehavioralHealth)
        });
        coaches.push(Coach {
            id: md,
            ..coach(0, Discipline::Medical)
        });
        dyads.push(Dyad {
            id: fresh(),
            coaches: vec![bh, md],
        });
    }
    for (n, c) in coaches.iter_mut().enumerate() {
        c.name = format!("Coach {n}");
    }
    let start = Date::new("2015-09-01").expect("a date").as_naive();
    let mut sites = Vec::new();
    let mut assignments = Vec::new();
    for (i, (organization, kind, direction, clinics, history, solo)) in shapes.iter().enumerate() {
        let site = Site {
            id: fresh(),
            organization: organizations[organization.index(organizations.len())].id,
            name: format!("Site {i}"),
            kind: KINDS[*kind],
            integration_direction: DIRECTIONS[*direction],
            clinical_site_count: SiteCount::new(*clinics).expect("bounded"),
        };
        let mut day = start;
        if let Some(coach) = solo {
            assignments.push(Assignment {
                site: site.id,
                assignee: Assignee::Coach(coaches[coach.index(coaches.len())].id),
                from: Date::from_naive(day).expect("in range"),
            });
        }
        for (dyad, gap) in history {
            day = day
                .checked_add_days(chrono::Days::new(u64::from(*gap)))
                .expect("in range");
            assignments.push(Assignment {
                site: site.id,
                assignee: Assignee::Dyad(dyads[dyad.index(dyads.len())].id),
                from: Date::from_naive(day).expect("in range"),
            });
        }
        sites.push(site);
    }
    Program {
        schema: None,
        manual: ManualReference {
            id: bhicci_late().id.clone(),
            version: bhicci_late().version.clone(),
        },
        organizations,
        sites,
        coaches,
        dyads,
        assignments,
        relationships: Vec::new(),
    }
}
