//! Coaching over time, on a small manual and program whose plans can be counted by hand
//! (tests/data/timeline-manual.json and timeline-program.json): the prescription on a date,
//! titration of events, schedule expansion and its iCalendar export; any site planned from a
//! chosen day (its recorded relationship, or one projected from the manual's first phase),
//! within the caps on a plan's length and events.

use practice_coaching::manual::{Channel, Direction, Per, Trigger};
use practice_coaching::timeline::{
    EventKind, Horizon, MAX_PLAN_EVENTS, MAX_PLAN_MONTHS, Plan, PlanError, PlanOptions,
};
use practice_coaching::{
    ContactCount, Date, EntityId, Key, Length, Manual, Months, Program, Weeks, reference,
};

fn manual() -> Manual {
    Manual::from_json(include_bytes!("data/timeline-manual.json")).expect("parses")
}

fn program() -> Program {
    Program::from_json(include_bytes!("data/timeline-program.json")).expect("parses")
}

fn date(text: &str) -> Date {
    text.parse().expect("a date")
}

fn key(text: &str) -> Key {
    Key::new(text).expect("a key")
}

fn months_after(from: Date, months: u32) -> Option<Date> {
    let naive = from
        .as_naive()
        .checked_add_months(chrono::Months::new(months))?;
    Date::from_naive(naive).ok()
}

fn count(plan: &Plan, wanted: impl Fn(&EventKind) -> bool) -> usize {
    plan.events.iter().filter(|e| wanted(&e.kind)).count()
}

fn visits(plan: &Plan) -> usize {
    count(plan, |k| matches!(k, EventKind::Visit { .. }))
}

#[test]
fn the_fixtures_validate_cleanly() {
    let manual = manual();
    assert!(manual.validate().is_empty(), "{:#?}", manual.validate());
    let report = program().validate(&manual);
    assert!(report.is_empty(), "{report:#?}");
}

#[test]
fn the_prescription_follows_phases_and_decisions() {
    let (manual, program) = (manual(), program());
    let relationship = &program.relationships[0];
    let on = |d: &str| {
        relationship
            .prescribed_on(&manual, date(d))
            .map(|p| (p.phase.key.to_string(), p.level.key.to_string()))
    };
    let pair = |p: &str, l: &str| Some((p.to_owned(), l.to_owned()));
    assert_eq!(on("2015-12-31"), None, "before the start");
    assert_eq!(on("2016-01-01"), pair("engagement", "intensive"));
    assert_eq!(on("2016-04-01"), pair("implementation", "standard"));
    assert_eq!(
        on("2016-05-16"),
        pair("implementation", "light"),
        "stepped down that day"
    );
}

#[test]
fn monthly_visits_are_planned_once_a_month_across_every_change() {
    let (manual, program) = (manual(), program());
    let relationship = &program.relationships[0];
    let plan = relationship.plan(&manual, &program, months_after(relationship.start, 36));
    // Three phases and a decision change the level four times; the visits stay monthly.
    assert!(plan.segments.len() >= 3, "{:#?}", plan.segments);
    assert_eq!(visits(&plan), 36);
    assert_eq!(plan.min_contacts(Channel::InPerson), 36);
    let mut dates: Vec<Date> = plan
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Visit { .. }))
        .map(|e| e.date)
        .collect();
    dates.dedup();
    assert_eq!(dates.len(), 36, "one visit a date");
    // A month apart, give or take the two days a move off a weekend makes.
    for pair in dates.windows(2) {
        let gap = (pair[1].as_naive() - pair[0].as_naive()).num_days();
        assert!((26..=33).contains(&gap), "{pair:?}: {gap} days apart");
    }
}

#[test]
fn a_changed_prescription_cuts_the_period_in_progress_and_prorates_it() {
    let (manual, program) = (manual(), program());
    let relationship = &program.relationships[0];
    let plan = relationship.plan(&manual, &program, months_after(relationship.start, 12));
    let remote: Vec<_> = plan
        .periods
        .iter()
        .filter(|p| p.channel == Channel::Remote)
        .collect();
    // Weekly calls while intensive: 13 whole weeks from January 1 to April 1 2016.
    let weekly: Vec<_> = remote.iter().filter(|p| p.per == Per::Week).collect();
    assert_eq!(weekly.len(), 13);
    assert!(weekly.iter().all(|p| !p.cut && p.min_contacts == 1));
    // Monthly calls from April 1 until the step down on May 16: April whole, May cut at 15 of
    // 31 days (1 x 15/31 rounds half up to 0; the offer of 2 rounds up to 1).
    let monthly: Vec<_> = remote.iter().filter(|p| p.per == Per::Month).collect();
    assert_eq!(monthly.len(), 2);
    assert_eq!(
        (monthly[0].from, monthly[0].until),
        (date("2016-04-01"), date("2016-05-01"))
    );
    assert!(!monthly[0].cut);
    assert_eq!(
        (monthly[1].from, monthly[1].until),
        (date("2016-05-01"), date("2016-05-16"))
    );
    assert!(monthly[1].cut);
    assert_eq!((monthly[1].min_contacts, monthly[1].max_contacts), (0, 1));
    // Quarterly calls from the step down on.
    assert_eq!(
        remote
            .iter()
            .find(|p| p.per == Per::Quarter)
            .map(|p| p.from),
        Some(date("2016-05-16"))
    );
    // No two periods of a channel overlap.
    for channel in Channel::ALL {
        let mine: Vec<_> = plan
            .periods
            .iter()
            .filter(|p| p.channel == channel)
            .collect();
        for pair in mine.windows(2) {
            assert!(pair[0].until <= pair[1].from, "{pair:#?}");
        }
    }
}

#[test]
fn counts_per_phase_and_per_relationship_are_planned_once() {
    let program = program();
    let relationship = &program.relationships[0];
    for (per, expected) in [(Per::Phase, 2 * 3), (Per::Relationship, 2)] {
        let mut manual = manual();
        for level in &mut manual.intensity_levels {
            let visits = &mut level.prescriptions[0];
            visits.min_contacts = practice_coaching::ContactCount::new(2).expect("bounded");
            visits.max_contacts = visits.min_contacts;
            visits.per = per;
        }
        let plan = relationship.plan(&manual, &program, None);
        // Per phase: two in each of the three phases, although the level changes within
        // implementation (the same two visits run on); per relationship: two in all.
        assert_eq!(visits(&plan), expected, "{per:?}: {:#?}", plan.periods);
    }
}

#[test]
fn a_longer_horizon_only_adds_periods_and_events() {
    let (manual, program) = (manual(), program());
    let relationship = &program.relationships[0];
    let short = relationship.plan(&manual, &program, months_after(relationship.start, 10));
    let long = relationship.plan(&manual, &program, months_after(relationship.start, 20));
    assert!(short.periods.iter().all(|p| long.periods.contains(p)));
    assert!(short.events.iter().all(|e| long.events.contains(e)));
}

#[test]
fn activities_around_visits_follow_the_team_and_milestones_their_anchor() {
    let (manual, program) = (manual(), program());
    let relationship = &program.relationships[0];
    let plan = relationship.plan(&manual, &program, months_after(relationship.start, 18));
    // The joint-only debrief follows visits from July 2016, when the team took over.
    let debriefs: Vec<Date> = plan
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Activity(key("debrief")))
        .map(|e| e.date)
        .collect();
    assert_eq!(debriefs.len(), 12, "{debriefs:?}");
    assert!(debriefs.iter().all(|d| *d >= date("2016-07-01")));
    // The interview milestone at months 6 and 12, each with the activity held at it; Sunday
    // 2017-01-01 moves to the Monday.
    let interviews: Vec<Date> = plan
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Milestone(key("interview")))
        .map(|e| e.date)
        .collect();
    assert_eq!(interviews, [date("2016-07-01"), date("2017-01-02")]);
    assert_eq!(
        count(&plan, |k| *k == EventKind::Activity(key("site-interview"))),
        2
    );
    // Dated learning sessions inside the plan only; the weekly coaches' meeting.
    assert_eq!(count(&plan, |k| *k == EventKind::LearningSession), 3);
    let meeting = plan
        .activities
        .iter()
        .find(|a| a.key == key("coaches-meeting"));
    assert_eq!(
        meeting.map(|m| m.dates.len()),
        Some(79),
        "weeks from 2016-01-01 to 2017-07-01"
    );
}

#[test]
fn a_section_the_manual_leaves_out_plans_nothing() {
    let program = program();
    let relationship = &program.relationships[0];
    let mut manual = manual();
    manual.collaborative = None;
    manual.activities.clear();
    manual.milestones.clear();
    manual.team = None;
    let plan = relationship.plan(&manual, &program, months_after(relationship.start, 18));
    assert!(plan.activities.is_empty());
    assert!(
        plan.events.iter().all(|e| matches!(
            e.kind,
            EventKind::Visit { .. } | EventKind::RemoteContact { .. }
        )),
        "only contacts"
    );
}

#[test]
fn the_plan_projects_remaining_phases_to_the_default_horizon() {
    let (manual, program) = (manual(), program());
    let relationship = &program.relationships[0];
    let plan = relationship.plan(&manual, &program, None);
    let (projected, default_end) = relationship.projected(&manual);
    assert_eq!(Some(plan.until), default_end);
    // Implementation runs its maximum of 12 months from April 2016, then sustainment 21.
    assert_eq!(plan.until, date("2019-01-01"));
    assert_eq!(
        projected.phases.last().map(|t| t.phase.as_str()),
        Some("sustainment")
    );
    assert!(plan.segments.last().is_some_and(|s| s.projected));
}

#[test]
fn titration_applies_the_first_matching_rule_with_its_evidence() {
    let manual = manual();
    let outcome = manual.titrate(&key("intensive"), &Trigger::Disruption, None);
    assert_eq!(
        outcome.rule.map(|r| r.key.as_str()),
        Some("review-on-disruption")
    );
    assert_eq!(outcome.to, key("intensive"), "review changes no dose");
    assert!(outcome.explanation.ends_with("[design]"), "{outcome}");
    let less = Trigger::CoachJudgment {
        direction: Direction::Less,
    };
    let stepped = manual.titrate(&key("intensive"), &less, None);
    assert_eq!(stepped.to, key("standard"));
    assert_eq!(
        manual.titrate(&key("light"), &less, None).to,
        key("light"),
        "the end holds"
    );
    let soon = Some(Weeks::new(2).expect("bounded"));
    let deferred = manual.titrate(&key("intensive"), &less, soon);
    assert!(
        deferred.deferred && deferred.to == key("intensive"),
        "{deferred}"
    );
    let more = Trigger::ParticipantPreference {
        direction: Direction::More,
    };
    let urgent = manual.titrate(&key("light"), &more, soon);
    assert!(
        !urgent.deferred && urgent.to == key("standard"),
        "the rule overrides the interval"
    );
}

#[test]
fn weeks_events_fire_once_the_rule_weeks_are_reached() {
    let manual = manual();
    let shortfall = |weeks: u16| Trigger::DeliveredBelowMinimum {
        weeks: Weeks::new(weeks).expect("bounded"),
    };
    assert!(
        manual
            .titrate(&key("standard"), &shortfall(7), None)
            .rule
            .is_none()
    );
    let fired = manual.titrate(&key("standard"), &shortfall(9), None);
    assert_eq!(
        fired.rule.map(|r| r.key.as_str()),
        Some("review-on-shortfall")
    );
}

#[test]
fn planning_the_whole_program_equals_planning_each_relationship() {
    let (manual, program) = (manual(), program());
    let each: Vec<_> = program
        .relationships
        .iter()
        .map(|r| r.plan(&manual, &program, None))
        .collect();
    assert_eq!(program.plans(&manual, None), each);
}

// ---- planning any site ------------------------------------------------------------------------

const RIVERSIDE: &str = "11110000-0000-0000-0000-00000000000a";
/// The site without a relationship.
const HILLSIDE: &str = "11110000-0000-0000-0000-00000000000b";
const WORKING_DAYS: PlanOptions = PlanOptions { weekends: false };

fn id(text: &str) -> EntityId {
    EntityId::new(text).expect("an id")
}

/// A site of the timeline program planned on working days, from `from` if given.
fn plan_site(
    manual: &Manual,
    program: &Program,
    site: &str,
    from: Option<&str>,
    horizon: Horizon,
) -> Result<Plan, PlanError> {
    program.plan_site(manual, id(site), from.map(date), horizon, WORKING_DAYS)
}

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
                .plan_site(
                    manual,
                    site.id,
                    Some(from),
                    Horizon::Months(12),
                    WORKING_DAYS,
                )
                .unwrap_or_else(|e| panic!("{name}, {}: {e}", site.name));
            assert_eq!((plan.site, plan.from), (site.id, from));
            assert!(!plan.segments.is_empty(), "{name}, {}", site.name);
            let whole = program.plan_site(manual, site.id, None, Horizon::Natural, WORKING_DAYS);
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
    let plan = plan_site(
        &manual,
        &program,
        HILLSIDE,
        Some("2016-03-01"),
        Horizon::Natural,
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
    let whole = program.relationships[0].plan(&manual, &program, None);
    let from = date("2016-05-20");
    let later = plan_site(
        &manual,
        &program,
        RIVERSIDE,
        Some("2016-05-20"),
        Horizon::Natural,
    )
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
    let year = plan_site(
        &manual,
        &program,
        RIVERSIDE,
        Some("2016-05-20"),
        Horizon::Months(12),
    );
    assert_eq!(year.map(|p| p.until), Ok(date("2017-05-20")));
    let early = plan_site(
        &manual,
        &program,
        RIVERSIDE,
        Some("2015-01-01"),
        Horizon::Natural,
    );
    assert_eq!(early, Ok(whole));
}

#[test]
fn planning_refuses_unknown_sites_and_days_past_coaching() {
    let (manual, program) = (manual(), program());
    let nobody = "00000000-0000-4000-8000-000000000000";
    assert_eq!(
        plan_site(&manual, &program, nobody, None, Horizon::Natural),
        Err(PlanError::UnknownSite(id(nobody)))
    );
    let past = plan_site(
        &manual,
        &program,
        RIVERSIDE,
        Some("2020-01-01"),
        Horizon::Natural,
    );
    assert!(
        matches!(past, Err(PlanError::NothingToPlan { .. })),
        "{past:?}"
    );
    let far = plan_site(
        &manual,
        &program,
        RIVERSIDE,
        Some("9999-01-01"),
        Horizon::Months(12),
    );
    assert!(
        matches!(far, Err(PlanError::PastLastDate { months: 12, .. })),
        "{far:?}"
    );
}

#[test]
fn a_plan_longer_than_the_cap_is_refused_naming_it() {
    let (mut manual, program) = (manual(), program());
    let months = |n| plan_site(&manual, &program, RIVERSIDE, None, Horizon::Months(n));
    assert!(months(MAX_PLAN_MONTHS).is_ok());
    let over = months(MAX_PLAN_MONTHS + 1).expect_err("over the cap");
    assert!(matches!(over, PlanError::TooLong { .. }), "{over:?}");
    assert!(over.to_string().contains("240 months"), "{over}");
    // The default horizon too: phases of ten years each run 30 years.
    let decade = Length::Months(Months::new(120).expect("bounded"));
    for phase in &mut manual.phases {
        phase.length.min = decade;
        phase.length.max = Some(decade);
    }
    let projected = plan_site(
        &manual,
        &program,
        HILLSIDE,
        Some("2016-01-01"),
        Horizon::Natural,
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
            prescription.per = Per::Week;
        }
    }
    let horizon = Horizon::Months(MAX_PLAN_MONTHS);
    let error = plan_site(&manual, &program, RIVERSIDE, None, horizon).expect_err("over the cap");
    assert!(
        matches!(error, PlanError::TooManyEvents { .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().contains(&MAX_PLAN_EVENTS.to_string()),
        "{error}"
    );
}

#[test]
fn remote_contacts_are_planned_as_events_with_the_activities_around_them() {
    let program = reference::evidencenow_sample_program();
    let manual = reference::evidencenow();
    let relationship = &program.relationships[0];
    let plan = relationship.plan(manual, program, None);
    let remote = count(&plan, |k| matches!(k, EventKind::RemoteContact { .. }));
    let prescribed: u64 = plan
        .periods
        .iter()
        .filter(|p| p.channel == Channel::Remote)
        .map(|p| u64::from(p.min_contacts))
        .sum();
    assert!(remote > 0, "remote contacts are planned");
    assert_eq!(u64::try_from(remote).ok(), Some(prescribed));
    for event in &plan.events {
        let contact = matches!(
            event.kind,
            EventKind::Visit { .. } | EventKind::RemoteContact { .. }
        );
        if contact {
            assert_eq!(
                event.channel,
                Some(match event.kind {
                    EventKind::Visit { .. } => Channel::InPerson,
                    _ => Channel::Remote,
                })
            );
        }
        // Placed as visits are: on a working day.
        if matches!(event.kind, EventKind::RemoteContact { .. }) {
            use chrono::Datelike;
            assert!(event.date.as_naive().weekday().number_from_monday() <= 5);
        }
    }
    // Each remote contact has the activities the manual holds around any contact.
    let around_remote = plan
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Activity(_)) && e.channel == Some(Channel::Remote))
        .count();
    assert_eq!(around_remote, remote);
    // In the calendar, each once: every UID distinct.
    let text = plan.to_icalendar(
        manual,
        program,
        "plan",
        chrono::DateTime::from_timestamp(1_767_225_600, 0).expect("a time"),
    );
    // Unfolded (RFC 5545 folds lines at 75 octets).
    let text = text.replace("\r\n ", "");
    let mut uids: Vec<&str> = text.lines().filter(|l| l.starts_with("UID:")).collect();
    let all = uids.len();
    uids.sort_unstable();
    uids.dedup();
    assert_eq!(uids.len(), all);
    assert!(text.contains("Remote coaching contact"));
}

#[test]
fn a_milestone_due_as_coaching_ends_is_held_on_its_last_working_day() {
    let mut program = program();
    let manual = manual();
    // Twelve months to the day: the second interview, at 12 months, falls on the (exclusive)
    // end. 2016-12-31 is a Saturday, so it is held on Friday 30 December.
    program.relationships[0].end = Some(practice_coaching::program::RelationshipEnd {
        date: date("2016-12-31"),
        hand_off: "The site carries on alone.".into(),
    });
    let relationship = &program.relationships[0];
    let plan = relationship.plan(&manual, &program, None);
    let interviews: Vec<_> = plan
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Milestone(key("interview")))
        .collect();
    assert_eq!(interviews.len(), 2, "{interviews:#?}");
    let last = interviews[1];
    assert_eq!(last.date, date("2016-12-30"));
    assert_eq!(last.period, date("2017-01-01"), "the day it was due");
    assert!(last.at_end && !interviews[0].at_end);
    assert!(last.title(&manual).contains("held on its last working day"));
    // The activity held at it comes along.
    let at = plan
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Activity(key("site-interview")))
        .count();
    assert_eq!(at, 2);
    // One day longer and it is an ordinary milestone again.
    let mut program = program.clone();
    program.relationships[0].end = Some(practice_coaching::program::RelationshipEnd {
        date: date("2017-01-01"),
        hand_off: "The site carries on alone.".into(),
    });
    let plan = program.relationships[0].plan(&manual, &program, None);
    assert!(plan.events.iter().all(|e| !e.at_end));
}

#[test]
fn the_plan_calls_recorded_only_what_the_record_holds() {
    let mut program = program();
    let manual = manual();
    // Implementation entered 2016-04-01 lasts at most 12 months, so the planner would start
    // sustainment on 2017-04-01; a decision recorded on 2017-06-01 keeps the site in
    // implementation until then, as fidelity and progress read the record.
    let mut decision = program.relationships[0].titration[0].clone();
    decision.date = date("2017-06-01");
    decision.level = key("standard");
    program.relationships[0].titration.push(decision);
    let relationship = &program.relationships[0];
    assert_eq!(relationship.recorded_until(), Some(date("2017-06-01")));
    let plan = relationship.plan(&manual, &program, None);
    let recorded = relationship.periods_as_recorded(&manual, date("2017-06-02"));
    let mut day = relationship.start;
    while day <= date("2017-06-01") {
        let segment = plan
            .segments
            .iter()
            .find(|s| s.from <= day && day < s.until)
            .expect("a segment");
        let on_record = relationship.prescribed_on(&manual, day).expect("in force");
        assert_eq!(segment.phase, on_record.phase.key, "{day}");
        assert_eq!(segment.level, on_record.level.key, "{day}");
        assert!(!segment.projected, "{day} is recorded");
        let period = recorded
            .iter()
            .find(|p| p.from <= day && day < p.until)
            .expect("a recorded period");
        let planned = plan
            .periods
            .iter()
            .find(|p| p.channel == period.channel && p.from <= day && day < p.until)
            .expect("a planned period");
        assert_eq!(planned.phase, period.phase, "{day}");
        day = day
            .as_naive()
            .succ_opt()
            .and_then(|d| Date::from_naive(d).ok())
            .expect("a day");
    }
    // After the record, the remaining phases are projected from the day after it.
    let after = plan
        .segments
        .iter()
        .find(|s| s.phase == key("sustainment"))
        .expect("sustainment is projected");
    assert!(after.projected);
    assert_eq!(after.from, date("2017-06-02"));
}

#[test]
fn a_weekly_review_runs_from_a_phase_entry_to_the_end_or_a_named_phase_end() {
    use practice_coaching::manual::{Cadence, Frequency, Period, Scope, SeriesStart};
    let program = program();
    let mut manual = manual();
    let mut review = manual.activities[0].clone();
    review.key = key("case-review");
    review.cadence = Cadence::Every {
        frequency: Frequency {
            count: practice_coaching::TimesPerPeriod::new(1).expect("bounded"),
            per: Period::Week,
        },
        scope: Scope::Site,
        starts: Some(SeriesStart::PhaseEntry(key("implementation"))),
        until_end_of: None,
    };
    manual.activities.push(review.clone());
    assert!(manual.validate().is_empty(), "{:#?}", manual.validate());
    let relationship = &program.relationships[0];
    let series = |plan: &Plan| {
        plan.activities
            .iter()
            .find(|a| a.key == key("case-review"))
            .map(|a| a.dates.iter().map(|o| o.date).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    // From the entry into implementation (2016-04-01) to the relationship's projected end.
    let plan = relationship.plan(&manual, &program, None);
    let dates = series(&plan);
    assert_eq!(dates.first(), Some(&date("2016-04-01")));
    assert!(dates.iter().all(|d| *d < plan.until));
    let (from, until) = relationship
        .series_span(&manual, &review.cadence)
        .expect("the phase is entered");
    assert_eq!((from, until), (date("2016-04-01"), None));
    // Each week once: no two occurrences on one day, none before the phase.
    let mut sorted = dates.clone();
    sorted.dedup();
    assert_eq!(sorted.len(), dates.len());
    // Stopped at the end of implementation: nothing from the projected sustainment on.
    let stop = manual.activities.len() - 1;
    if let Cadence::Every { until_end_of, .. } = &mut manual.activities[stop].cadence {
        *until_end_of = Some(key("implementation"));
    }
    let (projected, _) = relationship.projected(&manual);
    let sustainment = projected
        .phases
        .iter()
        .find(|t| t.phase == key("sustainment"))
        .map(|t| t.date)
        .expect("sustainment is projected");
    let stopped = series(&relationship.plan(&manual, &program, None));
    assert!(!stopped.is_empty() && stopped.len() < dates.len());
    assert!(stopped.iter().all(|d| *d < sustainment), "{stopped:?}");
    // A phase never entered starts nothing.
    if let Cadence::Every { starts, .. } = &mut manual.activities[stop].cadence {
        *starts = Some(SeriesStart::PhaseEntry(key("sustainment")));
    }
    assert!(
        relationship
            .series_span(&manual, &manual.activities[stop].cadence)
            .is_none()
    );
}
