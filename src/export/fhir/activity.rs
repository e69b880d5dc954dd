//! The manual's activities (huddles, debriefs, meetings, records) as `ActivityDefinition`s:
//! kind, attendees, cadence as a `Timing`, length, the implementation outcome as a topic, and
//! their citations.

use serde_json::{Map, Value, json};

use super::artifact::Justifications;
use super::code_system::{coding, list_name};
use super::{extension, ids, participant, resource, timing};
use crate::manual::{Activity, Cadence, Scope, Vocabulary};
use crate::{Key, Manual};

/// The canonical URL of an activity's definition.
pub(crate) fn url(manual: &Manual, key: &Key) -> String {
    ids::canonical(manual.id.as_str(), &["activity", key.as_str()])
}

fn definition(manual: &Manual, i: usize, activity: &Activity, cites: &mut Justifications) -> Value {
    let version = manual.version.to_string();
    let key = activity.key.as_str();
    let mut definition = resource(
        "ActivityDefinition",
        &ids::id(&[manual.id.as_str(), &version, key]),
    );
    if let Cadence::Every { scope, .. } = &activity.cadence {
        let scope = match scope {
            Scope::Program => "program",
            Scope::Site => "site",
        };
        definition.insert(
            "extension".to_owned(),
            json!([extension::code(extension::SCOPE, scope)]),
        );
    }
    definition.insert("url".to_owned(), json!(url(manual, &activity.key)));
    definition.insert("version".to_owned(), json!(version));
    definition.insert(
        "name".to_owned(),
        json!(ids::name(&[manual.id.as_str(), key])),
    );
    definition.insert("title".to_owned(), json!(activity.name));
    definition.insert("status".to_owned(), json!("unknown"));
    if let Some(outcome) = activity.implementation_outcome {
        definition.insert(
            "topic".to_owned(),
            json!([{
                "coding": [{
                    "system": "urn:practice-coaching:implementation-outcome",
                    "code": serde_json::to_value(outcome).unwrap_or(Value::Null),
                    "display": outcome.name(),
                }],
            }]),
        );
    }
    let related = cites.take(&format!("/activities/{i}"));
    if !related.is_empty() {
        definition.insert("relatedArtifact".to_owned(), Value::Array(related));
    }
    let kind = activity.kind.as_str();
    definition.insert(
        "code".to_owned(),
        json!({ "coding": [coding(
            manual,
            &list_name(Vocabulary::ActivityKinds),
            kind,
            manual.vocabularies.name(Vocabulary::ActivityKinds, &activity.kind),
        )] }),
    );
    let mut repeat = match &activity.cadence {
        Cadence::Every { frequency, .. } => timing::every(*frequency),
        Cadence::AroundContact { .. } | Cadence::AtMilestone(_) => Map::new(),
    };
    let get = |m: Option<crate::Minutes>| m.map(crate::Minutes::get);
    timing::minutes(
        &mut repeat,
        None,
        get(activity.min_minutes),
        get(activity.max_minutes),
    );
    if !repeat.is_empty() {
        definition.insert("timingTiming".to_owned(), json!({ "repeat": repeat }));
    }
    let participants = participant::attendees(manual, &activity.attendees);
    if !participants.is_empty() {
        definition.insert("participant".to_owned(), Value::Array(participants));
    }
    Value::Object(definition)
}

/// Every activity of the manual as an `ActivityDefinition`, taking its citations.
pub(crate) fn definitions(manual: &Manual, cites: &mut Justifications) -> Vec<Value> {
    manual
        .activities
        .iter()
        .enumerate()
        .map(|(i, activity)| definition(manual, i, activity, cites))
        .collect()
}
