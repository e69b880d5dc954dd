//! The manual's JSON Schema: the committed copy stays equal to the generated one, and the schema
//! accepts exactly what parsing accepts, apart from the one-way differences listed in
//! `docs/schemas/README.md`, each of which has a test here.
//!
//! Regenerate the committed schema with `BLESS=1 cargo test --all-features --test schema`.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::sync::LazyLock;

use jsonschema::Validator;
use practice_coaching::schema::{MANUAL_SCHEMA_ID, manual_schema};
use practice_coaching::{Date, EntityId, Key, Manual, ParseErrorCode, reference};
use proptest::prelude::*;
use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

const MANUAL_SCHEMA_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/docs/schemas/manual.schema.json"
);
const REGENERATE: &str = "BLESS=1 cargo test --all-features --test schema";

/// Valid manuals: each parses, validates with no errors and passes the schema, and each is the
/// starting point of the mutation tests.
const MANUALS: &[(&str, &str)] = &[
    ("manual-minimal", include_str!("data/manual-minimal.json")),
    ("manual-full", include_str!("data/manual-full.json")),
    ("bhicci-launch", reference::BHICCI_LAUNCH_JSON),
    ("bhicci-late", reference::BHICCI_LATE_JSON),
];

/// The formats JSON Schema draft 2020-12 defines.
const STANDARD_FORMATS: &[&str] = &[
    "date-time",
    "date",
    "time",
    "duration",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uuid",
    "uri-template",
    "json-pointer",
    "relative-json-pointer",
    "regex",
];

/// A validator asserting formats, as a strict consumer of the schemas would run it.
fn validator(schema: &Value) -> Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .should_ignore_unknown_formats(false)
        .build(schema)
        .expect("the schema compiles")
}

static MANUAL_VALIDATOR: LazyLock<Validator> = LazyLock::new(|| validator(&manual_schema()));

fn schema_ok(instance: &Value) -> bool {
    MANUAL_VALIDATOR.is_valid(instance)
}

fn parse_ok(instance: &Value) -> bool {
    Manual::from_json(&serde_json::to_vec(instance).expect("a Value serializes")).is_ok()
}

fn document(name: &str) -> Value {
    let (_, text) = MANUALS
        .iter()
        .find(|(n, _)| *n == name)
        .expect("a known manual");
    serde_json::from_str(text).expect("the manual is JSON")
}

/// Every value inside `value` (itself included), with its JSON Pointer, parents first.
fn nodes(value: &Value) -> Vec<(String, &Value)> {
    fn walk<'a>(pointer: String, node: &'a Value, out: &mut Vec<(String, &'a Value)>) {
        let children: Vec<(String, &Value)> = match node {
            Value::Object(members) => members
                .iter()
                .map(|(name, value)| (format!("{pointer}/{}", escape(name)), value))
                .collect(),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| (format!("{pointer}/{i}"), item))
                .collect(),
            _ => Vec::new(),
        };
        out.push((pointer, node));
        for (pointer, child) in children {
            walk(pointer, child, out);
        }
    }
    let mut out = Vec::new();
    walk(String::new(), value, &mut out);
    out
}

/// Every object inside `schema`: the subschemas, and maps of them (`properties`, `$defs`).
fn all_subschemas(schema: &Value) -> Vec<(String, &Value)> {
    nodes(schema)
        .into_iter()
        .filter(|(_, node)| node.is_object())
        .collect()
}

fn has_type(schema: &Value, wanted: &str) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == wanted,
        Some(Value::Array(types)) => types.iter().any(|t| t == wanted),
        _ => false,
    }
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

// ---------------------------------------------------------------------------------------------
// The committed schema and the schema's shape.

#[test]
fn committed_manual_schema_is_current() {
    let generated = format!(
        "{}\n",
        serde_json::to_string_pretty(&manual_schema()).expect("the schema serializes")
    );
    if std::env::var_os("BLESS").is_some_and(|v| v == "1") {
        std::fs::write(MANUAL_SCHEMA_PATH, &generated).expect("docs/schemas is writable");
        return;
    }
    let committed = std::fs::read_to_string(MANUAL_SCHEMA_PATH).unwrap_or_default();
    if committed != generated {
        let line = committed
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(generated.lines().count()));
        panic!(
            "docs/schemas/manual.schema.json differs from manual_schema() from line {}; \
             regenerate it with `{REGENERATE}`",
            line + 1
        );
    }
}

#[test]
fn manual_schema_names_itself() {
    let schema = manual_schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(schema["$id"], MANUAL_SCHEMA_ID);
    assert_eq!(schema["$id"], "urn:practice-coaching:schema:manual:1");
    assert!(schema["title"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(
        schema["description"]
            .as_str()
            .is_some_and(|t| !t.is_empty())
    );
    // A document may name its schema in an optional `$schema` member.
    assert_eq!(
        schema["properties"]["$schema"]["type"],
        json!(["string", "null"])
    );
    let required = schema["required"].as_array().expect("required members");
    assert!(!required.contains(&json!("$schema")));
}

#[test]
fn manual_schema_is_valid_draft_2020_12() {
    let schema = manual_schema();
    assert!(jsonschema::meta::is_valid(&schema));
    assert!(jsonschema::draft202012::meta::is_valid(&schema));
}

#[test]
fn manual_schema_has_only_standard_formats() {
    let schema = manual_schema();
    for (pointer, sub) in all_subschemas(&schema) {
        if let Some(format) = sub.get("format") {
            // A member named `format` under `properties` would be a property, not a keyword.
            if pointer.ends_with("/properties") {
                continue;
            }
            let format = format.as_str().expect("format is a string");
            assert!(
                STANDARD_FORMATS.contains(&format),
                "{pointer}: non-standard format {format:?}"
            );
        }
    }
    // A validator that rejects unknown formats builds from it, too.
    let _ = validator(&schema);
}

#[test]
fn every_integer_in_manual_schema_is_bounded() {
    let schema = manual_schema();
    let mut integers = 0;
    for (pointer, sub) in all_subschemas(&schema) {
        if has_type(sub, "integer") {
            integers += 1;
            assert!(
                sub.get("minimum").is_some_and(Value::is_u64),
                "{pointer}: no minimum"
            );
            assert!(
                sub.get("maximum").is_some_and(Value::is_u64),
                "{pointer}: no maximum"
            );
        }
    }
    assert!(integers > 10, "found only {integers} integers");
}

#[test]
fn every_object_in_manual_schema_rejects_unknown_members() {
    let schema = manual_schema();
    let mut objects = 0;
    for (pointer, sub) in all_subschemas(&schema) {
        if has_type(sub, "object") {
            objects += 1;
            assert_eq!(
                sub.get("additionalProperties"),
                Some(&json!(false)),
                "{pointer}"
            );
        }
    }
    assert!(objects > 20, "found only {objects} objects");
}

#[test]
fn enums_are_externally_tagged() {
    let schema = manual_schema();
    let adjustment = &schema["$defs"]["Adjustment"]["oneOf"];
    // Unit variants are strings, struct variants single-member objects whose member is the
    // variant's fields, both closed.
    assert!(adjustment.as_array().expect("variants").contains(&json!({
        "const": "step_up",
        "description": "One level more intensive (holds at the most intensive).",
        "type": "string"
    })));
    let set_level = adjustment
        .as_array()
        .expect("variants")
        .iter()
        .find(|v| v["required"] == json!(["set_level"]))
        .expect("a set_level variant");
    assert_eq!(set_level["additionalProperties"], false);
    assert_eq!(
        set_level["properties"]["set_level"]["additionalProperties"],
        false
    );
    assert_eq!(
        set_level["properties"]["set_level"]["required"],
        json!(["level"])
    );
}

#[test]
fn optional_members_are_not_required() {
    let schema = manual_schema();
    let prescription = &schema["$defs"]["Prescription"];
    let required = prescription["required"].as_array().expect("required");
    for optional in ["min_minutes", "max_minutes"] {
        assert!(!required.contains(&json!(optional)), "{optional}");
        assert!(prescription["properties"].get(optional).is_some());
    }
    let skill = &schema["$defs"]["Skill"]["required"];
    assert!(!skill.as_array().expect("required").contains(&json!("gap")));
}

// ---------------------------------------------------------------------------------------------
// The manuals: parse, validate and pass the schema.

#[test]
fn manuals_are_valid_everywhere() {
    for (name, text) in MANUALS {
        let manual = Manual::from_json(text.as_bytes())
            .unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
        let report = manual.validate();
        assert!(
            !report.has_errors(),
            "{name} has errors: {:?}",
            report.diagnostics()
        );
        let value: Value = serde_json::from_str(text).expect("JSON");
        let errors: Vec<String> = MANUAL_VALIDATOR
            .iter_errors(&value)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name} fails the schema: {errors:#?}");
        // What the crate writes passes the schema too.
        let written = serde_json::to_value(&manual).expect("a manual serializes");
        assert!(schema_ok(&written), "{name} as written fails the schema");
    }
}

// ---------------------------------------------------------------------------------------------
// Single-field mutations: the schema rejects exactly what parsing rejects.

/// Every enum value of the model, so each enum is tried with every other enum's values.
const VOCABULARY: &[&str] = &[
    "reported",
    "participant_report",
    "cited",
    "derived",
    "design",
    "in_person",
    "remote",
    "week",
    "month",
    "quarter",
    "half_year",
    "year",
    "core",
    "specialty",
    "more",
    "less",
    "step_up",
    "step_down",
    "set_level",
    "hold",
    "review",
    "weeks_in_phase",
    "exit_criterion_met_early",
    "participant_preference",
    "coach_judgment",
    "disruption",
    "delivered_below_minimum",
    "required",
    "recommended",
    "none",
    "associate",
    "bachelors",
    "masters",
    "doctorate",
    "all_sites",
    "selected_organizations",
    "site_kinds",
    "behavioral_health",
    "medical",
    "nursing",
    "public_health",
    "practice_operations",
    "fqhc",
    "specialty_behavioral_health",
    "pain_management",
    "residential_care",
    "primary_care",
    "other",
    "pre_visit_huddle",
    "mid_visit_check_in",
    "post_visit_debrief",
    "coach_standardization",
    "implementation_team",
    "per_visit",
    "per_period",
    "visiting_coaches",
    "all_coaches",
    "care_team",
    "clinical",
    "process",
    "integration",
    "experience",
    "cost",
    "dose",
    "initiative",
    "coaching",
    "higher",
    "lower",
];

#[test]
fn vocabulary_has_every_enum_value() {
    // Every variant of every enum in the schema, with or without data, so that the mutations
    // try each enum value in each enum position.
    let schema = manual_schema();
    let mut variants = Vec::new();
    for (_, sub) in all_subschemas(&schema) {
        for variant in sub
            .get("oneOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            match (variant.get("const"), variant.get("required")) {
                (Some(Value::String(name)), _) => variants.push(name.clone()),
                (None, Some(Value::Array(required))) if required.len() == 1 => {
                    variants.push(required[0].as_str().expect("a name").to_owned());
                }
                _ => panic!("an enum variant of an unexpected shape: {variant}"),
            }
        }
    }
    for variant in &variants {
        assert!(
            VOCABULARY.contains(&variant.as_str()),
            "{variant} is missing"
        );
    }
    for word in VOCABULARY {
        assert!(variants.iter().any(|v| v == word), "{word} is no variant");
    }
}

/// Strings to try where a valid manual has a key or a version.
const KEY_AND_VERSION_PROBES: &[&str] = &[
    "",
    "A",
    "Engagement",
    "ENGAGEMENT",
    "abc\n",
    "abc\r\n",
    "\nabc",
    "a--b",
    "-abc",
    "abc-",
    "a_b",
    "a b",
    " abc",
    "abc ",
    "1abc",
    "é",
    "abc\u{0}",
    "zz-top-2",
    "week",
    "in_person",
    "1",
    "1.0",
    "1.0.0",
    "1.0.0\n",
    "1.0.0 ",
    " 1.0.0",
    "v1.0.0",
    "01.0.0",
    "1.01.0",
    "1.0.0.0",
    "1.0.0-",
    "1.0.0+",
    "1.0.0-01",
    "1.0.0-0",
    "1.0.0-alpha.1",
    "1.0.0-alpha..1",
    "1.0.0+01",
    "1.0.0+build.1",
    "1.0.0-rc.1+build.5",
    "1.0.0-x+y+z",
    "1.0.0-é",
];

/// Strings to try where a valid manual has an enum value, besides every other enum value.
const ENUM_PROBES: &[&str] = &[
    "",
    "abc\n",
    "Step_Up",
    "STEP_UP",
    "step-up",
    "stepUp",
    "in-person",
    "Month",
    "monthly",
    "half-year",
];

/// Strings to put in place of `original`, a key, an enum value or a version of a valid manual.
fn string_probes(original: &str) -> Vec<String> {
    let mut probes: Vec<String> = if VOCABULARY.contains(&original) {
        VOCABULARY
            .iter()
            .chain(ENUM_PROBES)
            .map(|s| (*s).to_owned())
            .collect()
    } else {
        let mut probes: Vec<String> = KEY_AND_VERSION_PROBES
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        probes.extend([
            "a".repeat(64),
            "a".repeat(65),
            format!("{}-b", "a".repeat(62)),
            format!("{original}-"),
            format!("{original}--x"),
        ]);
        probes
    };
    probes.extend([
        format!("{original}\n"),
        format!(" {original}"),
        original.to_uppercase(),
    ]);
    probes
}

fn numbers() -> Vec<Value> {
    let mut numbers: Vec<Value> = [
        -1, 0, 1, 2, 3, 79, 80, 81, 519, 520, 521, 719, 720, 721, 999, 1000, 1001, 1439, 1440,
        1441, 9999, 10000, 10001, 65535, 65536,
    ]
    .into_iter()
    .map(Value::from)
    .collect();
    numbers.extend([
        json!(u64::MAX),
        json!(i64::MIN),
        json!(0.5),
        json!(1.5),
        json!(-0.5),
        json!(4.000_001),
        json!(1e300),
        // u64::MAX + 1: a float once parsed
        json!(18_446_744_073_709_551_616.0_f64),
    ]);
    numbers
}

fn wrong_types(node: &Value) -> Vec<Value> {
    let mut values = vec![
        Value::Null,
        json!(true),
        json!(false),
        json!(0),
        json!(-1),
        json!(1.5),
        json!(""),
        json!("x"),
        json!({}),
    ];
    // An object replaced by an array is a struct written as a sequence, which serde may read:
    // one of the listed one-way differences, tested on its own.
    if !node.is_object() {
        values.extend([json!([]), json!([null]), json!(["engagement"])]);
    }
    values
}

/// Whether a string of a valid manual is a key, an enum value or a version rather than free text.
fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_-.+".contains(&b))
}

/// One single-field change of a document, at a JSON Pointer.
#[derive(Debug)]
enum Edit {
    Replace(Value),
    RemoveMember(String),
    RenameMember(String, String),
    AddMember(String),
    RemoveItem(usize),
    RepeatFirstItem,
}

/// A copy of `doc` with `edit` applied to the value at `pointer`.
fn edited(doc: &Value, pointer: &str, edit: &Edit) -> Value {
    let mut copy = doc.clone();
    let node = copy.pointer_mut(pointer).expect("the pointer exists");
    match edit {
        Edit::Replace(value) => *node = value.clone(),
        Edit::RemoveMember(name) => {
            node.as_object_mut().expect("object").remove(name);
        }
        Edit::RenameMember(name, new) => {
            let object = node.as_object_mut().expect("object");
            let value = object.remove(name).expect("member");
            object.insert(new.clone(), value);
        }
        Edit::AddMember(name) => {
            node.as_object_mut()
                .expect("object")
                .insert(name.clone(), json!(1));
        }
        Edit::RemoveItem(i) => {
            node.as_array_mut().expect("array").remove(*i);
        }
        Edit::RepeatFirstItem => {
            let items = node.as_array_mut().expect("array");
            items.push(items[0].clone());
        }
    }
    copy
}

/// Single-field mutations of `doc`: where, and what.
///
/// A node whose [`shape`] is in `seen` already (mutated in this manual or an earlier, smaller
/// one) is skipped: the citations of every level are the same definition as those of the first.
fn mutations(doc: &Value, seen: &mut HashSet<String>) -> Vec<(String, Edit)> {
    let numbers = numbers();
    let mut out = Vec::new();
    for (pointer, node) in nodes(doc) {
        if !seen.insert(shape(doc, &pointer)) {
            continue;
        }
        let mut replacements = wrong_types(node);
        match node {
            Value::Number(_) => replacements.extend(numbers.iter().cloned()),
            // Free text takes any string; a few probes show it.
            Value::String(s) if !is_token(s) => {
                replacements.extend(["abc\n", "é", "Free text."].map(Value::from));
            }
            Value::String(s) => replacements.extend(string_probes(s).into_iter().map(Value::from)),
            Value::Object(members) => {
                for name in members.keys() {
                    out.push((pointer.clone(), Edit::RemoveMember(name.clone())));
                    let upper = name.to_uppercase();
                    out.push((pointer.clone(), Edit::RenameMember(name.clone(), upper)));
                }
                for unknown in ["unknown", "a", ""] {
                    out.push((pointer.clone(), Edit::AddMember(unknown.to_owned())));
                }
            }
            Value::Array(items) => {
                for i in 0..items.len() {
                    out.push((pointer.clone(), Edit::RemoveItem(i)));
                }
                if !items.is_empty() {
                    out.push((pointer.clone(), Edit::RepeatFirstItem));
                }
            }
            Value::Null | Value::Bool(_) => {}
        }
        for value in replacements {
            out.push((pointer.clone(), Edit::Replace(value)));
        }
    }
    out
}

/// What identifies the type of the node at `pointer`: an object by its member names, anything
/// else by its kind and where it sits (the member of which object, or the item of which list).
///
/// Each struct has one schema definition wherever it occurs, so mutating one node per shape
/// (the citations of one level, not of every level again) covers every definition.
fn shape(doc: &Value, pointer: &str) -> String {
    let node = doc.pointer(pointer).expect("the pointer exists");
    let kind = match node {
        Value::Object(members) => {
            return format!(
                "{{{}}}",
                members.keys().cloned().collect::<Vec<_>>().join(",")
            );
        }
        Value::Array(_) => "array",
        Value::String(s) if is_token(s) => "token",
        Value::String(_) => "text",
        Value::Number(_) => "number",
        Value::Bool(_) => "bool",
        Value::Null => "null",
    };
    let Some((parent, member)) = pointer.rsplit_once('/') else {
        return kind.to_owned();
    };
    if doc.pointer(parent).is_some_and(Value::is_array) {
        format!("{} item {kind}", shape(doc, parent))
    } else {
        format!("{} {member} {kind}", shape(doc, parent))
    }
}

#[test]
fn single_field_mutations_agree() {
    // Smallest manual first, so each shape is mutated in the cheapest document that has it.
    let mut seen = HashSet::new();
    let (mut both_accept, mut both_reject) = (0, 0);
    let mut disagreements = Vec::new();
    for (name, _) in MANUALS {
        let doc = document(name);
        for (pointer, edit) in mutations(&doc, &mut seen) {
            let mutated = edited(&doc, &pointer, &edit);
            match (parse_ok(&mutated), schema_ok(&mutated)) {
                (true, true) => both_accept += 1,
                (false, false) => both_reject += 1,
                (parse, schema) => disagreements.push(format!(
                    "{name} at {pointer:?} {edit:?}: parsing {}, schema {}",
                    if parse { "accepts" } else { "rejects" },
                    if schema { "accepts" } else { "rejects" },
                )),
            }
        }
    }
    let mut listing = String::new();
    for line in disagreements.iter().take(40) {
        let _ = writeln!(listing, "  {line}");
    }
    assert!(
        disagreements.is_empty(),
        "{} of {} mutations disagree:\n{listing}",
        disagreements.len(),
        both_accept + both_reject + disagreements.len(),
    );
    // Neither side may be trivially strict or lax.
    println!(
        "{both_accept} accepted, {both_reject} rejected, {} shapes",
        seen.len()
    );
    assert!(both_accept > 1000, "{both_accept} accepted");
    assert!(both_reject > 5000, "{both_reject} rejected");
}

// ---------------------------------------------------------------------------------------------
// The one-way differences, each shown as documented in docs/schemas/README.md.

/// `manual-full` with `from` replaced by `to` in its text, exactly once.
fn full_with(from: &str, to: &str) -> String {
    let (_, text) = MANUALS[1];
    assert_eq!(text.matches(from).count(), 1, "{from:?} occurs once");
    text.replacen(from, to, 1)
}

fn parse_code(text: &str) -> Option<ParseErrorCode> {
    Manual::from_json(text.as_bytes()).err().map(|e| e.code)
}

fn schema_accepts_text(text: &str) -> bool {
    schema_ok(&serde_json::from_str(text).expect("the text is JSON"))
}

#[test]
fn difference_integers_written_as_floats() {
    // JSON Schema's `integer` is any number with a zero fractional part; serde reads integers
    // only from integer tokens.
    for weeks in ["4.0", "4e0", "0.4e1", "4.000"] {
        let text = full_with("\"weeks\": 4,", &format!("\"weeks\": {weeks},"));
        assert!(schema_accepts_text(&text), "{weeks}");
        assert_eq!(parse_code(&text), Some(ParseErrorCode::Type), "{weeks}");
    }
    // `-0` is read as the float -0.0, which JSON Schema counts as the integer 0.
    let text = full_with("\"min_weeks\": 4,", "\"min_weeks\": -0,");
    assert!(schema_accepts_text(&text));
    assert_eq!(parse_code(&text), Some(ParseErrorCode::Type));
}

#[test]
fn difference_duplicate_members() {
    // A schema validator sees the parsed value, where the last duplicate has replaced the first.
    let text = full_with(
        "\"title\": \"A coaching manual with every member\",",
        "\"title\": \"first\", \"title\": \"second\",",
    );
    assert!(schema_accepts_text(&text));
    assert_eq!(parse_code(&text), Some(ParseErrorCode::DuplicateField));
    // The same inside an externally tagged enum: two variants' worth of members.
    let text = full_with(
        "{ \"set_level\": { \"level\": \"maintenance\" } }",
        "{ \"set_level\": { \"level\": \"intensive\" }, \"set_level\": { \"level\": \"maintenance\" } }",
    );
    assert!(schema_accepts_text(&text));
    assert!(parse_code(&text).is_some());
}

#[test]
fn difference_structs_written_as_arrays() {
    // serde_json reads a struct from an array of its fields in declaration order.
    let cases = [
        (
            "\"learning_sessions\": { \"count\": 1, \"per\": \"half_year\" }",
            "\"learning_sessions\": [1, \"half_year\"]",
        ),
        (
            "{ \"set_level\": { \"level\": \"maintenance\" } }",
            "{ \"set_level\": [\"maintenance\"] }",
        ),
        (
            "{ \"per_period\": { \"count\": 1, \"per\": \"week\" } }",
            "{ \"per_period\": [1, \"week\"] }",
        ),
    ];
    for (from, to) in cases {
        let text = full_with(from, to);
        assert!(!schema_accepts_text(&text), "{to}");
        assert!(Manual::from_json(text.as_bytes()).is_ok(), "{to}");
    }
    // A struct whose members are all optional, as an empty array.
    let (_, minimal) = MANUALS[0];
    let text = minimal.replacen("\"qualifications\": {}", "\"qualifications\": []", 1);
    assert!(!schema_accepts_text(&text));
    assert!(Manual::from_json(text.as_bytes()).is_ok());
}

#[test]
fn difference_unit_variants_written_as_objects() {
    // serde_json reads a unit variant from `{"variant": null}` as well as from `"variant"`.
    for (from, to) in [
        (
            "\"adjustment\": \"hold\"",
            "\"adjustment\": { \"hold\": null }",
        ),
        (
            "\"trigger\": \"disruption\"",
            "\"trigger\": { \"disruption\": null }",
        ),
        (
            "\"degree\": \"masters\"",
            "\"degree\": { \"masters\": null }",
        ),
    ] {
        let text = full_with(from, to);
        assert!(!schema_accepts_text(&text), "{to}");
        assert!(Manual::from_json(text.as_bytes()).is_ok(), "{to}");
    }
}

#[test]
fn difference_version_numbers_beyond_u64() {
    // The pattern cannot bound a number; semver keeps each part in a u64.
    let largest = "18446744073709551615.0.0";
    let text = full_with("\"1.2.3-rc.1+build.5\"", &format!("\"{largest}\""));
    assert!(schema_accepts_text(&text));
    assert!(Manual::from_json(text.as_bytes()).is_ok());
    for too_large in ["18446744073709551616.0.0", "1.99999999999999999999.0"] {
        let text = full_with("\"1.2.3-rc.1+build.5\"", &format!("\"{too_large}\""));
        assert!(schema_accepts_text(&text), "{too_large}");
        assert_eq!(
            parse_code(&text),
            Some(ParseErrorCode::Value),
            "{too_large}"
        );
    }
}

#[test]
fn difference_unpaired_surrogates() {
    // JSON text may escape a lone UTF-16 surrogate; serde_json (and so this crate, and any
    // validator fed serde_json's values) rejects it, while a validator whose parser keeps such
    // strings sees a valid free-text member.
    let text = full_with(
        "\"title\": \"A coaching manual with every member\",",
        "\"title\": \"\\ud800 alone\",",
    );
    assert_eq!(parse_code(&text), Some(ParseErrorCode::Syntax));
    assert!(serde_json::from_str::<Value>(&text).is_err());
}

// ---------------------------------------------------------------------------------------------
// Patterns: the scalar checkers accept exactly what their schemas accept.

fn scalar_validator<T: JsonSchema>() -> Validator {
    let schema = SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>();
    validator(&schema.to_value())
}

static KEY_VALIDATOR: LazyLock<Validator> = LazyLock::new(|| {
    // The Key definition as shipped in the manual schema.
    let mut key = manual_schema()["$defs"]["Key"].clone();
    key["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
    validator(&key)
});
static ENTITY_ID_VALIDATOR: LazyLock<Validator> = LazyLock::new(scalar_validator::<EntityId>);
static DATE_VALIDATOR: LazyLock<Validator> = LazyLock::new(scalar_validator::<Date>);
static VERSION_VALIDATOR: LazyLock<Validator> = LazyLock::new(|| {
    let mut version = manual_schema()["properties"]["version"].clone();
    version["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
    validator(&version)
});

fn key_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9-]{0,8}",
        "[a-z][a-z0-9]{0,3}(-[a-z0-9]{1,3}){0,3}",
        "[ \n]?[a-zA-Z][a-z0-9]{0,3}(--?[a-z0-9_]{0,3}){0,3}[\n\r ]?",
        "[a-z]{60,66}",
        "[a-z]{30,34}-[a-z0-9]{28,32}",
        "\\PC{0,6}",
        "[a-zA-Z0-9_ \t\n-]{0,10}",
    ]
}

fn regex(pattern: &str) -> proptest::string::RegexGeneratorStrategy<String> {
    proptest::string::string_regex(pattern).expect("a valid regex")
}

fn id_like() -> impl Strategy<Value = String> {
    let hex = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    prop_oneof![
        hex,
        regex(&format!("[{{ ]?{hex}[}}\n ]?")),
        regex(&format!("(urn:uuid:)?{hex}")),
        "[0-9a-fA-F]{32}",
        "[0-9a-gA-G-]{34,38}",
        "[0-9a-f]{7,9}-[0-9a-f]{3,5}-[0-9a-f]{3,5}-[0-9a-f]{3,5}-[0-9a-f]{11,13}",
        "\\PC{0,40}",
    ]
}

fn date_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        "[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])",
        "[0-9]{2}(00|04|96|[0-9]{2})-02-(2[89]|30)",
        "[+ -]?[0-9]{1,5}-[0-9]{1,2}-[0-9]{1,2}[\nT ]?",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}(T00:00|Z|\n)",
        "[0-9-]{8,12}",
        "\\PC{0,12}",
    ]
}

fn version_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}",
        "(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})(-[0-9A-Za-z.-]{0,8})?(\\+[0-9A-Za-z.-]{0,8})?[\n ]?",
        "[0-9]{1,2}(\\.[0-9]{1,2}){0,3}",
        "[0-9a-zA-Z.+-]{0,12}",
        "\\PC{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn key_pattern_agrees(s in key_like()) {
        prop_assert_eq!(Key::new(&s).is_ok(), KEY_VALIDATOR.is_valid(&json!(s)), "{:?}", s);
    }

    #[test]
    fn entity_id_pattern_agrees(s in id_like()) {
        prop_assert_eq!(
            EntityId::new(&s).is_ok(),
            ENTITY_ID_VALIDATOR.is_valid(&json!(s)),
            "{:?}",
            s
        );
    }

    #[test]
    fn date_pattern_and_format_agree(s in date_like()) {
        prop_assert_eq!(Date::new(&s).is_ok(), DATE_VALIDATOR.is_valid(&json!(s)), "{:?}", s);
    }

    #[test]
    fn version_pattern_agrees(s in version_like()) {
        prop_assert_eq!(
            semver::Version::parse(&s).is_ok(),
            VERSION_VALIDATOR.is_valid(&json!(s)),
            "{:?}",
            s
        );
    }
}

#[test]
fn difference_date_format_is_an_annotation_by_default() {
    // Draft 2020-12 makes `format` an annotation unless a validator opts in to asserting it; the
    // pattern alone lets impossible days through.
    let schema = SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<Date>()
        .to_value();
    let lax = jsonschema::options()
        .should_validate_formats(false)
        .build(&schema)
        .expect("the schema compiles");
    for impossible in ["2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10"] {
        assert!(lax.is_valid(&json!(impossible)), "{impossible}");
        assert!(!DATE_VALIDATOR.is_valid(&json!(impossible)), "{impossible}");
        assert!(Date::new(impossible).is_err(), "{impossible}");
    }
}
