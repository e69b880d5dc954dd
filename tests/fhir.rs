//! The FHIR R4 export of every embedded manual: a Bundle of R4 resources tagged 4.0.1, phases as
//! ordered actions, levels as a group with one applicable level, dose as `Timing`, every
//! citation a `RelatedArtifact`, references that resolve, ids within FHIR's 64 characters and
//! stable; and docs/fhir-mapping.md, generated from the manual's schema and the export's table,
//! listing every member exported and every member not. The R4 JSON Schema and
//! `validateResource` run in CI (tests/fhir/). `BLESS=1 cargo test --all-features` rewrites the
//! mapping.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use practice_coaching::export::fhir::{self, coverage, extension};
use practice_coaching::manual::Per;
use practice_coaching::{ContactCount, Key, Manual, reference, schema};
use serde_json::Value;

mod common;

use common::generated;
use common::manual_gen::arb_manual;
use proptest::prelude::*;

/// The bundle's resources, the `PlanDefinition` first.
fn resources(bundle: &Value) -> Vec<&Value> {
    bundle["entry"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| &e["resource"])
        .collect()
}

/// Every object in `value`, depth first.
fn objects<'a>(value: &'a Value, out: &mut Vec<&'a serde_json::Map<String, Value>>) {
    match value {
        Value::Object(object) => {
            out.push(object);
            object.values().for_each(|v| objects(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| objects(v, out)),
        _ => {}
    }
}

fn all_objects(value: &Value) -> Vec<&serde_json::Map<String, Value>> {
    let mut out = Vec::new();
    objects(value, &mut out);
    out
}

/// The extensions named `name` anywhere in `value`.
fn extensions<'a>(value: &'a Value, name: &str) -> Vec<&'a serde_json::Map<String, Value>> {
    let url = extension::url(name);
    all_objects(value)
        .into_iter()
        .filter(|o| o.get("url").and_then(Value::as_str) == Some(url.as_str()))
        .collect()
}

fn plan(bundle: &Value) -> &Value {
    &bundle["entry"][0]["resource"]
}

/// The action with `id`, at any depth of the plan.
fn action<'a>(bundle: &'a Value, id: &str) -> &'a serde_json::Map<String, Value> {
    all_objects(&plan(bundle)["action"])
        .into_iter()
        .find(|o| o.get("id").and_then(Value::as_str) == Some(id) && o.contains_key("title"))
        .unwrap_or_else(|| panic!("no action {id}"))
}

fn is_fhir_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
}

fn a_bundle_of_r4_resources(name: &str, manual: &Manual) {
    let bundle = fhir::bundle(manual);
    assert_eq!(bundle["resourceType"], "Bundle", "{name}");
    assert_eq!(bundle["type"], "collection", "{name}");
    let mut ids = BTreeSet::new();
    for resource in std::iter::once(&bundle).chain(resources(&bundle)) {
        let tag = &resource["meta"]["tag"][0];
        assert_eq!(tag["system"], fhir::FHIR_VERSION_SYSTEM, "{name}");
        assert_eq!(tag["code"], "4.0.1", "{name}");
        let id = resource["id"].as_str().expect("an id");
        assert!(is_fhir_id(id), "{name}: {id}");
        let kind = resource["resourceType"].as_str().expect("a type");
        assert!(ids.insert((kind, id)), "{name}: {kind}/{id} twice");
    }
    let all = resources(&bundle);
    let count = |kind: &str| all.iter().filter(|r| r["resourceType"] == kind).count();
    assert_eq!(all[0]["resourceType"], "PlanDefinition", "{name}");
    assert_eq!(count("PlanDefinition"), 1, "{name}");
    assert_eq!(
        count("ActivityDefinition"),
        manual.activities.len(),
        "{name}"
    );
    let plan = plan(&bundle);
    assert_eq!(plan["version"], manual.version.to_string(), "{name}");
    assert_eq!(
        plan["url"],
        format!("urn:practice-coaching:manual:{}", manual.id)
    );
    assert_eq!(plan["type"]["coding"][0]["code"], "protocol", "{name}");
    assert_eq!(plan["title"], manual.title.as_str(), "{name}");
    let roles = all
        .iter()
        .find(|r| r["url"] == format!("urn:practice-coaching:manual:{}:roles", manual.id));
    assert_eq!(
        roles.map(|r| r["concept"].as_array().map_or(0, Vec::len)),
        Some(manual.vocabularies.roles.len()).filter(|n| *n > 0),
        "{name}: the roles as a CodeSystem"
    );
}

fn phases_are_actions_ordered_by_related_action(name: &str, manual: &Manual) {
    let bundle = fhir::bundle(manual);
    for (i, phase) in manual.phases.iter().enumerate() {
        let action = action(&bundle, &format!("phase-{}", phase.key));
        assert_eq!(action["title"], phase.name.as_str(), "{name}");
        let related = action.get("relatedAction");
        match i.checked_sub(1).map(|j| &manual.phases[j]) {
            Some(previous) => {
                let related = &related.expect("after the previous phase")[0];
                assert_eq!(related["actionId"], format!("phase-{}", previous.key));
                assert_eq!(related["relationship"], "after-end");
            }
            None => assert!(related.is_none(), "{name}: the first phase"),
        }
        let bounds = &action["timingTiming"]["repeat"]["boundsRange"];
        assert_eq!(bounds["low"]["value"], phase.length.min.amount(), "{name}");
        let action = Value::Object(action.clone());
        let starting = &extensions(&action, extension::STARTING_LEVEL)[0]["valueId"];
        assert_eq!(starting, &format!("level-{}", phase.starting_level));
    }
}

fn levels_are_a_group_of_which_one_applies(name: &str, manual: &Manual) {
    let bundle = fhir::bundle(manual);
    let group = action(&bundle, "intensity-levels");
    assert_eq!(group["selectionBehavior"], "exactly-one", "{name}");
    let levels = group["action"].as_array().expect("levels");
    assert_eq!(levels.len(), manual.intensity_levels.len(), "{name}");
    for (level, action) in manual.intensity_levels.iter().zip(levels) {
        let condition = &action["condition"][0];
        assert_eq!(condition["kind"], "applicability");
        assert_eq!(condition["expression"]["language"], "text/fhirpath");
        assert_eq!(
            condition["expression"]["expression"],
            format!("%intensityLevel = '{}'", level.key)
        );
        // FHIR has no empty arrays: a level that prescribes nothing has no contact actions.
        assert_eq!(
            action["action"].as_array().map_or(0, Vec::len),
            level.prescriptions.len(),
            "{name}: a contact action per prescription"
        );
    }
}

#[test]
fn dose_is_timing_per_period_or_counted_over_the_relationship() {
    let late = fhir::bundle(reference::bhicci_late());
    let remote = &action(&late, "contact-intensive-remote")["timingTiming"]["repeat"];
    assert_eq!(remote["frequency"], 1);
    assert_eq!(remote["frequencyMax"], 3);
    assert_eq!(remote["period"], 1);
    assert_eq!(remote["periodUnit"], "wk");
    let visit = action(&late, "contact-intensive-in-person");
    let repeat = &visit["timingTiming"]["repeat"];
    assert_eq!(repeat["frequency"], 1);
    assert!(repeat.get("frequencyMax").is_none(), "one a month exactly");
    assert_eq!(repeat["periodUnit"], "mo");
    assert_eq!(repeat["durationMax"], 240);
    assert_eq!(repeat["durationUnit"], "min");
    let roles: Vec<&Value> = visit["participant"]
        .as_array()
        .expect("participants")
        .iter()
        .map(|p| &p["role"]["coding"][0]["code"])
        .collect();
    assert_eq!(roles, ["bh-coach", "md-coach"], "the team at joint visits");

    // A quarter is three months.
    let evidencenow = fhir::bundle(reference::evidencenow());
    let quarterly =
        &action(&evidencenow, "contact-maintenance-in-person")["timingTiming"]["repeat"];
    assert_eq!(quarterly["period"], 3);
    assert_eq!(quarterly["periodUnit"], "mo");

    // Two visits and two or three calls over the whole relationship, of at most 11 months.
    let ahrq = fhir::bundle(reference::ahrq_2009());
    for (id, count, max) in [
        ("contact-low-intensity-in-person", 2, None),
        ("contact-low-intensity-remote", 2, Some(3)),
    ] {
        let action = action(&ahrq, id);
        let repeat = &action["timingTiming"]["repeat"];
        assert_eq!(repeat["count"], count, "{id}");
        assert_eq!(repeat.get("countMax").and_then(Value::as_u64), max, "{id}");
        assert!(repeat.get("frequency").is_none(), "{id}");
        assert_eq!(repeat["boundsDuration"]["value"], 11, "{id}");
        assert_eq!(repeat["boundsDuration"]["code"], "mo", "{id}");
        let over = extensions(repeat, extension::COUNTED_OVER);
        assert_eq!(over[0]["valueCode"], "relationship", "{id}");
    }
}

#[test]
fn a_minimum_of_zero_is_carried_in_an_extension() {
    let mut manual = reference::bhicci_late().clone();
    let remote = &mut manual.intensity_levels[0].prescriptions[1];
    remote.min_contacts = ContactCount::new(0).expect("zero");
    let mut nothing = manual.intensity_levels[1].prescriptions[1].clone();
    nothing.min_contacts = ContactCount::new(0).expect("zero");
    nothing.max_contacts = ContactCount::new(0).expect("zero");
    nothing.per = Per::Phase;
    manual.intensity_levels[1].prescriptions[1] = nothing;
    let bundle = fhir::bundle(&manual);
    let repeat = &action(&bundle, "contact-intensive-remote")["timingTiming"]["repeat"];
    assert!(repeat.get("frequency").is_none(), "{repeat}");
    assert_eq!(repeat["frequencyMax"], 3);
    let zero = extensions(repeat, extension::MINIMUM_CONTACTS);
    assert_eq!(zero[0]["valueUnsignedInt"], 0);
    let repeat = &action(&bundle, "contact-standard-remote")["timingTiming"]["repeat"];
    assert!(repeat.get("count").is_none() && repeat.get("countMax").is_none());
    assert_eq!(extensions(repeat, extension::MINIMUM_CONTACTS).len(), 1);
    assert_eq!(extensions(repeat, extension::MAXIMUM_CONTACTS).len(), 1);
    assert_eq!(
        extensions(repeat, extension::COUNTED_OVER)[0]["valueCode"],
        "phase"
    );
}

fn counts_are_positive_integers_everywhere(name: &str, manual: &Manual) {
    let bundle = fhir::bundle(manual);
    for object in all_objects(&bundle) {
        for member in ["frequency", "frequencyMax", "count", "countMax", "period"] {
            if let Some(value) = object.get(member).filter(|v| v.is_number()) {
                assert!(value.as_u64() >= Some(1), "{name}: {member} {value}");
            }
        }
    }
}

fn every_citation_is_a_related_artifact_naming_its_member(name: &str, manual: &Manual) {
    let bundle = fhir::bundle(manual);
    let cited: usize = manual
        .cited_objects()
        .iter()
        .map(|(_, citations)| citations.len())
        .sum();
    let document = serde_json::to_value(manual).expect("JSON");
    let artifacts: Vec<_> = all_objects(&bundle)
        .into_iter()
        .filter(|o| o.get("type").and_then(Value::as_str) == Some("justification"))
        .collect();
    assert_eq!(artifacts.len(), cited, "{name}");
    for artifact in artifacts {
        let artifact = Value::Object(artifact.clone());
        let pointer = &extensions(&artifact, extension::MANUAL_POINTER)[0]["valueString"];
        let pointer = pointer.as_str().expect("a pointer");
        assert!(document.pointer(pointer).is_some(), "{name}: {pointer}");
        let evidence = &extensions(&artifact, extension::EVIDENCE)[0]["valueCode"];
        assert!(evidence.is_string(), "{name}");
    }
    // Each source once, as a bibliographic citation.
    let sources = plan(&bundle)["relatedArtifact"]
        .as_array()
        .expect("artifacts")
        .iter()
        .filter(|a| a["type"] == "citation")
        .count();
    assert_eq!(sources, manual.sources.len(), "{name}");
}

fn references_within_the_bundle_resolve(name: &str, manual: &Manual) {
    let bundle = fhir::bundle(manual);
    let ids: Vec<&str> = all_objects(&plan(&bundle)["action"])
        .into_iter()
        .filter(|o| o.contains_key("title"))
        .filter_map(|o| o.get("id").and_then(Value::as_str))
        .collect();
    let actions: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(actions.len(), ids.len(), "{name}: an action id twice");
    let mut codes: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    let mut definitions = BTreeSet::new();
    for resource in resources(&bundle) {
        match resource["resourceType"].as_str() {
            Some("CodeSystem") => {
                let concepts = resource["concept"].as_array().expect("concepts");
                codes
                    .entry(resource["url"].as_str().expect("a url"))
                    .or_default()
                    .extend(concepts.iter().filter_map(|c| c["code"].as_str()));
            }
            Some("ActivityDefinition") => {
                definitions.insert(format!(
                    "{}|{}",
                    resource["url"].as_str().expect("a url"),
                    resource["version"].as_str().expect("a version")
                ));
            }
            _ => {}
        }
    }
    for object in all_objects(&bundle) {
        if let Some(id) = object.get("actionId").and_then(Value::as_str) {
            assert!(actions.contains(id), "{name}: relatedAction {id}");
        }
        if let Some(url) = object.get("definitionCanonical").and_then(Value::as_str) {
            assert!(definitions.contains(url), "{name}: {url}");
        }
        let system = object.get("system").and_then(Value::as_str);
        if let Some(system) = system.filter(|s| s.starts_with("urn:practice-coaching:manual:")) {
            let code = object["code"].as_str().expect("a code");
            assert!(
                codes.get(system).is_some_and(|c| c.contains(code)),
                "{name}: {system} {code}"
            );
        }
    }
    for starting in extensions(&bundle, extension::STARTING_LEVEL) {
        let id = starting["valueId"].as_str().expect("an id");
        assert!(actions.contains(id), "{name}: {id}");
    }
}

fn every_extension_is_one_the_docs_list(name: &str, manual: &Manual) {
    let listed: BTreeSet<String> = extension::ALL
        .iter()
        .map(|(name, _)| extension::url(name))
        .collect();
    for object in all_objects(&fhir::bundle(manual)) {
        let url = object.get("url").and_then(Value::as_str);
        if let Some(url) = url.filter(|u| u.starts_with("urn:practice-coaching:extension:")) {
            assert!(listed.contains(url), "{name}: {url}");
        }
    }
}

/// Every check a bundle must pass, whatever the manual.
const CHECKS: [fn(&str, &Manual); 7] = [
    a_bundle_of_r4_resources,
    phases_are_actions_ordered_by_related_action,
    levels_are_a_group_of_which_one_applies,
    counts_are_positive_integers_everywhere,
    every_citation_is_a_related_artifact_naming_its_member,
    references_within_the_bundle_resolve,
    every_extension_is_one_the_docs_list,
];

#[test]
fn every_embedded_manual_meets_every_check() {
    for (name, manual) in reference::manuals() {
        for check in CHECKS {
            check(name, manual);
        }
    }
}

#[test]
fn the_manuals_with_every_member_and_with_the_least_meet_every_check() {
    for file in [
        "tests/data/manual-full.json",
        "tests/data/manual-minimal.json",
    ] {
        let bytes = std::fs::read(file).expect("the test manual");
        let manual = Manual::from_json(&bytes).expect("it parses");
        for check in CHECKS {
            check(file, &manual);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Manuals of every shape (tests/common/manual_gen.rs): every section present and absent,
    /// counts per every period, phase and relationship, every cadence and anchor.
    #[test]
    fn generated_manuals_meet_every_check(manual in arb_manual()) {
        for check in CHECKS {
            check("generated", &manual);
        }
    }
}

#[test]
fn ids_are_stable_and_cut_to_64_characters() {
    let manual = reference::bhicci_late();
    assert_eq!(fhir::bundle(manual), fhir::bundle(manual));
    assert_eq!(
        fhir::to_json(&fhir::bundle(manual)),
        fhir::to_json(&fhir::bundle(manual))
    );
    let mut long = manual.clone();
    let key = format!("a{}", "-b".repeat(30));
    long.id = Key::new(&key).expect("a key");
    long.activities[0].key = Key::new(&key).expect("a key");
    let bundle = fhir::bundle(&long);
    for resource in resources(&bundle) {
        let id = resource["id"].as_str().expect("an id");
        assert!(is_fhir_id(id), "{id}");
    }
    assert_eq!(resources(&bundle)[1]["id"].as_str().map(str::len), Some(64));
    assert_eq!(bundle, fhir::bundle(&long), "the same ids every time");
}

#[test]
fn resource_type_comes_first_and_markdown_is_escaped() {
    let mut manual: Manual = reference::evidencenow().clone();
    manual.description = "Read <script>alert(1)</script> & more".to_owned();
    let text = fhir::to_json(&fhir::bundle(&manual));
    assert!(text.starts_with("{\n  \"resourceType\": \"Bundle\",\n  \"id\": "));
    let bundle: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(
        plan(&bundle)["description"],
        r"Read \<script\>alert(1)\</script\> \& more"
    );
}

/// Every member of the manual's schema, as `Definition.member` (`Prescription.per`,
/// `Cadence.every.scope`): the root's as `Manual.*`.
fn schema_members() -> Vec<String> {
    fn walk(node: &Value, path: &str, out: &mut Vec<String>) {
        if let Some(properties) = node.get("properties").and_then(Value::as_object) {
            for (name, member) in properties {
                let path = format!("{path}.{name}");
                out.push(path.clone());
                walk(member, &path, out);
            }
        }
        for key in ["oneOf", "anyOf", "allOf"] {
            for variant in node
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                walk(variant, path, out);
            }
        }
        if let Some(items) = node.get("items") {
            walk(items, path, out);
        }
    }
    let schema = schema::manual_schema();
    let mut members = Vec::new();
    walk(&schema, "Manual", &mut members);
    for (name, definition) in schema["$defs"].as_object().expect("definitions") {
        walk(definition, name, &mut members);
    }
    members
}

#[test]
fn every_mapping_row_names_a_member_of_the_manual() {
    let members = schema_members();
    for (row, _) in coverage::MAPPED {
        let named = *row == "citations"
            || members
                .iter()
                .any(|m| m == row || m.starts_with(&format!("{row}.")));
        assert!(
            named,
            "the row {row} names no member of the manual's schema"
        );
    }
}

#[test]
fn the_mapping_in_the_docs_matches_the_code() {
    let members = schema_members();
    let mut text = String::from(
        "# The manual in FHIR R4: member by member\n\n\
         Generated from the manual's JSON Schema and `export::fhir::coverage::MAPPED` by\n\
         tests/fhir.rs (`BLESS=1 cargo test --all-features`); [fhir.md](fhir.md) explains the\n\
         export. A member no row covers is listed under \"Not exported\", so a member added to\n\
         the manual appears there until the export maps it.\n\n\
         ## Exported\n\n| member | in FHIR |\n|---|---|\n",
    );
    for (row, place) in coverage::MAPPED {
        let _ = writeln!(text, "| `{row}` | {place} |");
    }
    text.push_str("\n## Not exported\n\n");
    let missing: Vec<&String> = members.iter().filter(|m| !coverage::covers(m)).collect();
    if missing.is_empty() {
        text.push_str("Every member of the manual is exported.\n");
    }
    for member in missing {
        let _ = writeln!(text, "- `{member}`");
    }
    text.push_str("\n## Extensions\n\nEach URL is `urn:practice-coaching:extension:NAME`.\n\n");
    text.push_str("| name | where, and what it holds |\n|---|---|\n");
    for (name, meaning) in extension::ALL {
        let _ = writeln!(text, "| `{name}` | {meaning} |");
    }
    generated::check_generated("docs/fhir-mapping.md", &text);
}

#[cfg(feature = "cli")]
#[test]
fn the_command_writes_the_library_bundle_of_each_embedded_manual() {
    for (name, manual) in reference::manuals() {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_practice-coaching"))
            .args(["export", "fhir", name])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("the binary runs");
        assert_eq!(output.status.code(), Some(0), "{name}");
        assert_eq!(
            String::from_utf8_lossy(&output.stdout),
            fhir::to_json(&fhir::bundle(manual)),
            "{name}"
        );
    }
}
