//! The manual's vocabularies, skills and measures as `CodeSystem`s, so that roles, activity
//! kinds and skills are codings other resources can point to.

use serde_json::{Map, Value, json};

use super::{ids, markdown, resource};
use crate::Manual;
use crate::manual::{Term, Vocabulary};

/// One code of a code system: key, name, description and properties.
struct Concept {
    code: String,
    display: String,
    definition: Option<String>,
    properties: Vec<(&'static str, Value)>,
}

impl Concept {
    fn term(term: &Term) -> Self {
        Self {
            code: term.key.to_string(),
            display: term.name.clone(),
            definition: term.description.clone(),
            properties: Vec::new(),
        }
    }

    fn json(self) -> Value {
        let mut concept = Map::new();
        concept.insert("code".to_owned(), json!(self.code));
        concept.insert("display".to_owned(), json!(self.display));
        if let Some(definition) = self.definition {
            concept.insert("definition".to_owned(), json!(definition));
        }
        if !self.properties.is_empty() {
            let properties: Vec<Value> = self
                .properties
                .into_iter()
                .map(|(code, value)| {
                    let kind = match value {
                        Value::Bool(_) => "valueBoolean",
                        _ if code == "unit" => "valueString",
                        _ if code == "discipline" || code == "role" => "valueCoding",
                        _ => "valueCode",
                    };
                    json!({ "code": code, kind: value })
                })
                .collect();
            concept.insert("property".to_owned(), Value::Array(properties));
        }
        Value::Object(concept)
    }
}

/// The name a list has in URLs and ids: `activity-kinds`, `skills`.
pub(crate) fn list_name(vocabulary: Vocabulary) -> String {
    vocabulary.as_str().replace('_', "-")
}

/// The canonical URL of the code system of `list` (`roles`, `skills`).
pub(crate) fn system(manual: &Manual, list: &str) -> String {
    ids::canonical(manual.id.as_str(), &[list])
}

/// A coding of `code` in the manual's list `list`, with its display name where known.
pub(crate) fn coding(manual: &Manual, list: &str, code: &str, display: Option<&str>) -> Value {
    let mut coding = Map::new();
    coding.insert("system".to_owned(), json!(system(manual, list)));
    coding.insert("version".to_owned(), json!(manual.version.to_string()));
    coding.insert("code".to_owned(), json!(code));
    if let Some(display) = display {
        coding.insert("display".to_owned(), json!(display));
    }
    Value::Object(coding)
}

/// The concepts of one vocabulary.
fn vocabulary(manual: &Manual, v: Vocabulary) -> Vec<Concept> {
    let terms = |list: &[Term]| list.iter().map(Concept::term).collect();
    let vocabularies = &manual.vocabularies;
    match v {
        Vocabulary::Disciplines => terms(&vocabularies.disciplines),
        Vocabulary::Roles => terms(&vocabularies.roles),
        Vocabulary::Degrees => vocabularies
            .degrees
            .iter()
            .map(|d| Concept {
                code: d.key.to_string(),
                display: d.name.clone(),
                definition: None,
                properties: vec![("level", json!(d.level.as_str()))],
            })
            .collect(),
        Vocabulary::Certifications => terms(&vocabularies.certifications),
        Vocabulary::ExperienceKinds => terms(&vocabularies.experience_kinds),
        Vocabulary::SiteKinds => terms(&vocabularies.site_kinds),
        Vocabulary::ActivityKinds => terms(&vocabularies.activity_kinds),
        Vocabulary::MeasureKinds => terms(&vocabularies.measure_kinds),
    }
}

/// The properties a list's concepts carry, declared on its code system.
fn declared(list: &str) -> Vec<Value> {
    let property = |code: &str, kind: &str, description: &str| json!({ "code": code, "type": kind, "description": description });
    match list {
        "degrees" => vec![property(
            "level",
            "code",
            "The level the degree counts as for a minimum-degree check.",
        )],
        "skills" => vec![
            property("tier", "code", "core (every coach) or specialty"),
            property(
                "gap",
                "boolean",
                "Sites asked for this help and coaching did not provide it.",
            ),
            property(
                "discipline",
                "Coding",
                "A specialty skill: a discipline whose coaches hold it.",
            ),
            property(
                "role",
                "Coding",
                "A specialty skill: a role whose coaches hold it.",
            ),
        ],
        "measures" => vec![
            property("kind", "code", "The measure's kind, from measure-kinds."),
            property("scope", "code", "initiative or coaching"),
            property("unit", "string", "The unit results are given in."),
            property("better", "code", "higher or lower, where one is better"),
            property(
                "implementation-outcome",
                "code",
                "The implementation outcome (Proctor et al. 2011) the measure informs.",
            ),
        ],
        _ => Vec::new(),
    }
}

/// A serde enum's `snake_case` name.
fn code_of(value: impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Every non-empty vocabulary, then the skills and the measures, each as a `CodeSystem`.
pub(crate) fn code_systems(manual: &Manual) -> Vec<Value> {
    let mut lists: Vec<(String, &str, Vec<Concept>)> = Vocabulary::ALL
        .into_iter()
        .map(|v| (list_name(v), "vocabulary", vocabulary(manual, v)))
        .collect();
    let skills = manual
        .skills
        .iter()
        .map(|s| Concept {
            code: s.key.to_string(),
            display: s.name.clone(),
            definition: Some(s.description.clone()),
            properties: [("tier", code_of(s.tier)), ("gap", json!(s.gap))]
                .into_iter()
                .chain(s.disciplines.iter().map(|d| {
                    let name = manual.vocabularies.name(Vocabulary::Disciplines, d);
                    let list = list_name(Vocabulary::Disciplines);
                    ("discipline", coding(manual, &list, d.as_str(), name))
                }))
                .chain(s.roles.iter().map(|r| {
                    let name = manual.vocabularies.name(Vocabulary::Roles, r);
                    (
                        "role",
                        coding(manual, &list_name(Vocabulary::Roles), r.as_str(), name),
                    )
                }))
                .collect(),
        })
        .collect();
    lists.push(("skills".to_owned(), "skills", skills));
    let measures = manual
        .measures
        .iter()
        .map(|m| {
            let mut properties = vec![
                ("kind", json!(m.kind.as_str())),
                ("scope", code_of(m.scope)),
                ("unit", json!(m.unit)),
            ];
            properties.extend(m.better.map(|b| ("better", code_of(b))));
            properties.extend(
                m.implementation_outcome
                    .map(|o| ("implementation-outcome", code_of(o))),
            );
            Concept {
                code: m.key.to_string(),
                display: m.name.clone(),
                definition: None,
                properties,
            }
        })
        .collect();
    lists.push(("measures".to_owned(), "measures", measures));
    lists
        .into_iter()
        .filter(|(_, _, concepts)| !concepts.is_empty())
        .map(|(list, what, concepts)| {
            let mut system = resource(
                "CodeSystem",
                &ids::id(&[manual.id.as_str(), &manual.version.to_string(), &list]),
            );
            system.insert("url".to_owned(), json!(self::system(manual, &list)));
            system.insert("version".to_owned(), json!(manual.version.to_string()));
            system.insert(
                "name".to_owned(),
                json!(ids::name(&[manual.id.as_str(), &list])),
            );
            system.insert(
                "title".to_owned(),
                json!(format!("{}: {}", manual.title, list.replace('-', " "))),
            );
            system.insert("status".to_owned(), json!("unknown"));
            system.insert(
                "description".to_owned(),
                json!(markdown(&format!(
                    "The {what} `{list}` of the manual `{}` {}, by key.",
                    manual.id, manual.version
                ))),
            );
            system.insert("caseSensitive".to_owned(), json!(true));
            system.insert("content".to_owned(), json!("complete"));
            let properties = declared(&list);
            if !properties.is_empty() {
                system.insert("property".to_owned(), Value::Array(properties));
            }
            let concepts: Vec<Value> = concepts.into_iter().map(Concept::json).collect();
            system.insert("count".to_owned(), json!(concepts.len()));
            system.insert("concept".to_owned(), Value::Array(concepts));
            Value::Object(system)
        })
        .collect()
}
