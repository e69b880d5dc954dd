//! Generated docs stay equal to the code: the rule catalogue and the JSON Schemas; the
//! crate's page on crates.io links to its code and its docs; the glossary defines every
//! acronym the rendered manuals and the tour print; and docs/manual-format.md names every
//! member of both schemas, with examples that are what they say they are.
//! `BLESS=1 cargo test --all-features` rewrites the generated ones.

use std::collections::BTreeSet;

use practice_coaching::schema::{manual_schema, program_schema, to_text};
use practice_coaching::{Date, Manual, Program, Rule};
use serde_json::{Map, Value, json};

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

/// The formats described for people, section by section.
const FORMAT_DOC: &str = "docs/manual-format.md";

/// The committed schema of a kind of document (`manual` or `program`).
fn committed_schema(kind: &str) -> Value {
    let path = format!("docs/schemas/{kind}.schema.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every member of every object `node` describes, with the definition it belongs to: the
/// members of variants and of nested objects count as their definition's.
fn members_of(owner: &str, node: &Value, out: &mut BTreeSet<(String, String)>) {
    match node {
        Value::Object(map) => {
            for (name, child) in map {
                match name.as_str() {
                    // Definitions are walked each under its own name.
                    "$defs" => {}
                    "properties" => {
                        if let Value::Object(properties) = child {
                            for (member, schema) in properties {
                                out.insert((owner.to_owned(), member.clone()));
                                members_of(owner, schema, out);
                            }
                        }
                    }
                    _ => members_of(owner, child, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| members_of(owner, item, out)),
        _ => {}
    }
}

/// Every (definition, member) of a schema; the document itself is `root`.
fn schema_members(schema: &Value, root: &str) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    members_of(root, schema, &mut out);
    if let Some(Value::Object(defs)) = schema.get("$defs") {
        for (name, def) in defs {
            members_of(name, def, &mut out);
        }
    }
    out
}

/// The definitions a `$ref` inside `node` names, by their `$defs` name.
fn referenced(node: &Value, out: &mut Vec<String>) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref")
                && let Some(name) = target.strip_prefix("#/$defs/")
            {
                out.push(name.to_owned());
            }
            map.values().for_each(|child| referenced(child, out));
        }
        Value::Array(items) => items.iter().for_each(|item| referenced(item, out)),
        _ => {}
    }
}

/// The definitions `start` names and every definition they hold, however deep.
fn held(schema: &Value, start: Vec<String>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo = start;
    while let Some(name) = todo.pop() {
        if seen.insert(name.clone()) {
            referenced(&schema["$defs"][&name], &mut todo);
        }
    }
    seen
}

/// The definitions an example shows, with those they hold: a definition's (`Phase`,
/// `[Trigger]`), or for some members of a whole document (`Manual members`) what those members
/// hold. A whole document shows nothing of its own: it is the page's summary, not a section's.
fn shown_definitions(example: &Example) -> BTreeSet<String> {
    let (name, _, members) = fence(&example.shows);
    let root_kind = match name {
        "Manual" => Some("manual"),
        "Program" => Some("program"),
        _ => None,
    };
    if let Some(kind) = root_kind {
        let schema = committed_schema(kind);
        let Some(members) = members
            .then(|| serde_json::from_str::<Map<String, Value>>(&example.text).unwrap_or_default())
        else {
            return BTreeSet::new();
        };
        let mut start = Vec::new();
        for member in members.keys() {
            referenced(&schema["properties"][member], &mut start);
        }
        return held(&schema, start);
    }
    ["manual", "program"]
        .into_iter()
        .map(committed_schema)
        .find(|schema| schema["$defs"].get(name).is_some())
        .map(|schema| held(&schema, vec![name.to_owned()]))
        .unwrap_or_default()
}

/// A section of docs/manual-format.md, from one heading to the next, and the definitions its
/// examples show.
struct Section {
    heading: String,
    text: String,
    shows: BTreeSet<String>,
}

fn sections(doc: &str) -> Vec<Section> {
    let mut texts: Vec<(String, String)> = vec![(String::new(), String::new())];
    for line in doc.lines() {
        if line.starts_with("## ") || line.starts_with("### ") {
            texts.push((
                line.trim_start_matches('#').trim().to_owned(),
                String::new(),
            ));
        }
        if let Some((_, text)) = texts.last_mut() {
            text.push_str(line);
            text.push('\n');
        }
    }
    texts
        .into_iter()
        .map(|(heading, text)| Section {
            shows: json_examples(&text)
                .iter()
                .flat_map(shown_definitions)
                .collect(),
            heading,
            text,
        })
        .collect()
}

#[test]
fn manual_format_names_every_member_of_both_schemas() {
    let doc = std::fs::read_to_string(FORMAT_DOC).expect("docs/manual-format.md");
    let sections = sections(&doc);
    let mut missing = Vec::new();
    let mut unshown = BTreeSet::new();
    for (kind, root) in [("manual", "Manual"), ("program", "Program")] {
        for (owner, member) in schema_members(&committed_schema(kind), root) {
            let mention = format!("`{member}`");
            // The document's own members may be named anywhere: each section names its own.
            if owner == root {
                if !doc.contains(&mention) {
                    missing.push(format!("{mention} (of the {kind})"));
                }
                continue;
            }
            // A definition's members are named in a section whose examples show it.
            let showing: Vec<&Section> = sections
                .iter()
                .filter(|section| section.shows.contains(&owner))
                .collect();
            if showing.is_empty() {
                unshown.insert(owner);
            } else if !showing
                .iter()
                .any(|section| section.text.contains(&mention))
            {
                let headings: Vec<&str> = showing.iter().map(|s| s.heading.as_str()).collect();
                missing.push(format!(
                    "{mention} (of {owner}, in: {})",
                    headings.join(" or ")
                ));
            }
        }
    }
    assert!(
        unshown.is_empty(),
        "{FORMAT_DOC}: no example shows {unshown:?}; add one (```json NAME) to the section that \
         describes it"
    );
    assert!(
        missing.is_empty(),
        "{FORMAT_DOC} does not describe {}: add each, in backticks, with its type, meaning, \
         example and rules, to the section of what it belongs to",
        missing.join(", ")
    );
}

/// A JSON example of docs/manual-format.md: the line its fence opens on, what its fence says
/// it shows, and its text.
struct Example {
    line: usize,
    shows: String,
    text: String,
}

/// Every JSON example of `doc`: a block fenced as `json`.
fn json_examples(doc: &str) -> Vec<Example> {
    let mut examples = Vec::new();
    let mut open: Option<Example> = None;
    for (index, line) in doc.lines().enumerate() {
        match open.take() {
            None => {
                if let Some(shows) = line.trim_start().strip_prefix("```json") {
                    open = Some(Example {
                        line: index + 1,
                        shows: shows.trim().to_owned(),
                        text: String::new(),
                    });
                }
            }
            Some(example) if line.trim_start().starts_with("```") => examples.push(example),
            Some(mut example) => {
                example.text.push_str(line);
                example.text.push('\n');
                open = Some(example);
            }
        }
    }
    assert!(
        open.is_none(),
        "{FORMAT_DOC}: a ```json block is never closed"
    );
    examples
}

/// What an example's fence says it shows: a name, whether a list of it (`[NAME]`), and whether
/// some of its members (`NAME members`).
fn fence(shows: &str) -> (&str, bool, bool) {
    if let Some(inner) = shows.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
        (inner, true, false)
    } else if let Some(name) = shows.strip_suffix(" members") {
        (name, false, true)
    } else {
        (shows, false, false)
    }
}

/// The schema an example is checked against, from what its fence says it shows: `NAME` (one
/// `Manual`, one `Program`, or one value of a schema definition), `[NAME]` (a list of them), or
/// `NAME members` (an object holding some members of NAME, required or not).
fn schema_for(shows: &str) -> Result<Value, String> {
    let (name, list, members) = fence(shows);
    let (mut document, target) = match name {
        "Manual" => (committed_schema("manual"), None),
        "Program" => (committed_schema("program"), None),
        _ => ["manual", "program"]
            .into_iter()
            .map(committed_schema)
            .find(|schema| schema["$defs"].get(name).is_some())
            .map(|schema| (schema, Some(name)))
            .ok_or_else(|| {
                format!("the fence names `{shows}`: expected Manual, Program or a schema definition, as NAME, [NAME] or NAME members")
            })?,
    };
    let Value::Object(root) = &mut document else {
        return Err("the schema is not an object".to_owned());
    };
    let mut shown: Map<String, Value> = match (target, members) {
        (Some(def), false) => [("$ref".to_owned(), json!(format!("#/$defs/{def}")))]
            .into_iter()
            .collect(),
        (Some(def), true) => root["$defs"][def].as_object().cloned().unwrap_or_default(),
        (None, _) => root
            .iter()
            .filter(|(key, _)| !matches!(key.as_str(), "$defs" | "$id" | "$schema"))
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect(),
    };
    if members {
        shown.remove("required");
    }
    if list {
        shown = [
            ("type".to_owned(), json!("array")),
            ("items".to_owned(), Value::Object(shown)),
        ]
        .into_iter()
        .collect();
    }
    root.retain(|key, _| matches!(key.as_str(), "$defs" | "$id" | "$schema"));
    root.extend(shown);
    Ok(document)
}

#[test]
fn manual_format_examples_are_what_their_fences_say() {
    let doc = std::fs::read_to_string(FORMAT_DOC).expect("docs/manual-format.md");
    let examples = json_examples(&doc);
    assert!(
        examples.len() > 30,
        "{FORMAT_DOC}: only {} examples",
        examples.len()
    );
    let mut wrong = Vec::new();
    for example in &examples {
        let at = format!("{FORMAT_DOC}:{} (```json {})", example.line, example.shows);
        let value: Value = match serde_json::from_str(&example.text) {
            Ok(value) => value,
            Err(e) => {
                wrong.push(format!("{at}: not JSON: {e}"));
                continue;
            }
        };
        let schema = match schema_for(&example.shows) {
            Ok(schema) => schema,
            Err(e) => {
                wrong.push(format!("{at}: {e}"));
                continue;
            }
        };
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("the schema compiles");
        wrong.extend(
            validator
                .iter_errors(&value)
                .map(|e| format!("{at}: {e} at {}", e.instance_path())),
        );
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));

    // The whole manual and program at the end read, and validate without a finding.
    let whole = |shows: &str| {
        let found: Vec<&Example> = examples.iter().filter(|e| e.shows == shows).collect();
        assert_eq!(found.len(), 1, "{FORMAT_DOC}: one ```json {shows} block");
        found[0].text.as_bytes()
    };
    let manual = Manual::from_json(whole("Manual")).expect("the whole manual reads");
    let report = manual.validate();
    assert!(
        report.diagnostics().is_empty(),
        "the whole manual: {:?}",
        report.diagnostics()
    );
    let program = Program::from_json(whole("Program")).expect("the whole program reads");
    let as_of = Date::new("2026-03-01").expect("a date");
    let report = program.validate_as_of(&manual, as_of);
    assert!(
        report.diagnostics().is_empty(),
        "the whole program: {:?}",
        report.diagnostics()
    );
}
