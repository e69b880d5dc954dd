//! Every rule has a readable broken document that triggers it: manuals under
//! tests/broken/manual/, programs under tests/broken/program/ (checked against
//! tests/broken/manual-base.json). Each test asserts the rule's code and JSON Pointer.

use std::path::Path;

use practice_coaching::{Manual, Program, Report, Rule};

/// (rule code, JSON Pointer the finding must carry); the document is `<code>.json`.
const MANUAL_CASES: &[(&str, &str)] = &[
    ("source-key-duplicate", "/sources/1/key"),
    ("source-unknown", "/phases/0/citations/0/source"),
    (
        "citation-rationale-missing",
        "/titration/min_weeks_between_changes/citations/0",
    ),
    (
        "citation-source-missing",
        "/logistics/response_time/citations/0",
    ),
    ("citations-missing", "/collaborative/citations"),
    ("phase-none", "/phases"),
    ("phase-key-duplicate", "/phases/1/key"),
    ("phase-weeks-inverted", "/phases/0/max_weeks"),
    ("phase-level-unknown", "/phases/1/starting_level"),
    ("phase-skill-unknown", "/phases/0/skills/0"),
    ("criterion-key-duplicate", "/phases/0/exit_criteria/0/key"),
    ("phase-exit-criteria-missing", "/phases/1/exit_criteria"),
    (
        "criterion-measure-unknown",
        "/phases/0/exit_criteria/0/measure",
    ),
    ("level-none", "/intensity_levels"),
    ("level-key-duplicate", "/intensity_levels/1/key"),
    (
        "dose-channel-duplicate",
        "/intensity_levels/1/prescriptions/1/channel",
    ),
    (
        "dose-contacts-inverted",
        "/intensity_levels/0/prescriptions/1/max_contacts",
    ),
    (
        "dose-minutes-inverted",
        "/intensity_levels/0/prescriptions/0/max_minutes",
    ),
    (
        "dose-minutes-partial",
        "/intensity_levels/1/prescriptions/0",
    ),
    (
        "dose-below-floor",
        "/intensity_levels/1/prescriptions/1/min_contacts",
    ),
    ("level-order", "/intensity_levels/1"),
    (
        "titration-reference-unknown",
        "/titration/rules/0/adjustment/set_level/level",
    ),
    ("titration-level-unreachable", "/intensity_levels/1"),
    ("titration-rule-key-duplicate", "/titration/rules/1/key"),
    ("titration-rule-shadowed", "/titration/rules/2/trigger"),
    ("skill-key-duplicate", "/skills/1/key"),
    ("skill-core-none", "/skills"),
    (
        "skill-specialty-discipline-missing",
        "/skills/1/disciplines",
    ),
    ("skill-core-discipline-set", "/skills/0/disciplines"),
    ("dyad-disciplines", "/pairing/disciplines"),
    (
        "logistics-meeting-key-duplicate",
        "/logistics/meetings/1/key",
    ),
    ("logistics-debrief-missing", "/logistics/meetings"),
    ("measure-key-duplicate", "/measures/1/key"),
    ("figure-key-duplicate", "/figures/1/key"),
    ("figure-range-inverted", "/figures/0/value"),
];

/// (rule code, JSON Pointer) for programs, as for manuals.
const PROGRAM_CASES: &[(&str, &str)] = &[
    ("program-manual-mismatch", "/manual/version"),
    ("organization-id-duplicate", "/organizations/1/id"),
    ("site-id-duplicate", "/sites/2/id"),
    ("coach-id-duplicate", "/coaches/2/id"),
    ("dyad-id-duplicate", "/dyads/1/id"),
    ("site-organization-unknown", "/sites/2/organization"),
    ("dyad-coach-unknown", "/dyads/0/coaches/1"),
    ("dyad-size", "/dyads/0/coaches"),
    ("dyad-discipline-mismatch", "/dyads/0"),
    ("assignment-site-unknown", "/assignments/3/site"),
    (
        "assignment-assignee-unknown",
        "/assignments/0/assignee/dyad",
    ),
    ("assignment-date-duplicate", "/assignments/2/from"),
    ("site-unassigned", "/sites/2"),
    ("site-dyad-required", "/assignments/3/assignee"),
    ("coach-skill-unknown", "/coaches/0/skills/1"),
    ("coach-degree-below-minimum", "/coaches/2/highest_degree"),
    (
        "coach-experience-below-minimum",
        "/coaches/2/health_care_experience_years",
    ),
    ("coach-core-skill-missing", "/coaches/1/skills"),
    (
        "coach-transformation-experience-missing",
        "/coaches/0/transformation_experience",
    ),
    (
        "coach-integrated-experience-missing",
        "/coaches/0/integrated_care_experience",
    ),
    ("coach-solo-without-integrated-experience", "/coaches/2"),
    ("caseload-over-threshold", "/coaches/0"),
    ("relationship-site-unknown", "/relationships/0/site"),
    ("relationship-duplicate", "/relationships/1/site"),
    ("relationship-end-before-start", "/relationships/0/end/date"),
    (
        "relationship-date-outside",
        "/relationships/0/contacts/1/start",
    ),
    (
        "relationship-dates-unordered",
        "/relationships/0/phases/1/date",
    ),
    (
        "relationship-first-phase",
        "/relationships/0/phases/0/phase",
    ),
    (
        "phase-transition-unknown",
        "/relationships/0/phases/1/phase",
    ),
    ("phase-transition-order", "/relationships/0/phases/1/phase"),
    ("phase-back-without-reason", "/relationships/0/phases/2"),
    ("phase-duration-outside", "/relationships/0/phases/0"),
    ("decision-below-floor", "/relationships/0/titration/0/level"),
    (
        "decision-level-unknown",
        "/relationships/0/titration/0/level",
    ),
    ("decision-rule-unknown", "/relationships/0/titration/0/rule"),
    ("decision-interval", "/relationships/0/titration/1/date"),
    ("decision-reason-missing", "/relationships/0/titration/0"),
    (
        "contact-coach-unassigned",
        "/relationships/0/contacts/1/coaches/0",
    ),
    (
        "contact-topic-unknown",
        "/relationships/0/contacts/0/topics/0",
    ),
    (
        "contact-minutes-above-maximum",
        "/relationships/0/contacts/0/minutes",
    ),
    (
        "dyad-visit-debrief-missing",
        "/relationships/0/contacts/0/dyad_visit/debrief",
    ),
];

const MANUAL_AREAS: &[&str] = &[
    "identity",
    "phases",
    "dose",
    "titration",
    "skills",
    "pairing",
    "logistics",
    "measures",
    "figures",
];

fn read<T>(path: &Path, parse: fn(&[u8]) -> Result<T, practice_coaching::ParseError>) -> T {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn base_manual() -> Manual {
    read(
        Path::new("tests/broken/manual-base.json"),
        Manual::from_json,
    )
}

/// The manual a broken program is checked against: the base manual, except where the rule
/// needs a manual that is itself broken.
fn manual_for(program: &Path) -> Manual {
    match program.file_stem().and_then(|s| s.to_str()) {
        Some("decision-below-floor") => read(
            Path::new("tests/broken/manual/dose-below-floor.json"),
            Manual::from_json,
        ),
        _ => base_manual(),
    }
}

fn validate_program(path: &Path) -> Report {
    read(path, Program::from_json).validate(&manual_for(path))
}

#[test]
fn the_base_documents_are_clean() {
    let report = base_manual().validate();
    assert!(report.is_empty(), "{report:#?}");
    let report = validate_program(Path::new("tests/broken/program-base.json"));
    assert!(report.is_empty(), "{report:#?}");
}

/// Asserts that each `<folder>/<code>.json` causes `code` at its path, with a lowercase message.
fn assert_cases(folder: &str, cases: &[(&str, &str)], validate: impl Fn(&Path) -> Report) {
    for (code, path) in cases {
        let file = Path::new(folder).join(format!("{code}.json"));
        let report = validate(&file);
        let rule = Rule::from_code(code).expect("a catalogued code");
        let finding = report
            .diagnostics()
            .iter()
            .find(|d| d.rule == rule && d.path == *path);
        let finding = finding.unwrap_or_else(|| {
            panic!(
                "{}: expected {code} at {path}, got {report:#?}",
                file.display()
            )
        });
        assert!(
            finding
                .message
                .chars()
                .next()
                .is_some_and(|c| !c.is_uppercase()),
            "{finding}"
        );
    }
    let files = std::fs::read_dir(folder)
        .expect("the folder exists")
        .count();
    assert_eq!(
        files,
        cases.len(),
        "{folder}: a document without a case, or a case without a document"
    );
}

#[test]
fn each_broken_manual_triggers_its_rule_at_its_path() {
    assert_cases("tests/broken/manual", MANUAL_CASES, |file| {
        read(file, Manual::from_json).validate()
    });
}

#[test]
fn each_broken_program_triggers_its_rule_at_its_path() {
    assert_cases("tests/broken/program", PROGRAM_CASES, validate_program);
}

#[test]
fn every_rule_has_a_broken_document() {
    for rule in Rule::ALL {
        let cases = if MANUAL_AREAS.contains(&rule.area()) {
            MANUAL_CASES
        } else {
            PROGRAM_CASES
        };
        assert!(
            cases.iter().any(|(code, _)| *code == rule.code()),
            "no broken document for {rule}"
        );
    }
}

#[test]
fn policy_rules_take_their_severity_from_the_manual() {
    use practice_coaching::Severity;
    let severity = |code: &str| {
        let report =
            validate_program(&Path::new("tests/broken/program").join(format!("{code}.json")));
        let rule = Rule::from_code(code).expect("catalogued");
        report
            .diagnostics()
            .iter()
            .find(|d| d.rule == rule)
            .map(|d| d.severity)
    };
    // The base manual recommends a master's degree and requires transformation experience.
    assert_eq!(
        severity("coach-degree-below-minimum"),
        Some(Severity::Warning)
    );
    assert_eq!(
        severity("coach-transformation-experience-missing"),
        Some(Severity::Error)
    );
    let mut manual = base_manual();
    manual
        .qualifications
        .minimum_degree
        .as_mut()
        .expect("set")
        .requirement = practice_coaching::manual::Requirement::Required;
    let program = read(
        Path::new("tests/broken/program/coach-degree-below-minimum.json"),
        Program::from_json,
    );
    let report = program.validate(&manual);
    assert!(
        report
            .errors()
            .any(|d| d.rule == Rule::CoachDegreeBelowMinimum)
    );
}

#[test]
fn a_rule_with_more_weeks_after_one_with_fewer_is_shadowed() {
    use practice_coaching::manual::Trigger;
    let mut manual = base_manual();
    let weeks = |n: u16| Trigger::WeeksInPhase {
        phase: "engagement".parse().expect("a key"),
        weeks: practice_coaching::Weeks::new(n).expect("bounded"),
    };
    manual.titration.rules[0].trigger = weeks(8);
    manual.titration.rules[1].trigger = weeks(10);
    assert!(
        manual
            .validate()
            .contains("titration-rule-shadowed", "/titration/rules/1/trigger")
    );
    manual.titration.rules[1].trigger = weeks(6);
    assert!(
        !manual
            .validate()
            .contains("titration-rule-shadowed", "/titration/rules/1/trigger")
    );
}
