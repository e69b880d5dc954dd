//! Pairing, logistics, measures and figures.

use super::check_unique_keys;
use crate::manual::MeetingKind;
use crate::validate::report::Findings;
use crate::{Manual, Rule};

pub(super) fn check(manual: &Manual, findings: &mut Findings) {
    let pairing = &manual.pairing;
    let distinct = match pairing.disciplines.as_slice() {
        [a, b] => a != b,
        _ => false,
    };
    if !distinct {
        let named: Vec<&str> = pairing.disciplines.iter().map(|d| d.as_str()).collect();
        findings.push(
            Rule::DyadDisciplines,
            "/pairing/disciplines".to_owned(),
            format!(
                "the dyad rule names [{}]; expected exactly two distinct disciplines",
                named.join(", ")
            ),
        );
    }
    let meetings = &manual.logistics.meetings;
    check_unique_keys(
        meetings.iter().map(|m| &m.key),
        "/logistics/meetings",
        Rule::LogisticsMeetingKeyDuplicate,
        findings,
    );
    if pairing.required_for.uses_dyads()
        && !meetings
            .iter()
            .any(|m| m.kind == MeetingKind::PostVisitDebrief)
    {
        findings.push(
            Rule::LogisticsDebriefMissing,
            "/logistics/meetings".to_owned(),
            "dyads are used but no meeting has kind `post_visit_debrief`; expected a debrief after dyad visits".to_owned(),
        );
    }
    check_unique_keys(
        manual.measures.iter().map(|m| &m.key),
        "/measures",
        Rule::MeasureKeyDuplicate,
        findings,
    );
    check_unique_keys(
        manual.figures.iter().map(|f| &f.key),
        "/figures",
        Rule::FigureKeyDuplicate,
        findings,
    );
    for (i, figure) in manual.figures.iter().enumerate() {
        let below = figure.low.filter(|low| figure.value < *low);
        let above = figure.high.filter(|high| figure.value > *high);
        if below.is_some() || above.is_some() {
            let range = format!(
                "{}-{}",
                figure.low.map_or_else(|| "…".to_owned(), |v| v.to_string()),
                figure
                    .high
                    .map_or_else(|| "…".to_owned(), |v| v.to_string())
            );
            findings.push(
                Rule::FigureRangeInverted,
                format!("/figures/{i}/value"),
                format!(
                    "value {} lies outside its range {range}; expected low <= value <= high",
                    figure.value
                ),
            );
        }
    }
}
