//! Every manual rule has a readable broken manual under tests/broken/manual/ that triggers it;
//! each test asserts the rule's code and JSON Pointer.

use std::path::Path;

use practice_coaching::{Manual, Rule};

/// (rule code, JSON Pointer the finding must carry); the document is `<code>.json`.
const CASES: &[(&str, &str)] = &[
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

fn read(path: &Path) -> Manual {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Manual::from_json(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_base_document_is_clean() {
    let report = read(Path::new("tests/broken/manual-base.json")).validate();
    assert!(report.is_empty(), "{report:#?}");
}

#[test]
fn each_broken_manual_triggers_its_rule_at_its_path() {
    for (code, path) in CASES {
        let file = Path::new("tests/broken/manual").join(format!("{code}.json"));
        let report = read(&file).validate();
        assert!(
            report.contains(code, path),
            "{}: expected {code} at {path}, got {report:#?}",
            file.display()
        );
        let rule = Rule::from_code(code).expect("a catalogued code");
        let finding = report
            .diagnostics()
            .iter()
            .find(|d| d.rule == rule && d.path == *path)
            .expect("found above");
        assert!(
            !finding.message.is_empty()
                && finding
                    .message
                    .chars()
                    .next()
                    .is_some_and(|c| !c.is_uppercase())
        );
    }
}

#[test]
fn every_manual_rule_has_a_broken_manual() {
    let manual_rules = Rule::ALL
        .iter()
        .filter(|r| MANUAL_AREAS.contains(&r.area()));
    for rule in manual_rules {
        assert!(
            CASES.iter().any(|(code, _)| *code == rule.code()),
            "no broken manual for {rule}"
        );
    }
    let files = std::fs::read_dir("tests/broken/manual")
        .expect("the folder exists")
        .count();
    assert_eq!(
        files,
        CASES.len(),
        "a broken manual without a case, or a case without a file"
    );
}
