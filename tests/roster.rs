//! The roster and team coverage: qualification checks read as validation reads them, caseload
//! against the manual's threshold (and no flag without one), sites lacking their team (and no
//! row without a team rule), the CSV guarded, and the `roster` command in every format.

mod common;

use common::program_gen::arb_manual_and_program;
use practice_coaching::manual::CaseloadThreshold;
use practice_coaching::program::Assignee;
use practice_coaching::status::{CheckOutcome, CoverageStatus};
use practice_coaching::{Date, Rule, Severity, SiteCount, reference};
use proptest::prelude::*;
use proptest::sample::Index;

fn date(text: &str) -> Date {
    text.parse().expect("a date")
}

const AS_OF: &str = "2016-06-01";

#[test]
fn the_sample_coaches_meet_every_check_that_runs() {
    for (name, program, manual) in reference::sample_programs() {
        let roster = program.roster(manual, date(AS_OF));
        assert_eq!(roster.coaches.len(), program.coaches.len(), "{name}");
        for coach in &roster.coaches {
            assert_eq!(
                coach.with_outcome(CheckOutcome::Missing).count(),
                0,
                "{name}"
            );
            assert!(!coach.over_caseload, "{name}");
        }
    }
    // BHICCI leaves its psychiatry licence and its own degree check out on purpose.
    let roster = reference::bhicci_sample_program().roster(reference::bhicci_late(), date(AS_OF));
    let coach = roster.coaches.first().expect("coaches");
    assert!(coach.with_outcome(CheckOutcome::NotRequired).count() >= 1);
    assert_eq!(coach.sites.len(), coach.caseload);
    assert!(coach.sites.iter().all(|s| !s.alone));
}

#[test]
fn a_coach_missing_a_required_qualification_is_missing_it() {
    let mut program = reference::bhicci_sample_program().clone();
    if let Some(coach) = program.coaches.first_mut() {
        coach
            .experience
            .retain(|e| e.kind.as_str() != "practice-transformation");
        coach.degrees.clear();
    }
    let manual = reference::bhicci_late();
    let roster = program.roster(manual, date(AS_OF));
    let coach = roster.coaches.first().expect("coaches");
    let missing: Vec<&str> = coach.with_outcome(CheckOutcome::Missing).collect();
    assert_eq!(missing, ["`practice-transformation` experience"]);
    // The master's degree is only recommended.
    let recommended: Vec<&str> = coach
        .with_outcome(CheckOutcome::RecommendedMissing)
        .collect();
    assert_eq!(recommended.len(), 1, "{recommended:?}");
    assert!(recommended.iter().all(|r| r.contains("masters")));
    // The validator reads the same decision.
    assert!(
        program
            .validate_as_of(manual, date(AS_OF))
            .contains("coach-experience-missing", "/coaches/0/experience")
    );
}

#[test]
fn a_coach_over_the_caseload_threshold_is_flagged_and_none_without_one() {
    let program = reference::evidencenow_sample_program();
    let mut manual = reference::evidencenow().clone();
    if let Some(caseload) = manual.caseload.as_mut() {
        caseload.sites = SiteCount::new(1).expect("a count");
    }
    let roster = program.roster(&manual, date(AS_OF));
    assert_eq!(roster.caseload_threshold, Some(1));
    let over: Vec<&str> = roster.over_caseload().map(|c| c.name.as_str()).collect();
    assert_eq!(over, ["Dana Whitfield", "Marcus Oyelaran"]);
    assert!(
        roster
            .coaches
            .iter()
            .all(|c| c.sites.iter().all(|s| s.alone))
    );
    assert!(
        program
            .validate_as_of(&manual, date(AS_OF))
            .contains("caseload-over-threshold", "/coaches/0")
    );

    // Without a threshold nobody is over, however many sites they coach.
    manual.caseload = None;
    let roster = program.roster(&manual, date(AS_OF));
    assert_eq!(roster.caseload_threshold, None);
    assert_eq!(roster.over_caseload().count(), 0);
    assert_eq!(roster.coaches.first().map(|c| c.caseload), Some(2));
}

#[test]
fn caseload_counts_the_assignments_in_force_that_day() {
    let program = reference::evidencenow_sample_program();
    let manual = reference::evidencenow();
    // Before any assignment begins, no one coaches anything.
    let roster = program.roster(manual, date("2015-01-01"));
    assert!(roster.coaches.iter().all(|c| c.caseload == 0));
}

#[test]
fn sites_lacking_their_team_are_gaps() {
    let mut program = reference::bhicci_sample_program().clone();
    let lone_coach = program.coaches.first().map(|c| c.id).expect("coaches");
    // The first site is coached by a single coach; the second site's team loses its medical
    // coach.
    if let Some(assignment) = program.assignments.first_mut() {
        assignment.assignee = Assignee::Coach(lone_coach);
    }
    let second_team = program
        .assignments
        .get(1)
        .and_then(|a| match a.assignee {
            Assignee::Team(id) => Some(id),
            Assignee::Coach(_) => None,
        })
        .expect("a team");
    if let Some(team) = program.teams.iter_mut().find(|t| t.id == second_team) {
        team.members.retain(|m| m.role.as_str() != "md-coach");
    }
    let coverage = program.team_coverage(reference::bhicci_late(), date(AS_OF));
    let gaps: Vec<(&str, CoverageStatus)> = coverage
        .gaps()
        .map(|s| (s.site_name.as_str(), s.status))
        .collect();
    assert_eq!(
        gaps,
        [
            (
                "Northgate Family Health Center",
                CoverageStatus::SingleCoach
            ),
            ("Northgate Primary Care Clinic", CoverageStatus::Incomplete),
        ]
    );
    let incomplete = coverage.gaps().nth(1).expect("two gaps");
    assert_eq!(incomplete.gaps, ["0 in role `md-coach` (expected 1)"]);
    // A member without the discipline their role asks.
    let mut program = reference::bhicci_sample_program().clone();
    if let Some(coach) = program.coaches.first_mut() {
        coach.disciplines.clear();
    }
    let coverage = program.team_coverage(reference::bhicci_late(), date(AS_OF));
    let gap = coverage.gaps().next().expect("a gap");
    assert_eq!(gap.status, CoverageStatus::Incomplete);
    assert!(
        gap.gaps
            .iter()
            .any(|g| g.contains("lacks a discipline of behavioral-health for role `bh-coach`")),
        "{:?}",
        gap.gaps
    );
}

#[test]
fn without_a_team_rule_no_site_needs_a_team() {
    let program = reference::evidencenow_sample_program();
    let manual = reference::evidencenow();
    assert!(manual.team.is_none());
    let coverage = program.team_coverage(manual, date(AS_OF));
    assert!(coverage.sites.is_empty());
    // Every site coached alone, and still no row.
    assert!(
        program
            .assignments
            .iter()
            .all(|a| matches!(a.assignee, Assignee::Coach(_)))
    );
}

#[test]
fn the_csv_guards_text_that_a_spreadsheet_would_run() {
    let mut program = reference::bhicci_sample_program().clone();
    let lone_coach = program.coaches.first().map(|c| c.id).expect("coaches");
    if let Some(site) = program.sites.first_mut() {
        site.name = "=HYPERLINK(\"http://example.com\")".to_owned();
    }
    if let Some(coach) = program.coaches.first_mut() {
        coach.name = "@SUM(A1)".to_owned();
    }
    if let Some(assignment) = program.assignments.first_mut() {
        assignment.assignee = Assignee::Coach(lone_coach);
    }
    let manual = reference::bhicci_late();
    let mut roster = Vec::new();
    program
        .roster(manual, date(AS_OF))
        .write_csv(&mut roster)
        .expect("written");
    let roster = String::from_utf8(roster).expect("UTF-8");
    assert!(roster.starts_with("coach_name,coach_id,disciplines,"));
    assert_eq!(roster.lines().count(), program.coaches.len() + 1);
    assert!(roster.contains("\n'@SUM(A1),"), "{roster}");
    assert!(roster.contains("\"'=HYPERLINK("), "{roster}");

    let mut coverage = Vec::new();
    program
        .team_coverage(manual, date(AS_OF))
        .write_csv(&mut coverage)
        .expect("written");
    let coverage = String::from_utf8(coverage).expect("UTF-8");
    assert!(coverage.starts_with("site_name,site_id,assignee_kind,"));
    assert!(
        coverage.contains("\"'=HYPERLINK(\"\"http://example.com\"\")\""),
        "{coverage}"
    );
    assert!(coverage.contains(",coach,'@SUM(A1),"), "{coverage}");
    assert!(coverage.contains(",single_coach,"), "{coverage}");
}

/// The rules of the manual's qualification checks.
const QUALIFICATION_RULES: [Rule; 7] = [
    Rule::CoachDegreeBelowMinimum,
    Rule::CoachExperienceBelowMinimum,
    Rule::CoachExperienceMissing,
    Rule::CoachCertificationMissing,
    Rule::CoachDisciplineMissing,
    Rule::CoachTrainingBelowMinimum,
    Rule::CoachCoreSkillMissing,
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The roster reads what validation reads: a coach stripped of everything has a missing
    /// check exactly where validation finds a qualification error at that coach, and a coach
    /// is over a threshold of one site exactly where `caseload-over-threshold` is found.
    #[test]
    fn the_roster_agrees_with_validation(
        (manual, mut program) in arb_manual_and_program(),
        stripped in any::<Index>(),
        offset in 0u64..1500,
    ) {
        let Some(first) = program.assignments.iter().map(|a| a.from).min() else {
            return Ok(());
        };
        let as_of = Date::from_naive(
            first.as_naive().checked_add_days(chrono::Days::new(offset)).expect("in range"),
        ).expect("writable");
        let i = stripped.index(program.coaches.len().max(1));
        if let Some(coach) = program.coaches.get_mut(i) {
            coach.degrees.clear();
            coach.experience.clear();
            coach.certifications.clear();
            coach.disciplines.clear();
            coach.training_hours = None;
            coach.skills.clear();
        }
        let mut manual = manual;
        manual.caseload = Some(CaseloadThreshold {
            sites: SiteCount::new(1).expect("a count"),
            counted: practice_coaching::manual::CaseloadSpan::AtOneTime,
            citations: Vec::new(),
        });
        let report = program.validate_as_of(&manual, as_of);
        let roster = program.roster(&manual, as_of);
        for (j, coach) in roster.coaches.iter().enumerate() {
            let at = format!("/coaches/{j}");
            let under = |d: &practice_coaching::Diagnostic| {
                d.path == at || d.path.starts_with(&format!("{at}/"))
            };
            let found = |worst: &[Severity]| {
                report.diagnostics().iter().any(|d| {
                    under(d) && worst.contains(&d.severity) && QUALIFICATION_RULES.contains(&d.rule)
                })
            };
            // Validation reports the failures of one rule together at the most binding
            // severity among them, so a recommended check missing may hide in an error.
            prop_assert_eq!(
                coach.with_outcome(CheckOutcome::Missing).count() > 0,
                found(&[Severity::Error]),
                "coach {}: {:?}", j, coach.checks
            );
            prop_assert_eq!(
                coach.with_outcome(CheckOutcome::Missing).count()
                    + coach.with_outcome(CheckOutcome::RecommendedMissing).count()
                    > 0,
                found(&[Severity::Error, Severity::Warning]),
                "coach {}: {:?}", j, coach.checks
            );
            prop_assert_eq!(
                coach.over_caseload,
                report.contains("caseload-over-threshold", &at),
                "coach {} coaches {:?}", j, coach.sites
            );
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
                let out = run(&["roster", file, "--as-of", super::AS_OF, "--format", format]);
                let text = String::from_utf8(out.stdout).expect("UTF-8");
                assert_eq!(out.status.code(), Some(0), "{file} {format}: {text}");
                match format {
                    "json" => {
                        let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
                        assert_eq!(json["as_of"], super::AS_OF);
                        assert!(json["roster"]["coaches"].is_array());
                        assert!(json["team_coverage"]["sites"].is_array());
                    }
                    "csv" => assert!(text.starts_with("coach_name,coach_id,")),
                    _ => {
                        assert!(text.contains("Team coverage as of 2016-06-01"), "{text}");
                        assert!(
                            text.lines().all(|l| l.chars().count() <= 80),
                            "{file}: a line wider than 80 columns:\n{text}"
                        );
                    }
                }
            }
            let out = run(&[
                "roster",
                file,
                "--as-of",
                super::AS_OF,
                "--format",
                "csv",
                "--table",
                "team-coverage",
            ]);
            assert_eq!(out.status.code(), Some(0));
            assert!(String::from_utf8_lossy(&out.stdout).starts_with("site_name,site_id,"));
        }
    }

    #[test]
    fn without_a_team_rule_the_table_says_so() {
        let out = run(&[
            "roster",
            "src/reference/evidencenow-sample-program.json",
            "--as-of",
            super::AS_OF,
        ]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("The manual has no team rule: no site needs a team."));
        assert!(text.contains("more than 20 sites"));
    }

    #[test]
    fn input_failures_exit_2() {
        assert_eq!(run(&["roster", "no-such-file.json"]).status.code(), Some(2));
        let manual = run(&["roster", "src/reference/bhicci-late.json"]);
        assert_eq!(manual.status.code(), Some(2));
        let wrong = run(&[
            "roster",
            "src/reference/bhicci-sample-program.json",
            "--manual",
            "src/reference/bhicci-sample-program.json",
        ]);
        assert_eq!(wrong.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&wrong.stderr).contains("expected a manual"));
    }
}
