//! Generated docs stay equal to the code: the rule catalogue and the JSON Schemas.
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
