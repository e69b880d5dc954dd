//! Property tests of planning over generated programs (`tests/common/program_gen.rs`): the plan
//! agrees with `prescribed_on` on every day; planned dates fall on working days, moving no
//! event in or out of a plan; program-wide events have one set of dates in every site's plan.

mod common;

use chrono::{Datelike, Weekday};
use common::program_gen::arb_program_with_relationships;
use practice_coaching::manual::{Cadence, LearningSessions, Scope};
use practice_coaching::program::Relationship;
use practice_coaching::timeline::{EventKind, Horizon, Plan, PlanOptions};
use practice_coaching::{Date, Key, Manual};
use proptest::prelude::*;

fn next_day(date: Date) -> Option<Date> {
    Date::from_naive(date.as_naive().succ_opt()?).ok()
}

fn months_after(from: Date, months: u32) -> Option<Date> {
    let day = from
        .as_naive()
        .checked_add_months(chrono::Months::new(months))?;
    Date::from_naive(day).ok()
}

fn is_weekend(date: Date) -> bool {
    matches!(date.as_naive().weekday(), Weekday::Sat | Weekday::Sun)
}

const WORKING_DAYS: PlanOptions = PlanOptions { weekends: false };
const ANY_DAY: PlanOptions = PlanOptions { weekends: true };

/// Checks that each day of `plan` lies in a segment with the phase and level the projected
/// relationship prescribes that day.
fn check_segments(
    plan: &Plan,
    relationship: &Relationship,
    manual: &Manual,
) -> Result<(), TestCaseError> {
    let (projected, _) = relationship.projected(manual);
    let mut day = plan.from;
    while day < plan.until {
        let segment = plan
            .segments
            .iter()
            .find(|s| s.from <= day && day < s.until);
        let expected = projected
            .prescribed_on(manual, day)
            .map(|p| (p.phase.key.clone(), p.level.key.clone()));
        prop_assert_eq!(
            segment.map(|s| (s.phase.clone(), s.level.clone())),
            expected,
            "{} in {:#?}",
            day,
            relationship
        );
        day = next_day(day).expect("in range");
    }
    Ok(())
}

/// What a site's plan holds of its own (not the program's), counted by kind: visits and remote
/// contacts, the activities around them and at milestones, milestones, and each site activity's dates. An
/// activity only joint visits have is left out: a visit moved to another day can have other
/// coaches.
fn own_counts(plan: &Plan, manual: &Manual) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut add = |what: String, n: usize| match counts.iter_mut().find(|(w, _)| *w == what) {
        Some((_, total)) => *total += n,
        None => counts.push((what, n)),
    };
    for event in &plan.events {
        match &event.kind {
            EventKind::Visit { .. } => add("visit".into(), 1),
            EventKind::RemoteContact { .. } => add("remote contact".into(), 1),
            EventKind::Activity(key) if !joint_only(manual, key) => {
                add(format!("activity {key}"), 1);
            }
            EventKind::Milestone(key) => add(format!("milestone {key}"), 1),
            EventKind::Activity(_) | EventKind::LearningSession => {}
        }
    }
    for activity in plan.activities.iter().filter(|a| a.scope == Scope::Site) {
        add(format!("periodic {}", activity.key), activity.dates.len());
    }
    counts.sort();
    counts
}

fn joint_only(manual: &Manual, key: &Key) -> bool {
    manual.activity(key).is_some_and(|a| {
        matches!(
            a.cadence,
            Cadence::AroundContact {
                joint_only: true,
                ..
            }
        )
    })
}

/// Every date of `plan` the planner placed: all but the learning sessions the manual dates
/// itself.
fn placed_dates<'p>(plan: &'p Plan, manual: &'p Manual) -> impl Iterator<Item = Date> + 'p {
    let dated: &[Date] = match manual.collaborative.as_ref().map(|c| &c.learning_sessions) {
        Some(LearningSessions::Dated(dates)) => dates,
        _ => &[],
    };
    let events = plan
        .events
        .iter()
        .filter(move |e| !(e.kind == EventKind::LearningSession && dated.contains(&e.date)))
        .map(|e| e.date);
    events.chain(
        plan.activities
            .iter()
            .flat_map(|a| a.dates.iter().map(|o| o.date)),
    )
}

/// The program-wide dates of a plan: learning sessions, and each program-wide activity's
/// occurrences by period and index, as (date, period, index).
fn program_wide(plan: &Plan) -> Vec<(Option<Key>, (Date, Date, u16))> {
    let sessions = plan
        .events
        .iter()
        .filter(|e| e.kind == EventKind::LearningSession)
        .map(|e| (None, (e.date, e.period, e.index)));
    let activities = plan
        .activities
        .iter()
        .filter(|a| a.scope == Scope::Program)
        .flat_map(|a| {
            a.dates
                .iter()
                .map(|o| (Some(a.key.clone()), (o.date, o.period, o.index)))
        });
    let mut all: Vec<_> = sessions.chain(activities).collect();
    all.sort();
    all
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// On every day of a plan, the segment covering it has the phase and level the projected
    /// relationship prescribes that day: the projection honours every recorded transition and
    /// decision, also in a plan shown from a later day or to another horizon.
    #[test]
    fn segments_agree_with_prescribed_on(
        (manual, program) in arb_program_with_relationships(),
        later in 0u32..=30,
        months in prop::option::of(1u32..=60),
    ) {
        for relationship in &program.relationships {
            let plan = relationship.plan(&manual, &program, None);
            check_segments(&plan, relationship, &manual)?;
            let from = months_after(relationship.start, later);
            let horizon = months.map_or(Horizon::Natural, Horizon::Months);
            if let Ok(plan) = program.plan_site(&manual, relationship.site, from, horizon, WORKING_DAYS) {
                prop_assert_eq!(Some(plan.from), from);
                check_segments(&plan, relationship, &manual)?;
            }
        }
    }

    /// By default no date the planner places falls on a Saturday or Sunday, and what a site's
    /// plan holds of its own is counted as when weekends are planned: dates move, none is added
    /// or lost.
    #[test]
    fn planned_dates_fall_on_working_days_and_counts_stay(
        (manual, program) in arb_program_with_relationships(),
    ) {
        let working = program.plans_with(&manual, None, WORKING_DAYS);
        let any_day = program.plans_with(&manual, None, ANY_DAY);
        for (plan, all) in working.iter().zip(&any_day) {
            for date in placed_dates(plan, &manual) {
                prop_assert!(!is_weekend(date), "{} in {:#?}", date, plan);
            }
            prop_assert_eq!(own_counts(plan, &manual), own_counts(all, &manual));
            prop_assert_eq!(plan.periods.clone(), all.periods.clone());
        }
    }

    /// Program-wide events keep one set of dates, periods and indexes whatever site's plan shows
    /// them: two plans agree on every day both show.
    #[test]
    fn program_wide_events_are_the_same_in_every_plan(
        (manual, program) in arb_program_with_relationships(),
        weekends in any::<bool>(),
    ) {
        let options = PlanOptions { weekends };
        let plans = program.plans_with(&manual, None, options);
        for (a, b) in plans.iter().zip(plans.iter().skip(1)) {
            let (from, until) = (a.from.max(b.from), a.until.min(b.until));
            let shared = |plan: &Plan| {
                program_wide(plan)
                    .into_iter()
                    .filter(|(_, (date, _, _))| from <= *date && *date < until)
                    .collect::<Vec<_>>()
            };
            prop_assert_eq!(shared(a), shared(b));
        }
        // And the program's own series says the same.
        if let (Some(start), Some(plan)) = (program.start(), plans.first()) {
            let schedule = program.schedule(&manual, plan.from, plan.until, options);
            prop_assert_eq!(schedule.start, start);
            let mut sessions: Vec<_> = schedule.events.iter().map(|e| (e.date, e.period, e.index)).collect();
            sessions.sort();
            let mut shown: Vec<_> = plan
                .events
                .iter()
                .filter(|e| e.kind == EventKind::LearningSession)
                .map(|e| (e.date, e.period, e.index))
                .collect();
            shown.sort();
            prop_assert_eq!(sessions, shown);
        }
    }
}
