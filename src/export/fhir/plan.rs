//! The manual as a `PlanDefinition` (a protocol): phases as actions in order, intensity levels
//! as a group with one applicable level, each level's prescriptions as timed actions with the
//! coaches as participants, milestones, the learning collaborative and the activities; what
//! R4 has no element for goes into the extensions of [`super::extension`].

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use super::artifact::{self, Justifications};
use super::code_system::coding;
use super::{activity, extension, ids, markdown, participant, policy, resource, timing};
use crate::Manual;
use crate::manual::{
    Anchor, Around, Cadence, Channel, IntensityLevel, LearningSessions, Milestone, Per, Phase,
    Prescription, SeriesStart,
};
use crate::render::words;

/// The FHIRPath variable an applicability condition reads: the key of the intensity level in
/// force at the site. A system applying the plan sets it.
pub const LEVEL_VARIABLE: &str = "%intensityLevel";

/// The action id of a phase.
fn phase_id(key: &str) -> String {
    format!("phase-{key}")
}

/// The action id of an intensity level.
fn level_id(key: &str) -> String {
    format!("level-{key}")
}

/// The action id of a level's prescription on a channel (one per channel, by validation). Its
/// own prefix keeps it apart from every level's id (a level `a` and a level `a-remote`); the
/// channels' different endings keep two levels' contacts apart.
fn prescription_id(level: &str, channel: Channel) -> String {
    format!("contact-{level}-{}", channel.as_str().replace('_', "-"))
}

/// The action id of a milestone.
fn milestone_id(key: &str) -> String {
    format!("milestone-{key}")
}

/// An action relation: this action stands in `relationship` to the action `id`.
fn related(id: &str, relationship: &str) -> Value {
    json!({ "actionId": id, "relationship": relationship })
}

/// The FHIRPath variable a phase's start and stop conditions read: the keys of the criteria
/// met at the site. The criteria themselves are words, in the expression's `description`.
pub const CRITERIA_VARIABLE: &str = "%criteriaMet";

/// A criterion as a condition of `kind` (`start` or `stop`): met once its key is among
/// [`CRITERIA_VARIABLE`].
fn criterion_condition(kind: &str, c: &crate::manual::Criterion) -> Value {
    let mut text = c.description.clone();
    if let Some(measure) = &c.measure {
        let _ = write!(text, " (measure `{measure}`");
        if let Some(target) = &c.target {
            let _ = write!(text, ", target {target}");
        }
        text.push(')');
    }
    json!({ "kind": kind, "expression": {
        "description": text,
        "language": "text/fhirpath",
        "expression": format!("{CRITERIA_VARIABLE} contains '{}'", c.key),
    } })
}

/// Channel and modes of a prescription as action codes.
fn contact_codes(p: &Prescription) -> Vec<Value> {
    let mut codes = vec![json!({
        "coding": [{
            "system": "urn:practice-coaching:channel",
            "code": p.channel.as_str(),
            "display": words::channel(p.channel),
        }],
    })];
    codes.extend(p.modes.iter().map(|mode| {
        json!({
            "coding": [{
                "system": "urn:practice-coaching:contact-mode",
                "code": serde_json::to_value(mode).unwrap_or(Value::Null),
                "display": words::mode(*mode),
            }],
        })
    }));
    codes
}

/// How long a count over a phase or relationship runs at most: the relationship's planned
/// length (every phase's maximum), or the longest stay of the phases that start at `level`
/// where they agree; `None` where open-ended or mixed.
fn bounds(manual: &Manual, level: &IntensityLevel, per: Per) -> Option<Value> {
    match per {
        Per::Relationship => timing::total(manual.phases.iter().map(|p| p.length.max)),
        Per::Phase => {
            let mut longest = manual
                .phases
                .iter()
                .filter(|p| p.starting_level == level.key)
                .map(|p| p.length.max);
            let first = longest.next()??;
            longest
                .all(|max| max == Some(first))
                .then(|| timing::length(first))
        }
        Per::Week | Per::Month | Per::Quarter | Per::HalfYear | Per::Year => None,
    }
}

/// An action as a JSON object with its members in order, `documentation` from the citations.
fn action(id: &str, title: &str, documentation: Vec<Value>) -> Map<String, Value> {
    let mut action = Map::new();
    action.insert("id".to_owned(), json!(id));
    action.insert("title".to_owned(), json!(title));
    if !documentation.is_empty() {
        action.insert("documentation".to_owned(), Value::Array(documentation));
    }
    action
}

fn phase_action(manual: &Manual, i: usize, phase: &Phase, cites: &mut Justifications) -> Value {
    let mut action = action(
        &phase_id(phase.key.as_str()),
        &phase.name,
        cites.take(&format!("/phases/{i}")),
    );
    action.insert("description".to_owned(), json!(phase.purpose));
    let mut extensions = vec![extension::with(
        extension::STARTING_LEVEL,
        "valueId",
        json!(level_id(phase.starting_level.as_str())),
    )];
    extensions.extend(phase.skills.iter().map(|skill| {
        let name = manual.skill(skill).map(|s| s.name.as_str());
        extension::with(
            extension::SKILL,
            "valueCoding",
            coding(manual, "skills", skill.as_str(), name),
        )
    }));
    timing::push_extensions(&mut action, extensions);
    let conditions: Vec<Value> = phase
        .entry_criteria
        .iter()
        .map(|c| criterion_condition("start", c))
        .chain(
            phase
                .exit_criteria
                .iter()
                .map(|c| criterion_condition("stop", c)),
        )
        .collect();
    if !conditions.is_empty() {
        action.insert("condition".to_owned(), Value::Array(conditions));
    }
    if let Some(previous) = i.checked_sub(1).and_then(|j| manual.phases.get(j)) {
        action.insert(
            "relatedAction".to_owned(),
            json!([related(&phase_id(previous.key.as_str()), "after-end")]),
        );
    }
    let mut bounds = Map::new();
    bounds.insert("low".to_owned(), timing::length(phase.length.min));
    if let Some(max) = phase.length.max {
        bounds.insert("high".to_owned(), timing::length(max));
    }
    // A Range's ends are SimpleQuantities: a Duration's members without a comparator.
    action.insert(
        "timingTiming".to_owned(),
        json!({ "repeat": { "boundsRange": bounds } }),
    );
    Value::Object(action)
}

fn level_action(
    manual: &Manual,
    i: usize,
    level: &IntensityLevel,
    cites: &mut Justifications,
) -> Value {
    let key = level.key.as_str();
    let mut action = action(
        &level_id(key),
        &level.name,
        cites.take(&format!("/intensity_levels/{i}")),
    );
    action.insert("description".to_owned(), json!(level.description));
    action.insert(
        "condition".to_owned(),
        json!([{
            "kind": "applicability",
            "expression": {
                "description": format!("while the site's intensity level is “{}”", level.name),
                "language": "text/fhirpath",
                "expression": format!("{LEVEL_VARIABLE} = '{key}'"),
            },
        }]),
    );
    let prescriptions: Vec<Value> = level
        .prescriptions
        .iter()
        .enumerate()
        .map(|(j, p)| {
            let mut contact = self::action(
                &prescription_id(key, p.channel),
                &words::capital(&words::prescription(p)),
                cites.take(&format!("/intensity_levels/{i}/prescriptions/{j}")),
            );
            contact.insert("code".to_owned(), Value::Array(contact_codes(p)));
            contact.insert(
                "timingTiming".to_owned(),
                timing::prescription(p, bounds(manual, level, p.per)),
            );
            contact.insert(
                "participant".to_owned(),
                Value::Array(participant::prescription_participants(manual, p)),
            );
            Value::Object(contact)
        })
        .collect();
    if !prescriptions.is_empty() {
        action.insert("action".to_owned(), Value::Array(prescriptions));
    }
    Value::Object(action)
}

fn milestone_action(
    manual: &Manual,
    i: usize,
    milestone: &Milestone,
    cites: &mut Justifications,
) -> Value {
    let mut action = action(
        &milestone_id(milestone.key.as_str()),
        &milestone.name,
        cites.take(&format!("/milestones/{i}")),
    );
    if let Some(description) = &milestone.description {
        action.insert("description".to_owned(), json!(description));
    }
    let anchor = match &milestone.anchor {
        Anchor::PhaseEntry(phase) => Some(phase.as_str()),
        Anchor::RelationshipStart => manual.phases.first().map(|p| p.key.as_str()),
    };
    if let Some(phase) = anchor {
        action.insert(
            "relatedAction".to_owned(),
            json!([{
                "actionId": phase_id(phase),
                "relationship": "after-start",
                "offsetDuration": timing::length(milestone.offset),
            }]),
        );
    }
    if let Some(every) = milestone.every {
        let mut repeat = Map::new();
        if let Some(times) = milestone.times {
            repeat.insert("count".to_owned(), json!(times.get()));
        }
        repeat.insert("period".to_owned(), json!(every.amount()));
        repeat.insert(
            "periodUnit".to_owned(),
            json!(if matches!(every, crate::Length::Weeks(_)) {
                "wk"
            } else {
                "mo"
            }),
        );
        action.insert("timingTiming".to_owned(), json!({ "repeat": repeat }));
    }
    Value::Object(action)
}

/// An activity's action: its definition, and when it happens relative to other actions.
fn activity_action(manual: &Manual, activity: &crate::manual::Activity) -> Value {
    let key = activity.key.as_str();
    let mut action = action(&format!("activity-{key}"), &activity.name, Vec::new());
    action.insert(
        "definitionCanonical".to_owned(),
        json!(format!(
            "{}|{}",
            activity::url(manual, &activity.key),
            manual.version
        )),
    );
    let mut relations = Vec::new();
    match &activity.cadence {
        Cadence::AroundContact {
            when,
            channel,
            joint_only,
        } => {
            let relationship = match when {
                Around::Before => "before-start",
                Around::During => "concurrent",
                Around::After => "after-end",
            };
            for level in &manual.intensity_levels {
                for p in &level.prescriptions {
                    if channel.is_none_or(|c| c == p.channel) {
                        relations.push(related(
                            &prescription_id(level.key.as_str(), p.channel),
                            relationship,
                        ));
                    }
                }
            }
            if *joint_only {
                timing::push_extensions(
                    &mut action,
                    vec![extension::with(
                        extension::JOINT_ONLY,
                        "valueBoolean",
                        json!(true),
                    )],
                );
            }
        }
        Cadence::AtMilestone(milestone) => {
            relations.push(related(&milestone_id(milestone.as_str()), "concurrent"));
        }
        Cadence::Every {
            starts,
            until_end_of,
            ..
        } => {
            match starts {
                Some(SeriesStart::PhaseEntry(phase)) => {
                    relations.push(related(&phase_id(phase.as_str()), "after-start"));
                }
                Some(SeriesStart::Milestone(milestone)) => {
                    relations.push(related(&milestone_id(milestone.as_str()), "after-start"));
                }
                None => {}
            }
            if let Some(phase) = until_end_of {
                relations.push(related(&phase_id(phase.as_str()), "before-end"));
            }
        }
    }
    if !relations.is_empty() {
        action.insert("relatedAction".to_owned(), Value::Array(relations));
    }
    Value::Object(action)
}

/// The learning collaborative's sessions, at a cadence or on their dates.
fn collaborative_action(manual: &Manual, cites: &mut Justifications) -> Option<Value> {
    let collaborative = manual.collaborative.as_ref()?;
    let mut action = action(
        "learning-sessions",
        &format!("Learning sessions ({})", collaborative.model),
        cites.take("/collaborative"),
    );
    match &collaborative.learning_sessions {
        LearningSessions::Every(frequency) => {
            action.insert(
                "timingTiming".to_owned(),
                json!({ "repeat": timing::every(*frequency) }),
            );
        }
        LearningSessions::Dated(dates) => {
            let sessions: Vec<Value> = dates
                .iter()
                .enumerate()
                .map(|(n, date)| {
                    json!({
                        "id": format!("learning-session-{}", n + 1),
                        "title": format!("Learning session {}", n + 1),
                        "timingDateTime": date.to_string(),
                    })
                })
                .collect();
            action.insert("action".to_owned(), Value::Array(sessions));
        }
        // A number of sessions whose dates the sources do not give: a count without a period.
        LearningSessions::Count(sessions) if sessions.get() > 0 => {
            action.insert(
                "timingTiming".to_owned(),
                json!({ "repeat": { "count": sessions.get() } }),
            );
        }
        LearningSessions::Count(_) => {}
    }
    Some(Value::Object(action))
}

/// Materials as `documentation` artifacts, with where to find them where that is a web address.
fn materials(manual: &Manual) -> Vec<Value> {
    manual
        .materials
        .iter()
        .map(|m| {
            let mut artifact = Map::new();
            artifact.insert("type".to_owned(), json!("documentation"));
            artifact.insert("label".to_owned(), json!(m.key.as_str()));
            artifact.insert("display".to_owned(), json!(m.name));
            let mut text = m.description.clone();
            match m.location.as_deref() {
                Some(url) if url.starts_with("https://") || url.starts_with("http://") => {
                    artifact.insert("url".to_owned(), json!(url));
                }
                Some(place) => {
                    let _ = write!(text, " (where to find it: {place})");
                }
                None => {}
            }
            artifact.insert("citation".to_owned(), json!(markdown(&text)));
            Value::Object(artifact)
        })
        .collect()
}

/// The manual as a `PlanDefinition`.
pub(crate) fn plan_definition(manual: &Manual, cites: &mut Justifications) -> Value {
    let version = manual.version.to_string();
    let mut plan = resource("PlanDefinition", &ids::id(&[manual.id.as_str(), &version]));
    let extensions = policy::extensions(manual);
    if !extensions.is_empty() {
        plan.insert("extension".to_owned(), Value::Array(extensions));
    }
    plan.insert(
        "url".to_owned(),
        json!(ids::canonical(manual.id.as_str(), &[])),
    );
    plan.insert("version".to_owned(), json!(version));
    plan.insert("name".to_owned(), json!(ids::name(&[manual.id.as_str()])));
    plan.insert("title".to_owned(), json!(manual.title));
    plan.insert(
        "type".to_owned(),
        json!({ "coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/plan-definition-type",
            "code": "protocol",
            "display": "Protocol",
        }] }),
    );
    // Whether a manual is in use is not something it says.
    plan.insert("status".to_owned(), json!("unknown"));
    plan.insert(
        "description".to_owned(),
        json!(markdown(&manual.description)),
    );
    if let Some(setting) = &manual.setting {
        if let Some(population) = &setting.population {
            plan.insert(
                "useContext".to_owned(),
                json!([{
                    "code": {
                        "system": "http://terminology.hl7.org/CodeSystem/usage-context-type",
                        "code": "focus",
                    },
                    "valueCodeableConcept": { "text": population },
                }]),
            );
        }
        if let Some(region) = &setting.region {
            plan.insert("jurisdiction".to_owned(), json!([{ "text": region }]));
        }
    }
    if let Some(goal) = &manual.goal {
        plan.insert("purpose".to_owned(), json!(markdown(&goal.text)));
    }
    let mut actions: Vec<Value> = manual
        .phases
        .iter()
        .enumerate()
        .map(|(i, phase)| phase_action(manual, i, phase, cites))
        .collect();
    let levels: Vec<Value> = manual
        .intensity_levels
        .iter()
        .enumerate()
        .map(|(i, level)| level_action(manual, i, level, cites))
        .collect();
    if !levels.is_empty() {
        actions.push(json!({
            "id": "intensity-levels",
            "title": "Intensity levels, most to least intensive: one applies at a time",
            "groupingBehavior": "logical-group",
            "selectionBehavior": "exactly-one",
            "action": levels,
        }));
    }
    actions.extend(
        manual
            .milestones
            .iter()
            .enumerate()
            .map(|(i, m)| milestone_action(manual, i, m, cites)),
    );
    actions.extend(collaborative_action(manual, cites));
    actions.extend(manual.activities.iter().map(|a| activity_action(manual, a)));
    // Activities' citations go with their definitions; everything else left is the plan's.
    let mut related = artifact::sources(manual);
    if let Some(replaces) = &manual.replaces {
        related.push(json!({
            "type": "predecessor",
            "display": format!("Replaces version {}: {}", replaces.version, replaces.changes.join(" ")),
            "resource": format!("{}|{}", ids::canonical(manual.id.as_str(), &[]), replaces.version),
        }));
    }
    related.extend(materials(manual));
    plan.insert("relatedArtifact".to_owned(), Value::Array(related));
    if !actions.is_empty() {
        plan.insert("action".to_owned(), Value::Array(actions));
    }
    Value::Object(plan)
}

/// The citations no action took, added to the plan's related artifacts once every other
/// resource has taken its own.
pub(crate) fn add_rest(plan: &mut Value, rest: Vec<Value>) {
    if let Some(Value::Array(related)) = plan.get_mut("relatedArtifact") {
        related.extend(rest);
    }
}
