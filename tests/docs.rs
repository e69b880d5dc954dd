//! Generated docs stay equal to the code: the rule catalogue and the JSON Schemas; the
//! crate's page on crates.io links to its code and its docs; and the glossary defines every
//! acronym the rendered manuals and the tour print.
//! `BLESS=1 cargo test --all-features` rewrites them.

use std::collections::BTreeSet;

use practice_coaching::Rule;
use practice_coaching::schema::{manual_schema, program_schema, to_text};

mod common;
use common::generated;

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

/// The upper-case acronyms of `text`: words of two or more characters, letters and digits,
/// at least two of them capitals and no lower-case letter (`FQHC`, `SP`, `PHQ-9`'s `PHQ`).
fn acronyms(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| {
            word.chars().filter(char::is_ascii_uppercase).count() >= 2
                && !word.chars().any(|c| c.is_ascii_lowercase())
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_glossary_defines_every_acronym_the_rendered_manuals_and_the_tour_print() {
    let glossary = std::fs::read_to_string("docs/glossary.md").expect("the glossary");
    let defined = acronyms(&glossary);
    let mut printed: Vec<(String, String)> = Vec::new();
    for (name, manual) in practice_coaching::reference::manuals() {
        let text = practice_coaching::render::markdown(manual);
        // The reference list names authors by their initials, which are no acronyms.
        let text = text.split("\n## References").next().unwrap_or_default();
        printed.extend(acronyms(text).into_iter().map(|a| (a, name.to_owned())));
    }
    #[cfg(feature = "cli")]
    {
        let tour = std::process::Command::new(env!("CARGO_BIN_EXE_practice-coaching"))
            .arg("tour")
            .output()
            .expect("the binary runs");
        let text = String::from_utf8(tour.stdout).expect("UTF-8");
        // Command lines name what to type in capitals: those are placeholders.
        let placeholders = ["FILE", "ID", "LOG", "PROGRAM"];
        printed.extend(
            acronyms(&text)
                .into_iter()
                .filter(|a| !placeholders.contains(&a.as_str()))
                .map(|a| (a, "tour".to_owned())),
        );
    }
    let missing: BTreeSet<&(String, String)> = printed
        .iter()
        .filter(|(a, _)| !defined.contains(a))
        .collect();
    assert!(missing.is_empty(), "not in docs/glossary.md: {missing:?}");
}
