//! A manual as HL7 FHIR R4 (4.0.1), for health systems that describe protocols as
//! `PlanDefinition`s.
//!
//! [`bundle`] gives a `Bundle` of type `collection` holding:
//!
//! - a `PlanDefinition` (a protocol): the phases as actions ordered by `relatedAction`
//!   (`after-end` of the phase before), the intensity levels as a group of actions of which
//!   exactly one applies (an applicability condition on the FHIRPath variable
//!   [`LEVEL_VARIABLE`]), each level's dose as actions timed by `timingTiming.repeat`
//!   (`frequency`/`frequencyMax` per `period`, or `count`/`countMax` within `boundsDuration`
//!   over a phase or relationship) with the coaches as participants, milestones, the learning
//!   collaborative, and an action per activity;
//! - an `ActivityDefinition` per activity (kind, attendees, cadence, length);
//! - a `CodeSystem` per vocabulary, for the skills and for the measures.
//!
//! Every citation is a `RelatedArtifact`; what R4 has no element for (titration rules, the team
//! rule, qualifications, figures, a minimum of zero contacts) goes into the extensions listed in
//! [`extension::ALL`]. [`coverage::MAPPED`] says where each member of a manual goes;
//! docs/fhir.md lists it, and what is not exported. Every resource carries the FHIR version in
//! `meta.tag`. Ids are derived from the manual's keys ([`ids::id`]): the same manual exports
//! the same ids.
//!
//! ```
//! use practice_coaching::{export::fhir, reference};
//!
//! let bundle = fhir::bundle(reference::bhicci_late());
//! assert_eq!(bundle["resourceType"], "Bundle");
//! assert_eq!(bundle["entry"][0]["resource"]["resourceType"], "PlanDefinition");
//! let text = fhir::to_json(&bundle); // resourceType, id and meta first in every resource
//! assert!(text.starts_with("{\n  \"resourceType\": \"Bundle\""));
//! ```
//!
//! Export a manual that validates: the ids of one with duplicate keys repeat.

mod activity;
mod artifact;
mod code_system;
pub mod coverage;
pub mod extension;
pub mod ids;
mod participant;
mod plan;
mod policy;
mod timing;

use serde_json::{Map, Value, json};

pub use plan::{CRITERIA_VARIABLE, LEVEL_VARIABLE};

use crate::Manual;

/// The FHIR version exported.
pub const FHIR_VERSION: &str = "4.0.1";

/// The code system of FHIR versions, which the `meta.tag` of every resource codes from.
pub const FHIR_VERSION_SYSTEM: &str = "http://hl7.org/fhir/FHIR-version";

/// A resource of `kind` with its id and the FHIR version tag.
pub(crate) fn resource(kind: &str, id: &str) -> Map<String, Value> {
    let mut resource = Map::new();
    resource.insert("resourceType".to_owned(), json!(kind));
    resource.insert("id".to_owned(), json!(id));
    resource.insert(
        "meta".to_owned(),
        json!({ "tag": [{
            "system": FHIR_VERSION_SYSTEM,
            "code": FHIR_VERSION,
            "display": format!("FHIR R4 ({FHIR_VERSION})"),
        }] }),
    );
    resource
}

/// Text from a manual for a FHIR `markdown` element: backslashes, `<`, `>` and `&` escaped,
/// so a renderer shows them and no HTML of a document reaches a page.
pub(crate) fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '<' | '>' | '&') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `manual` as a FHIR R4 `Bundle` of type `collection`: its `PlanDefinition`, then an
/// `ActivityDefinition` per activity, then its `CodeSystem`s.
#[must_use]
pub fn bundle(manual: &Manual) -> Value {
    let mut cites = artifact::Justifications::of(manual);
    let mut plan = plan::plan_definition(manual, &mut cites);
    let activities = activity::definitions(manual, &mut cites);
    plan::add_rest(&mut plan, cites.rest());
    let mut entries = vec![plan];
    entries.extend(activities);
    entries.extend(code_system::code_systems(manual));
    let mut bundle = resource(
        "Bundle",
        &ids::id(&[manual.id.as_str(), &manual.version.to_string()]),
    );
    bundle.insert("type".to_owned(), json!("collection"));
    bundle.insert(
        "entry".to_owned(),
        entries
            .into_iter()
            .map(|resource| json!({ "resource": resource }))
            .collect(),
    );
    Value::Object(bundle)
}

/// A resource or bundle as pretty JSON with a final newline, `resourceType`, `id`, `meta` and
/// `extension` first in every object that has them (FHIR's own order), the other members by name.
#[must_use]
pub fn to_json(value: &Value) -> String {
    // Plain JSON values with string keys: writing to a string cannot fail.
    let mut text = serde_json::to_string_pretty(&Ordered(value)).unwrap_or_default();
    text.push('\n');
    text
}

/// A JSON value written with FHIR's leading members first.
struct Ordered<'a>(&'a Value);

impl serde::Serialize for Ordered<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        const FIRST: [&str; 4] = ["resourceType", "id", "meta", "extension"];
        match self.0 {
            Value::Object(object) => {
                let mut map = serializer.serialize_map(Some(object.len()))?;
                let first = FIRST.iter().filter_map(|key| object.get_key_value(*key));
                let rest = object
                    .iter()
                    .filter(|(key, _)| !FIRST.contains(&key.as_str()));
                for (key, value) in first.chain(rest) {
                    map.serialize_entry(key, &Ordered(value))?;
                }
                map.end()
            }
            Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&Ordered(item))?;
                }
                seq.end()
            }
            scalar => scalar.serialize(serializer),
        }
    }
}
