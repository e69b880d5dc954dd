//! Sources and citations as `RelatedArtifact`s: each source once as a `citation`, and every
//! citation of every value as a `justification` on the element that carries the value, with
//! its evidence kind and the JSON Pointer of the member it supports in extensions.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::{extension, markdown};
use crate::Manual;
use crate::manual::{Citation, Source, url_doi};

/// Where a source can be read, as a web address: its DOI at doi.org, or its `url` (a `doi:`
/// one at doi.org too).
fn address(source: &Source) -> Option<String> {
    let doi = source
        .doi
        .as_deref()
        .or_else(|| source.url.as_deref().and_then(url_doi));
    doi.map(|doi| format!("https://doi.org/{doi}"))
        .or_else(|| source.url.clone())
}

/// Every source of the manual, as a bibliographic `citation`.
pub(crate) fn sources(manual: &Manual) -> Vec<Value> {
    manual
        .sources
        .iter()
        .map(|source| {
            let mut artifact = Map::new();
            artifact.insert("type".to_owned(), json!("citation"));
            artifact.insert("label".to_owned(), json!(source.key.as_str()));
            artifact.insert("citation".to_owned(), json!(markdown(&source.citation)));
            if let Some(url) = address(source) {
                artifact.insert("url".to_owned(), json!(url));
            }
            Value::Object(artifact)
        })
        .collect()
}

/// One citation of the member at `pointer`: the source's key as `label` (the label of the
/// source's `citation` artifact), evidence and locator as `display`, the rationale as
/// `citation`.
fn justification(manual: &Manual, pointer: &str, citation: &Citation) -> Value {
    let source = citation
        .source
        .as_ref()
        .and_then(|key| manual.sources.iter().find(|s| &s.key == key));
    let mut display = citation.evidence.as_str().replace('_', " ");
    if let Some(locator) = &citation.locator {
        display = format!("{display}: {locator}");
    }
    let mut artifact = Map::new();
    artifact.insert(
        "extension".to_owned(),
        json!([
            extension::text(extension::MANUAL_POINTER, pointer),
            extension::code(extension::EVIDENCE, citation.evidence.as_str()),
        ]),
    );
    artifact.insert("type".to_owned(), json!("justification"));
    if let Some(key) = &citation.source {
        artifact.insert("label".to_owned(), json!(key.as_str()));
    }
    artifact.insert("display".to_owned(), json!(display));
    // The source's own text is its `citation` artifact, with the same label.
    if let Some(rationale) = &citation.rationale {
        artifact.insert("citation".to_owned(), json!(markdown(rationale)));
    }
    if let Some(url) = source.and_then(address) {
        artifact.insert("url".to_owned(), json!(url));
    }
    Value::Object(artifact)
}

/// Every citation of a manual, by the JSON Pointer of the member it supports, taken by the
/// element that carries the member; what no element takes goes to the `PlanDefinition`.
pub(crate) struct Justifications {
    by_pointer: Vec<(String, Vec<Value>)>,
    /// Where each pointer is in `by_pointer`, so taking is not a search.
    index: HashMap<String, usize>,
}

impl Justifications {
    /// Every cited object of `manual` ([`Manual::cited_objects`]), as related artifacts.
    pub(crate) fn of(manual: &Manual) -> Self {
        let by_pointer = manual
            .cited_objects()
            .into_iter()
            .map(|(pointer, citations)| {
                let artifacts = citations
                    .iter()
                    .map(|c| justification(manual, &pointer, c))
                    .collect();
                (pointer, artifacts)
            })
            .collect::<Vec<(String, Vec<Value>)>>();
        let index = by_pointer
            .iter()
            .enumerate()
            .map(|(i, (pointer, _))| (pointer.clone(), i))
            .collect();
        Self { by_pointer, index }
    }

    /// The citations of the member at `pointer`, taken out.
    pub(crate) fn take(&mut self, pointer: &str) -> Vec<Value> {
        self.index
            .get(pointer)
            .and_then(|&i| self.by_pointer.get_mut(i))
            .map(|(_, artifacts)| std::mem::take(artifacts))
            .unwrap_or_default()
    }

    /// The citations no element took, in the manual's order.
    pub(crate) fn rest(self) -> Vec<Value> {
        self.by_pointer
            .into_iter()
            .flat_map(|(_, artifacts)| artifacts)
            .collect()
    }
}
