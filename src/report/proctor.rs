//! Implementation strategies specified by Proctor, Powell and McMillen's seven dimensions
//! (Implement Sci 2013;8:139): each activity and each intensity level of a manual is a strategy.

use std::fmt::Write as _;

use serde::Serialize;

use super::facts;
use super::item::{Entry, Item, Pointer};
use super::{ManualRef, Specification};
use crate::manual::{
    Activity, Adjustment, Attendee, Cadence, Citation, Dose, IntensityLevel, MeasureScope, Scope,
    Vocabulary,
};
use crate::render::sourced::Sourced;
use crate::render::words;
use crate::{Key, Manual};

/// What a strategy is in the manual.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StrategyKind {
    /// An activity besides contacts: a huddle, a meeting, a record.
    Activity,
    /// An intensity level: coaching contacts at a dose.
    Level,
}

impl StrategyKind {
    /// `activity` or `level`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Activity => "activity",
            Self::Level => "level",
        }
    }
}

/// One implementation strategy with its seven dimensions, each filled from the manual or
/// marked missing with what would fill it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Strategy {
    /// An activity or a level.
    pub kind: StrategyKind,
    /// The activity's or level's key.
    pub key: Key,
    /// Its name.
    pub name: String,
    /// Where it is in the manual.
    pub source: Pointer,
    /// Actor, action, action target, temporality, dose, implementation outcome addressed and
    /// justification, numbered 1 to 7.
    pub dimensions: Vec<Item>,
}

impl Strategy {
    /// Whether every dimension is filled.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.dimensions.iter().all(Item::is_complete)
    }
}

/// The names of the seven dimensions, in Proctor et al.'s order.
pub const DIMENSIONS: [&str; 7] = [
    "Actor",
    "Action",
    "Action target",
    "Temporality",
    "Dose",
    "Implementation outcome addressed",
    "Justification",
];

/// Each intensity level and each activity of `manual` specified as an implementation strategy.
#[must_use]
pub fn proctor(manual: &Manual) -> Specification {
    let manual = &Sourced::new(manual);
    let mut strategies: Vec<Strategy> = manual
        .intensity_levels
        .iter()
        .enumerate()
        .map(|(i, level)| level_strategy(manual, i, level))
        .collect();
    strategies.extend(
        manual
            .activities
            .iter()
            .enumerate()
            .map(|(i, activity)| activity_strategy(manual, i, activity)),
    );
    Specification {
        manual: ManualRef::of(manual),
        strategies,
    }
}

/// The seven dimensions from their entries, each with what would fill it when empty.
/// The justification (7) quotes each citation with its kind; the other dimensions say in
/// their words what they rest on where it is only a participant's report or cited or derived
/// evidence.
fn dimensions(filled: [(Vec<Entry>, &str); 7]) -> Vec<Item> {
    filled
        .into_iter()
        .zip(DIMENSIONS)
        .zip(1_u8..)
        .map(|(((mut entries, would_fill), name), number)| {
            if number != 7 {
                entries.iter_mut().for_each(facts::say_evidence);
            }
            Item::new(number, name, entries, would_fill)
        })
        .collect()
}

/// One entry per citation at `at`, each saying what kind of evidence it is.
fn justification(manual: &Sourced<'_>, at: &str, citations: &[Citation]) -> Vec<Entry> {
    citations
        .iter()
        .enumerate()
        .map(|(k, c)| {
            Entry::cited(
                facts::citation(manual, c),
                Pointer::manual(format!("{at}/citations/{k}")),
                std::slice::from_ref(c),
            )
        })
        .collect()
}

fn site_kinds(manual: &Manual) -> Option<String> {
    let kinds: Vec<String> = manual
        .vocabularies
        .site_kinds
        .iter()
        .map(|t| t.name.clone())
        .collect();
    (!kinds.is_empty()).then(|| words::join(&kinds, "and"))
}

fn level_strategy(manual: &Sourced<'_>, i: usize, level: &IntensityLevel) -> Strategy {
    let at = format!("/intensity_levels/{i}");
    let actor = match &manual.team {
        Some(rule) => vec![Entry::cited(
            format!("A team at {}", words::team_rule(manual, rule)),
            Pointer::manual("/team"),
            &rule.citations,
        )],
        None => manual
            .vocabularies
            .roles
            .iter()
            .enumerate()
            .map(|(r, term)| {
                Entry::cited(
                    format!("A coach in the role: {}", term.name),
                    Pointer::manual(format!("/vocabularies/roles/{r}")),
                    &term.citations,
                )
            })
            .collect(),
    };
    let mut action = format!("Coaching contacts at the level “{}”", level.name);
    if !level.description.trim().is_empty() {
        let _ = write!(action, ": {}", level.description);
    }
    let target = site_kinds(manual).map_or_else(Vec::new, |kinds| {
        vec![Entry::plain(
            format!("The care teams of the sites coached ({kinds})"),
            Pointer::manual("/vocabularies/site_kinds"),
        )]
    });
    let citations = facts::level_citations(level);
    Strategy {
        kind: StrategyKind::Level,
        key: level.key.clone(),
        name: level.name.clone(),
        source: Pointer::manual(at.clone()),
        dimensions: dimensions([
            (actor, "a team rule or coach roles in vocabularies.roles"),
            (
                vec![Entry::cited(
                    action,
                    Pointer::manual(at.clone()),
                    &level.citations,
                )],
                "the level's name and description",
            ),
            (
                target,
                "the kinds of site coached, in vocabularies.site_kinds",
            ),
            (
                level_temporality(manual, i, level),
                "a phase that starts at this level, a titration rule that leads to it, or prescriptions per period",
            ),
            (
                vec![Entry::cited(
                    facts::level_dose(level),
                    Pointer::manual(format!("{at}/prescriptions")),
                    &citations,
                )],
                "prescriptions of the level",
            ),
            (
                level_outcomes(manual, level),
                "no measure of coaching and no activity around the level's contacts names the implementation outcome (Proctor et al. 2011) it informs; their `implementation_outcome` would fill it",
            ),
            (
                level_justification(manual, &at, level),
                "citations of the level or its prescriptions",
            ),
        ]),
    }
}

fn level_justification(manual: &Sourced<'_>, at: &str, level: &IntensityLevel) -> Vec<Entry> {
    let mut out = justification(manual, at, &level.citations);
    for (j, p) in level.prescriptions.iter().enumerate() {
        out.extend(justification(
            manual,
            &format!("{at}/prescriptions/{j}"),
            &p.citations,
        ));
    }
    out
}

fn level_temporality(manual: &Manual, i: usize, level: &IntensityLevel) -> Vec<Entry> {
    let mut out = Vec::new();
    let count = manual.phases.len();
    for (j, phase) in manual.phases.iter().enumerate() {
        if phase.starting_level == level.key {
            out.push(Entry::cited(
                format!(
                    "Starts the phase “{}” (phase {} of {count})",
                    phase.name,
                    j + 1
                ),
                Pointer::manual(format!("/phases/{j}/starting_level")),
                &phase.citations,
            ));
        }
    }
    let last = manual.intensity_levels.len().saturating_sub(1);
    for (k, rule) in manual.titration_rules().iter().enumerate() {
        let how = match &rule.adjustment {
            Adjustment::SetLevel { level: to } if to == &level.key => "Set",
            Adjustment::StepDown if i > 0 => "Reached by stepping down",
            Adjustment::StepUp if i < last => "Reached by stepping up",
            _ => continue,
        };
        out.push(Entry::cited(
            format!("{how} {}", words::trigger(manual, &rule.trigger)),
            Pointer::manual(format!("/titration/rules/{k}")),
            &rule.citations,
        ));
    }
    for (j, p) in level.prescriptions.iter().enumerate() {
        out.push(Entry::cited(
            format!(
                "{}s counted {}",
                words::capital(words::contact(p.channel)),
                words::per(p.per)
            ),
            Pointer::manual(format!("/intensity_levels/{i}/prescriptions/{j}/per")),
            &p.citations,
        ));
    }
    out
}

/// The implementation outcomes a level's contacts inform: measures of coaching that name one,
/// and activities around the level's contacts that name one.
fn level_outcomes(manual: &Manual, level: &IntensityLevel) -> Vec<Entry> {
    let mut out = Vec::new();
    for (j, m) in manual.measures.iter().enumerate() {
        if m.scope != MeasureScope::Coaching {
            continue;
        }
        if let Some(outcome) = m.implementation_outcome {
            out.push(Entry::cited(
                format!(
                    "{}, informed by the measure {} ({})",
                    words::capital(outcome.name()),
                    m.name,
                    m.unit
                ),
                Pointer::manual(format!("/measures/{j}/implementation_outcome")),
                &m.citations,
            ));
        }
    }
    for (j, a) in manual.activities.iter().enumerate() {
        let (
            Some(outcome),
            Cadence::AroundContact {
                channel,
                joint_only,
                ..
            },
        ) = (a.implementation_outcome, &a.cadence)
        else {
            continue;
        };
        let with_level = match channel {
            Some(c) => level.prescription(*c).is_some(),
            None => !level.prescriptions.is_empty(),
        };
        if with_level {
            out.push(Entry::cited(
                format!(
                    "{}, served by the activity {} around its {}{}s",
                    words::capital(outcome.name()),
                    a.name,
                    if *joint_only { "joint " } else { "" },
                    channel.map_or("contact", words::contact)
                ),
                Pointer::manual(format!("/activities/{j}/implementation_outcome")),
                &a.citations,
            ));
        }
    }
    out
}

fn activity_strategy(manual: &Sourced<'_>, i: usize, activity: &Activity) -> Strategy {
    let at = format!("/activities/{i}");
    let mut actor = Vec::new();
    let mut target = Vec::new();
    for (j, a) in activity.attendees.iter().enumerate() {
        let pointer = Pointer::manual(format!("{at}/attendees/{j}"));
        // The care team is what coaching acts on; everyone else listed carries the activity out.
        if *a == Attendee::CareTeam {
            let kinds = site_kinds(manual).map_or_else(String::new, |k| format!(" ({k})"));
            target.push(Entry::cited(
                format!("The site's care team{kinds}"),
                pointer,
                &activity.citations,
            ));
        } else {
            actor.push(Entry::cited(
                words::capital(&words::attendee(manual, a)),
                pointer,
                &activity.citations,
            ));
        }
    }
    if target.is_empty() {
        let aim = match &activity.cadence {
            Cadence::Every {
                scope: Scope::Program,
                ..
            } => "The coaches' work across the program".to_owned(),
            Cadence::Every {
                scope: Scope::Site, ..
            }
            | Cadence::AtMilestone(_) => "The coaching of each site".to_owned(),
            Cadence::AroundContact { channel, .. } => format!(
                "The coaching of each site, around its {}s",
                channel.map_or("contact", words::contact)
            ),
        };
        target.push(Entry::cited(
            aim,
            Pointer::manual(format!("{at}/cadence")),
            &activity.citations,
        ));
    }
    Strategy {
        kind: StrategyKind::Activity,
        key: activity.key.clone(),
        name: activity.name.clone(),
        source: Pointer::manual(at.clone()),
        dimensions: dimensions([
            (actor, "attendees who carry the activity out"),
            (
                vec![Entry::cited(
                    format!(
                        "{} ({})",
                        activity.name,
                        words::term(manual, Vocabulary::ActivityKinds, &activity.kind)
                    ),
                    Pointer::manual(at.clone()),
                    &activity.citations,
                )],
                "the activity's name and kind",
            ),
            (target, "the care team among its attendees, or its cadence"),
            (
                vec![Entry::cited(
                    words::capital(&words::cadence(manual, &activity.cadence)),
                    Pointer::manual(format!("{at}/cadence")),
                    &activity.citations,
                )],
                "the activity's cadence",
            ),
            (
                vec![Entry::cited(
                    activity_dose(activity),
                    Pointer::manual(at.clone()),
                    &activity.citations,
                )],
                "the activity's cadence and length",
            ),
            (
                activity
                    .implementation_outcome
                    .map_or_else(Vec::new, |outcome| {
                        vec![Entry::cited(
                            words::capital(outcome.name()),
                            Pointer::manual(format!("{at}/implementation_outcome")),
                            &activity.citations,
                        )]
                    }),
                "the activity names no implementation outcome (Proctor et al. 2011) it serves or informs; its `implementation_outcome` would fill it",
            ),
            (
                justification(manual, &at, &activity.citations),
                "citations of the activity",
            ),
        ]),
    }
}

fn activity_dose(activity: &Activity) -> String {
    let mut out = match &activity.cadence {
        Cadence::Every {
            frequency, scope, ..
        } => {
            let per = match scope {
                Scope::Program => "for the program",
                Scope::Site => "at each site",
            };
            format!(
                "{}, {} a year {per}",
                words::capital(&words::frequency(*frequency)),
                frequency.per_year()
            )
        }
        Cadence::AroundContact { channel, .. } => {
            format!("Once per {}", channel.map_or("contact", words::contact))
        }
        Cadence::AtMilestone(_) => "Once at each occurrence of its milestone".to_owned(),
    };
    let span = words::span(activity.min_minutes, activity.max_minutes);
    if span.is_empty() {
        out.push_str("; its length is not set");
    } else {
        let _ = write!(out, ", {span} each time");
    }
    if let (Cadence::Every { frequency, .. }, Some(most)) =
        (&activity.cadence, activity.max_minutes)
    {
        let minutes = frequency.per_year().saturating_mul(u64::from(most.get()));
        let _ = write!(out, "; up to {} hours a year", Dose::hours(minutes));
    }
    out
}
