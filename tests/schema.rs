//! The JSON Schemas of manuals and programs accept exactly what parsing accepts, apart from the
//! one-way differences listed in `docs/schemas/README.md`, each of which has a test here.
//!
//! The same machinery runs for both kinds of document ([`Kind`]: a parse function, a schema and
//! its documents): the schema's shape, whole documents, single-field mutations compared with the
//! parser in both directions, and generated documents. Property tests compare the scalar
//! patterns with their checkers.
//!
//! The committed schemas under `docs/schemas/` are kept equal to the generated ones by
//! `tests/docs.rs`; regenerate them with `BLESS=1 cargo test --all-features`.

mod common;

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::LazyLock;

use common::manual_gen::arb_manual;
use common::program_gen::arb_program_with_relationships;
use jsonschema::Validator;
use practice_coaching::schema::{
    MANUAL_SCHEMA_ID, PROGRAM_SCHEMA_ID, manual_schema, program_schema,
};
use practice_coaching::{
    ContactTime, Date, DocumentKind, EntityId, Key, Manual, ParseError, ParseErrorCode, Program,
    reference,
};
use proptest::prelude::*;
use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

/// What the agreement tests need of a kind of document: how the crate reads it, its schema, and
/// documents of it.
struct Kind {
    document: DocumentKind,
    /// The schema's `$id`.
    id: &'static str,
    schema: fn() -> Value,
    /// A validator of `schema`, asserting formats.
    validator: LazyLock<Validator>,
    /// Reads a document as the crate does; on success, what the crate writes back.
    read: fn(&[u8]) -> Result<Value, ParseError>,
    /// Documents that parse and are the starting points of the mutations, smallest first.
    mutated: &'static [(&'static str, &'static str)],
    /// More documents that parse, by path from the crate root: files, or directories of files.
    more: &'static [&'static str],
    /// Every enum value of the model, so that each enum is tried with every other enum's values.
    vocabulary: &'static [&'static str],
    /// At least this many integers and objects are in the schema.
    least: (usize, usize),
}

static MANUAL: Kind = Kind {
    document: DocumentKind::Manual,
    id: MANUAL_SCHEMA_ID,
    schema: manual_schema,
    validator: LazyLock::new(|| validator(&manual_schema())),
    read: |bytes| Manual::from_json(bytes).map(|manual| written(&manual)),
    mutated: &[
        ("manual-minimal", include_str!("data/manual-minimal.json")),
        ("manual-full", include_str!("data/manual-full.json")),
        ("bhicci-launch", reference::BHICCI_LAUNCH_JSON),
        ("bhicci-late", reference::BHICCI_LATE_JSON),
        ("evidencenow", reference::EVIDENCENOW_JSON),
        ("ahrq-2009", reference::AHRQ_2009_JSON),
    ],
    more: &[
        "tests/broken/manual-base.json",
        "tests/broken/manual",
        "tests/broken/program",
    ],
    vocabulary: MANUAL_VOCABULARY,
    least: (10, 20),
};

static PROGRAM: Kind = Kind {
    document: DocumentKind::Program,
    id: PROGRAM_SCHEMA_ID,
    schema: program_schema,
    validator: LazyLock::new(|| validator(&program_schema())),
    read: |bytes| Program::from_json(bytes).map(|program| written(&program)),
    mutated: &[
        ("program-full", include_str!("data/program-full.json")),
        (
            "bhicci-sample-program",
            reference::BHICCI_SAMPLE_PROGRAM_JSON,
        ),
        (
            "evidencenow-sample-program",
            reference::EVIDENCENOW_SAMPLE_PROGRAM_JSON,
        ),
        (
            "ahrq-2009-sample-program",
            reference::AHRQ_2009_SAMPLE_PROGRAM_JSON,
        ),
    ],
    more: &["tests/broken/program-base.json", "tests/broken/program"],
    vocabulary: PROGRAM_VOCABULARY,
    least: (4, 10),
};

const KINDS: [&Kind; 2] = [&MANUAL, &PROGRAM];

impl Kind {
    fn name(&self) -> &'static str {
        self.document.as_str()
    }

    fn schema_ok(&self, instance: &Value) -> bool {
        self.validator.is_valid(instance)
    }

    /// Where `instance` fails the schema, one line per error.
    fn schema_errors(&self, instance: &Value) -> Vec<String> {
        self.validator
            .iter_errors(instance)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect()
    }

    fn parse_ok(&self, instance: &Value) -> bool {
        (self.read)(&serde_json::to_vec(instance).expect("a Value serializes")).is_ok()
    }

    /// The parse error's code for `text`, if it does not parse.
    fn parse_code(&self, text: &str) -> Option<ParseErrorCode> {
        (self.read)(text.as_bytes()).err().map(|e| e.code())
    }

    /// Whether the schema accepts `text`, which must be JSON.
    fn schema_accepts_text(&self, text: &str) -> bool {
        self.schema_ok(&serde_json::from_str(text).expect("the text is JSON"))
    }

    /// The text of the starting document `name`.
    fn text(&self, name: &str) -> &'static str {
        self.mutated.iter().find(|(n, _)| *n == name).map_or_else(
            || panic!("no {} named {name}", self.name()),
            |(_, text)| *text,
        )
    }

    /// The starting document `name` with `from` replaced by `to` in its text, exactly once.
    fn text_with(&self, name: &str, from: &str, to: &str) -> String {
        let text = self.text(name);
        assert_eq!(
            text.matches(from).count(),
            1,
            "{from:?} occurs once in {name}"
        );
        text.replacen(from, to, 1)
    }

    /// Every document of this kind that parses: the starting points, then the `more` files.
    fn documents(&self) -> Vec<(String, String)> {
        let mut documents: Vec<(String, String)> = self
            .mutated
            .iter()
            .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
            .collect();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for more in self.more {
            let path = root.join(more);
            let mut files = if path.is_dir() {
                std::fs::read_dir(&path)
                    .expect("a readable directory")
                    .map(|entry| entry.expect("a directory entry").path())
                    .filter(|file| file.extension().is_some_and(|e| e == "json"))
                    // A program's broken document may come with a manual of its own.
                    .filter(|file| {
                        let manual = file.to_string_lossy().ends_with(".manual.json");
                        manual == (self.document == DocumentKind::Manual)
                            || !more.starts_with("tests/broken/program")
                    })
                    .collect()
            } else {
                vec![path]
            };
            files.sort();
            assert!(!files.is_empty(), "{more} has no documents");
            for file in files {
                let text = std::fs::read_to_string(&file).expect("a readable document");
                let name = file
                    .strip_prefix(root)
                    .unwrap_or(&file)
                    .display()
                    .to_string();
                documents.push((name, text));
            }
        }
        documents
    }
}

/// What the crate writes for a document it read.
fn written<T: serde::Serialize>(document: &T) -> Value {
    serde_json::to_value(document).expect("a document serializes")
}

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
// The schemas' shape.

#[test]
fn schemas_name_themselves() {
    for kind in KINDS {
        let schema = (kind.schema)();
        let name = kind.name();
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert_eq!(schema["$id"], kind.id, "{name}");
        assert_eq!(
            schema["$id"],
            format!("urn:practice-coaching:schema:{name}:2")
        );
        assert!(schema["title"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(
            schema["description"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        );
        // A document may name its schema in an optional `$schema` member.
        assert_eq!(
            schema["properties"]["$schema"]["type"],
            json!(["string", "null"]),
            "{name}"
        );
        let required = schema["required"].as_array().expect("required members");
        assert!(!required.contains(&json!("$schema")), "{name}");
    }
}

#[test]
fn schemas_are_valid_draft_2020_12() {
    for kind in KINDS {
        let schema = (kind.schema)();
        assert!(jsonschema::meta::is_valid(&schema), "{}", kind.name());
        assert!(
            jsonschema::draft202012::meta::is_valid(&schema),
            "{}",
            kind.name()
        );
    }
}

#[test]
fn schemas_have_only_standard_formats() {
    for kind in KINDS {
        let schema = (kind.schema)();
        let mut formats = 0;
        for (pointer, sub) in all_subschemas(&schema) {
            if let Some(format) = sub.get("format") {
                // A member named `format` under `properties` would be a property, not a keyword.
                if pointer.ends_with("/properties") {
                    continue;
                }
                formats += 1;
                let format = format.as_str().expect("format is a string");
                assert!(
                    STANDARD_FORMATS.contains(&format),
                    "{} {pointer}: non-standard format {format:?}",
                    kind.name()
                );
            }
        }
        // Programs have dates, times and ids; manuals none of them.
        if kind.document == DocumentKind::Program {
            assert_eq!(formats, 3, "the date, date-time and uuid formats");
        }
        // A validator that rejects unknown formats builds from it, too.
        let _ = validator(&schema);
    }
}

#[test]
fn every_integer_is_bounded() {
    for kind in KINDS {
        let schema = (kind.schema)();
        let mut integers = 0;
        for (pointer, sub) in all_subschemas(&schema) {
            if has_type(sub, "integer") {
                integers += 1;
                assert!(
                    sub.get("minimum").is_some_and(Value::is_u64),
                    "{} {pointer}: no minimum",
                    kind.name()
                );
                assert!(
                    sub.get("maximum").is_some_and(Value::is_u64),
                    "{} {pointer}: no maximum",
                    kind.name()
                );
            }
        }
        assert!(
            integers >= kind.least.0,
            "{}: found only {integers} integers",
            kind.name()
        );
    }
}

#[test]
fn every_object_rejects_unknown_members() {
    for kind in KINDS {
        let schema = (kind.schema)();
        let mut objects = 0;
        for (pointer, sub) in all_subschemas(&schema) {
            if has_type(sub, "object") {
                objects += 1;
                assert_eq!(
                    sub.get("additionalProperties"),
                    Some(&json!(false)),
                    "{} {pointer}",
                    kind.name()
                );
            }
        }
        assert!(
            objects >= kind.least.1,
            "{}: found only {objects} objects",
            kind.name()
        );
    }
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

    // A newtype variant is a single-member object whose member is the value.
    let schema = program_schema();
    let assignee = schema["$defs"]["Assignee"]["oneOf"]
        .as_array()
        .expect("variants");
    for name in ["coach", "team"] {
        let variant = assignee
            .iter()
            .find(|v| v["required"] == json!([name]))
            .unwrap_or_else(|| panic!("a {name} variant"));
        assert_eq!(variant["type"], "object");
        assert_eq!(variant["additionalProperties"], false);
        assert_eq!(
            variant["properties"][name]["$ref"], "#/$defs/EntityId",
            "{name}"
        );
    }
    let decision_maker = schema["$defs"]["DecisionMaker"]["oneOf"]
        .as_array()
        .expect("variants");
    assert!(
        decision_maker
            .iter()
            .all(|v| v["type"] == "string" && v["const"].is_string())
    );
}

/// Objects' optional and required members: (kind, definition or "" for the document, optional
/// members, required members).
const MEMBERS: &[(&Kind, &str, &[&str], &[&str])] = &[
    (
        &MANUAL,
        "",
        &[
            "$schema",
            "vocabularies",
            "titration",
            "qualifications",
            "team",
            "caseload",
            "activities",
            "milestones",
            "materials",
            "collaborative",
            "response_time",
            "measures",
            "figures",
            "skills",
            "strata",
            "components",
        ],
        &["id", "title", "version", "phases", "intensity_levels"],
    ),
    (
        &MANUAL,
        "Prescription",
        &[
            "typical_minutes",
            "min_minutes",
            "max_minutes",
            "coaches_per_contact",
            "interval",
        ],
        &["channel", "min_contacts", "max_contacts", "per"],
    ),
    (
        &MANUAL,
        "IntensityLevel",
        &["not_reported"],
        &["key", "name", "prescriptions"],
    ),
    (&MANUAL, "CaseloadThreshold", &["counted"], &["sites"]),
    (
        &MANUAL,
        "Collaborative",
        &["delegates", "faculty", "teams"],
        &["model", "learning_sessions"],
    ),
    (
        &MANUAL,
        "Skill",
        &["gap", "disciplines", "roles"],
        &["key", "tier"],
    ),
    (
        &MANUAL,
        "Figure",
        &[
            "value",
            "low",
            "high",
            "spread",
            "groups",
            "tolerance",
            "describes",
        ],
        &["key", "unit"],
    ),
    (
        &MANUAL,
        "FigureGroup",
        &["value", "low", "high", "spread"],
        &["name", "citations"],
    ),
    (
        &PROGRAM,
        "",
        &["$schema", "teams", "relationships"],
        &["manual", "sites", "coaches", "assignments"],
    ),
    (
        &PROGRAM,
        "Organization",
        &["requires_team"],
        &["id", "name"],
    ),
    (
        &PROGRAM,
        "Coach",
        &[
            "disciplines",
            "roles",
            "degrees",
            "certifications",
            "experience",
            "training_hours",
            "skills",
            "employment",
        ],
        &["id", "name"],
    ),
    (
        &PROGRAM,
        "Relationship",
        &["end", "titration", "met", "contacts", "components"],
        &["site", "start", "phases"],
    ),
    (
        &PROGRAM,
        "ComponentUptake",
        &["received"],
        &["component", "offered"],
    ),
    (
        &PROGRAM,
        "Site",
        &["clinic_count", "location", "stratum"],
        &["id", "organization", "name", "kind"],
    ),
    (&PROGRAM, "PhaseTransition", &["reason"], &["date", "phase"]),
    (
        &PROGRAM,
        "TitrationDecision",
        &["rule", "reason"],
        &["date", "level", "decided_by"],
    ),
    (
        &PROGRAM,
        "Contact",
        &["asked", "travel_minutes", "topics", "guests", "activities"],
        &["start", "mode", "minutes", "coaches", "initiated_by"],
    ),
];

#[test]
fn optional_members_are_not_required() {
    let (manual, program) = (manual_schema(), program_schema());
    for (kind, definition, optional, required) in MEMBERS {
        let schema = if kind.document == DocumentKind::Manual {
            &manual
        } else {
            &program
        };
        let object = if definition.is_empty() {
            schema
        } else {
            &schema["$defs"][definition]
        };
        let listed = object["required"].as_array().expect("required");
        for member in *optional {
            assert!(!listed.contains(&json!(member)), "{definition}.{member}");
            assert!(
                object["properties"].get(member).is_some(),
                "{definition}.{member}"
            );
        }
        for member in *required {
            assert!(listed.contains(&json!(member)), "{definition}.{member}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Whole documents: whatever parses passes the schema.

#[test]
fn documents_that_parse_pass_the_schema() {
    for kind in KINDS {
        let documents = kind.documents();
        for (name, text) in &documents {
            let written = (kind.read)(text.as_bytes())
                .unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
            let value: Value = serde_json::from_str(text).expect("JSON");
            let errors = kind.schema_errors(&value);
            assert!(errors.is_empty(), "{name} fails the schema: {errors:#?}");
            // What the crate writes passes the schema too.
            let errors = kind.schema_errors(&written);
            assert!(
                errors.is_empty(),
                "{name} as written fails the schema: {errors:#?}"
            );
        }
        println!("{}: {} documents", kind.name(), documents.len());
    }
}

#[test]
fn test_manuals_have_no_validation_errors() {
    for (name, text) in MANUAL.mutated {
        let manual = Manual::from_json(text.as_bytes())
            .unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
        let report = manual.validate();
        assert!(
            !report.has_errors(),
            "{name} has errors: {:?}",
            report.diagnostics()
        );
    }
}

#[test]
fn program_full_has_every_optional_member_and_enum_value() {
    // The fixture the program mutations start from holds every optional member, so that each
    // is removed, renamed and given wrong values, and every enum value, so that each is replaced.
    let doc: Value = serde_json::from_str(PROGRAM.text("program-full")).expect("JSON");
    let nodes = nodes(&doc);
    let schema = program_schema();
    for (definition, def) in schema["$defs"].as_object().expect("definitions") {
        let Some(properties) = def.get("properties").and_then(Value::as_object) else {
            continue;
        };
        let required = def["required"].as_array().cloned().unwrap_or_default();
        // An instance of the definition: its members are the definition's, the required ones
        // among them.
        let instances: Vec<&serde_json::Map<String, Value>> = nodes
            .iter()
            .filter_map(|(_, node)| node.as_object())
            .filter(|o| o.keys().all(|k| properties.contains_key(k)))
            .filter(|o| {
                required
                    .iter()
                    .all(|r| r.as_str().is_some_and(|r| o.contains_key(r)))
            })
            .collect();
        for member in properties.keys() {
            assert!(
                instances.iter().any(|o| o.contains_key(member)),
                "program-full has no {definition} with {member}"
            );
        }
    }
    for member in schema["properties"].as_object().expect("members").keys() {
        assert!(doc.get(member).is_some(), "program-full has no {member}");
    }
    for word in PROGRAM_VOCABULARY {
        let used = nodes.iter().any(|(_, node)| {
            node.as_str() == Some(*word) || node.as_object().is_some_and(|o| o.contains_key(*word))
        });
        assert!(used, "program-full never uses {word}");
    }
}

// ---------------------------------------------------------------------------------------------
// Single-field mutations: the schema rejects exactly what parsing rejects.

/// Every enum value of the manual model.
const MANUAL_VOCABULARY: &[&str] = &[
    "milestone",
    "acceptability",
    "adoption",
    "appropriateness",
    "feasibility",
    "fidelity",
    "implementation_cost",
    "penetration",
    "sustainability",
    "step_up",
    "step_down",
    "set_level",
    "hold",
    "review",
    "advance_phase",
    "relationship_start",
    "phase_entry",
    "before",
    "during",
    "after",
    "role",
    "site_team",
    "all_coaches",
    "implementation_team",
    "evaluators",
    "care_team",
    "higher",
    "lower",
    "every",
    "around_contact",
    "at_milestone",
    "in_person",
    "remote",
    "video",
    "phone",
    "email",
    "secondary",
    "associate",
    "bachelors",
    "masters",
    "doctorate",
    "relationship_months",
    "relationship_contacts",
    "relationship_contact_hours",
    "contact_minutes",
    "sites_per_coach",
    "contacts_per_year",
    "contact_hours_per_year",
    "sd",
    "iqr",
    "more",
    "less",
    "reported",
    "participant_report",
    "cited",
    "derived",
    "design",
    "dated",
    "count",
    "at_one_time",
    "over_program",
    "some_sites",
    "weeks",
    "months",
    "initiative",
    "coaching",
    "week",
    "month",
    "quarter",
    "half_year",
    "year",
    "phase",
    "relationship",
    "minimum_degree",
    "experience_years",
    "experience_held",
    "certification_held",
    "discipline_held",
    "training_hours",
    "core_skills",
    "required",
    "recommended",
    "not_required",
    "program",
    "site",
    "core",
    "specialty",
    "no_sites",
    "all_sites",
    "selected_organizations",
    "site_kinds",
    "weeks_in_phase",
    "exit_criterion_met_early",
    "participant_preference",
    "coach_judgment",
    "disruption",
    "delivered_below_minimum",
    "measure_crossed_target",
];

/// Every enum value of the program model.
const PROGRAM_VOCABULARY: &[&str] = &[
    "criterion",
    "milestone",
    "coach",
    "team",
    "in_person",
    "video",
    "phone",
    "email",
    "coaches",
    "supervisor",
    "sponsor",
    "site",
    "external",
    "sponsor_staff",
    "internal",
];

#[test]
fn vocabularies_have_every_enum_value() {
    // Every variant of every enum in the schema, with or without data, so that the mutations
    // try each enum value in each enum position.
    for kind in KINDS {
        let schema = (kind.schema)();
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
                kind.vocabulary.contains(&variant.as_str()),
                "{}: {variant} is missing",
                kind.name()
            );
        }
        for word in kind.vocabulary {
            assert!(
                variants.iter().any(|v| v == word),
                "{}: {word} is no variant",
                kind.name()
            );
        }
    }
}

/// Strings to try where a valid document has a key or a version.
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
    // An id and a date where a key is expected.
    "0b6f3c1e-9a4d-4f7e-8c2a-1d5e6f708192",
    "2016-03-14",
];

/// Strings to try where a valid document has an enum value, besides every other enum value.
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
    "In_Person",
    "coaches-meeting",
    "PhD",
];

/// Strings to try where a valid program has an id, besides forms of the id itself.
const ID_PROBES: &[&str] = &[
    "",
    "00000000-0000-0000-0000-000000000000",
    "ffffffff-ffff-ffff-ffff-ffffffffffff",
    "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
    "0b6f3c1e-9a4d-4f7e-8c2a-1d5e6f708192",
    "0B6F3C1E-9a4d-4F7E-8c2a-1D5E6F708192",
    "0b6f3c1e-9a4d-4f7e-8c2a-1d5e6f70819g",
    "0b6f3c1e-9a4d-4f7e-8c2a-1d5e6f70819",
    "0b6f3c1e-9a4d-4f7e-8c2a-1d5e6f7081920",
    "0b6f3c1e9-a4d-4f7e-8c2a-1d5e6f708192",
    "0b6f3c1e-9a4d-4f7e-8c2a1d5e6f708192-",
    "0b6f3c1e-9a4d-4f7e-8c2a-1d5e6f70819é",
    "0b6f3c1e 9a4d 4f7e 8c2a 1d5e6f708192",
    "0b6f3c1e_9a4d_4f7e_8c2a_1d5e6f708192",
    "{0b6f3c1e-9a4d-4f7e-8c2a-1d5e6f708192}",
    "(0b6f3c1e-9a4d-4f7e-8c2a-1d5e6f708192)",
    "0b6f3c1e9a4d4f7e8c2a1d5e6f708192",
    "urn:uuid:0b6f3c1e-9a4d-4f7e-8c2a-1d5e6f708192",
    "URN:UUID:0b6f3c1e-9a4d-4f7e-8c2a-1d5e6f708192",
    "urn:uuid:0b6f3c1e9a4d4f7e8c2a1d5e6f708192",
    "{0b6f3c1e9a4d4f7e8c2a1d5e6f708192}",
    "0b6f3c1e-9a4d-4f7e-8c2a-1d5e6f708192\n",
    "engagement",
    "2016-03-14",
];

/// Strings to try where a valid program has a date.
const DATE_PROBES: &[&str] = &[
    "",
    "2016-03-14",
    "2026-1-5",
    "2026-01-5",
    "2026-1-05",
    "26-01-05",
    "02026-01-05",
    "+2026-01-05",
    "-2026-01-05",
    "2026-02-30",
    "2025-02-29",
    "2024-02-29",
    "1900-02-29",
    "2000-02-29",
    "2026-04-31",
    "2026-13-01",
    "2026-00-10",
    "2026-01-00",
    "2026-01-32",
    "0000-01-01",
    "9999-12-31",
    "10000-01-01",
    "2026/01/05",
    "2026.01.05",
    "20260105",
    "2026-01-05T00:00:00Z",
    "2026-01-05T00:00",
    "2026-01-05Z",
    "2026-01-05 ",
    "2026-W02-1",
    "2026-005",
    "٢٠٢٦-٠١-٠٥",
    "0b6f3c1e-9a4d-4f7e-8c2a-1d5e6f708192",
];

/// Strings to try where a valid program has a date and time, besides forms of the original.
/// Leap seconds away from 23:59 UTC are left out: a listed one-way difference, tested on its own.
const TIME_PROBES: &[&str] = &[
    "",
    "2016-03-14",
    "09:30:00Z",
    "2016-03-14T09:30:00Z",
    "2016-03-14T09:30:00z",
    "2016-03-14t09:30:00Z",
    "2016-03-14 09:30:00Z",
    "2016-03-14_09:30:00Z",
    "2016-03-14T09:30:00",
    "2016-03-14T09:30Z",
    "2016-03-14T09:30",
    "2016-03-14T9:30:00Z",
    "2016-3-14T09:30:00Z",
    "2016-03-14T09:30:00.5Z",
    "2016-03-14T09:30:00,5Z",
    "2016-03-14T09:30:00.123456789Z",
    "2016-03-14T09:30:00.1234567891Z",
    "2016-03-14T09:30:00.Z",
    "2016-03-14T09:30:00-07:00",
    "2016-03-14T09:30:00+05:45",
    "2016-03-14T09:30:00-00:00",
    "2016-03-14T09:30:00+00:00",
    "2016-03-14T09:30:00+23:59",
    "2016-03-14T09:30:00-23:59",
    "2016-03-14T09:30:00+24:00",
    "2016-03-14T09:30:00+07:60",
    "2016-03-14T09:30:00+0700",
    "2016-03-14T09:30:00+07",
    "2016-03-14T09:30:00+07:00:00",
    "2016-03-14T09:30:00 +07:00",
    "2016-03-14T09:30:00Z+07:00",
    "2016-03-14T09:30:00GMT",
    "2016-03-14T09:30:00 Z",
    "2016-03-14T24:00:00Z",
    "2016-03-14T23:60:00Z",
    "2016-03-14T09:30:61Z",
    "2016-12-31T23:59:60Z",
    "2016-12-31T15:59:60-08:00",
    "2017-01-01T00:59:60+01:00",
    "2016-02-29T09:30:00Z",
    "2015-02-29T09:30:00Z",
    "2016-02-30T09:30:00Z",
    "2016-04-31T09:30:00Z",
    "2016-13-01T09:30:00Z",
    "0000-01-01T00:00:00Z",
    "0000-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59Z",
    "9999-12-31T23:59:59-01:00",
    "10000-01-01T00:00:00Z",
    "+2016-03-14T09:30:00Z",
    "2016-03-14T09:30:00.5",
    "2016-03-14T09:30:00-07:00\n",
    "2016-03-14T09:30:00-07:00\u{0}",
    "0b6f3c1e-9a4d-4f7e-8c2a-1d5e6f708192",
];

/// What a string of a valid document is, which decides the strings tried in its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// An enum value.
    Enum,
    /// A program entity's id.
    Id,
    /// A date.
    Date,
    /// A contact's date and time.
    Time,
    /// A key or a version.
    Token,
    /// Free text: names, descriptions.
    Text,
}

impl Class {
    fn of(s: &str, vocabulary: &[&str]) -> Self {
        if vocabulary.contains(&s) {
            Self::Enum
        } else if EntityId::new(s).is_ok() {
            Self::Id
        } else if Date::new(s).is_ok() {
            Self::Date
        } else if ContactTime::new(s).is_ok() {
            Self::Time
        } else if is_token(s) {
            Self::Token
        } else {
            Self::Text
        }
    }
}

/// Whether a string of a valid document is a key, an enum value or a version rather than free text.
fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_-.+".contains(&b))
}

/// Strings to put in place of `original`, a string of a valid document.
fn string_probes(original: &str, class: Class, vocabulary: &[&str]) -> Vec<String> {
    let owned =
        |probes: &[&str]| -> Vec<String> { probes.iter().map(|s| (*s).to_owned()).collect() };
    let mut probes = match class {
        // Free text takes any string; a few probes show it.
        Class::Text => return owned(&["abc\n", "é", "Free text.", ""]),
        Class::Enum => {
            let mut probes = owned(vocabulary);
            probes.extend(owned(ENUM_PROBES));
            probes
        }
        Class::Token => {
            let mut probes = owned(KEY_AND_VERSION_PROBES);
            probes.extend([
                "a".repeat(64),
                "a".repeat(65),
                format!("{}-b", "a".repeat(62)),
                format!("{original}-"),
                format!("{original}--x"),
            ]);
            probes
        }
        Class::Id => {
            let simple = original.replace('-', "");
            let mut probes = owned(ID_PROBES);
            probes.extend([
                format!("{{{original}}}"),
                simple.clone(),
                format!("urn:uuid:{original}"),
                format!("urn:uuid:{simple}"),
                format!("{}{}", original[..18].to_uppercase(), &original[18..]),
                original[..35].to_owned(),
                format!("{original}0"),
                format!("{}-{}", &original[..8], &original[9..]),
                original.replacen('-', "", 1),
            ]);
            probes
        }
        Class::Date => owned(DATE_PROBES),
        Class::Time => {
            let (date, time) = original.split_at(10);
            let local = &time[1..9];
            let mut probes = owned(TIME_PROBES);
            probes.extend([
                format!("{date} {}", &time[1..]),
                format!("{date}t{}", &time[1..]),
                format!("{date}T{local}"),
                format!("{date}T{local}Z"),
                format!("{date}T{local}.000{}", &time[9..]),
                format!("{date}T{}", &time[1..6]),
                format!("{date}T{}{}", &time[1..6], &time[9..]),
                date.to_owned(),
            ]);
            probes
        }
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
/// A node whose [`shape`] is in `seen` already (mutated in this document or an earlier, smaller
/// one) is skipped: the citations of every level are the same definition as those of the first.
fn mutations(doc: &Value, vocabulary: &[&str], seen: &mut HashSet<String>) -> Vec<(String, Edit)> {
    let numbers = numbers();
    let mut out = Vec::new();
    for (pointer, node) in nodes(doc) {
        if !seen.insert(shape(doc, &pointer, vocabulary)) {
            continue;
        }
        let mut replacements = wrong_types(node);
        match node {
            Value::Number(_) => replacements.extend(numbers.iter().cloned()),
            Value::String(s) => replacements.extend(
                string_probes(s, Class::of(s, vocabulary), vocabulary)
                    .into_iter()
                    .map(Value::from),
            ),
            Value::Object(members) => {
                for name in members.keys() {
                    out.push((pointer.clone(), Edit::RemoveMember(name.clone())));
                    let upper = name.to_uppercase();
                    out.push((pointer.clone(), Edit::RenameMember(name.clone(), upper)));
                }
                // An enum variant with data: every other variant name in its place.
                if let Some(name) = members
                    .keys()
                    .next()
                    .filter(|name| members.len() == 1 && vocabulary.contains(&name.as_str()))
                {
                    for word in vocabulary.iter().filter(|w| **w != name.as_str()) {
                        out.push((
                            pointer.clone(),
                            Edit::RenameMember(name.clone(), (*word).to_owned()),
                        ));
                    }
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
fn shape(doc: &Value, pointer: &str, vocabulary: &[&str]) -> String {
    let node = doc.pointer(pointer).expect("the pointer exists");
    let kind = match node {
        Value::Object(members) => {
            return format!(
                "{{{}}}",
                members.keys().cloned().collect::<Vec<_>>().join(",")
            );
        }
        Value::Array(_) => "array",
        Value::String(s) => match Class::of(s, vocabulary) {
            Class::Enum => "enum",
            Class::Id => "id",
            Class::Date => "date",
            Class::Time => "time",
            Class::Token => "token",
            Class::Text => "text",
        },
        Value::Number(_) => "number",
        Value::Bool(_) => "bool",
        Value::Null => "null",
    };
    let Some((parent, member)) = pointer.rsplit_once('/') else {
        return kind.to_owned();
    };
    if doc.pointer(parent).is_some_and(Value::is_array) {
        format!("{} item {kind}", shape(doc, parent, vocabulary))
    } else {
        format!("{} {member} {kind}", shape(doc, parent, vocabulary))
    }
}

/// `node` with the arrays cut: those the path to the mutated node goes through after the item
/// it goes through, every other one after its first item. The mutated node itself (where `path`
/// is empty) is kept whole, at the same pointer; `None` is off the path.
///
/// Reading and the schema check each item of a list on its own, so cutting items does not
/// change whether a mutation is accepted (the reduced document is checked to pass both before
/// it is mutated), and a mutation of a small document costs far less to write, parse and
/// validate than one of a whole reference manual.
fn reduced(node: &Value, path: Option<&[&str]>) -> Value {
    match (node, path) {
        (_, Some([])) => node.clone(),
        (Value::Object(members), _) => Value::Object(
            members
                .iter()
                .map(|(name, value)| {
                    let rest = path.and_then(|p| (p[0] == escape(name)).then(|| &p[1..]));
                    (name.clone(), reduced(value, rest))
                })
                .collect(),
        ),
        (Value::Array(items), _) => {
            let through = path.and_then(|p| p[0].parse::<usize>().ok());
            Value::Array(
                items
                    .iter()
                    .take(through.map_or(1, |i| i + 1))
                    .enumerate()
                    .map(|(i, item)| {
                        let rest = path.filter(|_| through == Some(i)).map(|p| &p[1..]);
                        reduced(item, rest)
                    })
                    .collect(),
            )
        }
        _ => node.clone(),
    }
}

/// Mutates each starting document of `kind`, smallest first so that each shape is mutated in
/// the cheapest document that has it, each mutation in the document [`reduced`] around it;
/// panics listing the mutations on which the schema and
/// parsing disagree. Returns how many both accepted and both rejected.
fn mutations_agree(kind: &Kind) -> (usize, usize) {
    let mut seen = HashSet::new();
    let mut cases = Vec::new();
    for (name, text) in kind.mutated {
        let doc: Value = serde_json::from_str(text).expect("the document is JSON");
        let mut around: Option<(String, Value)> = None;
        for (pointer, edit) in mutations(&doc, kind.vocabulary, &mut seen) {
            if around.as_ref().is_none_or(|(at, _)| *at != pointer) {
                let path: Vec<&str> = pointer.split('/').skip(1).collect();
                let small = reduced(&doc, Some(&path));
                assert!(
                    kind.parse_ok(&small) && kind.schema_ok(&small),
                    "{name} reduced around {pointer:?} is no longer valid"
                );
                around = Some((pointer.clone(), small));
            }
            if beyond_four_decimals(&pointer, &edit) {
                // A documented one-way difference (difference_decimals_beyond_four_places).
                continue;
            }
            let (_, small) = around.as_ref().expect("set above");
            let mutated = edited(small, &pointer, &edit);
            cases.push((name, pointer, edit, mutated));
        }
    }
    // The cases are independent: checked on every core, in order within each share.
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let share = cases.len().div_ceil(threads).max(1);
    let outcomes: Vec<(bool, bool)> = std::thread::scope(|scope| {
        let handles: Vec<_> = cases
            .chunks(share)
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|(_, _, _, mutated)| (kind.parse_ok(mutated), kind.schema_ok(mutated)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().expect("a checking thread"))
            .collect()
    });
    let (mut both_accept, mut both_reject) = (0, 0);
    let mut disagreements = Vec::new();
    for ((name, pointer, edit, _), outcome) in cases.iter().zip(outcomes) {
        match outcome {
            (true, true) => both_accept += 1,
            (false, false) => both_reject += 1,
            (parse, schema) => disagreements.push(format!(
                "{name} at {pointer:?} {edit:?}: parsing {}, schema {}",
                if parse { "accepts" } else { "rejects" },
                if schema { "accepts" } else { "rejects" },
            )),
        }
    }
    let mut listing = String::new();
    for line in disagreements.iter().take(40) {
        let _ = writeln!(listing, "  {line}");
    }
    assert!(
        disagreements.is_empty(),
        "{}: {} of {} mutations disagree:\n{listing}",
        kind.name(),
        disagreements.len(),
        both_accept + both_reject + disagreements.len(),
    );
    println!(
        "{}: {both_accept} accepted, {both_reject} rejected, {} shapes",
        kind.name(),
        seen.len()
    );
    (both_accept, both_reject)
}

/// Whether `edit` writes a number with more than four decimals into a figure's (or a group's)
/// value, range, spread or tolerance, which only the parser refuses.
fn beyond_four_decimals(pointer: &str, edit: &Edit) -> bool {
    let figure = pointer.starts_with("/figures/")
        && ["/value", "/low", "/high", "/sd", "/q1", "/q3", "/tolerance"]
            .iter()
            .any(|end| pointer.ends_with(end));
    let Edit::Replace(Value::Number(number)) = edit else {
        return false;
    };
    let fine = number
        .as_f64()
        .is_some_and(|n| ((n * 1e4).round() - n * 1e4).abs() < 1e-6);
    figure && !fine
}

#[test]
fn difference_decimals_beyond_four_places() {
    // Figures are held exactly in ten-thousandths; `multipleOf: 0.0001` would reject 31.6 in
    // validators that compute it in binary floating point, so the schema does not say it.
    let text = MANUAL.text("manual-full");
    let figure = "\"value\": 12,";
    assert!(text.contains(figure));
    let text = text.replacen(figure, "\"value\": 12.00001,", 1);
    assert!(MANUAL.schema_accepts_text(&text));
    assert_eq!(MANUAL.parse_code(&text), Some(ParseErrorCode::Value));
    let text = MANUAL
        .text("manual-full")
        .replacen(figure, "\"value\": 12.3456,", 1);
    assert!(MANUAL.schema_accepts_text(&text));
    assert!(MANUAL.parse_code(&text).is_none());
}

#[test]
fn strict_program_scalars_agree() {
    // The forms the uuid crate and chrono read but the types reject, as the schema does: each
    // is among the mutations too, and shown here where it can be read.
    let doc: Value = serde_json::from_str(PROGRAM.text("program-full")).expect("JSON");
    let id = "/organizations/0/id";
    let date = "/assignments/0/from";
    let time = "/relationships/0/contacts/0/start";
    let cases = [
        (id, json!("{0a000000-0000-4000-8000-000000000001}"), false),
        (id, json!("0a000000000040008000000000000001"), false),
        (
            id,
            json!("urn:uuid:0a000000-0000-4000-8000-000000000001"),
            false,
        ),
        (id, json!("0A000000-0000-4000-8000-00000000000F"), true),
        (date, json!("2026-1-5"), false),
        (date, json!("2026-02-30"), false),
        (date, json!("2024-02-29"), true),
        (time, json!("2015-09-15 09:00:00-07:00"), false),
        (time, json!("2015-09-15t09:00:00-07:00"), false),
        (time, json!("2015-09-15T09:00:00"), false),
        (time, json!("2015-09-15T09:00:00.5-07:00"), true),
        (time, json!("2015-09-15T16:00:00Z"), true),
        (time, json!("2016-12-31T23:59:60Z"), false),
        (date, json!("0000-01-01"), false),
        ("/coaches/0/disciplines", json!([]), true),
        ("/coaches/0/disciplines", json!(["medical"]), true),
    ];
    for (pointer, value, accepted) in cases {
        let mutated = edited(&doc, pointer, &Edit::Replace(value.clone()));
        assert_eq!(
            PROGRAM.parse_ok(&mutated),
            accepted,
            "parsing {pointer} = {value}"
        );
        assert_eq!(
            PROGRAM.schema_ok(&mutated),
            accepted,
            "schema {pointer} = {value}"
        );
    }
}

#[test]
fn manual_mutations_agree() {
    let (both_accept, both_reject) = mutations_agree(&MANUAL);
    // Neither side may be trivially strict or lax.
    assert!(both_accept > 1000, "{both_accept} accepted");
    assert!(both_reject > 5000, "{both_reject} rejected");
}

#[test]
fn program_mutations_agree() {
    let (both_accept, both_reject) = mutations_agree(&PROGRAM);
    assert!(both_accept > 500, "{both_accept} accepted");
    assert!(both_reject > 3000, "{both_reject} rejected");
}

// ---------------------------------------------------------------------------------------------
// The one-way differences, each shown as documented in docs/schemas/README.md.

/// `manual-full` with `from` replaced by `to` in its text, exactly once.
fn full_manual_with(from: &str, to: &str) -> String {
    MANUAL.text_with("manual-full", from, to)
}

/// `program-full` with `from` replaced by `to` in its text, exactly once.
fn full_program_with(from: &str, to: &str) -> String {
    PROGRAM.text_with("program-full", from, to)
}

#[test]
fn difference_integers_written_as_floats() {
    // JSON Schema's `integer` is any number with a zero fractional part; serde reads integers
    // only from integer tokens.
    for weeks in ["8.0", "8e0", "0.8e1", "8.000"] {
        let text = full_manual_with("\"weeks\": 8,\n", &format!("\"weeks\": {weeks},\n"));
        assert!(MANUAL.schema_accepts_text(&text), "{weeks}");
        assert_eq!(
            MANUAL.parse_code(&text),
            Some(ParseErrorCode::Type),
            "{weeks}"
        );
    }
    // `-0` is read as the float -0.0, which JSON Schema counts as the integer 0.
    let text = full_manual_with("\"weeks\": 8,\n", "\"weeks\": -0,\n");
    assert!(MANUAL.schema_accepts_text(&text));
    assert_eq!(MANUAL.parse_code(&text), Some(ParseErrorCode::Type));
    // The same in programs.
    for minutes in ["180.0", "1.8e2"] {
        let text = full_program_with("\"minutes\": 180,", &format!("\"minutes\": {minutes},"));
        assert!(PROGRAM.schema_accepts_text(&text), "{minutes}");
        assert_eq!(
            PROGRAM.parse_code(&text),
            Some(ParseErrorCode::Type),
            "{minutes}"
        );
    }
}

#[test]
fn difference_duplicate_members() {
    // A schema validator sees the parsed value, where the last duplicate has replaced the first.
    let text = full_manual_with(
        "\"title\": \"Harbor Valley practice facilitation manual (fictional)\",",
        "\"title\": \"first\", \"title\": \"second\",",
    );
    assert!(MANUAL.schema_accepts_text(&text));
    assert_eq!(
        MANUAL.parse_code(&text),
        Some(ParseErrorCode::DuplicateField)
    );
    // The same inside an externally tagged enum: two variants' worth of members.
    let text = full_manual_with(
        "\"set_level\": { \"level\": \"intensive\" }",
        "\"set_level\": { \"level\": \"standard\" }, \"set_level\": { \"level\": \"intensive\" }",
    );
    assert!(MANUAL.schema_accepts_text(&text));
    assert!(MANUAL.parse_code(&text).is_some());
    // And in programs.
    let text = full_program_with("\"minutes\": 180,", "\"minutes\": 180, \"minutes\": 30,");
    assert!(PROGRAM.schema_accepts_text(&text));
    assert_eq!(
        PROGRAM.parse_code(&text),
        Some(ParseErrorCode::DuplicateField)
    );
}

#[test]
fn difference_structs_written_as_arrays() {
    // serde_json reads a struct from an array of its fields in declaration order.
    let cases = [
        (
            "\"set_level\": { \"level\": \"intensive\" }",
            "\"set_level\": [\"intensive\"]",
        ),
        (
            "\"min\": { \"weeks\": 4 },\n        \"max\": { \"weeks\": 12 }",
            "\"min\": { \"weeks\": 4 },\n        \"max\": { \"weeks\": 12 }, \"unused\": []",
        ),
    ];
    let (from, to) = cases[0];
    let text = full_manual_with(from, to);
    assert!(!MANUAL.schema_accepts_text(&text), "{to}");
    assert!(MANUAL.parse_code(&text).is_none(), "{to}");
    // A phase's length as an array of its members.
    let text = full_manual_with(
        "\"min\": { \"weeks\": 4 },\n        \"max\": { \"weeks\": 12 }",
        "\"min\": { \"weeks\": 4 },\n        \"max\": { \"weeks\": 12 }",
    )
    .replacen(
        "\"length\": {\n        \"min\": { \"weeks\": 4 },\n        \"max\": { \"weeks\": 12 }\n      }",
        "\"length\": [{ \"weeks\": 4 }, { \"weeks\": 12 }]",
        1,
    );
    assert!(!MANUAL.schema_accepts_text(&text));
    assert!(MANUAL.parse_code(&text).is_none(), "a length as an array");
    let _ = cases[1];
    // The same in programs.
    let text = full_program_with(
        "\"version\": \"^1.2.3-rc.1\"",
        "\"version\": \"^1.2.3-rc.1\"",
    )
    .replacen(
        "\"manual\": {\n    \"id\": \"harbor-valley\",\n    \"version\": \"^1.2.3-rc.1\",\n    \"earlier\": [\n      {\n        \"version\": \"=1.2.3-rc.1\",\n        \"until\": \"2020-12-31\"\n      }\n    ]\n  }",
        "\"manual\": [\"harbor-valley\", \"^1.2.3-rc.1\"]",
        1,
    );
    assert!(!PROGRAM.schema_accepts_text(&text));
    assert!(
        PROGRAM.parse_code(&text).is_none(),
        "a manual reference as an array"
    );
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
    ] {
        let text = full_manual_with(from, to);
        assert!(!MANUAL.schema_accepts_text(&text), "{to}");
        assert!(MANUAL.parse_code(&text).is_none(), "{to}");
    }
    let text = PROGRAM.text("program-full").replacen(
        "\"mode\": \"video\"",
        "\"mode\": { \"video\": null }",
        1,
    );
    assert!(!PROGRAM.schema_accepts_text(&text));
    assert!(PROGRAM.parse_code(&text).is_none());
}

#[test]
fn difference_version_numbers_beyond_u64() {
    // The pattern cannot bound a number; semver keeps each part in a u64.
    let largest = "18446744073709551615.0.0";
    let text = full_manual_with("\"1.2.3-rc.1+build.5\"", &format!("\"{largest}\""));
    assert!(MANUAL.schema_accepts_text(&text));
    assert!(MANUAL.parse_code(&text).is_none());
    for too_large in ["18446744073709551616.0.0", "1.99999999999999999999.0"] {
        let text = full_manual_with("\"1.2.3-rc.1+build.5\"", &format!("\"{too_large}\""));
        assert!(MANUAL.schema_accepts_text(&text), "{too_large}");
        assert_eq!(
            MANUAL.parse_code(&text),
            Some(ParseErrorCode::Value),
            "{too_large}"
        );
        // The versions a program follows, too.
        let text = full_program_with("\"^1.2.3-rc.1\"", &format!("\"^{too_large}\""));
        assert!(PROGRAM.schema_accepts_text(&text), "{too_large}");
        assert_eq!(
            PROGRAM.parse_code(&text),
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
    let text = full_manual_with(
        "\"title\": \"Harbor Valley practice facilitation manual (fictional)\",",
        "\"title\": \"\\ud800 alone\",",
    );
    assert_eq!(MANUAL.parse_code(&text), Some(ParseErrorCode::Syntax));
    assert!(serde_json::from_str::<Value>(&text).is_err());
    let text = full_program_with(
        "\"name\": \"Dana Whitfield\",",
        "\"name\": \"\\udc00 alone\",",
    );
    assert_eq!(PROGRAM.parse_code(&text), Some(ParseErrorCode::Syntax));
}

#[test]
fn leap_seconds_and_year_zero_are_refused_by_both() {
    // Python's jsonschema refuses both (the README recommends it), so the crate does too: a
    // contact time's seconds run 00 to 59, and dates start at 0001.
    for time in [
        "2016-03-14T12:30:60Z",
        "2016-12-31T23:59:60Z",
        "2016-12-31T15:59:60-08:00",
        "0000-03-14T09:00:00Z",
    ] {
        let text = full_program_with("2021-01-12T09:00:00-08:00", time);
        assert!(!PROGRAM.schema_accepts_text(&text), "{time}");
        assert_eq!(
            PROGRAM.parse_code(&text),
            Some(ParseErrorCode::Value),
            "{time}"
        );
        assert!(!TIME_VALIDATOR.is_valid(&json!(time)), "{time}");
    }
    let text = full_program_with("\"from\": \"2021-01-04\"", "\"from\": \"0000-01-04\"");
    assert!(!PROGRAM.schema_accepts_text(&text));
    assert_eq!(PROGRAM.parse_code(&text), Some(ParseErrorCode::Value));
    let text = full_program_with("\"from\": \"2021-01-04\"", "\"from\": \"0001-01-04\"");
    assert!(PROGRAM.schema_accepts_text(&text));
    assert!(PROGRAM.parse_code(&text).is_none());
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
static TIME_VALIDATOR: LazyLock<Validator> = LazyLock::new(scalar_validator::<ContactTime>);
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

fn time_like() -> impl Strategy<Value = String> {
    let date = "[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])";
    let time = "([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]";
    let offset = "(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])";
    prop_oneof![
        regex(&format!("{date}T{time}(\\.[0-9]{{1,12}})?{offset}")),
        regex(&format!(
            "{date}[Tt ]{time}(\\.[0-9]{{0,3}})?([Zz]|[+-][0-9]{{2}}:?[0-9]{{2}})?"
        )),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})",
        regex(&format!("{date}T23:59:60{offset}")),
        "[0-9]{1,5}-[0-9]{1,2}-[0-9]{1,2}T[0-9]{1,2}:[0-9]{1,2}(:[0-9]{1,2})?[Z+-]?[0-9:]{0,6}[\n ]?",
        "[0-9T:Z+.-]{16,30}",
        "\\PC{0,30}",
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
    fn contact_time_pattern_and_format_agree(s in time_like()) {
        prop_assert_eq!(
            ContactTime::new(&s).is_ok(),
            TIME_VALIDATOR.is_valid(&json!(s)),
            "{:?}",
            s
        );
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
fn difference_formats_are_annotations_by_default() {
    // Draft 2020-12 makes `format` an annotation unless a validator opts in to asserting it; the
    // patterns alone let impossible days and times through.
    fn lax<T: JsonSchema>() -> Validator {
        let schema = SchemaSettings::draft2020_12()
            .into_generator()
            .into_root_schema_for::<T>()
            .to_value();
        jsonschema::options()
            .should_validate_formats(false)
            .build(&schema)
            .expect("the schema compiles")
    }
    let date = lax::<Date>();
    for impossible in ["2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10"] {
        assert!(date.is_valid(&json!(impossible)), "{impossible}");
        assert!(!DATE_VALIDATOR.is_valid(&json!(impossible)), "{impossible}");
        assert!(Date::new(impossible).is_err(), "{impossible}");
    }
    let time = lax::<ContactTime>();
    for impossible in [
        "2016-02-30T09:30:00Z",
        "2016-03-14T24:00:00Z",
        "2016-03-14T09:61:00Z",
        "2016-03-14T09:30:00+24:00",
    ] {
        assert!(time.is_valid(&json!(impossible)), "{impossible}");
        assert!(!TIME_VALIDATOR.is_valid(&json!(impossible)), "{impossible}");
        assert!(ContactTime::new(impossible).is_err(), "{impossible}");
    }
    // A whole program with such a date passes a validator that does not assert formats.
    let text = full_program_with("\"from\": \"2021-01-04\"", "\"from\": \"2021-02-29\"");
    let value: Value = serde_json::from_str(&text).expect("JSON");
    let program_lax = jsonschema::options()
        .should_validate_formats(false)
        .build(&program_schema())
        .expect("the schema compiles");
    assert!(program_lax.is_valid(&value));
    assert!(!PROGRAM.schema_ok(&value));
    assert!(PROGRAM.parse_code(&text).is_some());
}

// ---------------------------------------------------------------------------------------------
// Generated documents pass their schema.

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn generated_manuals_pass_the_manual_schema(manual in arb_manual()) {
        let errors = MANUAL.schema_errors(&written(&manual));
        prop_assert!(errors.is_empty(), "{:#?}", errors);
    }

    #[test]
    fn generated_programs_pass_the_program_schema((_manual, program) in arb_program_with_relationships()) {
        let errors = PROGRAM.schema_errors(&written(&program));
        prop_assert!(errors.is_empty(), "{:#?}", errors);
    }
}
