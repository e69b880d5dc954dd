//! Who takes part in an action or activity, as FHIR `participant`s: coaches in the manual's
//! coded roles, or people named in words.

use serde_json::{Map, Value, json};

use super::code_system::{coding, list_name};
use crate::manual::{Attendee, Prescription, Vocabulary};
use crate::render::words;
use crate::{Key, Manual};

/// A practitioner taking part, in a role: a coded role of the manual, or a role in words.
fn participant(role: Value) -> Value {
    let mut participant = Map::new();
    participant.insert("type".to_owned(), json!("practitioner"));
    participant.insert("role".to_owned(), role);
    Value::Object(participant)
}

/// A role of the manual's `roles` vocabulary as a `CodeableConcept`.
fn role(manual: &Manual, key: &Key) -> Value {
    let name = manual.vocabularies.name(Vocabulary::Roles, key);
    let list = list_name(Vocabulary::Roles);
    json!({
        "coding": [coding(manual, &list, key.as_str(), name)],
        "text": name.unwrap_or(key.as_str()),
    })
}

/// The coaches at each contact of a prescription: the team's roles where contacts are joint and
/// the team fills them, the manual's one role where it has one, or coaches in words.
pub(crate) fn prescription_participants(manual: &Manual, p: &Prescription) -> Vec<Value> {
    let coaches = u32::from(p.coaches_per_contact.get());
    if let Some(team) = manual
        .team
        .as_ref()
        .filter(|t| coaches > 1 && t.joint_contacts && t.size() == coaches)
    {
        return team
            .roles
            .iter()
            .flat_map(|r| {
                std::iter::repeat_n(participant(role(manual, &r.role)), r.count.get().into())
            })
            .collect();
    }
    let one = match manual.vocabularies.roles.as_slice() {
        [only] => role(manual, &only.key),
        _ => json!({ "text": "practice coach" }),
    };
    std::iter::repeat_n(participant(one), coaches as usize).collect()
}

/// Who attends an activity, as participants.
pub(crate) fn attendees(manual: &Manual, attendees: &[Attendee]) -> Vec<Value> {
    attendees
        .iter()
        .map(|a| match a {
            Attendee::Role(key) => participant(role(manual, key)),
            other => participant(json!({ "text": words::attendee(manual, other) })),
        })
        .collect()
}
