//! `Program::plan_site`: any site planned from a chosen day (its recorded relationship, or one
//! projected from the manual's first phase), within the caps on a plan's length and events.

use practice_coaching::timeline::{
    EventKind, Horizon, MAX_PLAN_EVENTS, MAX_PLAN_MONTHS, PlanError, PlanOptions,
};
use practice_coaching::{ContactCount, Date, EntityId, Length, Manual, Months, Program, reference};

fn manual() -> Manual {
    Manual::from_json(include_bytes!("data/timeline-manual.json")).expect("parses")
}

fn program() -> Program {
    Program::from_json(include_bytes!("data/timeline-program.json")).expect("parses")
}

fn date(text: &str) -> Date {
    text.parse().expect("a date")
}

fn id(text: &str) -> EntityId {
    EntityId::new(text).expect("an id")
}

const RIVERSIDE: &str = "11110000-0000-0000-0000-00000000000a";
const HILLSIDE: &str = "11110000-0000-0000-0000-00000000000b";
const DEFAULT: PlanOptions = PlanOptions { weekends: false };

#[test]
fn every_site_of_every_sample_program_can_be_planned() {
    let mut projected = 0;
    for (name, program, manual) in reference::sample_programs() {
        // A site without a relationship from the program's first day; one with a relationship
        // from its own start, given or not.
        let first = program.start().expect("sample programs have relationships");
        for site in &program.sites {
            let recorded = program.relationships.iter().find(|r| r.site == site.id);
            let from = recorded.map_or(first, |r| r.start);
            let plan = program
                .plan_site(site.id, Some(from), Horizon::Months(12), manual, DEFAULT)
                .unwrap_or_else(|e| panic!("{name}, {}: {e}", site.name));
            assert_eq!((plan.site, plan.from), (site.id, from));
            assert!(!plan.segments.is_empty(), "{name}, {}", site.name);
            let whole = program.plan_site(site.id, None, Horizon::Natural, manual, DEFAULT);
            if let Some(r) = recorded {
                assert_eq!(whole, Ok(r.plan(manual, program, None)));
            } else {
                projected += 1;
                assert!(plan.segments.iter().all(|s| s.projected));
                assert_eq!(plan.segments[0].phase, manual.phases[0].key);
                assert_eq!(whole, Err(PlanError::NoStart(site.id)));
            }
        }
    }
    assert!(projected > 0, "some sample sites have no relationship");
}

#[test]
fn a_site_without_a_relationship_is_projected_from_the_day_given() {
    let (manual, program) = (manual(), program());
    let plan = program
        .plan_site(
            id(HILLSIDE),
            Some(date("2016-03-01")),
            Horizon::Natural,
            &manual,
            DEFAULT,
        )
        .expect("plans");
    // Engagement 3 months, implementation 12, sustainment 21: to 2019-03-01.
    let phases: Vec<(&str, Date)> = plan
        .segments
        .iter()
        .map(|s| (s.phase.as_str(), s.from))
        .collect();
    assert_eq!(
        phases,
        [
            ("engagement", date("2016-03-01")),
            ("implementation", date("2016-06-01")),
            ("sustainment", date("2017-06-01")),
        ]
    );
    assert_eq!(plan.until, date("2019-03-01"));
    assert!(plan.segments.iter().all(|s| s.projected));
    // Visits go to the coach assigned to Hillside.
    let coach = id("11110000-0000-0000-0000-000000000015");
    let visits: Vec<_> = plan
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Visit { .. }))
        .collect();
    assert_eq!(visits.len(), 36);
    assert!(visits.iter().all(|v| v.coaches.as_ref() == [coach]));
}

#[test]
fn a_recorded_relationship_from_a_later_day_is_its_whole_plan_from_then() {
    let (manual, program) = (manual(), program());
    let site = id(RIVERSIDE);
    let whole = program.relationships[0].plan(&manual, &program, None);
    let from = date("2016-05-20");
    let later = program
        .plan_site(site, Some(from), Horizon::Natural, &manual, DEFAULT)
        .expect("plans");
    assert_eq!((later.from, later.until), (from, whole.until));
    let shown: Vec<_> = whole.events.iter().filter(|e| e.date >= from).collect();
    assert_eq!(later.events.iter().collect::<Vec<_>>(), shown);
    // The period in progress on the first day is kept whole, counted as in the whole plan.
    assert!(later.periods.iter().all(|p| whole.periods.contains(p)));
    assert!(later.periods.iter().any(|p| p.from < from));
    assert_eq!(later.segments[0].from, from);
    assert_eq!(later.segments[0].level.as_str(), "light");
    // Months count from the first day shown; a day before the start is the start.
    let year = program
        .plan_site(site, Some(from), Horizon::Months(12), &manual, DEFAULT)
        .expect("plans");
    assert_eq!(year.until, date("2017-05-20"));
    let early = program
        .plan_site(
            site,
            Some(date("2015-01-01")),
            Horizon::Natural,
            &manual,
            DEFAULT,
        )
        .expect("plans");
    assert_eq!(early, whole);
}

#[test]
fn planning_refuses_unknown_sites_and_days_past_coaching() {
    let (manual, program) = (manual(), program());
    let nobody = id("00000000-0000-4000-8000-000000000000");
    assert_eq!(
        program.plan_site(nobody, None, Horizon::Natural, &manual, DEFAULT),
        Err(PlanError::UnknownSite(nobody))
    );
    let past = program.plan_site(
        id(RIVERSIDE),
        Some(date("2020-01-01")),
        Horizon::Natural,
        &manual,
        DEFAULT,
    );
    assert!(
        matches!(past, Err(PlanError::NothingToPlan { .. })),
        "{past:?}"
    );
    let far = program.plan_site(
        id(RIVERSIDE),
        Some(date("9999-01-01")),
        Horizon::Months(12),
        &manual,
        DEFAULT,
    );
    assert!(
        matches!(far, Err(PlanError::PastLastDate { months: 12, .. })),
        "{far:?}"
    );
}

#[test]
fn a_plan_longer_than_the_cap_is_refused_naming_it() {
    let (mut manual, program) = (manual(), program());
    let site = id(RIVERSIDE);
    let longest = program.plan_site(
        site,
        None,
        Horizon::Months(MAX_PLAN_MONTHS),
        &manual,
        DEFAULT,
    );
    assert!(longest.is_ok(), "{longest:?}");
    let over = program
        .plan_site(
            site,
            None,
            Horizon::Months(MAX_PLAN_MONTHS + 1),
            &manual,
            DEFAULT,
        )
        .expect_err("over the cap");
    assert!(matches!(over, PlanError::TooLong { .. }), "{over:?}");
    assert!(over.to_string().contains("240 months"), "{over}");
    // The default horizon too: phases of ten years each run 30 years.
    let decade = Length::Months(Months::new(120).expect("bounded"));
    for phase in &mut manual.phases {
        phase.length.min = decade;
        phase.length.max = Some(decade);
    }
    let projected = program.plan_site(
        id(HILLSIDE),
        Some(date("2016-01-01")),
        Horizon::Natural,
        &manual,
        DEFAULT,
    );
    assert!(
        matches!(projected, Err(PlanError::TooLong { .. })),
        "{projected:?}"
    );
}

#[test]
fn a_plan_with_more_events_than_the_cap_is_refused_naming_it() {
    let (mut manual, program) = (manual(), program());
    // A thousand visits a week, each with a debrief, for twenty years: millions of events.
    for level in &mut manual.intensity_levels {
        for prescription in &mut level.prescriptions {
            prescription.min_contacts = ContactCount::new(1000).expect("bounded");
            prescription.max_contacts = prescription.min_contacts;
            prescription.per = practice_coaching::manual::Per::Week;
        }
    }
    let error = program
        .plan_site(
            id(RIVERSIDE),
            None,
            Horizon::Months(MAX_PLAN_MONTHS),
            &manual,
            DEFAULT,
        )
        .expect_err("over the cap");
    assert!(
        matches!(error, PlanError::TooManyEvents { .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().contains(&MAX_PLAN_EVENTS.to_string()),
        "{error}"
    );
}
