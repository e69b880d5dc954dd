//! A dose tailored to each site: a level that prescribes no count, logged in hours, in an
//! open-ended phase. The plan runs to the horizon asked, fidelity reports what was delivered,
//! TIDieR item 9 says how the dose is tailored; properties over generated programs.

mod common;

use common::program_gen::arb_program_with_relationships;
use practice_coaching::fidelity::Window;
use practice_coaching::manual::{Channel, Citation, Evidence, PhaseLength, Tailored};
use practice_coaching::timeline::{Horizon, PlanOptions};
use practice_coaching::{Date, Manual, Program, report};
use proptest::prelude::*;

fn date(text: &str) -> Date {
    text.parse().expect("a date")
}

fn tailored() -> Tailored {
    Tailored {
        description: "Hours agreed with each practice and logged by its facilitator.".to_owned(),
        citations: vec![Citation {
            source: None,
            evidence: Evidence::Design,
            locator: None,
            rationale: Some("Practice leaders set the pace.".to_owned()),
        }],
    }
}

/// `manual` with every level's counts taken out and its dose tailored per site, and its last
/// phase open-ended.
fn tailored_everywhere(manual: &Manual) -> Manual {
    let mut manual = manual.clone();
    for level in &mut manual.intensity_levels {
        level.prescriptions.clear();
        level.tailored = Some(tailored());
    }
    if let Some(last) = manual.phases.last_mut() {
        last.length = PhaseLength {
            min: last.length.min,
            max: None,
        };
    }
    manual
}

fn base() -> (Manual, Program) {
    let manual = Manual::from_json(&std::fs::read("tests/broken/manual-base.json").expect("read"))
        .expect("parses");
    let program =
        Program::from_json(&std::fs::read("tests/broken/program-base.json").expect("read"))
            .expect("parses");
    (tailored_everywhere(&manual), program)
}

/// The base documents with two levels, both set per site, and nothing to titrate (every level
/// a phase starts at): a valid manual.
fn set_per_site() -> (Manual, Program) {
    let (mut manual, mut program) = base();
    manual.titration = None;
    manual.intensity_levels.truncate(2);
    let keys: Vec<_> = manual
        .intensity_levels
        .iter()
        .map(|l| l.key.clone())
        .collect();
    for (n, phase) in manual.phases.iter_mut().enumerate() {
        phase.starting_level = keys[n % 2].clone();
    }
    // Published dose figures stay linked: a dose set per site plans no count to set beside
    // them. Only the length of a relationship is compared.
    for relationship in &mut program.relationships {
        relationship.titration.clear();
    }
    (manual, program)
}

#[test]
fn a_tailored_dose_reports_what_was_delivered_and_fills_tidier_item_9() {
    let (manual, program) = set_per_site();
    assert!(manual.validate().is_empty(), "{:?}", manual.validate());
    // How the dose is tailored is all a reader has of it: it may not be blank.
    let mut blank = manual.clone();
    if let Some(tailored) = &mut blank.intensity_levels[0].tailored {
        tailored.description = " ".to_owned();
    }
    assert!(
        blank
            .validate()
            .diagnostics()
            .iter()
            .any(|d| d.rule.code() == "text-blank"
                && d.path == "/intensity_levels/0/tailored/description")
    );
    let as_of = date("2022-09-01");
    let fidelity = program.fidelity(&manual, Window::as_of(as_of));
    assert!(fidelity.periods.is_empty());
    assert_eq!(fidelity.summary.sites, 3);
    let in_person = &fidelity.summary.channels[0];
    let remote = &fidelity.summary.channels[1];
    // Every contact of the record falls inside its relationship and before the day read.
    let count = |channel: Channel| {
        program
            .relationships
            .iter()
            .flat_map(|r| &r.contacts)
            .filter(|c| c.mode.channel() == channel)
            .count() as u64
    };
    assert_eq!(in_person.unprescribed_contacts, count(Channel::InPerson));
    assert_eq!(remote.unprescribed_contacts, count(Channel::Remote));
    assert!(in_person.unprescribed_hours > 0.0);
    assert_eq!(in_person.adherence, None);
    // The published figures of contacts and hours over a relationship are set beside what the
    // ended relationship delivered, not beside nothing.
    let ended = program
        .relationships
        .iter()
        .find(|r| r.end.is_some())
        .expect("an ended relationship");
    let minutes: u64 = ended
        .contacts
        .iter()
        .map(|c| u64::from(c.minutes.get()))
        .sum();
    let hours = fidelity
        .summary
        .comparisons
        .iter()
        .find(|c| c.unit == "hours")
        .expect("an hours figure");
    assert_eq!(hours.observed_over, 1);
    let expected = practice_coaching::fidelity::hours(minutes);
    assert!(
        hours.observed.is_some_and(|h| (h - expected).abs() < 0.01),
        "{hours:?}"
    );
    // TIDieR 9 reads the tailoring, with the manual's evidence; 12 the hours delivered.
    let checklist = report::tidier(&manual, Some((&program, as_of)));
    let item = |n: u8| {
        checklist
            .items
            .iter()
            .find(|i| i.number == n)
            .expect("an item")
    };
    let nine = item(9);
    assert!(nine.missing.is_none(), "{nine:?}");
    assert!(
        nine.entries
            .iter()
            .any(|e| e.text.contains("tailored to each site: Hours agreed")),
        "{nine:?}"
    );
    let twelve = item(12);
    assert!(
        twelve
            .entries
            .iter()
            .any(|e| e.text.contains("delivered but not scored")),
        "{twelve:?}"
    );
}

#[test]
fn an_open_ended_phase_is_planned_to_the_horizon_asked_or_for_its_minimum() {
    let (manual, mut program) = base();
    // The first site, in its last phase (open-ended now) since 2021-11-01, with no end.
    let site = program.relationships[0].site;
    program.relationships[0].end = None;
    let from = date("2024-01-01");
    let plan = program
        .plan_site(
            &manual,
            site,
            Some(from),
            Horizon::Months(18),
            PlanOptions::default(),
        )
        .expect("a plan");
    assert_eq!(plan.until, date("2025-07-01"));
    assert_eq!(
        plan.segments.last().map(|s| s.until),
        Some(date("2025-07-01"))
    );
    // Without a horizon: the phase's minimum from the day asked, never "coaching ends".
    let plan = program
        .plan_site(
            &manual,
            site,
            Some(from),
            Horizon::Natural,
            PlanOptions::default(),
        )
        .expect("a plan");
    let last = manual.phases.last().expect("phases");
    assert_eq!(Some(plan.until), last.length.min.after(from));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Whatever is prescribed, what was delivered is reported: with every level's counts taken
    /// out, each channel's delivered contacts are every contact inside its relationship and
    /// the days read, and nothing is scored.
    #[test]
    fn delivered_contacts_are_reported_whether_or_not_anything_is_prescribed(
        (manual, program) in arb_program_with_relationships(),
    ) {
        let manual = tailored_everywhere(&manual);
        let as_of = date("2040-01-01");
        let fidelity = program.fidelity(&manual, Window::as_of(as_of));
        prop_assert!(fidelity.periods.is_empty());
        for channel in Channel::ALL {
            let mut first_seen = std::collections::HashSet::new();
            let (mut contacts, mut minutes) = (0u64, 0u64);
            for r in &program.relationships {
                // The first relationship of a site is the one read.
                if !first_seen.insert(r.site) {
                    continue;
                }
                let end = r.end.as_ref().map(|e| e.date);
                for c in r.contacts.iter().filter(|c| c.mode.channel() == channel) {
                    let day = c.start.date();
                    if day >= r.start && end.is_none_or(|e| day <= e) && day < as_of {
                        contacts += 1;
                        minutes += u64::from(c.minutes.get());
                    }
                }
            }
            let summary = fidelity.summary.channels.iter().find(|c| c.channel == channel).expect("a channel");
            prop_assert_eq!(summary.unprescribed_contacts, contacts);
            let expected = practice_coaching::fidelity::hours(minutes);
            prop_assert!((summary.unprescribed_hours - expected).abs() < 1e-9);
            prop_assert_eq!(summary.contacts, 0);
        }
    }

    /// A relationship that has not ended, in a manual whose last phase is open-ended, is
    /// planned to any horizon asked past where its phases' planned lengths run out.
    #[test]
    fn an_open_ended_last_phase_runs_to_the_horizon(
        (manual, program) in arb_program_with_relationships(),
        pick in any::<prop::sample::Index>(),
        months in 1u32..120,
    ) {
        let manual = tailored_everywhere(&manual);
        let mut program = program;
        prop_assume!(!program.relationships.is_empty());
        let n = pick.index(program.relationships.len());
        program.relationships[n].end = None;
        let relationship = program.relationships[n].clone();
        let (_, natural) = relationship.projected(&manual);
        let Some(natural) = natural else {
            return Ok(());
        };
        let horizon = Date::from_naive(natural.as_naive() + chrono::Months::new(months)).expect("a date");
        let plan = relationship.plan(&manual, &program, Some(horizon));
        prop_assert_eq!(plan.until, horizon);
        prop_assert_eq!(plan.segments.last().map(|s| s.until), Some(horizon));
        // From a day past the natural end, with no horizon: a plan, not "coaching ends".
        let later = program.plan_site(
            &manual,
            relationship.site,
            Some(horizon),
            Horizon::Natural,
            PlanOptions::default(),
        );
        prop_assert!(later.is_ok(), "{:?}", later.err());
    }
}

#[cfg(feature = "cli")]
mod cli {
    use super::*;
    use crate::common::binary::run;

    fn written(name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("tailored-dose-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a directory");
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("written");
        path
    }

    #[test]
    fn fidelity_and_plan_read_a_tailored_open_ended_dose_as_it_is() {
        let (manual, mut program) = set_per_site();
        program.relationships[0].end = None;
        let manual_path = written("manual.json", manual.to_json().as_bytes());
        let program_path = written("program.json", program.to_json().as_bytes());
        let (m, p) = (
            manual_path.to_str().expect("UTF-8"),
            program_path.to_str().expect("UTF-8"),
        );
        let out = run(&["fidelity", p, "--manual", m, "--as-of", "2022-09-01"]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.contains("no relationship has started"), "{text}");
        assert!(text.contains("prescribe no count"), "{text}");
        assert!(text.contains("on days nothing was prescribed"), "{text}");
        // Planned from a day long past the open-ended phase's minimum, without a horizon.
        let site = program.relationships[0].site.to_string();
        let out = run(&[
            "plan",
            p,
            "--manual",
            m,
            "--site",
            &site,
            "--from",
            "2030-01-01",
        ]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(text.contains("2030-01-01"), "{text}");
    }
}
