//! Milestones: unique keys, known anchors, repeats, and whether the planned phases reach them.

use super::check_unique_keys;
use crate::manual::{Anchor, Milestone};
use crate::validate::report::Findings;
use crate::{Length, Manual, Rule};

pub(super) fn check(manual: &Manual, findings: &mut Findings) {
    check_unique_keys(
        manual.milestones.iter().map(|m| &m.key),
        "/milestones",
        Rule::MilestoneKeyDuplicate,
        findings,
    );
    for (i, milestone) in manual.milestones.iter().enumerate() {
        if let Anchor::PhaseEntry(phase) = &milestone.anchor
            && manual.phase(phase).is_none()
        {
            findings.push(
                Rule::MilestonePhaseUnknown,
                format!("/milestones/{i}/anchor/phase_entry"),
                format!("phase `{phase}` is not a phase of the manual"),
            );
        }
        if milestone.every.is_some_and(Length::is_zero) {
            findings.push(
                Rule::MilestoneRepeatZero,
                format!("/milestones/{i}/every"),
                format!(
                    "milestone `{}` repeats every 0; expected a length above zero, or no `every`",
                    milestone.key
                ),
            );
        }
        check_milestone_reached(manual, i, milestone, findings);
    }
}

/// A span of calendar months and weeks, kept apart: 12 months is not 52 weeks.
#[derive(Clone, Copy, Default)]
struct Span {
    months: i64,
    weeks: i64,
}

impl Span {
    fn plus(self, length: Length, times: i64) -> Self {
        match length {
            Length::Months(m) => Self {
                months: self.months + i64::from(m.get()) * times,
                ..self
            },
            Length::Weeks(w) => Self {
                weeks: self.weeks + i64::from(w.get()) * times,
                ..self
            },
        }
    }

    /// Whether this span is longer than `other` however long its months are (28 to 31 days).
    fn longer_than(self, other: Self) -> bool {
        let months = self.months - other.months;
        let days = 7 * (self.weeks - other.weeks);
        let month = if months >= 0 { 28 } else { 31 };
        months * month + days > 0
    }
}

/// Warns where a milestone (its first time, or its last repeat) falls after the longest
/// relationship the manual plans, counted from its anchor; silent where a phase is
/// open-ended, without phases, or where its phase is unknown (`milestone-phase-unknown` says
/// so).
fn check_milestone_reached(
    manual: &Manual,
    i: usize,
    milestone: &Milestone,
    findings: &mut Findings,
) {
    // Without phases the manual plans no relationship (`phase-none` says so).
    if manual.phases.is_empty() || manual.phases.iter().any(|p| p.length.max.is_none()) {
        return;
    }
    let from = match &milestone.anchor {
        Anchor::RelationshipStart => 0,
        Anchor::PhaseEntry(key) => match manual.phases.iter().position(|p| &p.key == key) {
            Some(k) => k,
            None => return,
        },
    };
    let rest = manual
        .phases
        .iter()
        .skip(from)
        .filter_map(|p| p.length.max)
        .fold(Span::default(), |span, max| span.plus(max, 1));
    let first = Span::default().plus(milestone.offset, 1);
    let last = match (milestone.every, milestone.times) {
        (Some(every), Some(times)) => first.plus(every, i64::from(times.get()) - 1),
        _ => first,
    };
    let (member, when, at) = if first.longer_than(rest) {
        ("offset", "falls", first)
    } else if last.longer_than(rest) {
        ("times", "falls for the last time", last)
    } else {
        return;
    };
    let counted = match &milestone.anchor {
        Anchor::RelationshipStart => "the relationship's start".to_owned(),
        Anchor::PhaseEntry(key) => format!("entering phase `{key}`"),
    };
    findings.push(
        Rule::MilestoneAfterRelationship,
        format!("/milestones/{i}/{member}"),
        format!(
            "milestone `{}` {when} {} after {counted}, after the longest relationship the manual plans ({} from there, every phase at its maximum); expected a milestone within the planned phases",
            milestone.key,
            words(at),
            words(rest)
        ),
    );
}

/// `18 months`, `12 months and 4 weeks`.
fn words(span: Span) -> String {
    let part = |n: i64, unit: &str| match n {
        0 => None,
        1 => Some(format!("1 {unit}")),
        n => Some(format!("{n} {unit}s")),
    };
    let parts: Vec<String> = [part(span.months, "month"), part(span.weeks, "week")]
        .into_iter()
        .flatten()
        .collect();
    if parts.is_empty() {
        "0 weeks".to_owned()
    } else {
        parts.join(" and ")
    }
}
