//! Generated docs stay equal to the code: the rule catalogue and the JSON Schemas.
//! `BLESS=1 cargo test --all-features` rewrites them.

use practice_coaching::Rule;
use practice_coaching::schema::{manual_schema, program_schema, to_text};

const REGENERATE: &str = "BLESS=1 cargo test --all-features";

/// Compares `path` with `expected`, or rewrites it when `BLESS=1`.
fn check_generated(path: &str, expected: &str) {
    if std::env::var_os("BLESS").is_some_and(|v| v == "1") {
        std::fs::write(path, expected).unwrap_or_else(|e| panic!("{path}: {e}"));
        return;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    if committed != expected {
        let line = committed
            .lines()
            .zip(expected.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(expected.lines().count()));
        panic!(
            "{path} differs from the code from line {}; run `{REGENERATE}` and commit it",
            line + 1
        );
    }
}

#[test]
fn rules_md_matches_the_catalogue() {
    check_generated("docs/rules.md", &Rule::catalogue_markdown());
}

#[test]
fn manual_schema_matches_the_types() {
    check_generated(
        "docs/schemas/manual.schema.json",
        &to_text(&manual_schema()),
    );
}

#[test]
fn program_schema_matches_the_types() {
    check_generated(
        "docs/schemas/program.schema.json",
        &to_text(&program_schema()),
    );
}
