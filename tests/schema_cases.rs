//! The cases `tests/python/agree.py` runs through Python's `jsonschema` (the validator the
//! README recommends), with the crate's own verdict on each: every embedded document and test
//! document, and single changes at the edges where validators differ (leap seconds, year 0000,
//! integers written as floats, decimals, trailing newlines). The file is generated here and
//! kept equal to the code; `BLESS=1 cargo test --all-features` rewrites it.

use practice_coaching::{DocumentKind, Manual, Program, reference};
use serde_json::{Value, json};

const CASES: &str = "tests/python/cases.json";

/// Whether the crate reads `document` as a document of `kind`.
fn parses(kind: DocumentKind, document: &Value) -> bool {
    let bytes = serde_json::to_vec(document).expect("serializes");
    match kind {
        DocumentKind::Manual => Manual::from_json(&bytes).is_ok(),
        DocumentKind::Program => Program::from_json(&bytes).is_ok(),
    }
}

fn parsed(text: &str) -> Value {
    serde_json::from_str(text).expect("JSON")
}

/// `document` with the value at `pointer` replaced by `value`, or added where the pointer's
/// parent is an object.
fn with(document: &Value, pointer: &str, value: Value) -> Value {
    let mut changed = document.clone();
    if let Some(slot) = changed.pointer_mut(pointer) {
        *slot = value;
        return changed;
    }
    let (parent, member) = pointer.rsplit_once('/').expect("a pointer");
    changed
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("{pointer}"))
        .insert(member.to_owned(), value);
    changed
}

/// Single changes at the edges where validators differ.
// A table of cases, in the order tests/python/cases.json lists them: it reads best whole.
#[allow(clippy::too_many_lines)]
fn edits(manual: &Value, program: &Value) -> Vec<(&'static str, DocumentKind, Value)> {
    let contact = "/relationships/0/contacts/0/start";
    let date = "/relationships/0/start";
    vec![
        (
            "leap second",
            DocumentKind::Program,
            with(program, contact, json!("2016-12-31T23:59:60Z")),
        ),
        (
            "second 59",
            DocumentKind::Program,
            with(program, contact, json!("2016-12-31T23:59:59Z")),
        ),
        (
            "hour 24",
            DocumentKind::Program,
            with(program, contact, json!("2016-01-05T24:00:00Z")),
        ),
        (
            "time with a space",
            DocumentKind::Program,
            with(program, contact, json!("2016-01-05 09:00:00Z")),
        ),
        (
            "time without offset",
            DocumentKind::Program,
            with(program, contact, json!("2016-01-05T09:00:00")),
        ),
        (
            "year 0000",
            DocumentKind::Program,
            with(program, date, json!("0000-01-01")),
        ),
        (
            "year 0001",
            DocumentKind::Program,
            with(program, date, json!("0001-01-01")),
        ),
        (
            "February 30",
            DocumentKind::Program,
            with(program, date, json!("2016-02-30")),
        ),
        (
            "date with a newline",
            DocumentKind::Program,
            with(program, date, json!("2016-01-01\n")),
        ),
        (
            "id in upper case",
            DocumentKind::Program,
            with(
                program,
                "/sites/0/id",
                json!("11110000-0000-0000-0000-00000000000A"),
            ),
        ),
        (
            "id without hyphens",
            DocumentKind::Program,
            with(
                program,
                "/sites/0/id",
                json!("1111000000000000000000000000000a"),
            ),
        ),
        (
            "key with a newline",
            DocumentKind::Manual,
            with(manual, "/phases/0/key", json!("engagement\n")),
        ),
        (
            "key in upper case",
            DocumentKind::Manual,
            with(manual, "/phases/0/key", json!("Engagement")),
        ),
        (
            "minutes above a day",
            DocumentKind::Manual,
            with(
                manual,
                "/intensity_levels/0/prescriptions/0/typical_minutes",
                json!(1441),
            ),
        ),
        (
            "negative contacts",
            DocumentKind::Manual,
            with(
                manual,
                "/intensity_levels/0/prescriptions/0/min_contacts",
                json!(-1),
            ),
        ),
        (
            "a length of two units",
            DocumentKind::Manual,
            with(
                manual,
                "/phases/0/length/min",
                json!({"weeks": 1, "months": 1}),
            ),
        ),
        (
            "an unknown member",
            DocumentKind::Manual,
            with(manual, "/phases/0/colour", json!("red")),
        ),
        (
            "figure 31.6",
            DocumentKind::Manual,
            with(
                manual,
                "/figures",
                json!([{"key": "f", "name": "f", "value": 31.6, "unit": "%", "citations": [{"evidence": "design", "rationale": "A test."}]}]),
            ),
        ),
        (
            "version 1.0",
            DocumentKind::Manual,
            with(manual, "/version", json!("1.0")),
        ),
        (
            "version requirement",
            DocumentKind::Program,
            with(program, "/manual/version", json!(">=1.0, <3")),
        ),
        (
            "an earlier version",
            DocumentKind::Program,
            with(
                program,
                "/manual/earlier",
                json!([{"version": "^1.0", "until": "2016-06-30"}]),
            ),
        ),
        (
            "an earlier version without its last day",
            DocumentKind::Program,
            with(program, "/manual/earlier", json!([{"version": "^1.0"}])),
        ),
        (
            "a location at the edges, in integers and floats",
            DocumentKind::Program,
            with(
                program,
                "/sites/0/location",
                json!({"latitude": -90, "longitude": 180.0}),
            ),
        ),
        (
            "a location with fourteen decimals",
            DocumentKind::Program,
            with(
                program,
                "/sites/0/location",
                json!({"latitude": 34.055_693_123_456_78, "longitude": -117.182_538_123_456_78}),
            ),
        ),
        (
            "a latitude past the pole",
            DocumentKind::Program,
            with(
                program,
                "/sites/0/location",
                json!({"latitude": 90.000_000_1, "longitude": 0}),
            ),
        ),
        (
            "a longitude past the antimeridian",
            DocumentKind::Program,
            with(
                program,
                "/sites/0/location",
                json!({"latitude": 0, "longitude": -180.5}),
            ),
        ),
        (
            "a capacity of zero",
            DocumentKind::Program,
            with(program, "/coaches/0/capacity", json!(0)),
        ),
    ]
}

/// Known one-way differences (docs/schemas/README.md): the schema cannot see them.
fn differences(manual: &Value) -> Vec<(&'static str, DocumentKind, Value)> {
    vec![
        (
            "contacts written 1.0",
            DocumentKind::Manual,
            with(
                manual,
                "/intensity_levels/0/prescriptions/0/min_contacts",
                json!(1.0),
            ),
        ),
        (
            "figure 31.60001",
            DocumentKind::Manual,
            with(
                manual,
                "/figures",
                json!([{"key": "f", "name": "f", "value": 31.60001, "unit": "%", "citations": [{"evidence": "design", "rationale": "A test."}]}]),
            ),
        ),
    ]
}

fn cases() -> Value {
    let manual = parsed(include_str!("data/timeline-manual.json"));
    let program = parsed(include_str!("data/timeline-program.json"));
    let mut cases: Vec<Value> = Vec::new();
    for (name, json) in reference::DOCUMENTS {
        let document = parsed(json);
        let kind = DocumentKind::detect(json.as_bytes()).expect("a kind");
        cases.push(json!({"name": name, "kind": kind.as_str(), "parses": parses(kind, &document), "document": document}));
    }
    for (name, kind, document) in edits(&manual, &program) {
        cases.push(json!({"name": name, "kind": kind.as_str(), "parses": parses(kind, &document), "document": document}));
    }
    for (name, kind, document) in differences(&manual) {
        cases.push(json!({"name": name, "kind": kind.as_str(), "parses": parses(kind, &document), "schema_accepts": true, "document": document}));
    }
    Value::Array(cases)
}

#[test]
fn the_python_cases_match_the_crate() {
    let mut text = serde_json::to_string_pretty(&cases()).expect("serializes");
    text.push('\n');
    if std::env::var_os("BLESS").is_some_and(|v| v == "1") {
        std::fs::write(CASES, &text).expect("writable");
        return;
    }
    let committed = std::fs::read_to_string(CASES).unwrap_or_default();
    assert!(
        committed == text,
        "{CASES} differs from the code; run `BLESS=1 cargo test --all-features` and commit it"
    );
}
