//! Every rule of [`Rule::ALL`] has a readable broken document that triggers it, made from a
//! valid base document by the smallest change that breaks the rule:
//!
//! - manuals under `tests/broken/manual/<code>.json`, made from `tests/broken/manual-base.json`;
//! - programs under `tests/broken/program/<code>.json`, made from
//!   `tests/broken/program-base.json` and checked against the base manual, or, where the rule
//!   needs a different manual, against `tests/broken/program/<code>.manual.json` (the base
//!   manual with one policy changed).
//!
//! Each case asserts the rule's code and JSON Pointer, and lists every other finding the
//! document causes, so that no case breaks unrelated rules silently. Rules that encode one
//! manual's policy are shown silent against a manual without that policy, and policy rules take
//! their severity from the manual.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use practice_coaching::manual::{QualificationCheck, Requirement, Vocabularies};
use practice_coaching::{Manual, ParseError, Program, Report, Rule, RuleSeverity, Severity};

mod common;
use common::findings::findings;

/// A broken document: the rule it breaks, the JSON Pointer of the finding, and every other
/// finding (rule code, pointer) it cannot avoid causing.
struct Case {
    code: &'static str,
    path: &'static str,
    others: &'static [(&'static str, &'static str)],
}

/// A case whose document breaks its rule and nothing else.
const fn only(code: &'static str, path: &'static str) -> Case {
    Case {
        code,
        path,
        others: &[],
    }
}

/// A case whose document cannot break its rule without also causing `others`.
const fn with(
    code: &'static str,
    path: &'static str,
    others: &'static [(&'static str, &'static str)],
) -> Case {
    Case { code, path, others }
}

/// Broken manuals, `tests/broken/manual/<code>.json`, in catalogue order.
const MANUAL_CASES: &[Case] = &[
    only("source-key-duplicate", "/sources/3/key"),
    only("source-doi-invalid", "/sources/0/doi"),
    only("source-url-invalid", "/sources/2/url"),
    only("source-unknown", "/phases/0/citations/0/source"),
    only(
        "citation-rationale-missing",
        "/titration/min_weeks_between_changes/citations/0",
    ),
    only("citation-source-missing", "/response_time/citations/0"),
    only("citations-missing", "/collaborative/citations"),
    only("text-blank", "/skills/0/name"),
    only("vocabulary-key-duplicate", "/vocabularies/site_kinds/3/key"),
    only("vocabulary-key-unknown", "/measures/1/kind"),
    only("list-entry-duplicate", "/skills/4/disciplines/2"),
    // Without phases, what names a phase names nothing.
    with(
        "phase-none",
        "/phases",
        &[
            (
                "titration-reference-unknown",
                "/titration/rules/0/trigger/exit_criterion_met_early/phase",
            ),
            (
                "titration-reference-unknown",
                "/titration/rules/6/trigger/measure_crossed_target/phase",
            ),
            (
                "titration-reference-unknown",
                "/titration/rules/7/trigger/weeks_in_phase/phase",
            ),
            (
                "milestone-phase-unknown",
                "/milestones/1/anchor/phase_entry",
            ),
        ],
    ),
    only("phase-key-duplicate", "/phases/2/key"),
    only("phase-length-inverted", "/phases/0/length/max"),
    only("phase-length-zero", "/phases/0/length/max"),
    only("phase-level-unknown", "/phases/1/starting_level"),
    only("phase-skill-unknown", "/phases/0/skills/0"),
    only("criterion-key-duplicate", "/phases/0/exit_criteria/0/key"),
    // The member is left out, so the pointer names the phase.
    only("phase-exit-criteria-missing", "/phases/2"),
    only(
        "criterion-measure-unknown",
        "/phases/1/exit_criteria/0/measure",
    ),
    // Onboarding without a maximum or exit criteria: redesign is never entered. The missing
    // exit criteria are a finding of their own, and the rule that advances onboarding early
    // names one of them.
    with(
        "phase-never-left",
        "/phases/1",
        &[
            ("phase-exit-criteria-missing", "/phases/0"),
            (
                "titration-reference-unknown",
                "/titration/rules/0/trigger/exit_criterion_met_early/criterion",
            ),
        ],
    ),
    // Redesign listed before onboarding, whose exit criterion gives the baseline it enters on.
    only("phase-out-of-order", "/phases/0/entry_criteria/0/measure"),
    only("stratum-key-duplicate", "/strata/1/key"),
    only("stratum-phase-unknown", "/strata/0/enters"),
    only("stratum-months-invalid", "/strata/0/months/0"),
    // Without levels, what names a level names nothing.
    with(
        "level-none",
        "/intensity_levels",
        &[
            ("phase-level-unknown", "/phases/0/starting_level"),
            ("phase-level-unknown", "/phases/1/starting_level"),
            ("phase-level-unknown", "/phases/2/starting_level"),
            (
                "titration-reference-unknown",
                "/titration/rules/3/adjustment/set_level/level",
            ),
        ],
    ),
    only("level-key-duplicate", "/intensity_levels/2/key"),
    only(
        "dose-channel-duplicate",
        "/intensity_levels/2/prescriptions/2/channel",
    ),
    only(
        "dose-contacts-inverted",
        "/intensity_levels/2/prescriptions/1/max_contacts",
    ),
    only(
        "dose-minutes-inverted",
        "/intensity_levels/0/prescriptions/0/typical_minutes",
    ),
    only(
        "dose-minutes-partial",
        "/intensity_levels/1/prescriptions/0",
    ),
    only(
        "dose-minutes-implausible",
        "/intensity_levels/2/prescriptions/0/min_minutes",
    ),
    only(
        "dose-below-floor",
        "/intensity_levels/2/prescriptions/1/min_contacts",
    ),
    only(
        "dose-coaches-without-team",
        "/intensity_levels/0/prescriptions/0/coaches_per_contact",
    ),
    only(
        "dose-joint-single-coach",
        "/intensity_levels/2/prescriptions/0/coaches_per_contact",
    ),
    only(
        "dose-mode-channel",
        "/intensity_levels/0/prescriptions/0/modes/0",
    ),
    only(
        "dose-mode-duplicate",
        "/intensity_levels/0/prescriptions/1/modes/1",
    ),
    only(
        "dose-interval-invalid",
        "/intensity_levels/2/prescriptions/0/interval/max",
    ),
    only(
        "dose-interval-counts",
        "/intensity_levels/2/prescriptions/0/max_contacts",
    ),
    only("level-order", "/intensity_levels/1"),
    only(
        "titration-reference-unknown",
        "/titration/rules/3/adjustment/set_level/level",
    ),
    only("titration-level-unreachable", "/intensity_levels/2"),
    only("titration-rule-key-duplicate", "/titration/rules/7/key"),
    only("titration-rule-shadowed", "/titration/rules/4/trigger"),
    only(
        "titration-rule-never-fires",
        "/titration/rules/7/trigger/weeks_in_phase/weeks",
    ),
    only("skill-key-duplicate", "/skills/5/key"),
    // The core skills become specialty skills, which name no holders.
    with(
        "skill-core-none",
        "/skills",
        &[
            ("skill-specialty-holder-missing", "/skills/0"),
            ("skill-specialty-holder-missing", "/skills/1"),
            ("skill-specialty-holder-missing", "/skills/2"),
        ],
    ),
    only("skill-specialty-holder-missing", "/skills/5"),
    only("skill-core-holder-set", "/skills/0/disciplines"),
    only("qualification-duplicate", "/qualifications/8/check"),
    only("team-role-duplicate", "/team/roles/1/role"),
    only("team-skill-unknown", "/team/roles/1/skills/0"),
    only(
        "team-point-of-contact-multiple",
        "/team/roles/1/point_of_contact",
    ),
    only("activity-key-duplicate", "/activities/4/key"),
    only("activity-minutes-zero", "/activities/2/max_minutes"),
    only("activity-minutes-inverted", "/activities/3/max_minutes"),
    // Contacts stop being joint: both joint-only activities lose their team.
    with(
        "activity-joint-without-team",
        "/activities/1/cadence/around_contact/joint_only",
        &[(
            "activity-joint-without-team",
            "/activities/0/cadence/around_contact/joint_only",
        )],
    ),
    only(
        "activity-milestone-unknown",
        "/activities/5/cadence/at_milestone",
    ),
    only(
        "activity-series-anchor-unknown",
        "/activities/4/cadence/every/starts/phase_entry",
    ),
    only(
        "activity-series-program-wide",
        "/activities/3/cadence/every/until_end_of",
    ),
    // A manual of visits only, whose contact note follows remote contacts.
    only(
        "activity-channel-unprescribed",
        "/activities/2/cadence/around_contact/channel",
    ),
    only("milestone-key-duplicate", "/milestones/1/key"),
    only(
        "milestone-phase-unknown",
        "/milestones/1/anchor/phase_entry",
    ),
    only("milestone-repeat-zero", "/milestones/1/every"),
    // The six-month interview typed as thirty months.
    only("milestone-after-relationship", "/milestones/0/offset"),
    only("component-key-duplicate", "/components/1/key"),
    only("material-key-duplicate", "/materials/1/key"),
    only(
        "collaborative-dates-unordered",
        "/collaborative/learning_sessions/dated/1",
    ),
    only(
        "collaborative-headcount-inverted",
        "/collaborative/faculty/max",
    ),
    only("measure-key-duplicate", "/measures/3/key"),
    only("figure-key-duplicate", "/figures/5/key"),
    only("figure-empty", "/figures/0"),
    only("figure-range-inverted", "/figures/0/value"),
    only("figure-sd-without-value", "/figures/0/spread/sd"),
    only("figure-group-duplicate", "/figures/1/groups/1/name"),
    only("figure-tolerance-below-one", "/figures/0/tolerance"),
    only("figure-far-from-manual", "/figures/2/describes"),
];

/// Broken programs, `tests/broken/program/<code>.json`, in catalogue order.
const PROGRAM_CASES: &[Case] = &[
    only("program-manual-mismatch", "/manual/version"),
    // The second earlier version ends before the first.
    only(
        "program-manual-versions-unordered",
        "/manual/earlier/1/until",
    ),
    only("recorded-activity-unknown", "/recorded_activities/3"),
    only("recorded-activity-duplicate", "/recorded_activities/3"),
    only("organization-id-duplicate", "/organizations/2/id"),
    only("site-id-duplicate", "/sites/4/id"),
    only("coach-id-duplicate", "/coaches/4/id"),
    only("team-id-duplicate", "/teams/2/id"),
    only("site-organization-unknown", "/sites/3/organization"),
    only("site-stratum-unknown", "/sites/0/stratum"),
    // The base program, against the base manual without its team rule.
    only("team-without-rule", "/teams"),
    // The real coach is no longer assigned through the team: the contacts that name them only
    // follow from the unknown member, and are suppressed.
    only("team-coach-unknown", "/teams/1/members/1/coach"),
    only("team-roles-mismatch", "/teams/1/members"),
    only("team-member-unqualified", "/teams/0/members/1"),
    only("team-duplicate", "/teams/2/members"),
    only("assignment-site-unknown", "/assignments/6/site"),
    only(
        "assignment-assignee-unknown",
        "/assignments/3/assignee/team",
    ),
    only("assignment-dates-inverted", "/assignments/2/until"),
    only("assignment-overlap", "/assignments/1/from"),
    only("site-unassigned", "/sites/4"),
    only("site-team-required", "/assignments/3/assignee"),
    only("coach-skill-unknown", "/coaches/0/skills/3"),
    only("coach-degree-below-minimum", "/coaches/3/degrees"),
    only("coach-experience-below-minimum", "/coaches/2/experience"),
    only("coach-experience-missing", "/coaches/3/experience"),
    only("coach-certification-missing", "/coaches/1/certifications"),
    only("coach-discipline-missing", "/coaches/0/disciplines"),
    only("coach-training-below-minimum", "/coaches/3/training_hours"),
    only("coach-core-skill-missing", "/coaches/2/skills"),
    only("coach-solo-without-experience", "/coaches/2"),
    only("caseload-over-threshold", "/coaches/2"),
    only("relationship-site-unknown", "/relationships/2/site"),
    only("relationship-duplicate", "/relationships/3/site"),
    only("relationship-end-before-start", "/relationships/1/end/date"),
    only("relationship-before-assignment", "/relationships/1/start"),
    // A criterion met before the relationship starts is met during no stay.
    with(
        "relationship-date-outside",
        "/relationships/1/met/0/date",
        &[("phase-left-criteria-open", "/relationships/1/phases/1")],
    ),
    // A decision listed after a later one.
    only(
        "relationship-dates-unordered",
        "/relationships/0/titration/1/date",
    ),
    only("relationship-first-phase", "/relationships/2/phases/0/date"),
    only(
        "phase-transition-unknown",
        "/relationships/0/phases/2/phase",
    ),
    only("phase-transition-order", "/relationships/2/phases/1/phase"),
    only("phase-back-without-reason", "/relationships/1/phases/3"),
    only("phase-duration-outside", "/relationships/2/phases/0"),
    only("phase-left-criteria-open", "/relationships/0/phases/1"),
    only(
        "decision-level-unknown",
        "/relationships/0/titration/0/level",
    ),
    only("decision-rule-unknown", "/relationships/0/titration/0/rule"),
    only(
        "decision-rule-mismatch",
        "/relationships/0/titration/0/level",
    ),
    // A rule for a criterion of onboarding met early, applied in redesign.
    only("decision-rule-phase", "/relationships/1/titration/2/rule"),
    // Against the base manual with a higher remote floor.
    only("decision-below-floor", "/relationships/0/titration/2/level"),
    only("decision-interval", "/relationships/0/titration/0/date"),
    only("decision-reason-missing", "/relationships/0/titration/0"),
    // The criterion it meant is then met during no stay.
    with(
        "achievement-unknown",
        "/relationships/0/met/0/what/criterion",
        &[("phase-left-criteria-open", "/relationships/0/phases/1")],
    ),
    // The override names months 4 and 5; the site enters redesign in its second month.
    only("phase-entry-stratum", "/relationships/0/phases/1/date"),
    only(
        "component-unknown",
        "/relationships/0/components/1/component",
    ),
    only(
        "component-received-before-offered",
        "/relationships/0/components/0/received",
    ),
    only(
        "contact-coaches-none",
        "/relationships/2/contacts/0/coaches",
    ),
    only(
        "contact-coach-unassigned",
        "/relationships/2/contacts/0/coaches/0",
    ),
    only(
        "contact-guest-unknown",
        "/relationships/1/contacts/0/guests/0",
    ),
    only("contact-duplicate", "/relationships/2/contacts/2"),
    only(
        "contact-topic-unknown",
        "/relationships/0/contacts/1/topics/0",
    ),
    only(
        "contact-minutes-above-maximum",
        "/relationships/0/contacts/1/minutes",
    ),
    // A day of travel on a video call.
    only(
        "contact-travel-remote",
        "/relationships/0/contacts/1/travel_minutes",
    ),
    only(
        "contact-answered-before-asked",
        "/relationships/0/contacts/1/asked",
    ),
    only(
        "contact-fewer-coaches",
        "/relationships/0/contacts/2/coaches",
    ),
    only(
        "contact-activity-unknown",
        "/relationships/0/contacts/1/activities/1",
    ),
    only(
        "contact-activity-missing",
        "/relationships/0/contacts/0/activities",
    ),
];

/// The manuals some broken programs are checked against, `tests/broken/program/<code>.manual.json`:
/// the base manual with one policy changed, and the findings that change causes in the manual
/// itself.
const MANUAL_OVERRIDES: &[(&str, &[(&str, &str)])] = &[
    // No team rule: the base manual's two-coach visits and joint-only activities lose theirs.
    (
        "team-without-rule",
        &[
            (
                "dose-coaches-without-team",
                "/intensity_levels/0/prescriptions/0/coaches_per_contact",
            ),
            (
                "dose-coaches-without-team",
                "/intensity_levels/1/prescriptions/0/coaches_per_contact",
            ),
            (
                "dose-coaches-without-team",
                "/intensity_levels/2/prescriptions/0/coaches_per_contact",
            ),
            (
                "activity-joint-without-team",
                "/activities/0/cadence/around_contact/joint_only",
            ),
            (
                "activity-joint-without-team",
                "/activities/1/cadence/around_contact/joint_only",
            ),
        ],
    ),
    // The stratum's sites enter redesign in months 4 or 5.
    ("phase-entry-stratum", &[]),
    // A remote floor of two calls a month, which the light level does not meet.
    (
        "decision-below-floor",
        &[(
            "dose-below-floor",
            "/intensity_levels/2/prescriptions/1/min_contacts",
        )],
    ),
];

fn file(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn read<T>(path: &Path, parse: fn(&[u8]) -> Result<T, ParseError>) -> T {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn base_manual() -> Manual {
    read(&file("tests/broken/manual-base.json"), Manual::from_json)
}

fn base_program() -> Program {
    read(&file("tests/broken/program-base.json"), Program::from_json)
}

fn broken_manual(code: &str) -> Manual {
    read(
        &file(&format!("tests/broken/manual/{code}.json")),
        Manual::from_json,
    )
}

fn broken_program(code: &str) -> Program {
    read(
        &file(&format!("tests/broken/program/{code}.json")),
        Program::from_json,
    )
}

/// The manual the broken program `code` is checked against: its override where it has one,
/// else the base manual.
fn manual_for(code: &str) -> Manual {
    let path = file(&format!("tests/broken/program/{code}.manual.json"));
    if path.exists() {
        read(&path, Manual::from_json)
    } else {
        base_manual()
    }
}

fn expected(code: &str, path: &str, others: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    std::iter::once((code, path))
        .chain(others.iter().copied())
        .map(|(c, p)| (c.to_owned(), p.to_owned()))
        .collect()
}

/// Asserts that `report` holds exactly the case's finding and its listed others, each with a
/// message that starts in lower case and the severity its rule fixes.
fn assert_case(what: &str, case: &Case, report: &Report) {
    assert_eq!(
        findings(report),
        expected(case.code, case.path, case.others),
        "{what}: the findings differ from the case's; got {report:#?}"
    );
    for finding in report.diagnostics() {
        assert!(
            finding
                .message
                .chars()
                .next()
                .is_some_and(|c| !c.is_uppercase()),
            "{what}: {finding}"
        );
        if let Some(severity) = finding.rule.severity().fixed() {
            assert_eq!(finding.severity, severity, "{what}: {finding}");
        }
    }
}

fn program_case(code: &str) -> &'static Case {
    PROGRAM_CASES
        .iter()
        .find(|c| c.code == code)
        .unwrap_or_else(|| panic!("no program case {code}"))
}

#[test]
fn the_base_documents_are_clean() {
    let manual = base_manual();
    let report = manual.validate();
    assert!(report.is_empty(), "{report:#?}");
    let report = base_program().validate(&manual);
    assert!(report.is_empty(), "{report:#?}");
}

#[test]
fn the_test_data_documents_are_clean() {
    let minimal = read(&file("tests/data/manual-minimal.json"), Manual::from_json);
    let report = minimal.validate();
    assert!(report.is_empty(), "manual-minimal: {report:#?}");
    let full = read(&file("tests/data/manual-full.json"), Manual::from_json);
    let report = full.validate();
    assert!(report.is_empty(), "manual-full: {report:#?}");
    let program = read(&file("tests/data/program-full.json"), Program::from_json);
    let report = program.validate(&full);
    assert!(report.is_empty(), "program-full: {report:#?}");
}

#[test]
fn the_minimal_manual_has_one_of_each_required_list_and_no_optional_section() {
    let minimal = read(&file("tests/data/manual-minimal.json"), Manual::from_json);
    assert_eq!(minimal.sources.len(), 1);
    assert_eq!(minimal.phases.len(), 1);
    assert_eq!(minimal.intensity_levels.len(), 1);
    assert_eq!(minimal.skills.len(), 1);
    assert_eq!(minimal.core_skills().count(), 1);
    assert_eq!(minimal.vocabularies, Vocabularies::default());
    assert!(minimal.titration.is_none());
    assert!(minimal.team.is_none());
    assert!(minimal.caseload.is_none());
    assert!(minimal.collaborative.is_none());
    assert!(minimal.response_time.is_none());
    assert!(minimal.qualifications.is_empty());
    assert!(minimal.activities.is_empty());
    assert!(minimal.milestones.is_empty());
    assert!(minimal.materials.is_empty());
    assert!(minimal.measures.is_empty());
    assert!(minimal.figures.is_empty());
}

#[test]
fn the_base_manual_uses_every_section() {
    use practice_coaching::manual::{Cadence, Described, LearningSessions, Trigger};
    let manual = base_manual();
    let v = &manual.vocabularies;
    for (name, empty) in [
        ("disciplines", v.disciplines.is_empty()),
        ("roles", v.roles.is_empty()),
        ("degrees", v.degrees.is_empty()),
        ("certifications", v.certifications.is_empty()),
        ("experience_kinds", v.experience_kinds.is_empty()),
        ("site_kinds", v.site_kinds.is_empty()),
        ("activity_kinds", v.activity_kinds.is_empty()),
        ("measure_kinds", v.measure_kinds.is_empty()),
    ] {
        assert!(!empty, "no {name}");
    }
    assert_eq!(manual.phases.len(), 3);
    assert_eq!(manual.intensity_levels.len(), 3);
    let titration = manual.titration.as_ref().expect("titration");
    assert!(titration.floor.is_some() && titration.min_weeks_between_changes.is_some());
    let triggers: std::collections::HashSet<_> = titration
        .rules
        .iter()
        .map(|r| std::mem::discriminant(&r.trigger))
        .collect();
    assert!(triggers.len() >= 6, "{} kinds of trigger", triggers.len());
    assert!(
        titration
            .rules
            .iter()
            .any(|r| matches!(r.trigger, Trigger::MeasureCrossedTarget { .. }))
    );
    let team = manual.team.as_ref().expect("team rule");
    assert_eq!(team.roles.len(), 2);
    assert!(team.for_coaches_without.is_some());
    assert!(manual.caseload.is_some());
    for requirement in [
        Requirement::Required,
        Requirement::Recommended,
        Requirement::NotRequired,
    ] {
        assert!(
            manual
                .qualifications
                .iter()
                .any(|q| q.requirement == requirement)
        );
    }
    assert!(manual.qualifications.iter().any(|q| q.role.is_some()));
    let cadences = |f: fn(&Cadence) -> bool| manual.activities.iter().any(|a| f(&a.cadence));
    assert!(cadences(|c| matches!(c, Cadence::Every { .. })));
    assert!(cadences(|c| matches!(c, Cadence::AtMilestone(_))));
    assert!(cadences(|c| matches!(
        c,
        Cadence::AroundContact {
            joint_only: true,
            ..
        }
    )));
    assert!(!manual.milestones.is_empty() && !manual.materials.is_empty());
    assert!(matches!(
        manual.collaborative.as_ref().map(|c| &c.learning_sessions),
        Some(LearningSessions::Dated(_))
    ));
    assert!(manual.response_time.is_some() && !manual.measures.is_empty());
    let described: Vec<&Described> = manual
        .figures
        .iter()
        .filter_map(|f| f.describes.as_ref())
        .collect();
    // The relationship, minutes, caseload kinds; tests/data/manual-full.json holds the rest.
    assert_eq!(described.len(), 5, "five kinds of value a figure describes");
}

#[test]
fn each_broken_manual_breaks_its_rule_at_its_path_and_nothing_else() {
    for case in MANUAL_CASES {
        let report = broken_manual(case.code).validate();
        assert_case(&format!("manual/{}.json", case.code), case, &report);
    }
}

#[test]
fn each_broken_program_breaks_its_rule_at_its_path_and_nothing_else() {
    for case in PROGRAM_CASES {
        let report = broken_program(case.code).validate(&manual_for(case.code));
        assert_case(&format!("program/{}.json", case.code), case, &report);
    }
}

#[test]
fn each_manual_override_changes_one_policy_of_the_base_manual() {
    for (code, own) in MANUAL_OVERRIDES {
        let report = manual_for(code).validate();
        let want: BTreeSet<(String, String)> = own
            .iter()
            .map(|(c, p)| ((*c).to_owned(), (*p).to_owned()))
            .collect();
        assert_eq!(
            findings(&report),
            want,
            "program/{code}.manual.json: {report:#?}"
        );
        // An override belongs to a broken program.
        program_case(code);
    }
}

#[test]
fn the_tables_cover_the_rule_catalogue_exactly() {
    let mut codes: Vec<&str> = MANUAL_CASES
        .iter()
        .chain(PROGRAM_CASES)
        .map(|c| c.code)
        .collect();
    let listed = codes.len();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), listed, "a rule with two cases");
    let catalogue: BTreeSet<&str> = Rule::ALL.iter().map(|r| r.code()).collect();
    let cases: BTreeSet<&str> = codes.into_iter().collect();
    let without_case: Vec<_> = catalogue.difference(&cases).collect();
    let without_rule: Vec<_> = cases.difference(&catalogue).collect();
    assert!(
        without_case.is_empty(),
        "rules without a case: {without_case:?}"
    );
    assert!(
        without_rule.is_empty(),
        "cases without a rule: {without_rule:?}"
    );
    // Every other finding a case lists is a catalogued rule too.
    for case in MANUAL_CASES.iter().chain(PROGRAM_CASES) {
        for (code, _) in case.others {
            assert!(Rule::from_code(code).is_some(), "{}: {code}", case.code);
        }
    }
}

/// The documents in `folder`, by file name.
fn documents(folder: &str) -> BTreeSet<String> {
    std::fs::read_dir(file(folder))
        .unwrap_or_else(|e| panic!("{folder}: {e}"))
        .map(|entry| {
            entry
                .expect("a directory entry")
                .file_name()
                .into_string()
                .expect("a UTF-8 name")
        })
        .collect()
}

#[test]
fn every_document_has_a_case_and_every_case_a_document() {
    let want: BTreeSet<String> = MANUAL_CASES
        .iter()
        .map(|c| format!("{}.json", c.code))
        .collect();
    assert_eq!(documents("tests/broken/manual"), want);
    let want: BTreeSet<String> = PROGRAM_CASES
        .iter()
        .map(|c| format!("{}.json", c.code))
        .chain(
            MANUAL_OVERRIDES
                .iter()
                .map(|(code, _)| format!("{code}.manual.json")),
        )
        .collect();
    assert_eq!(documents("tests/broken/program"), want);
}

// ---------------------------------------------------------------------------------------------
// Policy rules: the manual's requirement decides the severity.

/// The rule a failed qualification check reports.
fn rule_of(check: &QualificationCheck) -> Rule {
    match check {
        QualificationCheck::MinimumDegree { .. } => Rule::CoachDegreeBelowMinimum,
        QualificationCheck::ExperienceYears { .. } => Rule::CoachExperienceBelowMinimum,
        QualificationCheck::ExperienceHeld { .. } => Rule::CoachExperienceMissing,
        QualificationCheck::CertificationHeld { .. } => Rule::CoachCertificationMissing,
        QualificationCheck::DisciplineHeld { .. } => Rule::CoachDisciplineMissing,
        QualificationCheck::TrainingHours { .. } => Rule::CoachTrainingBelowMinimum,
        QualificationCheck::CoreSkills => Rule::CoachCoreSkillMissing,
    }
}

/// The base manual with every check the policy rule `rule` runs set to `requirement`.
fn with_requirement(rule: Rule, requirement: Requirement) -> Manual {
    let mut manual = base_manual();
    let mut changed = false;
    for q in &mut manual.qualifications {
        if rule_of(&q.check) == rule {
            q.requirement = requirement;
            changed = true;
        }
    }
    if rule == Rule::CoachSoloWithoutExperience
        && let Some(policy) = manual
            .team
            .as_mut()
            .and_then(|t| t.for_coaches_without.as_mut())
    {
        policy.requirement = requirement;
        changed = true;
    }
    assert!(changed, "the base manual states no policy for {rule}");
    manual
}

/// The severity of the case's finding for each policy rule, under `requirement`.
fn policy_severities(requirement: Requirement) -> Vec<(Rule, Option<Severity>)> {
    let policy: Vec<Rule> = Rule::ALL
        .iter()
        .copied()
        .filter(|r| r.severity() == RuleSeverity::Policy)
        .collect();
    assert!(policy.len() >= 8, "{} policy rules", policy.len());
    policy
        .into_iter()
        .map(|rule| {
            let case = program_case(rule.code());
            let report = broken_program(case.code).validate(&with_requirement(rule, requirement));
            let severity = report
                .diagnostics()
                .iter()
                .find(|d| d.rule == rule && d.path == case.path)
                .map(|d| d.severity);
            (rule, severity)
        })
        .collect()
}

#[test]
fn a_required_policy_is_an_error() {
    for (rule, severity) in policy_severities(Requirement::Required) {
        assert_eq!(severity, Some(Severity::Error), "{rule}");
    }
}

#[test]
fn a_recommended_policy_is_a_warning() {
    for (rule, severity) in policy_severities(Requirement::Recommended) {
        assert_eq!(severity, Some(Severity::Warning), "{rule}");
    }
}

#[test]
fn a_policy_not_required_is_silent() {
    for (rule, severity) in policy_severities(Requirement::NotRequired) {
        assert_eq!(severity, None, "{rule}");
    }
    // The base manual records a certification it does not require, which some coaches of the
    // base program lack, and the base program is clean: the check never runs.
    let manual = base_manual();
    let program = base_program();
    let unasked = manual
        .qualifications
        .iter()
        .find_map(|q| match (&q.check, q.requirement) {
            (QualificationCheck::CertificationHeld { certification }, Requirement::NotRequired) => {
                Some(certification)
            }
            _ => None,
        })
        .expect("a certification the base manual does not require");
    assert!(
        program
            .coaches
            .iter()
            .any(|c| !c.certifications.contains(unasked))
    );
    assert!(program.validate(&manual).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Rules that encode one manual's policy run only where the manual states it.

/// A rule whose source is a part of the manual, and the change that takes that policy out of
/// the manual its broken document is checked against.
struct Silent {
    code: &'static str,
    without: fn(&mut Manual),
}

fn no_team_rule(manual: &mut Manual) {
    manual.team = None;
}

fn no_floor(manual: &mut Manual) {
    if let Some(titration) = &mut manual.titration {
        titration.floor = None;
    }
}

fn no_qualifications(manual: &mut Manual) {
    manual.qualifications.clear();
}

const SILENT: &[Silent] = &[
    Silent {
        code: "dose-below-floor",
        without: no_floor,
    },
    Silent {
        code: "dose-joint-single-coach",
        without: no_team_rule,
    },
    Silent {
        code: "dose-joint-single-coach",
        // A team rule whose coaches visit one at a time.
        without: |m| {
            if let Some(team) = &mut m.team {
                team.joint_contacts = false;
            }
        },
    },
    Silent {
        code: "dose-joint-single-coach",
        // Teams only at some sites: the others' visits are made by one coach.
        without: |m| {
            if let Some(team) = &mut m.team {
                team.required_for =
                    practice_coaching::manual::TeamRequirement::SelectedOrganizations;
            }
        },
    },
    Silent {
        code: "contact-fewer-coaches",
        without: no_team_rule,
    },
    Silent {
        code: "contact-fewer-coaches",
        // A team rule whose coaches visit one at a time.
        without: |m| {
            if let Some(team) = &mut m.team {
                team.joint_contacts = false;
            }
        },
    },
    Silent {
        code: "contact-fewer-coaches",
        // A prescription of one coach per visit asks for no more.
        without: |m| {
            for level in &mut m.intensity_levels {
                for p in &mut level.prescriptions {
                    p.coaches_per_contact = practice_coaching::CoachCount::MIN_VALUE;
                }
            }
        },
    },
    Silent {
        // The policy is "single coaches": a manual with a team rule allows teams.
        code: "team-without-rule",
        without: |m| m.team = base_manual().team,
    },
    Silent {
        code: "team-roles-mismatch",
        without: no_team_rule,
    },
    Silent {
        code: "team-member-unqualified",
        without: no_team_rule,
    },
    Silent {
        code: "site-team-required",
        without: no_team_rule,
    },
    Silent {
        code: "site-team-required",
        // A team rule that requires no site to have a team.
        without: |m| {
            if let Some(team) = &mut m.team {
                team.required_for = practice_coaching::manual::TeamRequirement::NoSites;
            }
        },
    },
    Silent {
        code: "coach-degree-below-minimum",
        without: no_qualifications,
    },
    Silent {
        code: "coach-experience-below-minimum",
        without: no_qualifications,
    },
    Silent {
        code: "coach-experience-missing",
        without: no_qualifications,
    },
    Silent {
        code: "coach-certification-missing",
        without: no_qualifications,
    },
    Silent {
        code: "coach-discipline-missing",
        without: no_qualifications,
    },
    Silent {
        code: "coach-training-below-minimum",
        without: no_qualifications,
    },
    Silent {
        code: "coach-core-skill-missing",
        without: no_qualifications,
    },
    Silent {
        code: "coach-solo-without-experience",
        without: no_team_rule,
    },
    Silent {
        code: "coach-solo-without-experience",
        // A team rule without the experience policy.
        without: |m| {
            if let Some(team) = &mut m.team {
                team.for_coaches_without = None;
            }
        },
    },
    Silent {
        code: "caseload-over-threshold",
        without: |m| m.caseload = None,
    },
    Silent {
        code: "decision-below-floor",
        without: no_floor,
    },
    Silent {
        code: "contact-activity-missing",
        without: |m| m.activities.clear(),
    },
    Silent {
        code: "phase-entry-stratum",
        without: |m| m.strata.clear(),
    },
    Silent {
        code: "contact-activity-missing",
        // Only the activities that are not held around contacts.
        without: |m| {
            m.activities.retain(|a| {
                !matches!(
                    a.cadence,
                    practice_coaching::manual::Cadence::AroundContact { .. }
                )
            });
        },
    },
];

#[test]
fn rules_of_a_manual_policy_are_silent_without_it() {
    for silent in SILENT {
        let rule = Rule::from_code(silent.code).expect("a catalogued code");
        let report = if MANUAL_CASES.iter().any(|c| c.code == silent.code) {
            let mut manual = broken_manual(silent.code);
            (silent.without)(&mut manual);
            manual.validate()
        } else {
            let mut manual = manual_for(silent.code);
            (silent.without)(&mut manual);
            broken_program(silent.code).validate(&manual)
        };
        assert!(
            report.diagnostics().iter().all(|d| d.rule != rule),
            "{}: {report:#?}",
            silent.code
        );
    }
}

#[test]
fn every_rule_of_a_manual_policy_has_a_silent_case() {
    for rule in Rule::ALL {
        let of_the_manual = rule.source() != "design";
        let silent = SILENT.iter().any(|s| s.code == rule.code());
        assert_eq!(
            of_the_manual,
            silent,
            "{rule} (source: {}): a rule of a manual policy, and only such a rule, is shown silent without it",
            rule.source()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Details the cases above rely on.

#[test]
fn a_member_left_out_is_reported_at_its_parent() {
    // A pointer must resolve: a coach without training hours is reported at the coach, a
    // contact that records no activity at the contact.
    let manual = base_manual();
    let mut program = base_program();
    program.coaches[3].training_hours = None;
    program.relationships[0].contacts[1].activities.clear();
    let report = program.validate(&manual);
    assert_eq!(
        findings(&report),
        expected(
            "coach-training-below-minimum",
            "/coaches/3",
            &[("contact-activity-missing", "/relationships/0/contacts/1")],
        ),
        "{report:#?}"
    );
}

#[test]
fn a_rule_of_the_phase_left_that_day_applies_on_that_day() {
    // Onboarding's exit criterion met early advances the phase: the decision falls on the day
    // redesign begins, and its rule belongs to the phase left that day.
    let manual = base_manual();
    let mut program = base_program();
    let relationship = &mut program.relationships[0];
    let mut decision = relationship.titration[0].clone();
    decision.date = relationship.phases[1].date;
    decision.level = "intensive".parse().expect("a key");
    decision.rule = Some("onboarding-done-early".parse().expect("a key"));
    relationship.titration.insert(0, decision);
    let report = program.validate(&manual);
    assert!(report.is_empty(), "{report:#?}");
    // A day later it is a rule of another phase.
    let decision = &mut program.relationships[0].titration[0];
    decision.date = "2021-03-02".parse().expect("a date");
    let report = program.validate(&manual);
    assert!(
        report.contains("decision-rule-phase", "/relationships/0/titration/0/rule"),
        "{report:#?}"
    );
    let finding = report
        .diagnostics()
        .iter()
        .find(|d| d.rule.code() == "decision-rule-phase")
        .expect("a finding");
    assert_eq!(
        finding.message,
        "rule `onboarding-done-early` belongs to phase Onboarding (`onboarding`), but on 2021-03-02 the relationship is in phase Redesign (`redesign`); expected a rule of the phase in force"
    );
}

#[test]
fn no_travel_on_a_remote_contact_may_be_written_as_zero() {
    let manual = base_manual();
    let mut program = base_program();
    program.relationships[0].contacts[1].travel_minutes =
        Some(practice_coaching::Minutes::new(0).expect("bounded"));
    let report = program.validate(&manual);
    assert!(report.is_empty(), "{report:#?}");
}

#[test]
fn a_source_address_is_a_web_address_or_a_doi() {
    let mut manual = base_manual();
    let at = "/sources/2/url";
    for ok in [
        "https://example.org/handbook",
        "HTTP://example.org",
        "https://doi.org/10.5334/ijic.4737",
        "doi:10.5334/ijic.4737",
        "10.5334/ijic.4737",
    ] {
        manual.sources[2].url = Some(ok.to_owned());
        let report = manual.validate();
        assert!(report.is_empty(), "{ok}: {report:#?}");
    }
    for bad in [
        "javascript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,hi",
        "ftp://example.org/handbook.pdf",
        "https://",
        "https:///path",
        "www.example.org/handbook",
        "doi:10.5334",
        "",
    ] {
        manual.sources[2].url = Some(bad.to_owned());
        let report = manual.validate();
        assert!(
            report.contains("source-url-invalid", at),
            "{bad:?}: {report:#?}"
        );
    }
}

#[test]
fn a_rule_with_more_weeks_after_one_with_fewer_is_shadowed() {
    use practice_coaching::manual::Trigger;
    let mut manual = base_manual();
    let weeks = |n: u16| Trigger::WeeksInPhase {
        phase: "redesign".parse().expect("a key"),
        weeks: practice_coaching::Weeks::new(n).expect("bounded"),
    };
    let rules = &mut manual.titration.as_mut().expect("titration").rules;
    rules[6].trigger = weeks(30);
    rules[7].trigger = weeks(40);
    assert!(
        manual
            .validate()
            .contains("titration-rule-shadowed", "/titration/rules/7/trigger")
    );
    let rules = &mut manual.titration.as_mut().expect("titration").rules;
    rules[7].trigger = weeks(20);
    assert!(
        !manual
            .validate()
            .contains("titration-rule-shadowed", "/titration/rules/7/trigger")
    );
}

// ---------------------------------------------------------------------------------------------
// Findings that only follow from an earlier one are suppressed and counted.

/// The dated entries of a relationship: transitions, decisions, achievements, contacts and
/// components received.
fn dated_entries(relationship: &practice_coaching::program::Relationship) -> usize {
    relationship.phases.len()
        + relationship.titration.len()
        + relationship.met.len()
        + relationship.contacts.len()
        + relationship
            .components
            .iter()
            .filter(|c| c.received.is_some())
            .count()
}

#[test]
fn a_relationship_ending_before_it_starts_gives_one_finding() {
    let manual = base_manual();
    let mut program = base_program();
    let relationship = &mut program.relationships[0];
    relationship.end = Some(practice_coaching::program::RelationshipEnd {
        date: "2020-12-31".parse().expect("a date"),
        hand_off: "The clinic carries on alone.".to_owned(),
    });
    let entries = dated_entries(relationship);
    let report = program.validate(&manual);
    assert_eq!(
        findings(&report),
        expected(
            "relationship-end-before-start",
            "/relationships/0/end/date",
            &[]
        ),
        "{report:#?}"
    );
    // Every dated entry lies outside the span, and the last phase lasts less than nothing.
    assert_eq!(report.suppressed(), entries + 1);
    // The same finding without the mistake behind it is reported.
    let mut program = base_program();
    program.relationships[0].start = "2021-01-05".parse().expect("a date");
    let report = program.validate(&manual);
    assert!(report.contains(
        "relationship-date-outside",
        "/relationships/0/phases/0/date"
    ));
    assert_eq!(report.suppressed(), 0);
}

#[test]
fn an_assignment_ending_before_it_starts_is_one_finding_not_one_per_contact() {
    let manual = base_manual();
    let mut program = base_program();
    // Main Street's first team, until a year too early: its coaches' contacts in those months
    // are unassigned only because of that date.
    program.assignments[0].until = Some("2020-06-30".parse().expect("a date"));
    let report = program.validate(&manual);
    assert_eq!(
        findings(&report),
        expected("assignment-dates-inverted", "/assignments/0/until", &[]),
        "{report:#?}"
    );
    let unassigned: usize = program.relationships[0]
        .contacts
        .iter()
        .filter(|c| c.start.date() < "2021-07-01".parse().expect("a date"))
        .map(|c| c.coaches.len())
        .sum();
    assert!(unassigned >= 4, "{unassigned}");
    assert_eq!(report.suppressed(), unassigned);
}

#[test]
fn an_unknown_first_phase_is_reported_once() {
    let manual = base_manual();
    let mut program = base_program();
    program.relationships[0].phases[0].phase = "onbording".parse().expect("a key");
    let report = program.validate(&manual);
    assert_eq!(
        findings(&report),
        expected(
            "phase-transition-unknown",
            "/relationships/0/phases/0/phase",
            &[]
        ),
        "{report:#?}"
    );
    assert_eq!(
        report.suppressed(),
        1,
        "the first phase is not the manual's"
    );
}

#[test]
fn phases_out_of_order_do_not_also_last_too_short() {
    let manual = base_manual();
    let mut program = base_program();
    // Redesign dated a week before onboarding.
    program.relationships[2].phases[1].date = "2021-08-30".parse().expect("a date");
    let report = program.validate(&manual);
    assert!(
        report.contains(
            "relationship-dates-unordered",
            "/relationships/2/phases/1/date"
        ),
        "{report:#?}"
    );
    assert!(
        !report.contains("phase-duration-outside", "/relationships/2/phases/0"),
        "{report:#?}"
    );
    assert!(report.suppressed() >= 1);
}

// ---------------------------------------------------------------------------------------------
// The caseload rule reads a coach's own capacity before the manual's threshold.

#[test]
fn the_caseload_rule_reads_a_coachs_own_capacity_first() {
    use practice_coaching::Capacity;
    let manual = base_manual();
    let mut program = broken_program("caseload-over-threshold");
    let expected = |path: &str| expected("caseload-over-threshold", path, &[]);
    // Four sites: above the manual's threshold of three, within a capacity of four.
    program.coaches[2].capacity = Some(Capacity::new(4).unwrap());
    assert!(program.validate(&manual).is_empty());
    // Above their own capacity, with or without the manual's threshold: reported at it.
    program.coaches[2].capacity = Some(Capacity::new(3).unwrap());
    let report = program.validate(&manual);
    assert_eq!(findings(&report), expected("/coaches/2/capacity"));
    let message = &report.diagnostics()[0].message;
    assert!(
        message.ends_with("expected at most 3 (their capacity)"),
        "{message}"
    );
    let mut without = manual.clone();
    without.caseload = None;
    assert_eq!(
        findings(&program.validate(&without)),
        expected("/coaches/2/capacity")
    );
    // Without a capacity of their own, the threshold applies, at the coach.
    program.coaches[2].capacity = None;
    assert_eq!(findings(&program.validate(&manual)), expected("/coaches/2"));
}
