//! Sources and citations: every configurable value says where it comes from.

use foldhash::HashSet;

use super::check_unique_keys;
use crate::manual::Citation;
use crate::validate::report::{Findings, is_blank};
use crate::{Manual, Rule};

pub(super) fn check(manual: &Manual, findings: &mut Findings) {
    check_unique_keys(
        manual.sources.iter().map(|s| &s.key),
        "/sources",
        Rule::SourceKeyDuplicate,
        findings,
    );
    let known: HashSet<_> = manual.sources.iter().map(|s| &s.key).collect();
    for (path, citations) in cited_objects(manual) {
        if citations.is_empty() {
            findings.push(
                Rule::CitationsMissing,
                format!("{path}/citations"),
                "no citation: every object holding configurable values must say where they come from".to_owned(),
            );
        }
        for (index, citation) in citations.iter().enumerate() {
            let at = format!("{path}/citations/{index}");
            check_citation(citation, &at, &known, findings);
        }
    }
}

fn check_citation(
    citation: &Citation,
    at: &str,
    known: &HashSet<&crate::Key>,
    findings: &mut Findings,
) {
    let evidence = citation.evidence.as_str();
    match &citation.source {
        Some(source) if !known.contains(source) => findings.push(
            Rule::SourceUnknown,
            format!("{at}/source"),
            format!("source `{source}` is not among the manual's sources"),
        ),
        None if citation.evidence.needs_source() => findings.push(
            Rule::CitationSourceMissing,
            at.to_owned(),
            format!("`{evidence}` evidence names no source; expected a source key"),
        ),
        _ => {}
    }
    let has_rationale = !is_blank(citation.rationale.as_deref());
    if citation.evidence.needs_rationale() && !has_rationale {
        findings.push(
            Rule::CitationRationaleMissing,
            at.to_owned(),
            format!("`{evidence}` evidence gives no rationale; expected why the value was chosen or how it was computed"),
        );
    }
}

/// Every object in the manual that carries citations, with its JSON Pointer.
pub(crate) fn cited_objects(manual: &Manual) -> Vec<(String, &[Citation])> {
    let mut out: Vec<(String, &[Citation])> = Vec::new();
    for (i, phase) in manual.phases.iter().enumerate() {
        out.push((format!("/phases/{i}"), &phase.citations));
    }
    for (i, level) in manual.intensity_levels.iter().enumerate() {
        out.push((format!("/intensity_levels/{i}"), &level.citations));
        for (j, prescription) in level.prescriptions.iter().enumerate() {
            out.push((
                format!("/intensity_levels/{i}/prescriptions/{j}"),
                &prescription.citations,
            ));
        }
    }
    let titration = &manual.titration;
    out.push(("/titration/floor".to_owned(), &titration.floor.citations));
    out.push((
        "/titration/min_weeks_between_changes".to_owned(),
        &titration.min_weeks_between_changes.citations,
    ));
    for (i, rule) in titration.rules.iter().enumerate() {
        out.push((format!("/titration/rules/{i}"), &rule.citations));
    }
    for (i, skill) in manual.skills.iter().enumerate() {
        out.push((format!("/skills/{i}"), &skill.citations));
    }
    let q = &manual.qualifications;
    let checks = [
        (
            "minimum_degree",
            q.minimum_degree.as_ref().map(|c| c.citations.as_slice()),
        ),
        (
            "health_care_experience",
            q.health_care_experience
                .as_ref()
                .map(|c| c.citations.as_slice()),
        ),
        (
            "transformation_experience",
            q.transformation_experience
                .as_ref()
                .map(|c| c.citations.as_slice()),
        ),
        (
            "integrated_care_experience",
            q.integrated_care_experience
                .as_ref()
                .map(|c| c.citations.as_slice()),
        ),
        (
            "core_skills",
            q.core_skills.as_ref().map(|c| c.citations.as_slice()),
        ),
    ];
    for (name, citations) in checks {
        if let Some(citations) = citations {
            out.push((format!("/qualifications/{name}"), citations));
        }
    }
    out.push(("/pairing".to_owned(), &manual.pairing.citations));
    if let Some(threshold) = &manual.pairing.caseload_warning_above {
        out.push((
            "/pairing/caseload_warning_above".to_owned(),
            &threshold.citations,
        ));
    }
    for (i, meeting) in manual.logistics.meetings.iter().enumerate() {
        out.push((format!("/logistics/meetings/{i}"), &meeting.citations));
    }
    out.push((
        "/logistics/response_time".to_owned(),
        &manual.logistics.response_time.citations,
    ));
    out.push(("/collaborative".to_owned(), &manual.collaborative.citations));
    for (i, measure) in manual.measures.iter().enumerate() {
        out.push((format!("/measures/{i}"), &measure.citations));
    }
    for (i, figure) in manual.figures.iter().enumerate() {
        out.push((format!("/figures/{i}"), &figure.citations));
    }
    out
}
