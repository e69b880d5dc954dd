//! Parse errors name the code, the line and column, and a JSON Pointer to the bad value.

use practice_coaching::{Manual, ParseError, ParseErrorCode, Program};

/// A small valid manual, one member a line, so changes land on known lines.
const MANUAL: &str = r#"{
  "id": "example",
  "title": "Example manual",
  "version": "1.0.0",
  "description": "A manual for parse error tests.",
  "sources": [{"key": "draft", "citation": "A draft."}],
  "phases": [
    {
      "key": "engagement",
      "name": "Engagement",
      "purpose": "Build the relationship.",
      "length": {"min": {"months": 3}},
      "starting_level": "monthly",
      "citations": [{"evidence": "design", "rationale": "A test."}]
    }
  ],
  "intensity_levels": [
    {
      "key": "monthly",
      "name": "Monthly",
      "description": "A visit a month.",
      "prescriptions": [
        {"channel": "in_person", "min_contacts": 1, "max_contacts": 1, "per": "month",
         "citations": [{"evidence": "design", "rationale": "A test."}]}
      ],
      "citations": [{"evidence": "design", "rationale": "A test."}]
    }
  ],
  "titration": {
    "rules": [
      {"key": "less", "trigger": {"participant_preference": {"direction": "less"}},
       "adjustment": "hold", "reason_required": true, "overrides_interval": false,
       "citations": [{"evidence": "design", "rationale": "A test."}]}
    ]
  },
  "skills": [
    {"key": "facilitation", "name": "Facilitation", "tier": "core",
     "description": "Helping teams.", "citations": [{"evidence": "design", "rationale": "A test."}]}
  ]
}
"#;

fn parse_with(from: &str, to: &str) -> ParseError {
    assert!(MANUAL.contains(from), "the manual has {from}");
    Manual::from_json(MANUAL.replacen(from, to, 1).as_bytes()).expect_err("the change breaks it")
}

#[test]
fn the_test_manual_parses() {
    Manual::from_json(MANUAL.as_bytes()).expect("parses");
}

#[test]
fn an_unknown_field_is_named_with_its_pointer_and_the_nearest_name() {
    let err = parse_with(
        r#""title": "Example manual","#,
        r#""title": "Example manual", "tittle": "red","#,
    );
    assert_eq!(err.code(), ParseErrorCode::UnknownField);
    assert_eq!(err.pointer(), "/tittle");
    assert!(err.message().contains("did you mean `title`?"), "{err}");
    assert_eq!(err.line(), 3);
}

#[test]
fn a_missing_field_points_at_its_parent() {
    let err = parse_with(r#""purpose": "Build the relationship.","#, "");
    assert_eq!(err.code(), ParseErrorCode::MissingField);
    assert_eq!(err.pointer(), "/phases/0");
    assert!(err.message().contains("purpose"), "{err}");
}

#[test]
fn a_value_inside_an_enum_variant_has_the_variant_in_its_pointer() {
    let err = parse_with(r#""direction": "less""#, r#""direction": "fewer""#);
    assert_eq!(err.code(), ParseErrorCode::Value);
    assert_eq!(
        err.pointer(),
        "/titration/rules/0/trigger/participant_preference/direction"
    );
}

#[test]
fn a_length_takes_one_unit() {
    let err = parse_with(r#"{"months": 3}"#, r#"{"months": 3, "weeks": 2}"#);
    assert_eq!(err.pointer(), "/phases/0/length/min");
    let err = parse_with(r#"{"months": 3}"#, r#"{"days": 90}"#);
    assert_eq!(err.code(), ParseErrorCode::Value);
    assert!(err.message().contains("weeks"), "{err}");
}

#[test]
fn a_bad_key_names_the_value_and_what_was_expected() {
    let err = parse_with(r#""key": "engagement""#, r#""key": "Engagement""#);
    assert_eq!(err.code(), ParseErrorCode::Value);
    assert_eq!(err.pointer(), "/phases/0/key");
    assert!(
        err.message().contains("Engagement") && err.message().contains("lower-kebab"),
        "{err}"
    );
}

#[test]
fn a_number_out_of_bounds_names_the_bounds() {
    let err = parse_with(r#""min_contacts": 1,"#, r#""min_contacts": 1001,"#);
    assert_eq!(err.code(), ParseErrorCode::Value);
    assert!(err.message().contains("0 to 1000"), "{err}");
}

#[test]
fn a_duplicate_member_points_at_the_member() {
    let err = parse_with(
        r#""title": "Example manual","#,
        r#""title": "Example manual", "title": "Again","#,
    );
    assert_eq!(err.code(), ParseErrorCode::DuplicateField);
    assert_eq!(err.pointer(), "/title");
}

#[test]
fn a_fraction_with_more_than_four_decimals_is_refused() {
    let figure = r#""figures": [{"key": "f", "name": "f", "value": 31.60001, "unit": "%",
        "citations": [{"evidence": "design", "rationale": "A test."}]}],
  "skills": ["#;
    let err = parse_with(r#""skills": ["#, figure);
    assert_eq!(err.code(), ParseErrorCode::Value);
    assert_eq!(err.pointer(), "/figures/0/value");
    assert!(err.message().contains("four decimal places"), "{err}");
}

#[test]
fn a_program_names_its_manual_by_a_version_requirement() {
    let program = r#"{"manual": {"id": "example", "version": "not a requirement"},
        "organizations": [], "sites": [], "coaches": [], "assignments": []}"#;
    let err = Program::from_json(program.as_bytes()).expect_err("a bad requirement");
    assert_eq!(err.pointer(), "/manual/version");
    let program = program.replace("not a requirement", "^1.0");
    Program::from_json(program.as_bytes()).expect("a requirement");
}

#[test]
fn a_location_off_the_earth_names_the_member_the_value_and_the_range() {
    let program = |site: &str, coach: &str| {
        format!(
            r#"{{"manual": {{"id": "example", "version": "^1.0"}},
        "organizations": [{{"id": "0a000000-0000-4000-8000-000000000001", "name": "O"}}],
        "sites": [{{"id": "5e000000-0000-4000-8000-000000000001",
          "organization": "0a000000-0000-4000-8000-000000000001", "name": "S", "kind": "fqhc"{site}}}],
        "coaches": [{{"id": "c0000000-0000-4000-8000-000000000001", "name": "C"{coach}}}],
        "assignments": []}}"#
        )
    };
    let parse = |site: &str, coach: &str| Program::from_json(program(site, coach).as_bytes());
    let fine = parse(
        r#", "location": {"latitude": -33.8688, "longitude": 151.2093}"#,
        r#", "capacity": 0, "location": {"latitude": 90, "longitude": -180}"#,
    )
    .expect("on Earth");
    assert_eq!(
        fine.coaches[0]
            .capacity
            .map(practice_coaching::Capacity::get),
        Some(0)
    );
    let err = parse(r#", "location": {"latitude": 91.5, "longitude": 0}"#, "")
        .expect_err("north of the pole");
    assert_eq!(err.code(), ParseErrorCode::Value);
    assert_eq!(err.pointer(), "/sites/0/location/latitude");
    assert!(
        err.message().contains("91.5") && err.message().contains("from -90 to 90"),
        "{err}"
    );
    let err = parse("", r#", "location": {"latitude": 0, "longitude": -180.25}"#)
        .expect_err("past the antimeridian");
    assert_eq!(err.pointer(), "/coaches/0/location/longitude");
    assert!(err.message().contains("from -180 to 180"), "{err}");
    let err = parse("", r#", "location": {"lat": 0, "longitude": 0}"#).expect_err("a typo");
    assert_eq!(err.code(), ParseErrorCode::UnknownField);
    assert!(err.message().contains("did you mean `latitude`?"), "{err}");
    let err = parse("", r#", "capacity": 10001"#).expect_err("too many sites");
    assert_eq!(err.pointer(), "/coaches/0/capacity");
    assert!(err.message().contains("0 to 10000"), "{err}");
}
