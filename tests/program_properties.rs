//! Property tests over programs generated against generated manuals
//! (`tests/common/program_gen.rs`): they validate with no finding at all, survive the JSON round
//! trip unchanged, meet the JSON Schema, and plan cleanly: every period inside its plan, none
//! overlapping on a channel, a prescription unchanged across segments never restarted, and the
//! planned minimum over a stretch of one periodic prescription exactly the per-period minimum
//! times its whole periods plus its cut periods prorated. Mutations of them cause a known
//! finding at a known path.

mod common;

use std::sync::LazyLock;

use common::program_gen::{arb_manual_and_program, id};
use jsonschema::Validator;
use practice_coaching::manual::{
    Activity, Around, Attendee, Cadence, Channel, Citation, Per, Period, Qualification,
    QualificationCheck, Requirement,
};
use practice_coaching::program::{
    Assignee, Assignment, Contact, ContactMode, Initiator, PhaseTransition, Program, Relationship,
    Site, Team, TitrationDecision,
};
use practice_coaching::schema::program_schema;
use practice_coaching::timeline::{EventKind, Plan, PlannedPeriod};
use practice_coaching::{Date, Key, Manual, Minutes, TrainingHours};
use proptest::prelude::*;
use serde_json::Value;

/// The program schema's validator, asserting formats.
static SCHEMA: LazyLock<Validator> = LazyLock::new(|| {
    jsonschema::options()
        .should_validate_formats(true)
        .should_ignore_unknown_formats(false)
        .build(&program_schema())
        .expect("the schema compiles")
});

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn generated_programs_have_no_finding((manual, program) in arb_manual_and_program()) {
        prop_assert!(manual.validate().is_empty(), "{:#?}", manual.validate());
        let report = program.validate(&manual);
        prop_assert!(report.is_empty(), "{:#?}", report);
    }

    #[test]
    fn json_round_trips_unchanged((_manual, program) in arb_manual_and_program()) {
        let pretty = program.to_json();
        let back = Program::from_json(pretty.as_bytes())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&back, &program);
        prop_assert_eq!(back.to_json(), pretty);
        let compact = serde_json::to_vec(&program).expect("serializes");
        let back = Program::from_json(&compact).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back, program);
    }

    #[test]
    fn the_schema_accepts_generated_programs((_manual, program) in arb_manual_and_program()) {
        let value: Value = serde_json::from_str(&program.to_json()).expect("JSON");
        let errors: Vec<String> = SCHEMA
            .iter_errors(&value)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        prop_assert!(errors.is_empty(), "{:#?}", errors);
    }

    #[test]
    fn plans_stay_inside_and_count_exactly(
        (manual, program) in arb_manual_and_program(),
        horizon in prop::option::of(0u32..=60),
    ) {
        // A horizon in months from the earliest start, or each relationship's own default.
        let until = horizon.and_then(|months| {
            let first = program.relationships.iter().map(|r| r.start).min()?;
            let day = first.as_naive().checked_add_months(chrono::Months::new(months))?;
            Date::from_naive(day).ok()
        });
        let plans = program.plans(&manual, until);
        prop_assert_eq!(plans.len(), program.relationships.len());
        for (plan, relationship) in plans.iter().zip(&program.relationships) {
            prop_assert_eq!(plan.site, relationship.site);
            check_plan(plan, &manual)?;
        }
    }

    #[test]
    fn mutations_cause_their_findings(
        (manual, program) in arb_manual_and_program(),
        which in 0usize..MUTATIONS,
    ) {
        let (mut broken, mut manual) = (program, manual);
        let (code, path) = mutate(&mut broken, &mut manual, which);
        let report = broken.validate(&manual);
        prop_assert!(report.contains(code, &path), "expected {} at {}, got {:#?}", code, path, report);
    }
}

/// The start of the `k`th period of a series counted from `anchor`: always from the anchor, so
/// month ends do not drift.
fn period_start(anchor: Date, per: Period, k: u32) -> Date {
    let day = anchor.as_naive();
    let months = |n: u32| day.checked_add_months(chrono::Months::new(n * k));
    let start = match per {
        Period::Week => day.checked_add_days(chrono::Days::new(7 * u64::from(k))),
        Period::Month => months(1),
        Period::Quarter => months(3),
        Period::HalfYear => months(6),
        _ => months(12),
    };
    Date::from_naive(start.expect("in range")).expect("writable")
}

fn days(from: Date, until: Date) -> i64 {
    (until.as_naive() - from.as_naive()).num_days()
}

/// Whole days of `days` out of `whole`, as the planner prorates a cut period: the minimum
/// rounded half up, the maximum rounded up (and never below the minimum).
fn prorated(min: u16, max: u16, days: i64, whole: i64) -> (u16, u16) {
    let min = (2 * i64::from(min) * days + whole) / (2 * whole);
    let max = (i64::from(max) * days + whole - 1) / whole;
    let min = u16::try_from(min).expect("small");
    (min, u16::try_from(max).expect("small").max(min))
}

fn check_plan(plan: &Plan, manual: &Manual) -> Result<(), TestCaseError> {
    // A horizon before the relationship's start gives a plan whose `until` is before its
    // `from` (the planner does not clamp it); such a plan holds nothing.
    if plan.until <= plan.from {
        prop_assert!(plan.segments.is_empty() && plan.periods.is_empty() && plan.events.is_empty());
        prop_assert!(plan.activities.iter().all(|a| a.dates.is_empty()));
        return Ok(());
    }
    // Segments tile the plan.
    prop_assert_eq!(plan.segments.first().map(|s| s.from), Some(plan.from));
    prop_assert_eq!(plan.segments.last().map(|s| s.until), Some(plan.until));
    for pair in plan.segments.windows(2) {
        prop_assert_eq!(pair[0].until, pair[1].from);
    }
    for channel in Channel::ALL {
        check_channel(plan, manual, channel)?;
    }
    // Every planned event lies inside the plan, and visits are the in-person minimum.
    for event in &plan.events {
        prop_assert!(
            plan.from <= event.date && event.date < plan.until,
            "{:?}",
            event
        );
    }
    // Visits are the in-person minimum, but for those of a last period that runs past an
    // earlier horizon and falls after it.
    let visits = plan
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Visit { .. }))
        .count() as u64;
    let inside: u64 = plan
        .periods
        .iter()
        .filter(|p| p.channel == Channel::InPerson && p.until <= plan.until)
        .map(|p| u64::from(p.min_contacts))
        .sum();
    prop_assert!(inside <= visits && visits <= plan.min_contacts(Channel::InPerson));
    Ok(())
}

/// The periods of one channel: inside the plan, in order, none overlapping, summing to the
/// plan's minimum; each stretch of one prescription checked by [`check_stretch`].
fn check_channel(plan: &Plan, manual: &Manual, channel: Channel) -> Result<(), TestCaseError> {
    let periods: Vec<&PlannedPeriod> = plan
        .periods
        .iter()
        .filter(|p| p.channel == channel)
        .collect();
    // Starting inside the plan (a period that starts before an earlier horizon runs whole,
    // so it may end after it), in order, none overlapping.
    for p in &periods {
        prop_assert!(
            plan.from <= p.from && p.from < p.until && p.from < plan.until,
            "{:?}",
            p
        );
    }
    for pair in periods.windows(2) {
        prop_assert!(
            pair[0].until <= pair[1].from,
            "{:?} overlaps {:?}",
            pair[0],
            pair[1]
        );
    }
    let sum: u64 = periods.iter().map(|p| u64::from(p.min_contacts)).sum();
    prop_assert_eq!(plan.min_contacts(channel), sum);
    // Stretches of one prescription: adjacent periods whose levels prescribe the same
    // counts per the same period.
    let dose = |p: &PlannedPeriod| {
        let x = manual.level(&p.level)?.prescription(channel)?;
        Some((x.min_contacts.get(), x.max_contacts.get(), x.per))
    };
    let mut runs: Vec<Vec<&PlannedPeriod>> = Vec::new();
    for p in &periods {
        prop_assert_eq!(dose(p).map(|d| d.2), Some(p.per));
        match runs.last_mut() {
            Some(run)
                if run
                    .last()
                    .is_some_and(|q| q.until == p.from && dose(q) == dose(p))
                    && p.per.period().is_some() =>
            {
                run.push(p);
            }
            _ => runs.push(vec![p]),
        }
    }
    for run in &runs {
        let (min, max, per) = dose(run[0]).expect("checked above");
        check_stretch(run, min, max, per)?;
    }
    Ok(())
}

/// Adjacent periods of one prescription, `min` to `max` contacts per `per`: never restarted,
/// only the last cut (and prorated), the whole periods at the minimum.
fn check_stretch(
    run: &[&PlannedPeriod],
    min: u16,
    max: u16,
    per: Per,
) -> Result<(), TestCaseError> {
    let Some(period) = per.period() else {
        // A count over a phase or the relationship: at most the count, however cut.
        prop_assert!(run[0].min_contacts <= min && run[0].max_contacts <= max.max(min));
        return Ok(());
    };
    let anchor = run[0].from;
    for (k, p) in run.iter().enumerate() {
        let k = u32::try_from(k).expect("small");
        let (start, next) = (
            period_start(anchor, period, k),
            period_start(anchor, period, k + 1),
        );
        // Not restarted: each period starts where the series' calendar says, and only
        // the last of the stretch may be cut.
        prop_assert_eq!(p.from, start, "period {} of {:?}", k, run);
        prop_assert!(p.until <= next);
        prop_assert_eq!(p.cut, p.until < next);
        if (k as usize) + 1 < run.len() {
            prop_assert!(
                !p.cut,
                "a cut period inside a stretch of one prescription: {:?}",
                run
            );
        }
        let expected = if p.cut {
            prorated(min, max, days(p.from, p.until), days(start, next))
        } else {
            (min, max)
        };
        prop_assert_eq!((p.min_contacts, p.max_contacts), expected, "{:?}", p);
    }
    // The stretch's total: whole periods times the minimum, plus the cut one prorated.
    let whole = run.iter().filter(|p| !p.cut).count() as u64;
    let cut: u64 = run
        .iter()
        .filter(|p| p.cut)
        .map(|p| u64::from(p.min_contacts))
        .sum();
    let total: u64 = run.iter().map(|p| u64::from(p.min_contacts)).sum();
    prop_assert_eq!(total, whole * u64::from(min) + cut);
    Ok(())
}

const MUTATIONS: usize = 10;

fn key(text: &str) -> Key {
    Key::new(text).expect("a key")
}

/// A new site of the first organization, of the manual's first kind, with no assignment;
/// returns its position.
fn add_site(program: &mut Program, manual: &Manual) -> usize {
    let n = u32::try_from(program.sites.len()).expect("small");
    program.sites.push(Site {
        id: id(90_000 + n),
        organization: program.organizations[0].id,
        name: format!("Added site {n}"),
        kind: manual.vocabularies.site_kinds[0].key.clone(),
        clinic_count: None,
        location: None,
        stratum: None,
    });
    program.sites.len() - 1
}

/// A new site assigned to the first coach from `from`, with a relationship starting `start`;
/// returns the relationship's position.
fn add_relationship(program: &mut Program, manual: &Manual, from: &str, start: &str) -> usize {
    let i = add_site(program, manual);
    let site = program.sites[i].id;
    let from: Date = from.parse().expect("a date");
    let start: Date = start.parse().expect("a date");
    program.assignments.push(Assignment {
        site,
        assignee: Assignee::Coach(program.coaches[0].id),
        from,
        until: None,
    });
    program.relationships.push(Relationship {
        site,
        start,
        end: None,
        phases: vec![PhaseTransition {
            date: start,
            phase: manual.phases[0].key.clone(),
            reason: None,
        }],
        titration: Vec::new(),
        met: Vec::new(),
        contacts: Vec::new(),
        components: Vec::new(),
    });
    program.relationships.len() - 1
}

/// Breaks a valid program in one way and says which finding that must cause.
// A table of mutations, one arm each: it reads best whole.
#[allow(clippy::too_many_lines)]
fn mutate(program: &mut Program, manual: &mut Manual, which: usize) -> (&'static str, String) {
    match which {
        // A required check no coach meets: its finding is an error (a policy rule).
        8 => {
            manual.qualifications.push(Qualification {
                check: QualificationCheck::TrainingHours {
                    hours: TrainingHours::new(10_000).expect("bounded"),
                },
                requirement: Requirement::Required,
                role: None,
                citations: vec![Citation::design("a test's choice")],
            });
            // The member is reported where it is, else at the coach.
            let at = if program.coaches[0].training_hours.is_some() {
                "/coaches/0/training_hours"
            } else {
                "/coaches/0"
            };
            ("coach-training-below-minimum", at.to_owned())
        }
        // An activity the manual now holds after every contact, not recorded.
        9 => {
            let r = add_relationship(program, manual, "2020-01-01", "2020-01-01");
            let coach = program.coaches[0].id;
            program.relationships[r].contacts.push(Contact {
                start: "2020-02-03T10:00:00Z".parse().expect("a time"),
                asked: None,
                mode: ContactMode::Video,
                minutes: Minutes::new(5).expect("5"),
                coaches: vec![coach],
                guests: Vec::new(),
                travel_minutes: None,
                initiated_by: Initiator::Coach,
                topics: Vec::new(),
                activities: Vec::new(),
            });
            manual.activities.push(Activity {
                key: key("reflection-after-every-contact"),
                name: "Reflection form".into(),
                kind: key("reflection-form"),
                attendees: vec![Attendee::SiteTeam],
                min_minutes: None,
                max_minutes: None,
                cadence: Cadence::AroundContact {
                    when: Around::After,
                    channel: None,
                    joint_only: false,
                },
                implementation_outcome: None,
                citations: vec![Citation::design("a test's choice")],
            });
            // The program records every activity, so a missing one is a finding.
            program.recorded_activities = None;
            // The contact records no activity at all: the finding names the contact itself.
            (
                "contact-activity-missing",
                format!("/relationships/{r}/contacts/0"),
            )
        }
        // Duplicate an id.
        0 => {
            let copy = program.coaches[0].clone();
            program.coaches.push(copy);
            (
                "coach-id-duplicate",
                format!("/coaches/{}/id", program.coaches.len() - 1),
            )
        }
        // A site nobody coaches.
        1 => {
            let i = add_site(program, manual);
            ("site-unassigned", format!("/sites/{i}"))
        }
        // Two assignments of one site at once.
        2 => {
            add_relationship(program, manual, "2020-01-01", "2020-01-01");
            let mut again = program.assignments.last().expect("added").clone();
            again.assignee = Assignee::Coach(program.coaches.last().expect("a coach").id);
            program.assignments.push(again);
            (
                "assignment-overlap",
                format!("/assignments/{}/from", program.assignments.len() - 1),
            )
        }
        // Coaching before anyone is assigned.
        3 => {
            let r = add_relationship(program, manual, "2020-01-02", "2020-01-01");
            (
                "relationship-before-assignment",
                format!("/relationships/{r}/start"),
            )
        }
        // A contact by a coach nobody assigned.
        4 => {
            let r = add_relationship(program, manual, "2020-01-01", "2020-01-01");
            program.relationships[r].contacts.push(Contact {
                start: "2020-02-03T10:00:00-08:00".parse().expect("a time"),
                asked: None,
                mode: ContactMode::Phone,
                minutes: Minutes::new(5).expect("5"),
                coaches: vec![id(99_999)],
                guests: Vec::new(),
                travel_minutes: None,
                initiated_by: Initiator::Site,
                topics: Vec::new(),
                activities: Vec::new(),
            });
            (
                "contact-coach-unassigned",
                format!("/relationships/{r}/contacts/0/coaches/0"),
            )
        }
        // A decision under a rule the manual does not have.
        5 => {
            let r = add_relationship(program, manual, "2020-01-01", "2020-01-01");
            program.relationships[r].titration.push(TitrationDecision {
                date: "2020-03-01".parse().expect("a date"),
                level: manual.intensity_levels[0].key.clone(),
                rule: Some(key("no-such-rule")),
                reason: Some("a test".into()),
                decided_by: practice_coaching::program::DecisionMaker::Coach,
            });
            (
                "decision-rule-unknown",
                format!("/relationships/{r}/titration/0/rule"),
            )
        }
        // Another manual.
        6 => {
            program.manual.id = key("another-manual");
            ("program-manual-mismatch", "/manual/id".into())
        }
        // A team where the manual has no team rule; a team missing a member where it has one.
        _ => {
            if program.teams.is_empty() || manual.team.is_none() {
                program.teams.push(Team {
                    id: id(99_998),
                    name: None,
                    members: Vec::new(),
                });
                if manual.team.is_none() {
                    return ("team-without-rule", "/teams".into());
                }
                let t = program.teams.len() - 1;
                return ("team-roles-mismatch", format!("/teams/{t}/members"));
            }
            program.teams[0].members.pop();
            ("team-roles-mismatch", "/teams/0/members".into())
        }
    }
}
