//! Progress through the phases: each status from a hand-made record, the stays of generated
//! programs tiling each relationship's time, the CSV guarded, and the `progress` command in
//! every format.

mod common;

use common::program_gen::arb_manual_and_program;
use practice_coaching::manual::LengthFit;
use practice_coaching::program::{Achieved, Achievement, PhaseTransition, Program, Relationship};
use practice_coaching::status::{Progress, StayStatus};
use practice_coaching::{Date, Key, reference};
use proptest::prelude::*;

fn date(text: &str) -> Date {
    text.parse().expect("a date")
}

fn key(text: &str) -> Key {
    Key::new(text).expect("a key")
}

/// The sample program's first relationship alone (Northgate Family Health Center: engagement
/// 2015-09-01, assessment 2015-10-13, implementation 2015-12-08, sustainment 2017-01-10, ended
/// 2018-08-31), reshaped by `change`.
fn northgate(change: impl FnOnce(&mut Relationship)) -> Program {
    let mut program = reference::bhicci_sample_program().clone();
    program.relationships.truncate(1);
    if let Some(relationship) = program.relationships.first_mut() {
        change(relationship);
    }
    program
}

fn statuses(progress: &Progress) -> Vec<(&str, StayStatus)> {
    progress
        .stays
        .iter()
        .map(|s| (s.phase.as_str(), s.status))
        .collect()
}

#[test]
fn completed_stays_and_the_one_in_progress() {
    let progress = northgate(|_| {}).progress(reference::bhicci_late(), date("2016-06-01"));
    assert_eq!(
        statuses(&progress),
        [
            ("engagement", StayStatus::Completed),
            ("assessment", StayStatus::Completed),
            ("implementation", StayStatus::InProgress),
        ]
    );
    let [engagement, _, implementation] = progress.stays.as_slice() else {
        panic!("three stays: {progress:#?}");
    };
    assert_eq!(engagement.site_name, "Northgate Family Health Center");
    assert_eq!(engagement.entered, date("2015-09-01"));
    assert_eq!(engagement.left, Some(date("2015-10-12")));
    assert_eq!(
        (engagement.days, engagement.weeks, engagement.months),
        (42, 6, 1)
    );
    assert_eq!(engagement.fit, Some(LengthFit::Within));
    assert_eq!(engagement.criteria_met.len(), 2);
    assert_eq!(engagement.criteria_proportion, Some(1.0));
    // Implementation so far: one of its two criteria met (2016-05-31), 5 months of 6 to 18.
    assert_eq!(implementation.left, None);
    assert_eq!(implementation.criteria_met, [key("workflows-in-place")]);
    assert_eq!(implementation.criteria_proportion, Some(0.5));
    assert_eq!(implementation.months, 5);
    assert_eq!(implementation.fit, Some(LengthFit::Short));
    assert_eq!(progress.stalled().count(), 0);
    let site = progress.sites.first().expect("one relationship");
    assert_eq!((site.stays, site.completed, site.regressions), (3, 2, 0));
    assert_eq!(site.status, Some(StayStatus::InProgress));
}

#[test]
fn a_stay_past_its_maximum_with_criteria_open_is_stalled() {
    // Implementation (6 to 18 months) from 2015-12-08, never left, one criterion open.
    let program = northgate(|r| {
        r.phases.truncate(3);
        r.end = None;
        r.met.retain(|a| a.date < date("2016-12-01"));
    });
    let manual = reference::bhicci_late();
    // The 18 months end on 2017-06-08: the stay reaching that day is longer.
    let before = program.progress(manual, date("2017-06-07"));
    assert_eq!(
        before.stays.last().map(|s| s.status),
        Some(StayStatus::InProgress)
    );
    let after = program.progress(manual, date("2017-06-08"));
    let stalled: Vec<_> = after.stalled().collect();
    assert_eq!(stalled.len(), 1, "{after:#?}");
    assert_eq!(stalled.first().map(|s| s.months), Some(18));
    assert_eq!(stalled.first().map(|s| s.fit), Some(Some(LengthFit::Long)));

    // With every exit criterion met it is long, but not stalled.
    let met = northgate(|r| {
        r.phases.truncate(3);
        r.end = None;
    });
    let progress = met.progress(manual, date("2017-09-01"));
    let last = progress.stays.last().expect("stays");
    assert_eq!(last.fit, Some(LengthFit::Long));
    assert_eq!(last.status, StayStatus::InProgress);
}

#[test]
fn going_back_is_a_regression_with_its_reason() {
    let program = northgate(|r| {
        r.phases.truncate(3);
        r.end = None;
        r.phases.push(PhaseTransition {
            date: date("2016-03-01"),
            phase: key("assessment"),
            reason: Some("The clinic's integration lead left".to_owned()),
        });
    });
    // Within assessment's three months of the return.
    let progress = program.progress(reference::bhicci_late(), date("2016-05-01"));
    assert_eq!(
        statuses(&progress),
        [
            ("engagement", StayStatus::Completed),
            ("assessment", StayStatus::Completed),
            ("implementation", StayStatus::Regressed),
            ("assessment", StayStatus::InProgress),
        ]
    );
    let regressed = progress.stays.get(2).expect("four stays");
    assert_eq!(
        regressed.reason.as_deref(),
        Some("The clinic's integration lead left")
    );
    assert_eq!(regressed.left, Some(date("2016-02-29")));
    // What implementation met before the return stays with it.
    assert_eq!(progress.stays.get(3).map(|s| s.criteria_met.len()), Some(0));
    assert_eq!(progress.sites.first().map(|s| s.regressions), Some(1));
}

#[test]
fn the_stay_the_relationship_ends_in_is_ended() {
    let program = northgate(|_| {});
    let manual = reference::bhicci_late();
    let progress = program.progress(manual, date("2019-01-01"));
    let last = progress.stays.last().expect("stays");
    assert_eq!(last.phase, key("sustainment"));
    assert_eq!(last.status, StayStatus::Ended);
    assert_eq!(last.left, Some(date("2018-08-31")));
    // Before the end date, the end is not yet known: the stay goes on.
    let earlier = program.progress(manual, date("2018-01-01"));
    assert_eq!(
        earlier.stays.last().map(|s| s.status),
        Some(StayStatus::InProgress)
    );
}

#[test]
fn nothing_is_known_before_the_start_and_milestones_count_in_their_stay() {
    let program = northgate(|r| {
        r.met.push(Achievement {
            date: date("2015-09-20"),
            what: Achieved::Milestone(key("baseline-interview")),
        });
    });
    let manual = reference::bhicci_late();
    let none = program.progress(manual, date("2015-08-31"));
    assert!(none.stays.is_empty() && none.sites.is_empty());
    let progress = program.progress(manual, date("2015-10-01"));
    assert_eq!(
        progress.stays.first().map(|s| s.milestones_met.clone()),
        Some(vec![key("baseline-interview")])
    );
}

#[test]
fn a_phase_planned_in_weeks_is_compared_in_weeks() {
    let mut manual = reference::bhicci_late().clone();
    if let Some(phase) = manual.phases.first_mut() {
        phase.length.min = "{\"weeks\": 2}".parse::<serde_json::Value>().map_or_else(
            |_| phase.length.min,
            |v| serde_json::from_value(v).expect("a length"),
        );
        phase.length.max = Some(serde_json::from_str("{\"weeks\": 4}").expect("a length"));
    }
    // Engagement lasted 42 days: six weeks, over the four planned.
    let progress = northgate(|_| {}).progress(&manual, date("2016-06-01"));
    let engagement = progress.stays.first().expect("stays");
    assert_eq!(engagement.weeks, 6);
    assert_eq!(engagement.fit, Some(LengthFit::Long));
    assert_eq!(engagement.status, StayStatus::Completed);
}

#[test]
fn the_csv_guards_text_that_a_spreadsheet_would_run() {
    let mut program = northgate(|r| {
        r.phases.truncate(3);
        r.end = None;
        r.phases.push(PhaseTransition {
            date: date("2016-03-01"),
            phase: key("assessment"),
            reason: Some("-1 staff".to_owned()),
        });
    });
    if let Some(site) = program.sites.first_mut() {
        site.name = "=HYPERLINK(\"http://example.com\")".to_owned();
    }
    let progress = program.progress(reference::bhicci_late(), date("2016-06-01"));
    let mut csv = Vec::new();
    progress.write_csv(&mut csv).expect("written");
    let text = String::from_utf8(csv).expect("UTF-8");
    let mut lines = text.lines();
    assert!(
        lines
            .next()
            .is_some_and(|h| h.starts_with("site_name,site_id,phase_name,phase,entered,left"))
    );
    assert_eq!(lines.clone().count(), progress.stays.len());
    assert!(
        text.contains("\"'=HYPERLINK(\"\"http://example.com\"\")\""),
        "{text}"
    );
    assert!(!text.contains(",=HYPERLINK"));
    assert!(text.contains(",'-1 staff"), "{text}");
}

#[test]
fn the_sample_programs_progress_against_their_manuals() {
    for (name, program, manual) in reference::sample_programs() {
        let progress = program.progress(manual, date("2030-01-01"));
        assert_eq!(
            progress.sites.len(),
            program.relationships.len(),
            "{name}: every relationship has started"
        );
        assert!(
            progress.stays.len() >= program.relationships.len(),
            "{name}"
        );
        assert!(
            progress
                .stays
                .iter()
                .all(|s| s.fit.is_some() && !s.phase_name.is_empty()),
            "{name}: every phase is the manual's"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn stays_tile_each_relationship_without_gaps_or_overlaps(
        (manual, program) in arb_manual_and_program(),
        offset in 0u64..2000,
    ) {
        let first = program.relationships.iter().map(|r| r.start).min();
        let Some(first) = first else { return Ok(()) };
        let as_of = Date::from_naive(
            first.as_naive().checked_add_days(chrono::Days::new(offset)).expect("in range"),
        ).expect("writable");
        let progress = program.progress(&manual, as_of);
        let mut stays = progress.stays.iter();
        for relationship in program.relationships.iter().filter(|r| r.start <= as_of) {
            let count = relationship.phases.iter().filter(|t| t.date <= as_of).count();
            let own: Vec<_> = stays.by_ref().take(count).collect();
            prop_assert_eq!(own.len(), count);
            let Some(head) = own.first() else { continue };
            prop_assert_eq!(head.entered, relationship.start);
            for pair in own.windows(2) {
                let [a, b] = pair else { unreachable!() };
                let left = a.left.expect("a stay followed by another has left");
                prop_assert_eq!(left.as_naive().succ_opt(), Some(b.entered.as_naive()));
                prop_assert!(a.entered <= left);
            }
            let last = own.last().expect("one at least");
            let ended = relationship.end.as_ref().map(|e| e.date).filter(|d| *d <= as_of);
            prop_assert_eq!(last.left, ended);
            let total: u32 = own.iter().map(|s| s.days).sum();
            let through = ended.unwrap_or(as_of);
            let span = (through.as_naive() - relationship.start.as_naive()).num_days() + 1;
            prop_assert_eq!(i64::from(total), span);
        }
        prop_assert!(stays.next().is_none());
        for stay in &progress.stays {
            prop_assert!(stay.days >= 1);
            prop_assert!(stay.criteria_met.len() <= stay.criteria_total);
            if let Some(p) = stay.criteria_proportion {
                prop_assert!((0.0..=1.0).contains(&p));
            }
        }
    }
}

#[cfg(feature = "cli")]
mod cli {
    use super::common::binary::run;

    #[test]
    fn every_sample_program_prints_in_every_format() {
        for file in [
            "src/reference/bhicci-sample-program.json",
            "src/reference/evidencenow-sample-program.json",
            "src/reference/ahrq-2009-sample-program.json",
        ] {
            for format in ["table", "csv", "json"] {
                let out = run(&[
                    "progress",
                    file,
                    "--as-of",
                    "2016-06-01",
                    "--format",
                    format,
                ]);
                let text = String::from_utf8(out.stdout).expect("UTF-8");
                assert_eq!(out.status.code(), Some(0), "{file} {format}: {text}");
                match format {
                    "json" => {
                        let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
                        assert_eq!(json["as_of"], "2016-06-01");
                        assert!(json["stays"].as_array().is_some_and(|s| !s.is_empty()));
                    }
                    "csv" => assert!(text.starts_with("site_name,site_id,phase_name,")),
                    _ => {
                        assert!(text.contains("as of 2016-06-01"), "{text}");
                        assert!(
                            text.lines().all(|l| l.chars().count() <= 80),
                            "{file}: a line wider than 80 columns:\n{text}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_stay_left_with_criteria_open_names_them_in_the_table() {
        let program = super::northgate(|r| r.met.clear());
        let path = std::env::temp_dir().join(format!("pc-left-{}.json", std::process::id()));
        std::fs::write(&path, program.to_json()).expect("written");
        let out = run(&[
            "progress",
            path.to_str().expect("UTF-8"),
            "--as-of",
            "2016-06-01",
        ]);
        let text = String::from_utf8(out.stdout).expect("UTF-8");
        assert!(
            text.contains("left with open: site-team-named, coaching-agreed"),
            "{text}"
        );
        assert!(text.contains("2 left with exit criteria"), "{text}");
    }

    #[test]
    fn input_failures_exit_2() {
        let missing = run(&["progress", "no-such-file.json"]);
        assert_eq!(missing.status.code(), Some(2));
        let manual = run(&["progress", "src/reference/bhicci-late.json"]);
        assert_eq!(manual.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&manual.stderr).contains("expected a program"));
        let date = run(&[
            "progress",
            "src/reference/bhicci-sample-program.json",
            "--as-of",
            "2016-13-01",
        ]);
        assert_eq!(date.status.code(), Some(2));
    }
}

#[test]
fn a_stay_left_with_exit_criteria_open_is_left_not_completed_and_validation_warns() {
    // Northgate met both of engagement's exit criteria; without them the site only moved on.
    let program = northgate(|r| {
        r.met
            .retain(|a| !matches!(&a.what, Achieved::Criterion { phase, .. } if phase.as_str() == "engagement"));
    });
    let manual = reference::bhicci_late();
    let progress = program.progress(manual, date("2016-06-01"));
    let engagement = &progress.stays[0];
    assert_eq!(engagement.status, StayStatus::Left);
    assert_eq!(engagement.status.as_str(), "left");
    assert!(engagement.criteria_met.is_empty());
    assert_eq!(engagement.criteria_open.len(), 2);
    assert_eq!(engagement.criteria_total, 2);
    assert_eq!(progress.stays[1].status, StayStatus::Completed);
    let site = &progress.sites[0];
    assert_eq!((site.completed, site.left_open), (1, 1));
    // The same stay is the one validation names, at the transition that leaves it.
    let report = program.validate_versions(&[manual], Some(date("2016-06-01")));
    let left: Vec<_> = report
        .diagnostics()
        .iter()
        .filter(|f| f.rule.code() == "phase-left-criteria-open")
        .collect();
    assert_eq!(left.len(), 1, "{report:?}");
    assert_eq!(left[0].path, "/relationships/0/phases/1");
    for open in &engagement.criteria_open {
        assert!(
            left[0].message.contains(open.as_str()),
            "{}",
            left[0].message
        );
    }
    // The CSV names the open criteria.
    let mut csv = Vec::new();
    progress.write_csv(&mut csv).expect("written");
    let csv = String::from_utf8(csv).expect("UTF-8");
    assert!(
        csv.lines()
            .next()
            .expect("a header")
            .contains("criteria_open_keys")
    );
    assert!(csv.contains(",left,"), "{csv}");
}

#[test]
fn a_phase_without_exit_criteria_is_completed_when_left() {
    let mut manual = reference::bhicci_late().clone();
    manual.phases[0].exit_criteria.clear();
    let program = northgate(|r| r.met.clear());
    let progress = program.progress(&manual, date("2016-06-01"));
    assert_eq!(progress.stays[0].status, StayStatus::Completed);
    assert!(progress.stays[0].criteria_open.is_empty());
}
