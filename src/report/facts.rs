//! Statements both checklists make from the manual, in the renderer's words: a level's dose, an
//! activity, a source's evidence.

use std::fmt::Write as _;

use super::item::{Document, Entry};
use crate::Manual;
use crate::manual::{Activity, Channel, Citation, Dose, Evidence, IntensityLevel, Vocabulary};
use crate::render::sourced::Sourced;
use crate::render::words;

/// A level's dose in words: per year where counted per period, else over the phase or the
/// relationship, with the contact hours a year where every channel has them.
pub(crate) fn level_dose(level: &IntensityLevel) -> String {
    let mut parts = Vec::new();
    let mut minutes: Option<u64> = Some(0);
    let mut coach_minutes: Option<u64> = Some(0);
    let mut joint = false;
    for channel in Channel::ALL {
        if level.not_reported.contains(&channel) {
            parts.push(format!(
                "{}s, their dose not reported",
                words::contact(channel)
            ));
            minutes = None;
            continue;
        }
        let Some(prescription) = level.prescription(channel) else {
            continue;
        };
        if let Some(dose) = prescription.annual() {
            parts.push(words::annual_of(prescription, dose, " a year"));
            minutes = minutes.and_then(|m| Some(m.saturating_add(dose.max_minutes?)));
            coach_minutes =
                coach_minutes.and_then(|m| Some(m.saturating_add(dose.max_coach_minutes?)));
            joint |= prescription.coaches_per_contact.get() > 1;
        } else {
            parts.push(words::annual_of(
                prescription,
                prescription.times(1),
                &format!(" {}", words::per(prescription.per)),
            ));
            minutes = None;
        }
    }
    if parts.is_empty() {
        return if level.tailored.is_some() {
            "no fixed count: the dose is tailored to each site".to_owned()
        } else {
            "no contacts".to_owned()
        };
    }
    let mut out = words::join(&parts, "and");
    if let Some(m) = minutes.filter(|m| *m > 0) {
        let _ = write!(out, "; up to {} contact hours a year", Dose::hours(m));
        // Where contacts are joint, the coaches' time beside the sites' contact time.
        if joint && let Some(c) = coach_minutes {
            let _ = write!(out, " (up to {} coach-hours)", Dose::hours(c));
        }
    }
    out
}

/// The citations of a level and of each of its prescriptions.
pub(crate) fn level_citations(level: &IntensityLevel) -> Vec<Citation> {
    level
        .citations
        .iter()
        .chain(level.prescriptions.iter().flat_map(|p| &p.citations))
        .cloned()
        .collect()
}

/// Who takes part in an activity, in words.
pub(crate) fn attendees(manual: &Manual, activity: &Activity) -> String {
    let who: Vec<String> = activity
        .attendees
        .iter()
        .map(|a| words::attendee(manual, a))
        .collect();
    words::join(&who, "and")
}

/// An activity in words: "Pre-visit huddle (huddle): the site's coaches, before each in-person
/// visit made jointly, up to half an hour".
pub(crate) fn activity(manual: &Manual, activity: &Activity) -> String {
    // The kind in brackets, unless the name says it already.
    let kind = words::term(manual, Vocabulary::ActivityKinds, &activity.kind);
    let mut out = if kind.eq_ignore_ascii_case(&activity.name) {
        activity.name.clone()
    } else {
        format!("{} ({kind})", activity.name)
    };
    let _ = write!(
        out,
        ": {}, {}",
        attendees(manual, activity),
        words::cadence(manual, &activity.cadence)
    );
    let span = words::span(activity.min_minutes, activity.max_minutes);
    if !span.is_empty() {
        let _ = write!(out, ", {span}");
    }
    out
}

/// Says in `entry`'s words what it rests on where its evidence is only a participant's report,
/// or only cited or derived evidence. The sources a manual draws on, the response time (whose
/// words already say it) and the program's record are left as they are.
pub(crate) fn say_evidence(entry: &mut Entry) {
    if entry.source.document == Document::Program
        || entry.source.pointer.starts_with("/sources")
        || entry.source.pointer == "/response_time"
    {
        return;
    }
    entry
        .text
        .push_str(&words::rests_only_on_kinds(&entry.evidence));
}

/// A citation in words for a justification: its kind, its source and locator, its rationale; a
/// design choice says that it is one.
pub(crate) fn citation(manual: &Sourced<'_>, c: &Citation) -> String {
    let source = c
        .source
        .as_ref()
        .map(|key| {
            manual
                .source(key)
                .map_or_else(|| key.to_string(), |s| authors(&s.citation))
        })
        .unwrap_or_default();
    let mut out = match c.evidence {
        Evidence::Design => "A design choice of the manual's authors, not evidence".to_owned(),
        Evidence::Reported => format!("Reported by {source}"),
        Evidence::ParticipantReport => format!("A participant's report in {source}"),
        Evidence::Cited => format!("Cited in {source}"),
        Evidence::Derived => format!("Derived from {source}"),
    };
    if let Some(locator) = &c.locator {
        let _ = write!(out, " ({locator})");
    }
    if let Some(rationale) = &c.rationale {
        let _ = write!(out, ": {rationale}");
    }
    out
}

/// The first sentence of a citation, its authors: `Henwood BF, Siantz E, ... Gilmer TP`.
fn authors(citation: &str) -> String {
    citation
        .split_once(". ")
        .map_or(citation, |(first, _)| first)
        .to_owned()
}
