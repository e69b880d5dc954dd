//! The extensions the export writes where FHIR R4 has no element for a manual's member. Each
//! URL is `urn:practice-coaching:extension:NAME`; [`ALL`] lists every name with what it holds,
//! and docs/fhir.md is generated from it.

use serde_json::{Value, json};

/// Every extension by name, with where it goes and what it holds.
pub const ALL: [(&str, &str); 20] = [
    (
        MANUAL_POINTER,
        "RelatedArtifact: the JSON Pointer of the manual member a citation supports (`valueString`).",
    ),
    (
        EVIDENCE,
        "RelatedArtifact: the citation's kind of evidence: `reported`, `participant_report`, `cited`, `derived` or `design` (`valueCode`).",
    ),
    (
        MINIMUM_CONTACTS,
        "Timing.repeat: a minimum of zero contacts, which `frequency` and `count` (at least 1) cannot hold (`valueUnsignedInt` 0).",
    ),
    (
        MAXIMUM_CONTACTS,
        "Timing.repeat: a maximum of zero contacts, which `frequencyMax` and `countMax` cannot hold (`valueUnsignedInt` 0).",
    ),
    (
        COUNTED_OVER,
        "Timing.repeat: counts over the whole `phase` or `relationship` rather than per period (`valueCode`).",
    ),
    (
        MINIMUM_MINUTES,
        "Timing.repeat: the shortest planned contact where `duration` holds the typical one (`valueDuration`, minutes).",
    ),
    (
        STARTING_LEVEL,
        "PlanDefinition.action (a phase): the id of the intensity level's action coaching takes on entering the phase (`valueId`).",
    ),
    (
        SKILL,
        "PlanDefinition.action (a phase): a skill the phase leans on, from the skills CodeSystem (`valueCoding`).",
    ),
    (
        SCOPE,
        "ActivityDefinition: a periodic activity held once for the `program` or at each `site` (`valueCode`).",
    ),
    (
        JOINT_ONLY,
        "PlanDefinition.action (an activity): held only around contacts several coaches make together (`valueBoolean`).",
    ),
    (
        TEAM_RULE,
        "PlanDefinition: the team rule in words: roles, which sites need a team, joint contacts (`valueString`).",
    ),
    (
        TEAM_FOR_COACHES_WITHOUT,
        "PlanDefinition: the team policy for coaches without an experience kind, in words (`valueString`).",
    ),
    (
        QUALIFICATION,
        "PlanDefinition: one qualification check with its requirement and role, in words (`valueString`).",
    ),
    (
        CASELOAD,
        "PlanDefinition: the caseload threshold, sites per coach (`valueUnsignedInt`).",
    ),
    (
        TITRATION_RULE,
        "PlanDefinition: one titration rule, its trigger and adjustment in words, in the manual's order (`valueString`).",
    ),
    (
        TITRATION_FLOOR,
        "PlanDefinition: the titration floor in words (`valueString`).",
    ),
    (
        TITRATION_INTERVAL,
        "PlanDefinition: the shortest time between two dose changes (`valueDuration`, weeks).",
    ),
    (
        RESPONSE_TIME,
        "PlanDefinition: how soon written questions are answered (`valueDuration`, hours).",
    ),
    (
        PAYER,
        "PlanDefinition: who paid for or sponsored the coaching (`valueString`).",
    ),
    (
        FIGURE,
        "PlanDefinition: a published figure with its range and unit, in words (`valueString`).",
    ),
];

/// See [`ALL`].
pub const MANUAL_POINTER: &str = "manual-pointer";
/// See [`ALL`].
pub const EVIDENCE: &str = "evidence";
/// See [`ALL`].
pub const MINIMUM_CONTACTS: &str = "minimum-contacts";
/// See [`ALL`].
pub const MAXIMUM_CONTACTS: &str = "maximum-contacts";
/// See [`ALL`].
pub const COUNTED_OVER: &str = "counted-over";
/// See [`ALL`].
pub const MINIMUM_MINUTES: &str = "minimum-minutes";
/// See [`ALL`].
pub const STARTING_LEVEL: &str = "starting-level";
/// See [`ALL`].
pub const SKILL: &str = "skill";
/// See [`ALL`].
pub const SCOPE: &str = "scope";
/// See [`ALL`].
pub const JOINT_ONLY: &str = "joint-contacts-only";
/// See [`ALL`].
pub const TEAM_RULE: &str = "team-rule";
/// See [`ALL`].
pub const TEAM_FOR_COACHES_WITHOUT: &str = "team-for-coaches-without";
/// See [`ALL`].
pub const QUALIFICATION: &str = "qualification";
/// See [`ALL`].
pub const CASELOAD: &str = "caseload-threshold";
/// See [`ALL`].
pub const TITRATION_RULE: &str = "titration-rule";
/// See [`ALL`].
pub const TITRATION_FLOOR: &str = "titration-floor";
/// See [`ALL`].
pub const TITRATION_INTERVAL: &str = "titration-interval";
/// See [`ALL`].
pub const RESPONSE_TIME: &str = "response-time";
/// See [`ALL`].
pub const PAYER: &str = "payer";
/// See [`ALL`].
pub const FIGURE: &str = "figure";

/// The URL of the extension `name`.
#[must_use]
pub fn url(name: &str) -> String {
    format!("urn:practice-coaching:extension:{name}")
}

/// The extension `name` with its value in the member `value_kind` (`valueString`, ...).
pub(crate) fn with(name: &str, value_kind: &str, value: Value) -> Value {
    let mut extension = serde_json::Map::new();
    extension.insert("url".to_owned(), Value::String(url(name)));
    extension.insert(value_kind.to_owned(), value);
    Value::Object(extension)
}

/// The extension `name` holding text.
pub(crate) fn text(name: &str, text: impl Into<String>) -> Value {
    with(name, "valueString", Value::String(text.into()))
}

/// The extension `name` holding a code.
pub(crate) fn code(name: &str, code: &str) -> Value {
    with(name, "valueCode", json!(code))
}
