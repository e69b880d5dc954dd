//! Delivered against prescribed: periods cut as the planner cuts them, contacts counted in
//! the period of their date, nothing read dropped unsaid, shortfalls fed to the titration
//! rules, activities and meetings held against expected; properties over generated programs.

mod common;

use common::program_gen::arb_program_with_relationships;
use practice_coaching::fidelity::{Adherence, Fidelity, Scorer, SiteEvent, Window};
use practice_coaching::manual::{Channel, Trigger};
use practice_coaching::program::{
    Contact, ContactMode, DecisionMaker, Initiator, Relationship, TitrationDecision,
};
use practice_coaching::{ContactTime, Date, Key, Manual, Minutes, Program, reference};
use proptest::prelude::*;

fn date(text: &str) -> Date {
    text.parse().expect("a date")
}

fn read<T>(path: &str, parse: fn(&[u8]) -> Result<T, practice_coaching::ParseError>) -> T {
    let bytes = std::fs::read(path).expect("readable");
    parse(&bytes).expect("parses")
}

fn base_manual() -> Manual {
    read("tests/broken/manual-base.json", Manual::from_json)
}

fn base_program() -> Program {
    read("tests/broken/program-base.json", Program::from_json)
}

fn contact(start: &str, mode: ContactMode, minutes: u16, by: Initiator) -> Contact {
    Contact {
        start: ContactTime::new(start).expect("a time"),
        mode,
        minutes: Minutes::new(minutes).expect("minutes"),
        coaches: Vec::new(),
        guests: Vec::new(),
        travel_minutes: None,
        initiated_by: by,
        topics: Vec::new(),
        activities: Vec::new(),
        asked: None,
    }
}

/// Every contact the program records, with its site.
fn all_contacts(program: &Program) -> Vec<(practice_coaching::EntityId, Contact)> {
    program
        .relationships
        .iter()
        .flat_map(|r| r.contacts.iter().map(|c| (r.site, c.clone())))
        .collect()
}

#[test]
fn the_sample_programs_are_read_whole() {
    for (name, program, manual) in reference::sample_programs() {
        let fidelity = program.fidelity(manual, Window::as_of(date("2019-01-01")));
        let counted: u32 = fidelity.periods.iter().map(|p| p.contacts).sum();
        let recorded = all_contacts(program).len() as u64;
        assert_eq!(
            u64::from(counted) + fidelity.unscored.total(),
            recorded,
            "{name}: every contact counted or reported"
        );
        // Periods are read where some level prescribes a counted dose.
        let counted_dose = manual
            .intensity_levels
            .iter()
            .any(|l| !l.prescriptions.is_empty());
        assert_eq!(!fidelity.periods.is_empty(), counted_dose, "{name}");
        assert_eq!(
            fidelity.summary.sites,
            program.relationships.len(),
            "{name}"
        );
        // Every relationship of these programs has ended by 2019: no period in progress.
        if name != "evidencenow-sample-program" {
            assert!(
                fidelity
                    .periods
                    .iter()
                    .all(|p| p.adherence != Adherence::InProgress),
                "{name}"
            );
        }
    }
}

#[test]
fn a_period_in_progress_is_shown_whole_and_not_judged() {
    let program = reference::bhicci_sample_program();
    let manual = reference::bhicci_late();
    let fidelity = program.fidelity(manual, Window::as_of(date("2016-01-15")));
    let site = program.relationships[0].site;
    let current: Vec<_> = fidelity
        .periods
        .iter()
        .filter(|p| p.site == site && p.from <= date("2016-01-15") && date("2016-01-15") < p.until)
        .collect();
    assert!(!current.is_empty());
    for period in current {
        assert_eq!(period.adherence, Adherence::InProgress);
        assert!(!period.cut, "{period:?}");
    }
    // Nothing starting on or after the day read.
    assert!(fidelity.periods.iter().all(|p| p.from < date("2016-01-15")));
}

#[test]
fn contacts_the_site_asks_for_are_never_over_delivery() {
    let manual = base_manual();
    let mut program = base_program();
    let relationship = &mut program.relationships[0];
    relationship.contacts.clear();
    // Main Street in January 2021 (onboarding, `intensive`): twelve remote calls the site
    // asked for, more than any maximum.
    for day in 4..16 {
        let start = format!("2021-01-{day:02}T10:00:00-05:00");
        relationship
            .contacts
            .push(contact(&start, ContactMode::Phone, 30, Initiator::Site));
    }
    let fidelity = program.fidelity(&manual, Window::as_of(date("2021-03-01")));
    let january = fidelity
        .periods
        .iter()
        .find(|p| p.channel == Channel::Remote && p.from == date("2021-01-04"))
        .expect("a remote period from the start");
    assert_eq!(january.contacts, 12);
    assert_eq!(january.site_initiated, 12);
    assert!(u32::from(january.max_contacts) < 12, "{january:?}");
    assert_eq!(january.adherence, Adherence::Met);

    // The same calls made on the coach's initiative are over-delivery.
    for c in &mut program.relationships[0].contacts {
        c.initiated_by = Initiator::Coach;
    }
    let fidelity = program.fidelity(&manual, Window::as_of(date("2021-03-01")));
    let january = fidelity
        .periods
        .iter()
        .find(|p| p.channel == Channel::Remote && p.from == date("2021-01-04"))
        .expect("a remote period from the start");
    assert_eq!(january.adherence, Adherence::Above);
}

#[test]
fn contacts_no_period_counts_are_reported_by_reason() {
    let manual = base_manual();
    let program = base_program();
    let stranger = program.sites[1].id; // Westside Clinic has no relationship.
    let elm = program.relationships[1].site; // ended 2022-07-29
    let mut scorer = Scorer::new(
        &manual,
        &program,
        Window {
            from: Some(date("2021-02-01")),
            until: Some(date("2022-01-01")),
            as_of: date("2022-12-01"),
        },
    );
    let before = scorer_total(&program, &manual);
    scorer.add_contact(
        stranger,
        &contact(
            "2021-06-01T09:00:00-05:00",
            ContactMode::InPerson,
            60,
            Initiator::Coach,
        ),
    );
    scorer.add_contact(
        elm,
        &contact(
            "2022-09-01T09:00:00-05:00",
            ContactMode::InPerson,
            60,
            Initiator::Coach,
        ),
    );
    scorer.add_contact(
        elm,
        &contact(
            "2022-06-01T09:00:00-05:00",
            ContactMode::InPerson,
            60,
            Initiator::Coach,
        ),
    );
    let fidelity = scorer.finish();
    assert_eq!(fidelity.unscored.no_relationship, 1);
    assert_eq!(
        fidelity.unscored.outside_relationship,
        1 + before.outside_relationship
    );
    assert_eq!(fidelity.unscored.outside_window, 1 + before.outside_window);
}

fn scorer_total(program: &Program, manual: &Manual) -> practice_coaching::fidelity::Unscored {
    program
        .fidelity(
            manual,
            Window {
                from: Some(date("2021-02-01")),
                until: Some(date("2022-01-01")),
                as_of: date("2022-12-01"),
            },
        )
        .unscored
}

#[test]
fn a_shortfall_as_long_as_a_rule_asks_fires_it() {
    // The base manual holds a site whose delivery stayed below the minimum for eight weeks;
    // Lakeview logs two contacts in months of redesign at `intensive`.
    let manual = base_manual();
    let program = base_program();
    let lakeview = &program.relationships[2];
    let fidelity = program.fidelity(&manual, Window::as_of(date("2022-07-31")));
    let short: Vec<_> = fidelity
        .shortfalls
        .iter()
        .filter(|s| s.site == lakeview.site && s.ongoing)
        .collect();
    assert!(short.iter().any(|s| s.weeks.get() >= 8), "{short:?}");
    let due = lakeview
        .recommend(&manual, date("2022-07-31"))
        .expect("the shortfall fires a rule");
    assert_eq!(due.rule.map(|r| r.key.as_str()), Some("slow-uptake-hold"));
    assert!(
        due.explanation.contains("below the minimum"),
        "{}",
        due.explanation
    );

    // A decision under the rule answers it: it does not fire again for the same shortfall.
    let mut decided = lakeview.clone();
    decided
        .titration
        .push(practice_coaching::program::TitrationDecision {
            date: date("2022-07-31"),
            level: Key::new("intensive").expect("a key"),
            rule: Some(Key::new("slow-uptake-hold").expect("a key")),
            reason: Some("Visits missed while the practice moved offices.".to_owned()),
            decided_by: practice_coaching::program::DecisionMaker::Coach,
        });
    let later = decided.recommend(&manual, date("2022-08-01"));
    assert_ne!(
        later.and_then(|t| t.rule).map(|r| r.key.as_str()),
        Some("slow-uptake-hold")
    );
}

#[test]
fn no_shortfall_rule_fires_where_the_manual_has_none() {
    // The base manual without its rule on delivery below the minimum: Lakeview, short for
    // months, is never told to change its dose for that.
    let mut manual = base_manual();
    let titration = manual.titration.as_mut().expect("titration");
    titration
        .rules
        .retain(|r| !matches!(r.trigger, Trigger::DeliveredBelowMinimum { .. }));
    let program = base_program();
    let lakeview = &program.relationships[2];
    let fidelity = program.fidelity(&manual, Window::as_of(date("2022-07-31")));
    assert!(
        fidelity
            .shortfalls
            .iter()
            .any(|s| s.site == lakeview.site && s.weeks.get() >= 8)
    );
    for day in ["2022-03-01", "2022-05-01", "2022-07-31"] {
        let due = lakeview.recommend(&manual, date(day));
        assert!(
            !due.as_ref()
                .and_then(|t| t.rule)
                .is_some_and(|r| matches!(r.trigger, Trigger::DeliveredBelowMinimum { .. })),
            "{due:?}"
        );
    }
}

#[test]
fn events_the_record_does_not_hold_fire_their_rules() {
    let manual = reference::evidencenow();
    let program = reference::evidencenow_sample_program();
    let relationship = &program.relationships[0];
    let disruption = SiteEvent::on(date("2016-05-02"), Trigger::Disruption);
    let due = relationship
        .recommend_with(
            manual,
            date("2016-05-03"),
            std::slice::from_ref(&disruption),
        )
        .expect("the disruption rule fires");
    assert_eq!(due.rule.map(|r| r.key.as_str()), Some("disruption-hold"));
    // An event after the day read has not happened yet.
    assert!(
        relationship
            .recommend_with(manual, date("2016-05-01"), &[disruption])
            .and_then(|t| t.rule)
            .is_none_or(|r| r.key.as_str() != "disruption-hold")
    );
}

#[test]
fn debriefs_after_joint_visits_are_counted_against_joint_visits() {
    let manual = reference::bhicci_late();
    let program = reference::bhicci_sample_program();
    let fidelity = program.fidelity(manual, Window::as_of(date("2018-09-01")));
    let joint_visits = program
        .relationships
        .iter()
        .flat_map(|r| &r.contacts)
        .filter(|c| c.mode == ContactMode::InPerson && c.is_joint())
        .count();
    let debriefs: Vec<_> = fidelity
        .activities
        .iter()
        .filter(|a| a.activity.as_str() == "post-visit-debrief")
        .collect();
    assert_eq!(debriefs.len(), program.relationships.len());
    assert_eq!(
        debriefs.iter().map(|a| a.expected as usize).sum::<usize>(),
        joint_visits
    );
    // The sample program does not record the weekly standardization meeting: not recorded is
    // not "not held", so it is expected nowhere.
    assert!(
        program
            .recorded_activities
            .as_ref()
            .is_some_and(|keys| keys.iter().all(|k| k.as_str() != "standardization-meeting"))
    );
    assert!(
        fidelity
            .activities
            .iter()
            .all(|a| a.activity.as_str() != "standardization-meeting")
    );
    // A program that records every activity: the meeting is program-wide, expected every week.
    let mut program = program.clone();
    program.recorded_activities = None;
    let program = &program;
    let fidelity = program.fidelity(manual, Window::as_of(date("2018-09-01")));
    let meeting = fidelity
        .activities
        .iter()
        .find(|a| a.activity.as_str() == "standardization-meeting")
        .expect("a program-wide meeting");
    assert_eq!(meeting.site, None);
    assert!(meeting.expected >= 150, "{meeting:?}");
    assert_eq!(meeting.held, 0, "no meeting is logged in the program");
    let mut scorer = Scorer::new(manual, program, Window::as_of(date("2018-09-01")));
    scorer.add_meeting(date("2016-01-06"), &meeting.activity);
    let held = scorer
        .finish()
        .activities
        .into_iter()
        .find(|a| a.activity == meeting.activity)
        .expect("the meeting");
    assert_eq!(held.held, 1);
}

#[test]
fn the_summary_sets_figures_beside_the_manuals_comparisons() {
    let manual = reference::evidencenow();
    let program = reference::evidencenow_sample_program();
    let fidelity = program.fidelity(manual, Window::as_of(date("2018-01-01")));
    let summary = &fidelity.summary;
    assert!(summary.practice_years > 4.0, "{summary:?}");
    for channel in &summary.channels {
        if let Some(q) = channel.contacts_per_site {
            assert!(q.q1 <= q.median && q.median <= q.q3);
        }
        let complete = channel.met + channel.below + channel.above;
        assert_eq!(channel.complete_periods, complete);
    }
    for comparison in &summary.comparisons {
        assert!(!comparison.evidence.is_empty(), "{comparison:?}");
    }
    // The single published value of 13 visits a practice-year is compared too, within a
    // factor of 2 unless the figure says otherwise.
    let visits = summary
        .comparisons
        .iter()
        .find(|c| c.figure.as_str() == "protocol-visits")
        .expect("the visits a year");
    assert!((visits.tolerance - 2.0).abs() < f64::EPSILON);
    assert!(visits.groups.is_empty() && visits.spread.is_none());
    let observed = visits.observed.expect("relationships ended by 2018");
    assert_eq!(
        visits.within_tolerance,
        Some((6.5..=26.0).contains(&observed)),
        "{visits:?}"
    );
}

/// A relationship that starts on the first of a month in the light level (a monthly call), with
/// no contact at all, and a step to the standard level (calls every other week) on `step`.
fn months_without_calls(step: &str) -> Program {
    let mut program = base_program();
    program.relationships.retain(|r| r.phases.len() == 2);
    let relationship = &mut program.relationships[0];
    relationship.start = date("2022-01-01");
    relationship.phases.truncate(1);
    relationship.phases[0].date = date("2022-01-01");
    relationship.met.clear();
    relationship.contacts.clear();
    relationship.titration = vec![
        TitrationDecision {
            date: date("2022-01-01"),
            level: Key::new("light").expect("a key"),
            rule: None,
            reason: Some("a light start".to_owned()),
            decided_by: DecisionMaker::Coach,
        },
        TitrationDecision {
            date: date(step),
            level: Key::new("standard").expect("a key"),
            rule: None,
            reason: Some("more calls".to_owned()),
            decided_by: DecisionMaker::Coach,
        },
    ];
    program
}

#[test]
fn a_stub_too_short_to_score_stays_out_of_adherence_and_does_not_split_a_shortfall() {
    let manual = base_manual();
    let window = Window::as_of(date("2022-05-01"));
    // Three days of January's call cut off by a step on 4 January: a minimum of 3/31 of one
    // call rounds to none.
    let fidelity = months_without_calls("2022-01-04").fidelity(&manual, window);
    let remote: Vec<_> = fidelity
        .periods
        .iter()
        .filter(|p| p.channel == Channel::Remote)
        .collect();
    let stub = remote[0];
    assert_eq!(
        (stub.from, stub.until),
        (date("2022-01-01"), date("2022-01-04"))
    );
    assert_eq!(stub.adherence, Adherence::TooShort);
    assert_eq!(stub.adherence.as_str(), "too_short");
    assert!(!stub.scored());
    let summary = fidelity
        .summary
        .channels
        .iter()
        .find(|c| c.channel == Channel::Remote)
        .expect("remote");
    assert_eq!(summary.too_short, 1);
    assert_eq!(summary.complete_periods, summary.below);
    assert_eq!(summary.adherence, Some(0.0));
    // In the middle of a run, a stub neither ends it nor starts another.
    let fidelity = months_without_calls("2022-03-03").fidelity(&manual, window);
    let runs: Vec<_> = fidelity
        .shortfalls
        .iter()
        .filter(|s| s.channel == Channel::Remote)
        .collect();
    assert_eq!(runs.len(), 1, "{runs:?}");
    assert_eq!(runs[0].from, date("2022-01-01"));
    assert!(runs[0].ongoing);
    assert!(fidelity.periods.iter().any(|p| p.channel == Channel::Remote
        && (p.from, p.until) == (date("2022-03-01"), date("2022-03-03"))
        && p.adherence == Adherence::TooShort));
}

#[test]
fn the_bhicci_samples_one_and_two_day_remote_periods_are_not_counted_as_met() {
    let program = reference::bhicci_sample_program();
    let fidelity = program.fidelity(reference::bhicci_late(), Window::as_of(date("2018-09-01")));
    let stubs: Vec<_> = fidelity
        .periods
        .iter()
        .filter(|p| p.adherence == Adherence::TooShort)
        .collect();
    assert_eq!(stubs.len(), 4);
    for stub in &stubs {
        assert!(stub.days() <= 2 && stub.contacts == 0, "{stub:?}");
    }
    let remote = &fidelity.summary.channels[1];
    assert_eq!((remote.met + remote.above, remote.too_short), (10, 4));
}

/// The program with its contacts replaced by exactly the minimum of every read period, each
/// on the period's first day, on the coach's initiative.
fn delivered_as_planned(program: &Program, fidelity: &Fidelity) -> Program {
    let mut program = program.clone();
    for relationship in &mut program.relationships {
        relationship.contacts = fidelity
            .periods
            .iter()
            .filter(|p| p.site == relationship.site)
            .flat_map(|p| {
                let mode = match p.channel {
                    Channel::InPerson => ContactMode::InPerson,
                    _ => ContactMode::Video,
                };
                let start = format!("{}T09:00:00+00:00", p.from);
                (0..p.min_contacts).map(move |_| contact(&start, mode, 60, Initiator::Coach))
            })
            .collect();
    }
    program
}

fn shuffled(relationship: &Relationship, seed: u64) -> Vec<Contact> {
    let mut contacts = relationship.contacts.clone();
    // A fixed permutation from the seed: reverse, then rotate.
    contacts.reverse();
    if !contacts.is_empty() {
        let by = usize::try_from(seed % contacts.len() as u64).expect("fits");
        contacts.rotate_left(by);
    }
    contacts
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn delivered_totals_equal_the_logs_sums(
        (manual, program) in arb_program_with_relationships(),
        months in 1u32..60,
    ) {
        prop_assume!(program.start().is_some());
        let first = program.start().expect("relationships");
        let as_of = Date::from_naive(first.as_naive() + chrono::Months::new(months)).expect("a date");
        let fidelity = program.fidelity(&manual, Window::as_of(as_of));
        // An independent count: each contact in the read period of its site, channel and date.
        let mut contacts = vec![0u32; fidelity.periods.len()];
        let mut minutes = vec![0u64; fidelity.periods.len()];
        let mut unmatched = 0u64;
        for (site, c) in all_contacts(&program) {
            let day = c.start.date();
            let found = fidelity.periods.iter().position(|p| {
                p.site == site && p.channel == c.mode.channel() && p.from <= day && day < p.until
            });
            match found {
                Some(n) => {
                    contacts[n] += 1;
                    minutes[n] += u64::from(c.minutes.get());
                }
                None => unmatched += 1,
            }
        }
        for (n, period) in fidelity.periods.iter().enumerate() {
            // Short-handed joint contacts are counted apart, not dropped.
            prop_assert_eq!(period.contacts + period.fewer_coaches, contacts[n]);
            prop_assert_eq!(period.contact_minutes, minutes[n]);
            prop_assert!(period.coach_minutes >= period.contact_minutes || period.contacts == 0
                || program.relationships.iter().flat_map(|r| &r.contacts).any(|c| c.coaches.is_empty()));
        }
        prop_assert_eq!(fidelity.unscored.total(), unmatched);
        let channel_contacts: u64 = fidelity
            .summary
            .channels
            .iter()
            .map(|c| c.contacts + c.fewer_coaches)
            .sum();
        prop_assert_eq!(channel_contacts, u64::from(contacts.iter().sum::<u32>()));
    }

    #[test]
    fn the_calendar_view_holds_every_counted_contact_in_its_own_month(
        (manual, program) in arb_program_with_relationships(),
        months in 1u32..60,
    ) {
        prop_assume!(program.start().is_some());
        let first = program.start().expect("relationships");
        let as_of = Date::from_naive(first.as_naive() + chrono::Months::new(months)).expect("a date");
        calendar_matches_the_contacts(&program, &manual, as_of);
    }

    #[test]
    fn a_log_made_from_the_plan_scores_full_adherence(
        (manual, program) in arb_program_with_relationships(),
        months in 1u32..60,
    ) {
        prop_assume!(program.start().is_some());
        let first = program.start().expect("relationships");
        let as_of = Date::from_naive(first.as_naive() + chrono::Months::new(months)).expect("a date");
        let window = Window::as_of(as_of);
        let planned = delivered_as_planned(&program, &program.fidelity(&manual, window));
        let fidelity = planned.fidelity(&manual, window);
        for period in &fidelity.periods {
            prop_assert!(
                matches!(
                    period.adherence,
                    Adherence::Met | Adherence::InProgress | Adherence::TooShort
                ),
                "{:?}", period
            );
        }
        for channel in &fidelity.summary.channels {
            prop_assert!(channel.adherence.is_none_or(|a| (a - 1.0).abs() < 1e-9), "{:?}", channel);
        }
        prop_assert!(fidelity.shortfalls.is_empty());
    }

    #[test]
    fn removing_a_contact_never_raises_adherence(
        (manual, program) in arb_program_with_relationships(),
        pick in any::<prop::sample::Index>(),
    ) {
        let as_of = date("2040-01-01");
        let before = program.fidelity(&manual, Window::as_of(as_of));
        let mut fewer = program.clone();
        let with: Vec<usize> = (0..fewer.relationships.len())
            .filter(|&n| !fewer.relationships[n].contacts.is_empty())
            .collect();
        prop_assume!(!with.is_empty());
        let relationship = &mut fewer.relationships[with[pick.index(with.len())]];
        let n = pick.index(relationship.contacts.len());
        relationship.contacts.remove(n);
        let after = fewer.fidelity(&manual, Window::as_of(as_of));
        prop_assert_eq!(before.periods.len(), after.periods.len());
        for (b, a) in before.periods.iter().zip(&after.periods) {
            prop_assert!(a.share_of_minimum() <= b.share_of_minimum());
        }
        for (b, a) in before.summary.channels.iter().zip(&after.summary.channels) {
            prop_assert!(a.adherence.unwrap_or(0.0) <= b.adherence.unwrap_or(0.0));
        }
    }

    /// A change of level a few days into the period holding the day read cuts off a stub
    /// whose prorated minimum is no contact: on that period's channel, adherence is what it was
    /// without the change (it was raised when stubs counted as met).
    #[test]
    fn adding_a_change_that_cuts_a_stub_never_raises_adherence(
        (manual, program) in arb_program_with_relationships(),
        pick in any::<prop::sample::Index>(),
        level in any::<prop::sample::Index>(),
        months in 1u32..48,
        days in 1i64..4,
    ) {
        prop_assume!(!program.relationships.is_empty());
        let relationship = &program.relationships[pick.index(program.relationships.len())];
        let as_of = Date::from_naive(relationship.start.as_naive() + chrono::Months::new(months))
            .expect("a date");
        let window = Window::as_of(as_of);
        let before = program.fidelity(&manual, window);
        // The period holding the day read, on the first channel the site has one.
        let held = before.periods.iter().find(|p| {
            p.site == relationship.site && p.from < as_of && as_of < p.until
        });
        let Some(held) = held else {
            return Ok(());
        };
        let cut_on = Date::from_naive(held.from.as_naive() + chrono::Days::new(days.unsigned_abs()))
            .expect("a date");
        prop_assume!(cut_on <= as_of && relationship.end.as_ref().is_none_or(|e| cut_on <= e.date));
        prop_assume!(relationship.recorded_until().is_none_or(|last| last < held.from));
        let new_level = &manual.intensity_levels[level.index(manual.intensity_levels.len())];
        let mut changed = program.clone();
        let record = changed
            .relationships
            .iter_mut()
            .find(|r| r.site == relationship.site)
            .expect("the relationship");
        record.titration.push(TitrationDecision {
            date: cut_on,
            level: new_level.key.clone(),
            rule: None,
            reason: Some("a change a few days into a period".to_owned()),
            decided_by: DecisionMaker::Coach,
        });
        let after = changed.fidelity(&manual, window);
        // On the channel of the period holding the day read.
        let channel = held.channel;
        let stub = after.periods.iter().any(|p| {
            p.site == relationship.site
                && p.channel == channel
                && p.until == cut_on
                && p.cut
                && p.min_contacts == 0
        });
        prop_assume!(stub);
        // The premise: nothing after the change is judged yet (a shorter period could end).
        prop_assume!(after.periods.iter().all(|p| {
            p.site != relationship.site
                || p.channel != channel
                || p.from < cut_on
                || p.adherence == Adherence::InProgress
        }));
        let of = |f: &Fidelity| {
            f.summary.channels.iter().find(|c| c.channel == channel).and_then(|c| c.adherence)
        };
        prop_assert!(
            of(&after).unwrap_or(0.0) <= of(&before).unwrap_or(0.0),
            "{:?}: {:?} after, {:?} before", channel, of(&after), of(&before)
        );
    }

    #[test]
    fn the_order_of_rows_changes_nothing(
        (manual, program) in arb_program_with_relationships(),
        seed in any::<u64>(),
    ) {
        let window = Window::as_of(date("2040-01-01"));
        let in_order = program.fidelity(&manual, window);
        // The same contacts, added as a log in another order, to a program recording none.
        let mut bare = program.clone();
        for relationship in &mut bare.relationships {
            relationship.contacts.clear();
        }
        let mut scorer = Scorer::new(&manual, &bare, window);
        for relationship in program.relationships.iter().rev() {
            for contact in shuffled(relationship, seed) {
                scorer.add_contact(relationship.site, &contact);
            }
        }
        let mut shuffled_reading = scorer.finish();
        let mut in_order = in_order;
        // Unscored contacts are listed in the order read, from where they were read: the same
        // contacts, by site, start and reason, where all are listed.
        let key = |f: &Fidelity| {
            let mut keys: Vec<_> = f
                .unscored_listed
                .iter()
                .map(|u| (u.site, u.start, u.reason))
                .collect();
            keys.sort_unstable_by_key(|(site, start, reason)| (*site, start.to_string(), reason.as_str()));
            keys
        };
        if in_order.unscored.total() <= practice_coaching::fidelity::UNSCORED_LISTED as u64 {
            prop_assert_eq!(key(&shuffled_reading), key(&in_order));
        }
        shuffled_reading.unscored_listed.clear();
        in_order.unscored_listed.clear();
        prop_assert_eq!(shuffled_reading, in_order);
    }
}

/// The calendar view of `fidelity`, checked against the program's own contacts: each contact
/// counted in a period is in the calendar month of its own date (not the month its period
/// started), and the months add up to the quarters, the years and the periods.
fn calendar_matches_the_contacts(program: &Program, manual: &Manual, as_of: Date) {
    use practice_coaching::fidelity::CalendarUnit;
    use std::collections::BTreeMap;
    let fidelity = program.fidelity(manual, Window::as_of(as_of));
    let team_sites = program.team_sites(manual);
    let mut expected: BTreeMap<(String, String, Channel), u32> = BTreeMap::new();
    for relationship in &program.relationships {
        let team_site = team_sites.contains(&relationship.site);
        for contact in &relationship.contacts {
            let day = contact.start.date();
            let channel = contact.mode.channel();
            let made = contact.coach_count();
            // A contact made by fewer coaches than a joint contact asks for is delivered time,
            // not a contact of the prescription: its period and the calendar leave it out.
            let counted = fidelity.periods.iter().any(|p| {
                p.site == relationship.site
                    && p.channel == channel
                    && p.from <= day
                    && day < p.until
                    && !manual
                        .joint_coaches(&p.level, p.channel, team_site)
                        .is_some_and(|asked| made > 0 && made < usize::from(asked))
            });
            if counted {
                let month = format!("{}-01", &day.to_string()[..7]);
                *expected
                    .entry((relationship.site.to_string(), month, channel))
                    .or_default() += 1;
            }
        }
    }
    let months: BTreeMap<(String, String, Channel), u32> = fidelity
        .calendar(CalendarUnit::Month)
        .iter()
        .map(|r| {
            (
                (r.site.to_string(), r.from.to_string(), r.channel),
                r.contacts,
            )
        })
        .collect();
    assert_eq!(months, expected);
    let periods: u32 = fidelity.periods.iter().map(|p| p.contacts).sum();
    for unit in [
        CalendarUnit::Month,
        CalendarUnit::Quarter,
        CalendarUnit::Year,
    ] {
        let rows = fidelity.calendar(unit);
        assert_eq!(
            rows.iter().map(|r| r.contacts).sum::<u32>(),
            periods,
            "{unit:?}"
        );
        for row in &rows {
            let from = row.from.to_string();
            assert!(from.ends_with("-01"), "{unit:?} {from}");
            match unit {
                CalendarUnit::Quarter => assert!(
                    ["-01-01", "-04-01", "-07-01", "-10-01"]
                        .iter()
                        .any(|q| from.ends_with(q)),
                    "{from}"
                ),
                CalendarUnit::Year => assert!(from.ends_with("-01-01"), "{from}"),
                CalendarUnit::Month => {}
            }
        }
    }
}

#[test]
fn the_calendar_view_puts_each_contact_in_its_own_month() {
    for (name, program, manual) in reference::sample_programs() {
        for as_of in ["2016-06-01", "2018-09-01"] {
            calendar_matches_the_contacts(program, manual, date(as_of));
        }
        // A manual that prescribes no dose (one the sources do not report) counts no contact
        // in a period, and so has an empty calendar.
        let fidelity = program.fidelity(manual, Window::as_of(date("2018-09-01")));
        let counted = fidelity.periods.iter().any(|p| p.contacts > 0);
        assert_eq!(
            !fidelity
                .calendar(practice_coaching::fidelity::CalendarUnit::Month)
                .is_empty(),
            counted,
            "{name}"
        );
    }
}

#[cfg(feature = "charts")]
mod charts {
    use super::*;
    use practice_coaching::fidelity::chart::{heat_map_svg, site_svg};

    #[test]
    fn a_site_chart_and_the_heat_map_are_titled_svg_with_document_text_escaped() {
        let mut program = reference::bhicci_sample_program().clone();
        program.sites[0].name = "<script>alert(1)</script> & \u{1}Clinic".to_owned();
        let manual = reference::bhicci_late();
        let fidelity = program.fidelity(manual, Window::as_of(date("2018-09-01")));
        let site = program.relationships[0].site;
        let periods = fidelity
            .sites()
            .find(|p| p[0].site == site)
            .expect("the site's periods");
        let svg = site_svg(manual, &program, periods).expect("a chart");
        if let Ok(dir) = std::env::var("CHARTS_OUT") {
            std::fs::write(format!("{dir}/site.svg"), &svg).expect("written");
        }
        assert!(svg.starts_with("<svg role=\"img\" "), "{}", &svg[..80]);
        assert!(svg.contains("<title>Delivered against prescribed: &lt;script&gt;"));
        assert!(!svg.contains("<script>"));
        assert!(!svg.contains('\u{1}'));
        let periods = fidelity.periods.iter().filter(|p| p.site == site).count();
        assert!(svg.matches("<rect").count() > periods, "a band per period");
        assert!(svg.contains("<polyline"), "the delivered line");

        let map = heat_map_svg(&fidelity, &program).expect("a heat map");
        if let Ok(dir) = std::env::var("CHARTS_OUT") {
            std::fs::write(format!("{dir}/heat.svg"), &map).expect("written");
        }
        assert!(map.contains("<title>Adherence by site and month</title>"));
        assert!(map.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!map.contains("<script>"));
        // One slice per relationship; no period, no chart.
        assert_eq!(fidelity.sites().count(), program.relationships.len());
        assert!(site_svg(manual, &program, &[]).is_none());
    }
}

#[test]
fn written_answers_are_timed_against_the_manuals_response_time() {
    // BHICCI late: a coach answers within 24 hours (a participant's report).
    let manual = reference::bhicci_late();
    let mut program = reference::bhicci_sample_program().clone();
    let relationship = &mut program.relationships[0];
    relationship.contacts.clear();
    for (asked, answered) in [
        ("2016-02-01T09:00:00-08:00", "2016-02-01T15:00:00-08:00"),
        ("2016-02-08T09:00:00-08:00", "2016-02-10T09:00:00-08:00"),
        ("2016-02-15T17:00:00-08:00", "2016-02-16T08:30:00-08:00"),
    ] {
        let mut answer = contact(answered, ContactMode::Email, 15, Initiator::Site);
        answer.asked = Some(ContactTime::new(asked).expect("a time"));
        relationship.contacts.push(answer);
    }
    let fidelity = program.fidelity(manual, Window::as_of(date("2016-06-01")));
    let responses = fidelity.summary.responses.expect("answers logged");
    assert_eq!(responses.answered, 3);
    assert_eq!(responses.target_hours, Some(24));
    assert_eq!(responses.within_target, Some(2));
    assert_eq!(responses.median_hours, Some(15.0));
    // Without the times questions were asked, nothing is claimed.
    let fidelity = reference::evidencenow_sample_program()
        .fidelity(reference::evidencenow(), Window::as_of(date("2017-06-01")));
    assert_eq!(fidelity.summary.responses, None);
}

#[cfg(feature = "cli")]
mod cli {
    use std::process::Output;

    use super::common::binary::run;

    const BHICCI: &str = "src/reference/bhicci-sample-program.json";

    fn text(bytes: &[u8]) -> String {
        String::from_utf8(bytes.to_vec()).expect("UTF-8")
    }

    #[test]
    fn every_sample_program_prints_in_every_format_within_80_columns() {
        for file in [
            BHICCI,
            "src/reference/evidencenow-sample-program.json",
            "src/reference/ahrq-2009-sample-program.json",
        ] {
            for format in ["table", "csv", "json"] {
                let out = run(&[
                    "fidelity",
                    file,
                    "--as-of",
                    "2018-09-01",
                    "--format",
                    format,
                ]);
                let stdout = text(&out.stdout);
                assert_eq!(
                    out.status.code(),
                    Some(0),
                    "{file} {format}: {}",
                    text(&out.stderr)
                );
                match format {
                    "table" => {
                        for line in stdout.lines() {
                            assert!(line.chars().count() <= 80, "{file}: {line}");
                        }
                        assert!(stdout.contains("adherence"), "{stdout}");
                    }
                    "csv" => assert!(stdout.starts_with("site_name,site_id,channel,from,until")),
                    _ => {
                        let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
                        assert!(json["periods"].as_array().is_some_and(|p| !p.is_empty()));
                        assert!(json["summary"]["channels"].is_array());
                    }
                }
            }
        }
    }

    #[test]
    fn a_log_with_bad_rows_reports_each_with_line_and_code_and_scores_the_rest() {
        let with_log = run(&[
            "fidelity",
            BHICCI,
            "--as-of",
            "2018-09-01",
            "--format",
            "json",
            "--contacts",
            "tests/data/logs/bad-rows.csv",
        ]);
        assert_eq!(
            with_log.status.code(),
            Some(1),
            "bad rows make the status 1"
        );
        let stderr = text(&with_log.stderr);
        for (line, code) in [
            (3, "log-date-invalid"),
            (5, "log-time-invalid"),
            (6, "log-offset-invalid"),
            (7, "log-site-unknown"),
            (9, "log-coach-unknown"),
            (10, "log-mode-unknown"),
            (11, "log-minutes-invalid"),
            (14, "log-cell-empty"),
            (15, "log-row-width"),
            (16, "log-cell-not-utf8"),
            (17, "log-activity-unknown"),
            (18, "log-initiator-unknown"),
        ] {
            assert!(
                stderr.lines().any(|l| l.contains(&format!("line {line},"))
                    || l.contains(&format!("line {line}:")) && l.contains(code)),
                "line {line} {code}: {stderr}"
            );
            assert!(stderr.contains(&format!("[{code}]")), "{code}: {stderr}");
        }
        let without = run(&[
            "fidelity",
            BHICCI,
            "--as-of",
            "2018-09-01",
            "--format",
            "json",
        ]);
        let count = |out: &Output| -> u64 {
            let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
            json["periods"]
                .as_array()
                .expect("periods")
                .iter()
                .map(|p| p["contacts"].as_u64().expect("a count"))
                .sum()
        };
        // The good rows of the log are counted on top of the program's own contacts.
        assert!(count(&with_log) > count(&without));
        // Where every line went, in the JSON and on standard error.
        let json: serde_json::Value = serde_json::from_slice(&with_log.stdout).expect("JSON");
        let log = &json["contact_log"];
        assert_eq!(log["file"], "tests/data/logs/bad-rows.csv");
        let field = |name: &str| log[name].as_u64().expect("a count");
        assert_eq!(
            [
                "lines",
                "header",
                "contacts",
                "activities",
                "meetings",
                "reported",
                "blank",
                "continuation"
            ]
            .map(field),
            [25, 1, 3, 1, 1, 18, 0, 1]
        );
        assert_eq!(log["complete"], true);
        assert!(
            stderr.contains(
                "note: --contacts tests/data/logs/bad-rows.csv: 25 lines: 1 header, 3 contacts, 1 activity and 1 meeting read, 18 rows reported, 0 blank and 1 continuation line"
            ),
            "{stderr}"
        );
        assert!(json.get("periods").is_some() && without_log_member(&without));
    }

    fn without_log_member(out: &Output) -> bool {
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        json.get("contact_log").is_none()
    }

    /// A log in the crate's own columns, written to a file of its own: its path.
    fn log_file(name: &str, text: &str) -> std::path::PathBuf {
        let path = std::env::temp_dir().join(format!("pc-{}-{name}", std::process::id()));
        std::fs::write(&path, text).expect("written");
        path
    }

    #[test]
    fn unscored_log_rows_are_listed_by_line_up_to_the_cap() {
        let bad = std::fs::read("tests/data/logs/bad-rows.csv").expect("the log");
        let bad = String::from_utf8_lossy(&bad);
        let mut lines = bad.lines();
        let header = lines.next().expect("a header");
        let good = lines.next().expect("a good contact");
        // The same visit read three times, each of them before the days read.
        let path = log_file("early.csv", &format!("{header}\n{good}\n{good}\n{good}\n"));
        let args = |cap: &'static str| {
            run(&[
                "fidelity",
                BHICCI,
                "--as-of",
                "2018-09-01",
                "--from",
                "2017-01-01",
                "--contacts",
                path.to_str().expect("UTF-8"),
                "--unscored-listed",
                cap,
            ])
        };
        let out = text(&args("100").stdout);
        for line in 2..=4 {
            assert!(
                out.contains(&format!("log line {line}: Northgate Family Health Cen")),
                "{out}"
            );
        }
        assert!(out.contains("outside the days read"), "{out}");
        let out = text(&args("1").stdout);
        assert!(!out.contains("log line"), "{out}");
        assert!(
            out.contains("more, counted only (--unscored-listed N lists more)"),
            "{out}"
        );
    }

    #[test]
    fn a_quote_left_open_a_repeated_row_and_a_repeated_coach_are_each_said() {
        // The log holds a byte that is not UTF-8 further down; its first two lines are text.
        let bad = std::fs::read("tests/data/logs/bad-rows.csv").expect("the log");
        let bad = String::from_utf8_lossy(&bad);
        let mut lines = bad.lines();
        let header = lines.next().expect("a header");
        let good = lines.next().expect("a good contact");
        let (rest, notes) = good.rsplit_once(',').expect("a notes column");
        let open = format!("{rest},\"hi there");
        let coaches = "2736c0ea-c489-5bd7-b2e0-6b79a305839a;f7bf1548-6b9a-5d20-b471-c062e20a8cf1";
        let twice = good.replacen(
            coaches,
            &format!("{coaches};2736c0ea-c489-5bd7-b2e0-6b79a305839a"),
            1,
        );
        assert_ne!(twice, good);
        let path = log_file(
            "open.csv",
            &format!("{header}\n{good}\n{open}\n{good}\n{twice}\n{rest},{notes} again\n"),
        );
        let out = run(&[
            "fidelity",
            BHICCI,
            "--as-of",
            "2018-09-01",
            "--contacts",
            path.to_str().expect("UTF-8"),
        ]);
        std::fs::remove_file(&path).expect("removed");
        assert_eq!(out.status.code(), Some(1));
        let stderr = text(&out.stderr);
        for expected in [
            "line 3, column `notes`: the quoted cell `notes` opened on this line is still open at the end of the log",
            "[log-quote-unclosed]",
            "warning: ",
            "line 4: the contact repeats line 2",
            "line 6: the contact repeats line 2",
            "[log-row-repeated]",
            "line 5, column `coaches`",
            "[log-coach-repeated]",
            "6 lines: 1 header, 3 contacts, 0 activities and 0 meetings read, 2 rows reported, 0 blank and 0 continuation lines; 2 contacts repeat an earlier row",
        ] {
            assert!(stderr.contains(expected), "{expected}: {stderr}");
        }
    }

    #[test]
    fn an_endless_row_or_a_large_mapping_stops_with_the_limit_and_its_flag() {
        // `/dev/zero` is one line without end: refused once the limit is read, never held.
        let out = run(&["fidelity", BHICCI, "--contacts", "/dev/zero"]);
        assert_eq!(out.status.code(), Some(2));
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains("line 1: a row is longer than the limit of 1048576 bytes; raise the limit with --max-row-bytes N"),
            "{stderr}"
        );
        // The same under 150 MB of address space, where holding the stream would abort.
        #[cfg(unix)]
        {
            let out = std::process::Command::new("sh")
                .arg("-c")
                .arg("ulimit -v 150000 && exec \"$0\" fidelity \"$1\" --contacts /dev/zero")
                .arg(env!("CARGO_BIN_EXE_practice-coaching"))
                .arg(BHICCI)
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .output()
                .expect("sh runs");
            assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
        }
        let out = run(&[
            "fidelity",
            BHICCI,
            "--contacts",
            "tests/data/logs/bad-rows.csv",
            "--max-row-bytes",
            "100",
        ]);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            text(&out.stderr).contains("limit of 100 bytes"),
            "{}",
            text(&out.stderr)
        );
        // A row may be raised past its default; a quoted cell's lines too.
        let out = run(&[
            "fidelity",
            BHICCI,
            "--as-of",
            "2018-09-01",
            "--contacts",
            "tests/data/logs/bad-rows.csv",
            "--max-row-bytes",
            "2000000",
            "--max-row-lines",
            "1",
        ]);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            text(&out.stderr).contains("after 1 lines"),
            "{}",
            text(&out.stderr)
        );
        let mapping = "tests/data/logs/redcap-encounters.mapping.json";
        let size = std::fs::metadata(mapping).expect("the mapping").len();
        let out = run(&[
            "fidelity",
            BHICCI,
            "--contacts",
            "tests/data/logs/redcap-encounters.csv",
            "--mapping",
            mapping,
            "--max-mapping-bytes",
            &(size - 1).to_string(),
        ]);
        assert_eq!(out.status.code(), Some(2));
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains(&format!("larger than the input limit of {} bytes; raise the limit with --max-mapping-bytes N", size - 1)),
            "{stderr}"
        );
    }

    #[test]
    fn a_redcap_export_is_read_through_its_mapping_and_charts_are_written() {
        let dir = std::env::temp_dir().join(format!("pc-fidelity-charts-{}", std::process::id()));
        let out = run(&[
            "fidelity",
            BHICCI,
            "--as-of",
            "2018-09-01",
            "--contacts",
            "tests/data/logs/redcap-encounters.csv",
            "--mapping",
            "tests/data/logs/redcap-encounters.mapping.json",
            "--charts",
            dir.to_str().expect("a UTF-8 path"),
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let written: Vec<String> = std::fs::read_dir(&dir)
            .expect("the charts directory")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert!(written.iter().any(|n| n == "heat-map.svg"), "{written:?}");
        assert_eq!(written.iter().filter(|n| n.starts_with("site-")).count(), 5);
        std::fs::remove_dir_all(&dir).expect("removed");
    }

    #[test]
    fn bad_arguments_exit_2_and_say_why() {
        let out = run(&[
            "fidelity",
            BHICCI,
            "--from",
            "2017-01-01",
            "--to",
            "2016-01-01",
        ]);
        assert_eq!(out.status.code(), Some(2));
        assert!(text(&out.stderr).contains("before --from"));
        let out = run(&["fidelity", BHICCI, "--contacts", "tests/data/logs/none.csv"]);
        assert_eq!(out.status.code(), Some(2));
        assert!(text(&out.stderr).contains("none.csv"));
        let out = run(&["fidelity", "-", "--contacts", "-"]);
        assert_eq!(out.status.code(), Some(2));
        // No two inputs read standard input.
        for pair in [
            ["--contacts", "-", "--mapping", "-"],
            ["--manual", "-", "--contacts", "-"],
            ["--manual", "-", "--mapping", "-"],
        ] {
            let mut args = vec!["fidelity", BHICCI];
            if !pair.contains(&"--contacts") {
                args.extend(["--contacts", "tests/data/logs/bad-rows.csv"]);
            }
            args.extend(pair);
            let out = run(&args);
            assert_eq!(out.status.code(), Some(2), "{pair:?}");
            let stderr = text(&out.stderr);
            assert!(
                stderr.contains(&format!(
                    "{} and {} cannot both read standard input",
                    pair[0], pair[2]
                )),
                "{stderr}"
            );
        }
        let out = run(&["fidelity", BHICCI, "--mapping", "x.json"]);
        assert_eq!(out.status.code(), Some(2), "--mapping needs --contacts");
    }
}

#[test]
fn a_joint_contact_made_by_fewer_coaches_is_counted_apart_on_every_channel() {
    let window = Window::as_of(date("2022-09-01"));
    // An in-person visit made by one of the two coaches the level asks for, at a team site.
    let program = read(
        "tests/broken/program/contact-fewer-coaches.json",
        Program::from_json,
    );
    let manual = base_manual();
    let full = base_program().fidelity(&manual, window);
    let short = program.fidelity(&manual, window);
    let in_person = |f: &Fidelity| f.summary.channels[0].clone();
    assert_eq!(in_person(&short).fewer_coaches, 1);
    assert_eq!(in_person(&short).contacts + 1, in_person(&full).contacts);
    assert_eq!(in_person(&full).fewer_coaches, 0);
    // Its period shows it apart; its minutes are still time delivered.
    let period = short
        .periods
        .iter()
        .find(|p| p.fewer_coaches == 1)
        .expect("the period");
    assert!(period.contact_minutes >= 210);
    // A remote prescription of two coaches per call: the program's one-coach calls at team
    // sites are short-handed too, and validation says so on the remote channel.
    let mut two_on_calls = manual.clone();
    for level in &mut two_on_calls.intensity_levels {
        for p in &mut level.prescriptions {
            if p.channel == Channel::Remote {
                p.coaches_per_contact = practice_coaching::CoachCount::new(2).expect("two");
            }
        }
    }
    let scored = base_program().fidelity(&two_on_calls, window);
    let remote = &scored.summary.channels[1];
    // Site 1 (a team site) records three one-coach remote contacts; the others' sites need no
    // team.
    assert_eq!(remote.fewer_coaches, 3, "{remote:?}");
    let report = base_program().validate(&two_on_calls);
    let paths: Vec<&str> = report
        .diagnostics()
        .iter()
        .filter(|d| d.rule.code() == "contact-fewer-coaches")
        .map(|d| d.path.as_str())
        .collect();
    assert_eq!(
        paths,
        [
            "/relationships/0/contacts/1/coaches",
            "/relationships/0/contacts/3/coaches",
            "/relationships/0/contacts/5/coaches",
        ]
    );
    // The embedded manuals' calls are one coach's: nothing is counted apart in the samples.
    for (_, program, manual) in reference::sample_programs() {
        let fidelity = program.fidelity(manual, Window::as_of(date("2019-01-01")));
        assert!(fidelity.periods.iter().all(|p| p.fewer_coaches == 0));
    }
}

#[test]
fn each_unscored_contact_is_listed_with_its_line_or_pointer_up_to_a_cap() {
    use practice_coaching::contact_log::{Mapping, read_csv};
    use practice_coaching::fidelity::{ReadFrom, UnscoredReason, score_rows};
    let (program, manual) = (reference::bhicci_sample_program(), reference::bhicci_late());
    let site = program.relationships[0].site;
    let coach = program.relationships[0].contacts[0].coaches[0];
    let unknown = "00000000-0000-4000-8000-0000000000ff";
    let mut csv = String::from(
        "record,site,date,time,utc_offset,minutes,mode,coaches,guests,travel_minutes,initiated_by,topics,activities,activity,asked\n",
    );
    // Line 2 is read; line 3 falls after the days read; line 4 is before the relationship.
    for date in ["2016-02-10", "2016-09-14", "2015-01-05"] {
        csv.push_str(
            &[
                "contact",
                &site.to_string(),
                date,
                "13:00",
                "-08:00",
                "30",
                "phone",
                &coach.to_string(),
                "",
                "",
                "coach",
                "",
                "",
                "",
                "\n",
            ]
            .join(","),
        );
    }
    let window = Window {
        from: Some(date("2016-01-01")),
        until: Some(date("2016-07-01")),
        as_of: date("2016-07-01"),
    };
    let mapping = Mapping::default();
    let rows = read_csv(manual, program, csv.as_bytes(), &mapping);
    let fidelity = score_rows(manual, program, window, rows, |_| {});
    let from_log: Vec<_> = fidelity
        .unscored_listed
        .iter()
        .filter_map(|u| match u.read_from {
            ReadFrom::Log(line) => Some((line, u.site, u.reason)),
            _ => None,
        })
        .collect();
    assert_eq!(
        from_log,
        [
            (3, site, UnscoredReason::OutsideWindow),
            (4, site, UnscoredReason::OutsideRelationship),
        ]
    );
    // The program's own contacts outside the days read come first, each at its pointer.
    let first = &fidelity.unscored_listed[0];
    let ReadFrom::Program(pointer) = &first.read_from else {
        panic!("{first:?}");
    };
    assert!(pointer.starts_with("/relationships/"), "{pointer}");
    assert_eq!(
        fidelity.unscored_listed.len() as u64,
        fidelity.unscored.total()
    );
    // A contact for a site the program has no relationship for, through `add_contact`.
    let mut scorer = Scorer::new(manual, program, window).listing_unscored(1);
    let stray = program.relationships[0].contacts[0].clone();
    scorer.add_contact(unknown.parse().expect("an id"), &stray);
    let capped = scorer.finish();
    assert_eq!(capped.unscored_listed.len(), 1);
    assert!(capped.unscored.total() > 1);
    assert_eq!(capped.unscored.no_relationship, 1);
}
