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
            kind: SiteKind::ALL[*kind],
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

/// One relationship's shape: phases reached, where in each phase's range its length falls,
/// whether it ended, decisions as (days after the previous, level, rule), contacts as (day,
/// in person, remote mode, minutes, topic).
type RelationshipShape = (
    usize,
    Vec<u16>,
    bool,
    Vec<(u64, Index, Index)>,
    Vec<(u64, bool, usize, u16, Index)>,
);

/// Valid programs whose sites each have a clean coaching relationship: phases in the manual's
/// order with lengths in range, decisions at least the minimum interval apart with reasons, and
/// contacts by the site's current dyad within the relationship.
pub fn arb_program_with_relationships() -> impl Strategy<Value = Program> {
    arb_program()
        .prop_flat_map(|program| {
            let shape = (
                1usize..=4,
                prop::collection::vec(0u16..=100, 4),
                any::<bool>(),
                prop::collection::vec((28u64..120, any::<Index>(), any::<Index>()), 0..4),
                prop::collection::vec(
                    (
                        0u64..400,
                        any::<bool>(),
                        0usize..3,
                        10u16..=240,
                        any::<Index>(),
                    ),
                    0..6,
                ),
            );
            let count = program.sites.len();
            (Just(program), prop::collection::vec(shape, count))
        })
        .prop_map(|(mut program, shapes)| {
            let relationships = program
                .sites
                .iter()
                .zip(&shapes)
                .filter_map(|(site, shape)| relationship(&program, site.id, shape))
                .collect();
            program.relationships = relationships;
            program
        })
}

fn days_after(date: Date, days: u64) -> Date {
    Date::from_naive(
        date.as_naive()
            .checked_add_days(chrono::Days::new(days))
            .expect("in range"),
    )
    .expect("writable")
}

fn relationship(
    program: &Program,
    site: EntityId,
    shape: &RelationshipShape,
) -> Option<Relationship> {
    let manual = bhicci_late();
    let (phase_count, lengths, ended, decisions, contacts) = shape;
    let current = program
        .assignments
        .iter()
        .filter(|a| a.site == site)
        .max_by_key(|a| a.from)?;
    let Assignee::Dyad(dyad) = current.assignee else {
        return None;
    };
    let coaches = program.dyads.iter().find(|d| d.id == dyad)?.coaches.clone();
    let start = current.from;
    let mut phases = Vec::new();
    let mut day = start;
    let mut end = None;
    for (n, phase) in manual.phases.iter().take(*phase_count).enumerate() {
        phases.push(PhaseTransition {
            date: day,
            phase: phase.key.clone(),
            reason: None,
        });
        let (min, max) = (
            phase.min_weeks.get(),
            phase
                .max_weeks
                .map_or(phase.min_weeks.get() + 30, Weeks::get),
        );
        let weeks = min + (max - min) * lengths[n] / 100;
        let next = days_after(day, u64::from(weeks) * 7);
        if n + 1 == *phase_count && *ended {
            // The end date is the last day of coaching, the day before the next phase would start.
            end = Some(RelationshipEnd {
                date: days_after(day, (u64::from(weeks) * 7).saturating_sub(1)),
                hand_off: "The site carries on with its own cycles.".into(),
            });
        }
        day = next;
    }
    let last_day = end.as_ref().map(|e: &RelationshipEnd| e.date);
    let mut titration = Vec::new();
    let mut when = start;
    for (gap, level, rule) in decisions {
        when = days_after(when, *gap);
        if last_day.is_some_and(|last| when > last) {
            break;
        }
        titration.push(TitrationDecision {
            date: when,
            level: manual.intensity_levels[level.index(manual.intensity_levels.len())]
                .key
                .clone(),
            rule: Some(
                manual.titration.rules[rule.index(manual.titration.rules.len())]
                    .key
                    .clone(),
            ),
            reason: Some("Agreed with the site's integration team.".into()),
            decided_by: DecisionMaker::Coach,
        });
    }
    let log = contact_log(start, last_day, &coaches, contacts);
    Some(Relationship {
        site,
        start,
        end,
        phases,
        titration,
        contacts: log,
    })
}

type ContactShape = (u64, bool, usize, u16, Index);

fn contact_log(
    start: Date,
    last_day: Option<Date>,
    coaches: &[EntityId],
    contacts: &[ContactShape],
) -> Vec<Contact> {
    let skills: Vec<&Key> = bhicci_late().skills.iter().map(|s| &s.key).collect();
    contacts
        .iter()
        .map(|(offset, in_person, mode, minutes, topic)| {
            (days_after(start, *offset), in_person, mode, minutes, topic)
        })
        .filter(|(date, ..)| last_day.is_none_or(|last| *date <= last))
        .map(|(date, in_person, mode, minutes, topic)| Contact {
            start: format!("{date}T10:00:00-08:00").parse().expect("a time"),
            mode: if *in_person {
                ContactMode::InPerson
            } else {
                [ContactMode::Video, ContactMode::Phone, ContactMode::Email][*mode]
            },
            minutes: Minutes::new(*minutes).expect("bounded"),
            coaches: if *in_person {
                coaches.to_vec()
            } else {
                coaches[..1].to_vec()
            },
            travel_minutes: in_person.then(|| Minutes::new(45).expect("bounded")),
            initiated_by: if *in_person {
                Initiator::Coach
            } else {
                Initiator::Site
            },
            topics: vec![skills[topic.index(skills.len())].clone()],
            dyad_visit: in_person.then_some(DyadVisit {
                huddle: true,
                check_in: true,
                debrief: true,
            }),
        })
        .collect()
}
