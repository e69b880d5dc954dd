//! Nothing a user feeds in crashes the parsers or validators: hostile inputs give a clear
//! parse error naming where and what, and arbitrary bytes or JSON never panic.

mod common;

use common::hostile::{self, Hostile};
use practice_coaching::reference::{bhicci_late, bhicci_sample_program};
use practice_coaching::{DocumentKind, Manual, Program};
use proptest::prelude::*;
use serde_json::Value;

/// Parses as whatever kind the document is, and validates it if it parses.
fn parse_and_validate(bytes: &[u8]) -> Result<(), practice_coaching::ParseError> {
    match DocumentKind::detect(bytes)? {
        DocumentKind::Program => Program::from_json(bytes).map(|p| drop(p.validate(bhicci_late()))),
        DocumentKind::Manual => Manual::from_json(bytes).map(|m| drop(m.validate())),
    }
}

fn check(case: &Hostile) {
    let result = parse_and_validate(&case.bytes);
    match (case.code, result) {
        (None, Ok(())) => {}
        (Some(code), Err(err)) => {
            assert_eq!(err.code(), code, "{}: {err}", case.name);
            assert_eq!(err.pointer(), case.pointer, "{}: {err}", case.name);
            assert!(
                err.line() >= 1 && !err.message().is_empty(),
                "{}: {err}",
                case.name
            );
            assert!(
                err.message().len() < 400,
                "{}: a message of {} bytes",
                case.name,
                err.message().len()
            );
            assert!(
                err.pointer().len() < 200,
                "{}: a pointer of {} bytes",
                case.name,
                err.pointer().len()
            );
        }
        (expected, got) => panic!("{}: expected {expected:?}, got {got:?}", case.name),
    }
}

#[test]
fn hostile_inputs_give_clear_parse_errors() {
    for case in hostile::small() {
        check(&case);
    }
}

#[test]
fn a_twenty_megabyte_string_gives_a_short_message() {
    check(&hostile::long_string());
}

#[test]
fn a_twenty_megabyte_member_name_gives_a_short_pointer() {
    let case = hostile::long_member_name();
    let err = Manual::from_json(&case.bytes).expect_err("an unknown member");
    assert_eq!(err.code(), practice_coaching::ParseErrorCode::UnknownField);
    assert!(
        err.pointer().len() < 200 && err.message().len() < 400,
        "{err}"
    );
}

#[test]
fn a_hundred_megabyte_document_parses() {
    check(&hostile::hundred_megabytes());
}

/// Any JSON value, nested a few levels.
fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "[a-z_$-]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_$]{0,16}", inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Replaces the node at `pick` (in document order) of `document` with `with`.
fn replace_node(document: &mut Value, pick: usize, with: Value) {
    fn walk(node: &mut Value, left: &mut usize, with: &mut Option<Value>) {
        if *left == 0 {
            if let Some(value) = with.take() {
                *node = value;
            }
            return;
        }
        *left -= 1;
        match node {
            Value::Array(items) => items.iter_mut().for_each(|n| walk(n, left, with)),
            Value::Object(members) => members.values_mut().for_each(|n| walk(n, left, with)),
            _ => {}
        }
    }
    walk(document, &mut { pick }, &mut Some(with));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_and_validate(&bytes);
        let _ = Program::from_json(&bytes);
    }

    #[test]
    fn arbitrary_json_never_panics(value in arb_json()) {
        let bytes = serde_json::to_vec(&value).expect("serializes");
        let _ = parse_and_validate(&bytes);
        let _ = Manual::from_json(&bytes);
        let _ = Program::from_json(&bytes);
    }

    /// A valid document with one node replaced by arbitrary JSON: close enough to parse often,
    /// so the validators see odd but well-typed documents too.
    #[test]
    fn mutated_documents_never_panic(pick in 0usize..2000, value in arb_json(), program in any::<bool>()) {
        let mut document = if program {
            serde_json::to_value(bhicci_sample_program()).expect("serializes")
        } else {
            serde_json::to_value(bhicci_late()).expect("serializes")
        };
        replace_node(&mut document, pick, value);
        let bytes = serde_json::to_vec(&document).expect("serializes");
        let _ = parse_and_validate(&bytes);
        // A program that still parses is planned, and written as JSON and as a calendar.
        if let Ok(program) = Program::from_json(&bytes) {
            let manual = bhicci_late();
            let stamp = chrono::DateTime::from_timestamp(1_767_225_600, 0).expect("a time");
            for plan in program.plans(manual, None).iter().take(2) {
                let _ = serde_json::to_vec(plan).expect("a plan serializes");
                let _ = plan.to_icalendar(manual, &program, "plan", stamp);
            }
        }
    }
}

/// A coach named by a long text, listed on a contact of a site another coach is assigned to,
/// and a site with that long a name and no assignment.
fn long_names(name: &str) -> Program {
    let mut program = practice_coaching::reference::evidencenow_sample_program().clone();
    let coach = program.coaches.first_mut().expect("a coach");
    name.clone_into(&mut coach.name);
    let coach = coach.id;
    let relationship = program.relationships.get_mut(2).expect("a third site");
    let contact = relationship.contacts.first_mut().expect("a contact");
    contact.coaches = vec![coach];
    let mut site = program.sites.first().expect("a site").clone();
    site.id = "5e000000-0000-4000-8000-0000000000ff"
        .parse()
        .expect("an id");
    name.clone_into(&mut site.name);
    program.sites.push(site);
    program
}

#[test]
fn a_long_name_is_cut_in_messages_and_kept_in_the_document() {
    // Two-byte characters, so a cut between bytes would show.
    let name = format!("{}ë and more", "Zoë ".repeat(250_000));
    let program = long_names(&name);
    let report = program.validate(practice_coaching::reference::evidencenow());
    let shown: String = name.chars().take(100).collect();
    let unassigned = report
        .diagnostics()
        .iter()
        .find(|d| d.rule.code() == "contact-coach-unassigned")
        .unwrap_or_else(|| panic!("a contact-coach-unassigned finding: {report:#?}"));
    assert_eq!(unassigned.path, "/relationships/2/contacts/0/coaches/0");
    assert!(
        unassigned
            .message
            .starts_with(&format!("coach `{shown}…` was not assigned")),
        "{unassigned}"
    );
    // The expectation after the name survives the cut.
    assert!(
        unassigned
            .message
            .ends_with("a visiting coach belongs in `guests`"),
        "{unassigned}"
    );
    let site = program.sites.len() - 1;
    assert!(
        report
            .diagnostics()
            .iter()
            .any(|d| d.rule.code() == "site-unassigned"
                && d.path == format!("/sites/{site}")
                && d.message
                    == format!("site `{shown}…` has no assignment; expected a coach or a team")),
        "{report:#?}"
    );
    for finding in report.diagnostics() {
        assert!(finding.message.len() < 400, "{finding}");
    }
    // The data is never cut: written and read back, the names are whole.
    let again = Program::from_json(program.to_json().as_bytes()).expect("reads back");
    assert_eq!(
        again.coaches.first().map(|c| c.name.as_str()),
        Some(name.as_str())
    );
    assert_eq!(
        again.sites.last().map(|s| s.name.as_str()),
        Some(name.as_str())
    );
}

#[test]
fn a_name_of_a_hundred_characters_is_quoted_whole() {
    let name = "N".repeat(100);
    let report = long_names(&name).validate(practice_coaching::reference::evidencenow());
    assert!(
        report.diagnostics().iter().any(|d| d
            .message
            .starts_with(&format!("coach `{name}` was not assigned"))),
        "{report:#?}"
    );
    assert!(
        report
            .diagnostics()
            .iter()
            .all(|d| !d.message.contains('…'))
    );
}
