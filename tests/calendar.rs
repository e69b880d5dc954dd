//! The iCalendar export: it re-parses with the `icalendar` crate's parser, every planned date
//! is an event with a UID of its own, and no text from a document can break out of its
//! property.

use practice_coaching::manual::{Cadence, Frequency, Period, Scope};
use practice_coaching::{Manual, Program};

fn manual() -> Manual {
    Manual::from_json(include_bytes!("data/timeline-manual.json")).expect("parses")
}

fn program() -> Program {
    Program::from_json(include_bytes!("data/timeline-program.json")).expect("parses")
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
    let (mut manual, program) = (manual(), program());
    // A site's own weekly review beside the program's weekly meeting: only the site's is a
    // series with a recurrence rule.
    let mut review = manual.activities[1].clone();
    review.key = practice_coaching::Key::new("site-review").expect("a key");
    review.cadence = Cadence::Every {
        frequency: Frequency {
            count: practice_coaching::TimesPerPeriod::new(1).expect("bounded"),
            per: Period::Week,
        },
        scope: Scope::Site,
        starts: None,
        until_end_of: None,
    };
    manual.activities.push(review);
    let plan = program.relationships[0].plan(&manual, &program, None);
    let text = plan.to_icalendar(&manual, &program, "Riverside Clinic", stamp());
    assert_eq!(
        text,
        plan.to_icalendar(&manual, &program, "Riverside Clinic", stamp()),
        "reproducible"
    );
    let mut streamed = Vec::new();
    plan.write_icalendar(
        &manual,
        &program,
        "Riverside Clinic",
        stamp(),
        &mut streamed,
    )
    .expect("writes");
    assert_eq!(streamed, text.as_bytes(), "the same text, streamed");
    let events = vevents(&text);
    let meetings: usize = plan.activities.iter().map(|m| m.dates.len()).sum();
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

/// Each event of a calendar by UID: its date, summary and description.
fn by_uid(text: &str) -> std::collections::BTreeMap<String, (String, String, String)> {
    use icalendar::Component;
    vevents(text)
        .iter()
        .map(|e| {
            let value = |name: &str| e.property_value(name).unwrap_or_default().to_owned();
            let uid = e.get_uid().expect("a uid").to_owned();
            (
                uid,
                (value("DTSTART"), value("SUMMARY"), value("DESCRIPTION")),
            )
        })
        .collect()
}

#[test]
fn program_wide_events_share_uids_and_dates_across_sites_calendars() {
    let program = practice_coaching::reference::bhicci_sample_program();
    let manual = practice_coaching::reference::bhicci_late();
    let (a, b) = (&program.relationships[0], &program.relationships[2]);
    assert_ne!(a.start, b.start, "sites that started on different days");
    let calendar = |r: &practice_coaching::program::Relationship| {
        let plan = r.plan(manual, program, None);
        by_uid(&plan.to_icalendar(manual, program, "plan", stamp()))
    };
    let (first, second) = (calendar(a), calendar(b));
    let program_uid = format!("-program-{}-", program.calendar_id());
    let shared: Vec<&String> = first
        .keys()
        .filter(|uid| uid.contains(&program_uid))
        .filter(|uid| second.contains_key(*uid))
        .collect();
    // The weekly standardization meeting and the learning sessions both plans show.
    assert!(shared.len() > 20, "{shared:?}");
    assert!(
        shared
            .iter()
            .any(|uid| uid.starts_with("learning-session-"))
    );
    for uid in &shared {
        assert_eq!(first[*uid], second[*uid], "{uid}: the same event in both");
        assert!(!uid.contains(&a.site.to_string()) && !uid.contains(&b.site.to_string()));
    }
    // Every program-wide event on a day both plans show is in both.
    let both = |uid: &String, (date, ..): &(String, String, String)| {
        uid.contains(&program_uid) && date.as_str() >= "20160101" && date.as_str() < "20180101"
    };
    let in_first: Vec<_> = first
        .iter()
        .filter(|(u, e)| both(u, e))
        .map(|(u, _)| u)
        .collect();
    let in_second: Vec<_> = second
        .iter()
        .filter(|(u, e)| both(u, e))
        .map(|(u, _)| u)
        .collect();
    assert_eq!(in_first, in_second);
    // A site's own events are its own.
    let own = |calendar: &std::collections::BTreeMap<_, _>| -> Vec<String> {
        calendar
            .keys()
            .filter(|uid: &&String| !uid.contains(&program_uid))
            .cloned()
            .collect()
    };
    let (own_first, own_second) = (own(&first), own(&second));
    assert!(!own_first.is_empty() && !own_second.is_empty());
    assert!(own_first.iter().all(|uid| !own_second.contains(uid)));
}

#[test]
fn calendars_name_the_site_and_the_coaches() {
    let (manual, program) = (manual(), program());
    let plan = program.relationships[0].plan(&manual, &program, None);
    let text = plan.to_icalendar(&manual, &program, "Riverside Clinic", stamp());
    let events = by_uid(&text);
    let visits: Vec<_> = events
        .iter()
        .filter(|(uid, _)| uid.starts_with("visit-"))
        .map(|(_, (_, _, description))| description)
        .collect();
    assert!(visits.iter().all(|d| d.contains("site: Riverside Clinic")));
    assert!(visits.iter().any(|d| d.contains("coaches: Ada Lead\n")));
    assert!(
        visits
            .iter()
            .any(|d| d.contains("coaches: Ada Lead, Ben Specialist\n")),
        "{visits:?}"
    );
    // Ids stay in UIDs only.
    for coach in &program.coaches {
        assert!(!text.contains(&coach.id.to_string()), "{}", coach.name);
    }
    let site = plan.site.to_string();
    for line in text.split("\r\n").filter(|l| l.contains(&site)) {
        assert!(line.starts_with("UID:"), "{line}");
    }
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
    let program = program();
    let original = manual();
    let mut manual = original.clone();
    for (n, activity) in manual.activities.iter_mut().enumerate() {
        activity.name = hostile_text(&format!("activity {n}"));
    }
    for (n, milestone) in manual.milestones.iter_mut().enumerate() {
        milestone.name = hostile_text(&format!("milestone {n}"));
    }
    for (n, phase) in manual.phases.iter_mut().enumerate() {
        phase.name = hostile_text(&format!("phase {n}"));
    }
    if let Some(collaborative) = &mut manual.collaborative {
        collaborative.model = hostile_text("model");
    }
    manual.title = hostile_text("title");
    let site_name = hostile_text("site");
    let mut named = program.clone();
    named.sites[0].name = hostile_text("site name");
    for (n, coach) in named.coaches.iter_mut().enumerate() {
        coach.name = hostile_text(&format!("coach {n}"));
    }
    let plan = program.relationships[0].plan(&manual, &program, None);
    let clean = vevents(&plan.to_icalendar(&original, &program, "Riverside", stamp()));
    let text = plan.to_icalendar(&manual, &named, &site_name, stamp());
    assert!(text.contains("coach 1") && text.contains("site name"));

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
    let (site, program_id) = (plan.site, program.calendar_id());
    for event in &events {
        let uid = event.get_uid().expect("a uid");
        let summary = event.get_summary().expect("a summary");
        let expected = if let Some(planned) = plan
            .events
            .iter()
            .find(|e| format!("{}@practice-coaching", e.uid(site, program_id)) == uid)
        {
            planned.title(&manual)
        } else {
            let activity = plan
                .activities
                .iter()
                .find(|m| {
                    uid.starts_with(&format!("activity-{}-{site}-", m.key))
                        || uid.starts_with(&format!("activity-{}-program-{program_id}-", m.key))
                })
                .expect("a periodic activity");
            activity.name.clone()
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

mod common;

use common::program_gen::arb_program_with_relationships;
use practice_coaching::Date;
use practice_coaching::manual::{Collaborative, LearningSessions};
use proptest::prelude::*;

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
        count: practice_coaching::TimesPerPeriod::new(count).expect("bounded"),
        per,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Every planned date is an event of the calendar (a series counts its COUNT), under a UID
    /// of its own, also where periodic activities (the site's or the program's) and learning
    /// sessions come more often than their period has days.
    #[test]
    fn every_planned_date_is_a_calendar_event_with_a_unique_uid(
        (manual, program) in arb_program_with_relationships(),
        sessions in any_frequency(),
        every in prop::collection::vec((any_frequency(), any::<bool>()), 1..4),
        months in 1u32..=24,
    ) {
        let mut manual = manual;
        manual.collaborative = Some(Collaborative {
            model: "Learning collaborative".into(),
            learning_sessions: LearningSessions::Every(sessions),
            delegates: None,
            faculty: None,
            teams: None,
            citations: vec![practice_coaching::manual::Citation::design("a test's choice")],
        });
        let periodic = manual
            .activities
            .iter_mut()
            .filter(|a| matches!(a.cadence, Cadence::Every { .. }));
        for (activity, (frequency, shared)) in periodic.zip(every.iter().cycle()) {
            let scope = if *shared { Scope::Program } else { Scope::Site };
            let (starts, until_end_of) = match &activity.cadence {
                Cadence::Every { starts, until_end_of, .. } if !*shared => (starts.clone(), until_end_of.clone()),
                _ => (None, None),
            };
            activity.cadence = Cadence::Every { frequency: *frequency, scope, starts, until_end_of };
        }
        for relationship in program.relationships.iter().take(3) {
            let until = relationship
                .start
                .as_naive()
                .checked_add_months(chrono::Months::new(months))
                .and_then(|d| Date::from_naive(d).ok());
            let plan = relationship.plan(&manual, &program, until);
            let events = vevents(&plan.to_icalendar(&manual, &program, "plan", stamp()));
            let dates: usize = plan.activities.iter().map(|m| m.dates.len()).sum();
            prop_assert_eq!(events.iter().map(occurrences).sum::<usize>(), plan.events.len() + dates);
            let mut uids = uids(&events);
            uids.sort_unstable();
            let count = uids.len();
            uids.dedup();
            prop_assert_eq!(uids.len(), count, "unique UIDs");
            // Each event of the plan (visits, remote contacts, the activities around them,
            // milestones, learning sessions) is in the calendar exactly once, under its UID.
            for event in &plan.events {
                let uid = format!(
                    "{}@practice-coaching",
                    event.uid(plan.site, program.calendar_id())
                );
                prop_assert!(uids.binary_search(&uid).is_ok(), "{} missing", uid);
            }
        }
    }
}
