//! Generated docs stay equal to the code. `BLESS=1 cargo test --all-features`
//! rewrites them.

use practice_coaching::Rule;

/// Compares `path` with `expected`, or rewrites it when `BLESS=1`.
fn check_generated(path: &str, expected: &str) {
    if std::env::var_os("BLESS").is_some_and(|v| v == "1") {
        std::fs::write(path, expected).unwrap_or_else(|e| panic!("{path}: {e}"));
        return;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == expected,
        "{path} differs from the code; run `BLESS=1 cargo test --all-features` and commit it"
    );
}

#[test]
fn rules_md_matches_the_catalogue() {
    check_generated("docs/rules.md", &Rule::catalogue_markdown());
}

#[test]
fn program_schema_matches_the_types() {
    use practice_coaching::schema::{program_schema, to_text};
    check_generated(
        "docs/schemas/program.schema.json",
        &to_text(&program_schema()),
    );
}
