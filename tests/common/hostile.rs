//! Hostile inputs: each a document a user could feed in, and what it must produce. Used by the
//! library tests (`tests/hostile_input.rs`) and the command-line tests.

use practice_coaching::ParseErrorCode;

/// One hostile input and the parse error it must cause (`None`: it must parse).
pub struct Hostile {
    pub name: &'static str,
    pub bytes: Vec<u8>,
    pub code: Option<ParseErrorCode>,
    /// The JSON Pointer the error must name.
    pub pointer: &'static str,
}

fn base_manual() -> String {
    std::fs::read_to_string("tests/broken/manual-base.json").expect("the base manual")
}

fn base_program() -> String {
    std::fs::read_to_string("tests/broken/program-base.json").expect("the base program")
}

fn replaced(text: &str, from: &str, to: &str) -> Vec<u8> {
    assert!(text.contains(from), "{from}");
    text.replacen(from, to, 1).into_bytes()
}

fn case(
    name: &'static str,
    bytes: Vec<u8>,
    code: ParseErrorCode,
    pointer: &'static str,
) -> Hostile {
    Hostile {
        name,
        bytes,
        code: Some(code),
        pointer,
    }
}

/// Every hostile input but the large ones.
pub fn small() -> Vec<Hostile> {
    use ParseErrorCode::*;
    let manual = base_manual();
    let program = base_program();
    let minutes = r#""max_minutes": 240"#;
    let mut non_utf8 = manual.clone().into_bytes();
    let at = manual.find("Harbor Valley").expect("the title");
    non_utf8[at] = 0xff;
    let deep = format!(
        r#"{{"phases": {}1{}}}"#,
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    vec![
        case("empty file", Vec::new(), Syntax, ""),
        case("not json", b"practice coaching manual".to_vec(), Syntax, ""),
        case("non-utf-8", non_utf8, Syntax, "/title"),
        case("array at the top", b"[1, 2]".to_vec(), Type, ""),
        case("string at the top", b"\"manual\"".to_vec(), Type, ""),
        case("number at the top", b"42".to_vec(), Type, ""),
        case("null at the top", b"null".to_vec(), Type, ""),
        case(
            "wrong type",
            replaced(&manual, minutes, r#""max_minutes": "240""#),
            Type,
            "/intensity_levels/0/prescriptions/0/max_minutes",
        ),
        case(
            "unknown field",
            replaced(
                &manual,
                r#""id": "harbor-valley","#,
                r#""id": "harbor-valley", "owner": "x","#,
            ),
            UnknownField,
            "/owner",
        ),
        case(
            "duplicate key",
            replaced(
                &manual,
                r#""id": "harbor-valley","#,
                r#""id": "harbor-valley", "id": "other","#,
            ),
            DuplicateField,
            "/id",
        ),
        case(
            "negative number",
            replaced(&manual, minutes, r#""max_minutes": -240"#),
            Value,
            "/intensity_levels/0/prescriptions/0/max_minutes",
        ),
        case(
            "fractional number",
            replaced(&manual, minutes, r#""max_minutes": 240.5"#),
            Type,
            "/intensity_levels/0/prescriptions/0/max_minutes",
        ),
        case(
            "beyond u64",
            replaced(&manual, minutes, r#""max_minutes": 18446744073709551616"#),
            Type,
            "/intensity_levels/0/prescriptions/0/max_minutes",
        ),
        case(
            "1e400",
            replaced(&manual, minutes, r#""max_minutes": 1e400"#),
            Syntax,
            "/intensity_levels/0/prescriptions/0/max_minutes",
        ),
        case("deep nesting", deep.into_bytes(), Type, "/phases/0/0"),
        case(
            "braced uuid",
            replaced(
                &program,
                r#""id": "0a000000-0000-4000-8000-000000000001""#,
                r#""id": "{0a000000-0000-4000-8000-000000000001}""#,
            ),
            Value,
            "/organizations/0/id",
        ),
        case(
            "simple uuid",
            replaced(
                &program,
                r#""id": "0a000000-0000-4000-8000-000000000001""#,
                r#""id": "0a000000000040008000000000000001""#,
            ),
            Value,
            "/organizations/0/id",
        ),
        case(
            "short date",
            replaced(&program, r#""from": "2021-01-04""#, r#""from": "2026-1-5""#),
            Value,
            "/assignments/0/from",
        ),
    ]
}

/// A 20 MB string where a number belongs: the message must stay short.
pub fn long_string() -> Hostile {
    let manual = base_manual();
    let huge = format!(r#""max_minutes": "{}""#, "x".repeat(20 * 1024 * 1024));
    case(
        "20 MB string",
        replaced(&manual, r#""max_minutes": 240"#, &huge),
        ParseErrorCode::Type,
        "/intensity_levels/0/prescriptions/0/max_minutes",
    )
}

/// A 20 MB member name: the pointer naming it must stay short.
pub fn long_member_name() -> Hostile {
    let manual = base_manual();
    let member = format!(r#""{}": 1, "id":"#, "m".repeat(20 * 1024 * 1024));
    let bytes = replaced(&manual, r#""id":"#, &member);
    case("20 MB member name", bytes, ParseErrorCode::UnknownField, "")
}

/// The base manual's description, replaced to make a large document.
const DESCRIPTION: &str = "A fictional manual for tests: a regional network coaches primary care practices and safety-net clinics on hypertension control. A facilitator is each site's regular contact; federally qualified health centers and safety-net clinics also get a clinical technical specialist, and the two visit together. The sources are invented and every number is made up for the tests.";

/// A valid 100 MB manual: its description is 100 MB long.
pub fn hundred_megabytes() -> Hostile {
    let manual = base_manual();
    let description = format!(r#""description": "{}""#, "a".repeat(100 * 1024 * 1024));
    let bytes = replaced(
        &manual,
        &format!(
            r#""description": {}"#,
            serde_json::to_string(DESCRIPTION).expect("a string")
        ),
        &description,
    );
    Hostile {
        name: "100 MB document",
        bytes,
        code: None,
        pointer: "",
    }
}
