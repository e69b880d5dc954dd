//! Documents that are wrong in ways a schema cannot see, each reported with its rule and
//! pointer: one change each to the valid base program or manual of tests/broken/.

use practice_coaching::{Manual, Program, Report};
use serde_json::{Value, json};

fn base(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("readable")).expect("JSON")
}

fn manual_value() -> Value {
    base("tests/broken/manual-base.json")
}

fn program_value() -> Value {
    base("tests/broken/program-base.json")
}

fn manual() -> Manual {
    serde_json::from_value(manual_value()).expect("the base manual")
}

fn check_program(edit: impl FnOnce(&mut Value)) -> Report {
    let mut program = program_value();
    edit(&mut program);
    let program: Program = serde_json::from_value(program).expect("still a program");
    program.validate(&manual())
}

fn check_manual(edit: impl FnOnce(&mut Value)) -> Report {
    let mut manual = manual_value();
    edit(&mut manual);
    let manual: Manual = serde_json::from_value(manual).expect("still a manual");
    manual.validate()
}

fn at<'a>(document: &'a mut Value, pointer: &str) -> &'a mut Value {
    document
        .pointer_mut(pointer)
        .unwrap_or_else(|| panic!("{pointer}"))
}

fn assert_reports(report: &Report, code: &str, path: &str) {
    assert!(
        report.contains(code, path),
        "expected {code} at {path}; got {:#?}",
        report.diagnostics()
    );
}

#[test]
fn the_base_documents_are_clean() {
    assert!(manual().validate().is_empty());
    assert!(check_program(|_| {}).is_empty());
}

#[test]
fn a_contact_with_no_coaches() {
    let report = check_program(|p| *at(p, "/relationships/0/contacts/0/coaches") = json!([]));
    assert_reports(
        &report,
        "contact-coaches-none",
        "/relationships/0/contacts/0/coaches",
    );
}

#[test]
fn the_same_coach_twice_on_one_contact() {
    let report = check_program(|p| {
        let first = at(p, "/relationships/0/contacts/0/coaches/0").clone();
        *at(p, "/relationships/0/contacts/0/coaches/1") = first;
    });
    assert_reports(
        &report,
        "list-entry-duplicate",
        "/relationships/0/contacts/0/coaches/1",
    );
}

#[test]
fn a_relationship_before_any_assignment() {
    let report = check_program(|p| {
        *at(p, "/relationships/0/start") = json!("2020-12-01");
        *at(p, "/relationships/0/phases/0/date") = json!("2020-12-01");
    });
    assert_reports(
        &report,
        "relationship-before-assignment",
        "/relationships/0/start",
    );
}

#[test]
fn a_trigger_naming_another_phases_criterion() {
    // `team-named` is an exit criterion of onboarding, not of redesign.
    let report = check_manual(|m| {
        *at(
            m,
            "/titration/rules/0/trigger/exit_criterion_met_early/phase",
        ) = json!("redesign");
    });
    assert_reports(
        &report,
        "titration-reference-unknown",
        "/titration/rules/0/trigger/exit_criterion_met_early/criterion",
    );
}

#[test]
fn blank_names_and_hand_off() {
    let report = check_program(|p| {
        *at(p, "/sites/0/name") = json!("   ");
        *at(p, "/relationships/1/end/hand_off") = json!("\n");
    });
    assert_reports(&report, "text-blank", "/sites/0/name");
    assert_reports(&report, "text-blank", "/relationships/1/end/hand_off");
    let report = check_manual(|m| *at(m, "/phases/0/name") = json!(""));
    assert_reports(&report, "text-blank", "/phases/0/name");
}

#[test]
fn duplicates_in_one_list() {
    let report = check_program(|p| {
        let discipline = at(p, "/coaches/0/disciplines/0").clone();
        at(p, "/coaches/0/disciplines")
            .as_array_mut()
            .expect("a list")
            .push(discipline);
        let certification = at(p, "/coaches/0/certifications/0").clone();
        at(p, "/coaches/0/certifications")
            .as_array_mut()
            .expect("a list")
            .push(certification);
        let topic = at(p, "/relationships/0/contacts/0/topics/0").clone();
        at(p, "/relationships/0/contacts/0/topics")
            .as_array_mut()
            .expect("a list")
            .push(topic);
    });
    assert_reports(&report, "list-entry-duplicate", "/coaches/0/disciplines/1");
    assert_reports(
        &report,
        "list-entry-duplicate",
        "/coaches/0/certifications/1",
    );
    assert_reports(
        &report,
        "list-entry-duplicate",
        "/relationships/0/contacts/0/topics/2",
    );
}

#[test]
fn the_same_contact_logged_twice() {
    let report = check_program(|p| {
        let contacts = at(p, "/relationships/0/contacts")
            .as_array_mut()
            .expect("a list");
        let first = contacts[0].clone();
        contacts.insert(1, first);
    });
    assert_reports(&report, "contact-duplicate", "/relationships/0/contacts/1");
}

#[test]
fn the_same_contact_logged_twice_among_many_and_its_coaches_in_another_order() {
    // Past a few contacts the check looks earlier ones up by a hash instead of scanning them:
    // both ways must find the same duplicate, whatever the order of its coaches.
    let report = check_program(|p| {
        let contacts = at(p, "/relationships/0/contacts")
            .as_array_mut()
            .expect("a list");
        let first = contacts[0].clone();
        let start = first["start"].as_str().expect("a start").to_owned();
        for day in 0..30 {
            let mut later = first.clone();
            later["start"] = json!(start.replacen(&start[..4], &format!("{}", 2100 + day), 1));
            contacts.push(later);
        }
        let mut again = first.clone();
        if let Some(coaches) = again["coaches"].as_array_mut() {
            coaches.reverse();
        }
        contacts.push(again);
    });
    let found: Vec<&str> = report
        .diagnostics()
        .iter()
        .filter(|d| d.rule.code() == "contact-duplicate")
        .map(|d| d.path.as_str())
        .collect();
    let logged = program_value()["relationships"][0]["contacts"]
        .as_array()
        .map_or(0, Vec::len);
    let again = format!("/relationships/0/contacts/{}", logged + 30);
    assert_eq!(
        found,
        [again.as_str()],
        "the one contact logged again, and no other"
    );
}

#[test]
fn two_teams_of_the_same_coaches() {
    let report = check_program(|p| {
        let teams = at(p, "/teams").as_array_mut().expect("a list");
        let mut copy = teams[0].clone();
        copy["id"] = json!("7e000000-0000-4000-8000-0000000000ff");
        teams.push(copy);
    });
    assert_reports(&report, "team-duplicate", "/teams/2/members");
}

#[test]
fn a_rule_that_can_never_fire() {
    // Redesign is planned to last at most 12 months; a rule waiting 520 weeks never fires.
    let report = check_manual(|m| {
        *at(m, "/titration/rules/7/trigger/weeks_in_phase/weeks") = json!(520);
    });
    assert_reports(
        &report,
        "titration-rule-never-fires",
        "/titration/rules/7/trigger/weeks_in_phase/weeks",
    );
}

#[test]
fn an_unknown_id_is_told_with_the_name_of_what_names_it() {
    let unknown = "00000000-0000-4000-8000-000000000000";
    let report = check_program(|p| {
        *at(p, "/sites/0/organization") = json!(unknown);
        *at(p, "/teams/0/members/0/coach") = json!(unknown);
    });
    let message = |path: &str| {
        report
            .diagnostics()
            .iter()
            .find(|d| d.path == path)
            .unwrap_or_else(|| panic!("nothing at {path}: {:#?}", report.diagnostics()))
            .message
            .clone()
    };
    let organization = message("/sites/0/organization");
    assert!(
        organization.contains("site `Main Street Health Center`") && organization.contains(unknown),
        "{organization}"
    );
    let coach = message("/teams/0/members/0/coach");
    assert!(
        coach.contains("team `Main Street team`") && coach.contains(unknown),
        "{coach}"
    );
}
