//! Generated docs stay equal to the code: the rule catalogue and the JSON Schemas; and the
//! crate's page on crates.io links to its code and its docs.
//! `BLESS=1 cargo test --all-features` rewrites them.

use practice_coaching::Rule;
use practice_coaching::schema::{manual_schema, program_schema, to_text};

#[path = "support/generated.rs"]
mod generated;

use generated::check_generated;

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

#[test]
fn the_package_links_to_its_code_and_docs() {
    let manifest = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
        .expect("Cargo.toml");
    // The [package] table ends at the next table.
    let package = manifest
        .split_once("[package]")
        .and_then(|(_, rest)| rest.split("\n[").next())
        .expect("a [package] table");
    let home = "https://github.com/practice-coaching/practice-coaching";
    for (key, value) in [
        ("repository", home),
        ("homepage", home),
        ("documentation", "https://docs.rs/practice-coaching"),
    ] {
        assert!(
            package.lines().any(|l| l == format!("{key} = \"{value}\"")),
            "Cargo.toml [package] lacks {key} = \"{value}\""
        );
    }
    assert_eq!(env!("CARGO_PKG_REPOSITORY"), home);
    assert_eq!(env!("CARGO_PKG_HOMEPAGE"), home);
}
