//! Parse errors name the code, the line and column, and a JSON Pointer to the bad value.

use practice_coaching::{Manual, ParseError, ParseErrorCode};

fn base() -> String {
    std::fs::read_to_string("tests/broken/manual-base.json").expect("the base manual")
}

fn parse_with(from: &str, to: &str) -> ParseError {
    let text = base();
    assert!(text.contains(from), "the base has {from}");
    Manual::from_json(text.replacen(from, to, 1).as_bytes()).expect_err("the change breaks it")
}

#[test]
fn an_unknown_field_is_named_with_its_pointer() {
    let err = parse_with(
        r#""title": "Example manual","#,
        r#""title": "Example manual", "colour": "red","#,
    );
    assert_eq!(err.code, ParseErrorCode::UnknownField);
    assert_eq!(err.pointer, "/colour");
    assert!(err.message.contains("colour"), "{err}");
    assert_eq!(err.line, 3);
}

#[test]
fn a_missing_field_points_at_its_parent() {
    let err = parse_with(r#""purpose": "Keep the gains.","#, "");
    assert_eq!(err.code, ParseErrorCode::MissingField);
    assert_eq!(err.pointer, "/phases/1");
    assert!(err.message.contains("purpose"), "{err}");
}

#[test]
fn a_value_inside_an_enum_variant_has_the_variant_in_its_pointer() {
    let err = parse_with(r#""direction": "less""#, r#""direction": "fewer""#);
    assert_eq!(err.code, ParseErrorCode::Value);
    assert_eq!(
        err.pointer,
        "/titration/rules/0/trigger/coach_judgment/direction"
    );
}

#[test]
fn out_of_range_and_wrong_types_are_told_apart() {
    let err = parse_with(r#""max_minutes": 240"#, r#""max_minutes": 2400"#);
    assert_eq!(err.code, ParseErrorCode::Value);
    assert_eq!(
        err.pointer,
        "/intensity_levels/0/prescriptions/0/max_minutes"
    );
    assert!(err.message.contains("0 to 1440"), "{err}");
    let err = parse_with(r#""max_minutes": 240"#, r#""max_minutes": "240""#);
    assert_eq!(err.code, ParseErrorCode::Type);
    let err = parse_with(r#""max_minutes": 240"#, r#""max_minutes": 240.5"#);
    assert_eq!(err.code, ParseErrorCode::Type);
}

#[test]
fn a_bad_key_names_the_value_and_the_form_expected() {
    let err = parse_with(r#""key": "engagement""#, r#""key": "Engagement""#);
    assert_eq!(err.code, ParseErrorCode::Value);
    assert_eq!(err.pointer, "/phases/0/key");
    assert!(
        err.message.contains("`Engagement`") && err.message.contains("lower-kebab"),
        "{err}"
    );
}

#[test]
fn a_duplicate_member_is_an_error_not_a_silent_overwrite() {
    let err = parse_with(
        r#""title": "Example manual","#,
        r#""title": "Example manual", "title": "Other","#,
    );
    assert_eq!(err.code, ParseErrorCode::DuplicateField);
    assert_eq!(err.pointer, "/title");
}

#[test]
fn malformed_documents_are_syntax_errors() {
    let trailing = format!("{}{{}}", base());
    let lines = trailing.lines().count();
    for (input, line) in [
        ("", 1),
        ("{", 1),
        (trailing.as_str(), lines),
        ("{\"id\": ", 1),
    ] {
        let err = Manual::from_json(input.as_bytes()).expect_err("malformed");
        assert_eq!(err.code, ParseErrorCode::Syntax, "{input:?}: {err}");
        assert_eq!(err.line, line, "{input:?}: {err}");
    }
    for top in [
        "null",
        "1",
        "\"manual\"",
        "true",
        "[]",
        "  \n [\"example\"]",
    ] {
        let err = Manual::from_json(top.as_bytes()).expect_err(top);
        assert_eq!(
            (err.code, err.pointer.as_str()),
            (ParseErrorCode::Type, ""),
            "{top}: {err}"
        );
    }
}

#[test]
fn display_reads_as_one_line() {
    let err = parse_with(r#""key": "engagement""#, r#""key": "Engagement""#);
    let shown = err.to_string();
    assert!(shown.starts_with("parse-value at line "), "{shown}");
    assert!(shown.contains("/phases/0/key"), "{shown}");
}

#[test]
fn the_document_kind_is_told_from_top_level_members() {
    use practice_coaching::DocumentKind;
    let manual = base();
    assert_eq!(
        DocumentKind::detect(manual.as_bytes()),
        Ok(DocumentKind::Manual)
    );
    let program = std::fs::read("tests/broken/program-base.json").expect("the base program");
    assert_eq!(DocumentKind::detect(&program), Ok(DocumentKind::Program));
    let err = DocumentKind::detect(br#"{"title": "neither"}"#).expect_err("no telling member");
    assert_eq!(err.code, ParseErrorCode::MissingField);
    for bad in ["[]", "null", "{", ""] {
        assert!(DocumentKind::detect(bad.as_bytes()).is_err(), "{bad}");
    }
}
