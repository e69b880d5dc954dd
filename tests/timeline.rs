//! Coaching over time: the prescription on a date, titration of events, schedule expansion
//! and its iCalendar export.

mod common;

use common::program_gen::arb_program_with_relationships;
use practice_coaching::manual::Trigger;
use practice_coaching::manual::{Cadence, Channel, Direction, Frequency, Period};
use practice_coaching::reference::{bhicci_late, sample_program};
use practice_coaching::timeline::EventKind;
use practice_coaching::{Date, Key, TimesPerPeriod, Weeks};
use proptest::prelude::*;

fn date(text: &str) -> Date {
    text.parse().expect("a date")
}

fn key(text: &str) -> Key {
    Key::new(text).expect("a key")
}

#[test]
fn the_prescription_follows_phases_and_decisions() {
    let disrupted = &sample_program().relationships[1];
    let manual = bhicci_late();
    let on = |d: &str| {
        disrupted
            .prescribed_on(date(d), manual)
            .map(|p| (p.phase.key.to_string(), p.level.key.to_string()))
    };
    assert_eq!(on("2015-08-31"), None, "before the start");
    assert_eq!(
        on("2015-09-01"),
        Some(("engagement".into(), "intensive".into()))
    );
    assert_eq!(
        on("2016-01-04"),
        Some(("implementation".into(), "standard".into()))
    );
    assert_eq!(
        on("2016-05-02"),
        Some(("implementation".into(), "intensive".into())),
        "stepped up that day"
    );
    assert_eq!(
        on("2016-08-01"),
        Some(("implementation".into(), "standard".into()))
    );
    let ended = &sample_program().relationships[0];
    assert_eq!(
        ended.prescribed_on(date("2018-09-01"), manual),
        None,
        "after the end"
    );
}

#[test]
fn titration_applies_the_first_matching_rule_with_its_evidence() {
    let manual = bhicci_late();
    let outcome = manual.titrate(&key("intensive"), &Trigger::Disruption, None);
    assert_eq!(
        outcome.rule.map(|r| r.key.as_str()),
        Some("review-on-disruption")
    );
    assert_eq!(outcome.to, key("intensive"), "review changes no dose");
    assert!(
        outcome.explanation.contains("review-on-disruption")
            && outcome.explanation.ends_with("[design]"),
        "{outcome}"
    );

    let outcome = manual.titrate(
        &key("intensive"),
        &Trigger::CoachJudgment {
            direction: Direction::Less,
        },
        None,
    );
    assert_eq!(
        (outcome.from.as_str(), outcome.to.as_str()),
        ("intensive", "standard")
    );

    let outcome = manual.titrate(
        &key("maintenance"),
        &Trigger::CoachJudgment {
            direction: Direction::Less,
        },
        None,
    );
    assert_eq!(
        outcome.to,
        key("maintenance"),
        "stepping past the end holds"
    );
    let outcome = manual.titrate(
        &key("intensive"),
        &Trigger::ParticipantPreference {
            direction: Direction::More,
        },
        None,
    );
    assert_eq!(outcome.to, key("intensive"), "stepping past the top holds");
}

#[test]
fn changes_wait_for_the_interval_unless_the_rule_overrides_it() {
    let manual = bhicci_late();
    let soon = Some(Weeks::new(2).expect("bounded"));
    let outcome = manual.titrate(
        &key("intensive"),
        &Trigger::CoachJudgment {
            direction: Direction::Less,
        },
        soon,
    );
    assert!(
        outcome.deferred && outcome.to == key("intensive"),
        "{outcome}"
    );
    let later = Some(Weeks::new(4).expect("bounded"));
    let outcome = manual.titrate(
        &key("intensive"),
        &Trigger::CoachJudgment {
            direction: Direction::Less,
        },
        later,
    );
    assert!(
        !outcome.deferred && outcome.to == key("standard"),
        "{outcome}"
    );
    let weeks = Weeks::new(12).expect("bounded");
    let outcome = manual.titrate(
        &key("intensive"),
        &Trigger::WeeksInPhase {
            phase: key("assessment"),
            weeks,
        },
        None,
    );
    assert_eq!(
        outcome.rule.map(|r| r.key.as_str()),
        Some("step-down-after-assessment-max")
    );
    let outcome = manual.titrate(
        &key("intensive"),
        &Trigger::WeeksInPhase {
            phase: key("engagement"),
            weeks,
        },
        None,
    );
    assert!(
        outcome.rule.is_none() && outcome.to == key("intensive"),
        "{outcome}"
    );
}

#[test]
fn the_plan_projects_remaining_phases_to_the_default_horizon() {
    let program = sample_program();
    let manual = bhicci_late();
    let went_back = &program.relationships[2];
    let plan = went_back.plan(manual, program, None);
    let (projected, default_end) = went_back.projected(manual);
    assert_eq!(Some(plan.until), default_end);
    assert_eq!(
        projected.phases.last().map(|t| t.phase.as_str()),
        Some("sustainment")
    );
    assert!(
        plan.segments
            .last()
            .is_some_and(|s| s.projected && s.phase.as_str() == "sustainment")
    );
    // Monthly in-person visits at every level: one planned visit per in-person period.
    let visits = plan
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Visit { .. }))
        .count() as u64;
    assert_eq!(visits, plan.min_contacts(Channel::InPerson));
    // The dyad (from July 2016) gets the per-visit meetings; the single coach before does not.
    let debriefs: Vec<_> = plan
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Meeting(key("post-visit-debrief")))
        .collect();
    assert!(!debriefs.is_empty() && debriefs.iter().all(|e| e.date >= date("2016-07-01")));
    assert!(
        plan.team_meetings
            .iter()
            .any(|m| m.key.as_str() == "coach-standardization-meeting")
    );
    assert!(
        plan.events
            .iter()
            .any(|e| e.kind == EventKind::LearningSession)
    );
    let ended = &program.relationships[0];
    assert_eq!(
        ended.plan(manual, program, None).until,
        date("2018-09-01"),
        "an ended relationship is planned to its end"
    );
}

fn stamp() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
        .expect("a time")
        .to_utc()
}

/// The events of an iCalendar text, as the `icalendar` crate's parser reads them.
fn vevents(text: &str) -> Vec<icalendar::Event> {
    let calendar: icalendar::Calendar = text.parse().expect("re-parses");
    calendar
        .components
        .into_iter()
        .filter_map(|c| match c {
            icalendar::CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect()
}

/// How many dates an event stands for: its RRULE's COUNT, else 1.
fn occurrences(event: &icalendar::Event) -> usize {
    use icalendar::Component;
    event.property_value("RRULE").map_or(1, |rule| {
        rule.split(';')
            .find_map(|part| part.strip_prefix("COUNT="))
            .and_then(|count| count.parse().ok())
            .expect("a COUNT")
    })
}

fn uids(events: &[icalendar::Event]) -> Vec<String> {
    use icalendar::Component;
    events
        .iter()
        .map(|e| e.get_uid().expect("a uid").to_owned())
        .collect()
}

#[test]
fn the_icalendar_export_re_parses_with_stable_uids() {
    use icalendar::Component;
    let program = sample_program();
    let plan = program.relationships[2].plan(bhicci_late(), program, None);
    let text = plan.to_icalendar(bhicci_late(), "Harbor Counseling Center", stamp());
    assert_eq!(
        text,
        plan.to_icalendar(bhicci_late(), "Harbor Counseling Center", stamp()),
        "reproducible"
    );
    let mut streamed = Vec::new();
    plan.write_icalendar(
        bhicci_late(),
        "Harbor Counseling Center",
        stamp(),
        &mut streamed,
    )
    .expect("writes");
    assert_eq!(streamed, text.as_bytes(), "the same text, streamed");
    let events = vevents(&text);
    let meetings: usize = plan.team_meetings.iter().map(|m| m.dates.len()).sum();
    assert_eq!(
        events.iter().map(occurrences).sum::<usize>(),
        plan.events.len() + meetings
    );
    let mut uids = uids(&events);
    uids.sort_unstable();
    uids.dedup();
    assert_eq!(uids.len(), events.len(), "uids are unique");
    assert!(events.iter().all(|e| e.get_timestamp() == Some(stamp())));
    assert!(events.iter().any(|e| {
        e.property_value("RRULE")
            .is_some_and(|r| r.starts_with("FREQ=WEEKLY"))
    }));
}

/// Text meant to break a calendar: every C0 control, DEL, NEL, the line separator, RFC 5545's
/// special characters, a forged event, and enough length to be folded mid-character.
fn hostile_text(tag: &str) -> String {
    let mut text = format!("{tag} ; , \\ \\n \\; \"quoted\": ");
    text.extend(
        (0u32..0x20)
            .chain([0x7f, 0x85, 0x2028])
            .filter_map(char::from_u32),
    );
    text.push_str(
        "\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:forged@practice-coaching\r\nSUMMARY:forged\r\n\
         END:VEVENT\nBEGIN:VEVENT\rUID:forged-too\r\n ",
    );
    text.push_str(&"\u{e9}t\u{e9} \u{1f600} ".repeat(12));
    text
}

/// What a calendar keeps of `text`: line feeds, everything but control characters, and tabs
/// as spaces.
fn kept_in_calendar(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            '\n' => Some('\n'),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

#[test]
fn document_text_cannot_break_out_of_a_calendar_property() {
    use icalendar::Component;
    let program = sample_program();
    let mut manual = bhicci_late().clone();
    for (n, meeting) in manual.logistics.meetings.iter_mut().enumerate() {
        meeting.name = hostile_text(&format!("meeting {n}"));
    }
    manual.collaborative.model = hostile_text("model");
    manual.title = hostile_text("title");
    let site_name = hostile_text("site");
    let plan = program.relationships[2].plan(&manual, program, None);
    let clean = vevents(&plan.to_icalendar(bhicci_late(), "Harbor", stamp()));
    let text = plan.to_icalendar(&manual, &site_name, stamp());

    // Lines: CRLF only, at most 75 octets, and no control character in them.
    assert!(text.ends_with("\r\n"));
    for line in text.split_terminator("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        assert!(!line.chars().any(char::is_control), "{line:?}");
    }

    let events = vevents(&text);
    assert_eq!(uids(&events), uids(&clean), "the same events, in order");
    let calendar: icalendar::Calendar = text.parse().expect("re-parses");
    assert_eq!(
        calendar.property_value("X-WR-CALNAME"),
        Some(kept_in_calendar(&site_name).as_str())
    );
    let site = plan.site;
    for event in &events {
        let uid = event.get_uid().expect("a uid");
        let summary = event.get_summary().expect("a summary");
        let expected = if let Some(planned) = plan
            .events
            .iter()
            .find(|e| format!("{}@practice-coaching", e.uid(site)) == uid)
        {
            planned.title(&manual)
        } else {
            let meeting = plan
                .team_meetings
                .iter()
                .find(|m| uid.starts_with(&format!("team-{}-{site}-", m.key)))
                .expect("a team meeting");
            meeting.name.clone()
        };
        assert_eq!(summary, kept_in_calendar(&expected), "{uid}");
    }
    assert!(
        events
            .iter()
            .any(|e| e.get_summary().is_some_and(|s| s.contains("model"))),
        "learning sessions carry the model"
    );
}

fn any_period() -> impl Strategy<Value = Period> {
    prop::sample::select(vec![
        Period::Week,
        Period::Month,
        Period::Quarter,
        Period::HalfYear,
        Period::Year,
    ])
}

/// Up to 12 times per period: more than a week has days.
fn any_frequency() -> impl Strategy<Value = Frequency> {
    (1u16..=12, any_period()).prop_map(|(count, per)| Frequency {
        count: TimesPerPeriod::new(count).expect("bounded"),
        per,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Every planned date is an event of the calendar (a series counts its COUNT), under a UID
    /// of its own, also where meetings and learning sessions come more often than days.
    #[test]
    fn every_planned_date_is_a_calendar_event_with_a_unique_uid(
        program in arb_program_with_relationships(),
        sessions in any_frequency(),
        meetings in prop::collection::vec(any_frequency(), 1..4),
        months in 1u32..=24,
    ) {
        let mut manual = bhicci_late().clone();
        manual.collaborative.learning_sessions = sessions;
        let team = manual.logistics.meetings.iter_mut().filter(|m| matches!(m.cadence, Cadence::PerPeriod(_)));
        for (meeting, every) in team.zip(meetings.iter().cycle()) {
            meeting.cadence = Cadence::PerPeriod(*every);
        }
        for relationship in program.relationships.iter().take(3) {
            let until = relationship.start.as_naive().checked_add_months(chrono::Months::new(months)).and_then(|d| Date::from_naive(d).ok());
            let plan = relationship.plan(&manual, &program, until);
            let events = vevents(&plan.to_icalendar(&manual, "plan", stamp()));
            let dates: usize = plan.team_meetings.iter().map(|m| m.dates.len()).sum();
            prop_assert_eq!(events.iter().map(occurrences).sum::<usize>(), plan.events.len() + dates);
            let mut uids = uids(&events);
            uids.sort_unstable();
            let count = uids.len();
            uids.dedup();
            prop_assert_eq!(uids.len(), count, "unique UIDs");
        }
    }

    #[test]
    fn generated_relationships_validate_cleanly(program in arb_program_with_relationships()) {
        let report = program.validate(bhicci_late());
        prop_assert!(!report.has_errors(), "{:#?}", report);
        prop_assert!(report.warnings().next().is_none(), "{:#?}", report);
    }

    #[test]
    fn the_prescribed_level_follows_phases_and_decisions_and_meets_the_floor(program in arb_program_with_relationships(), offset in 0u64..1500) {
        let manual = bhicci_late();
        for relationship in &program.relationships {
            let day = relationship.start.as_naive().checked_add_days(chrono::Days::new(offset)).expect("in range");
            let Ok(day) = Date::from_naive(day) else { continue };
            let prescribed = relationship.prescribed_on(day, manual);
            // Computed here from the definition: the latest transition on or before the day
            // sets the phase; the latest decision since then, else the phase's starting level,
            // sets the level.
            let ended = relationship.end.as_ref().is_some_and(|e| day > e.date);
            let transition = relationship.phases.iter().rfind(|t| t.date <= day);
            let expected = transition.filter(|_| !ended).map(|t| {
                let decision = relationship.titration.iter().rfind(|d| d.date >= t.date && d.date <= day);
                let phase = manual.phase(&t.phase).expect("a manual phase");
                decision.map_or(&phase.starting_level, |d| &d.level).clone()
            });
            prop_assert_eq!(prescribed.map(|p| p.level.key.clone()), expected);
            if let Some(prescribed) = prescribed {
                prop_assert!(manual.titration.floor.contacts.iter().all(|f| f.is_met_by(prescribed.level)));
            }
        }
    }

    #[test]
    fn a_longer_horizon_only_adds_planned_contacts(program in arb_program_with_relationships(), months in 1u32..48, more in 1u32..24) {
        let manual = bhicci_late();
        for relationship in &program.relationships {
            let until = |m: u32| relationship.start.as_naive().checked_add_months(chrono::Months::new(m)).and_then(|d| Date::from_naive(d).ok());
            let short = relationship.plan(manual, &program, until(months));
            let long = relationship.plan(manual, &program, until(months + more));
            prop_assert!(short.periods.iter().all(|p| long.periods.contains(p)));
            prop_assert!(short.events.iter().all(|e| long.events.contains(e)));
            for channel in Channel::ALL {
                prop_assert!(long.min_contacts(channel) >= short.min_contacts(channel));
            }
        }
    }
}

#[test]
fn planning_the_whole_program_equals_planning_each_relationship() {
    let program = sample_program();
    let manual = bhicci_late();
    let all = program.plans(manual, None);
    let each: Vec<_> = program
        .relationships
        .iter()
        .map(|r| r.plan(manual, program, None))
        .collect();
    assert_eq!(all, each);
}

#[test]
fn weeks_events_fire_once_the_rule_weeks_are_reached() {
    let manual = bhicci_late();
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
        Some("review-on-delivery-shortfall")
    );
}
