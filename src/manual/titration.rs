//! Titration: how the dose changes over time, by ordered rules above a floor.
//!
//! The semantics are design choices of this crate, not findings of the source study: the first
//! rule whose trigger matches applies; stepping past either end of the level list holds; a
//! change waits `min_weeks_between_changes` unless its rule overrides the interval.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Channel, Citation, IntensityLevel, Period};
use crate::{ContactCount, Key, Weeks};

/// How the dose is titrated over time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Titration {
    /// The least any level may prescribe, per channel, where the manual has a floor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub floor: Option<Floor>,
    /// The shortest time between two dose changes, where the manual sets one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_weeks_between_changes: Option<ChangeInterval>,
    /// Ordered rules; the first whose trigger matches applies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<TitrationRule>,
}

/// The least contact any level may prescribe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Floor {
    /// Per-channel minimums; a channel not listed has no floor.
    pub contacts: Vec<FloorContact>,
    /// Where the floor comes from.
    pub citations: Vec<Citation>,
}

/// A minimum number of contacts on one channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FloorContact {
    /// The channel.
    pub channel: Channel,
    /// The least number of contacts per period.
    pub min_contacts: ContactCount,
    /// The period.
    pub per: Period,
}

impl FloorContact {
    /// The floor's minimum contacts per year.
    #[must_use]
    pub fn per_year(&self) -> u64 {
        u64::from(self.min_contacts.get()) * self.per.per_year()
    }

    /// Whether `level` prescribes at least this many contacts a year on this channel; `None`
    /// where the level counts this channel over a phase or relationship, not per period.
    #[must_use]
    pub fn is_met_by(&self, level: &IntensityLevel) -> Option<bool> {
        level
            .annual(self.channel)
            .map(|dose| dose.min_contacts >= self.per_year())
    }
}

/// The shortest time between two dose changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeInterval {
    /// Weeks.
    pub weeks: Weeks,
    /// Where the figure comes from.
    pub citations: Vec<Citation>,
}

/// When a trigger fires, adjust the dose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TitrationRule {
    /// The rule's key.
    pub key: Key,
    /// What makes the rule apply.
    pub trigger: Trigger,
    /// What it does to the dose.
    pub adjustment: Adjustment,
    /// Whether a decision under this rule must record a reason.
    pub reason_required: bool,
    /// Whether the change may come sooner than `min_weeks_between_changes`.
    pub overrides_interval: bool,
    /// Where the rule comes from.
    pub citations: Vec<Citation>,
}

/// Which way a participant or coach wants the dose to go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// More coaching.
    More,
    /// Less coaching.
    Less,
}

/// What makes a titration rule apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Trigger {
    /// The site has been in `phase` for `weeks`.
    WeeksInPhase {
        /// The phase (by key).
        phase: Key,
        /// Weeks since entering it.
        weeks: Weeks,
    },
    /// An exit criterion of `phase` was met before the phase's `min_weeks`.
    ExitCriterionMetEarly {
        /// The phase (by key).
        phase: Key,
        /// One of its exit criteria (by key).
        criterion: Key,
    },
    /// The site asks for more or less coaching.
    ParticipantPreference {
        /// Which way.
        direction: Direction,
    },
    /// The coach judges the team ready for more or less (what the team is ready to take on).
    CoachJudgment {
        /// Which way.
        direction: Direction,
    },
    /// The site had a disruption: ownership change, EHR change, clinician loss.
    Disruption,
    /// Delivered contacts stayed below the prescribed minimum for `weeks`.
    DeliveredBelowMinimum {
        /// How long.
        weeks: Weeks,
    },
    /// A measure crossed the target of an exit criterion (better or worse than it, by the
    /// measure's direction).
    MeasureCrossedTarget {
        /// The phase (by key).
        phase: Key,
        /// The exit criterion (by key) whose measure and target are read.
        criterion: Key,
        /// Whether the measure reached the target (`more`) or fell back below it (`less`).
        direction: Direction,
    },
}

/// What a titration rule does to the dose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Adjustment {
    /// One level more intensive (holds at the most intensive).
    StepUp,
    /// One level less intensive (holds at the least intensive).
    StepDown,
    /// Go to a named level.
    SetLevel {
        /// The level (by key).
        level: Key,
    },
    /// Keep the current level.
    Hold,
    /// No dose change; the case goes to review (a supervisor, the coaches' meeting).
    Review,
    /// Move on to the next phase, at its starting level.
    AdvancePhase,
}

impl Trigger {
    /// The phase (by key) the trigger belongs to: the phase whose weeks it counts or whose exit
    /// criterion it reads; `None` for a trigger of any phase.
    #[must_use]
    pub fn phase(&self) -> Option<&Key> {
        match self {
            Self::WeeksInPhase { phase, .. }
            | Self::ExitCriterionMetEarly { phase, .. }
            | Self::MeasureCrossedTarget { phase, .. } => Some(phase),
            Self::ParticipantPreference { .. }
            | Self::CoachJudgment { .. }
            | Self::Disruption
            | Self::DeliveredBelowMinimum { .. } => None,
        }
    }

    /// Whether a rule with this trigger fires for `event`, which describes what happened in the
    /// same terms: the same variant and values, except that weeks (in a phase, or below the
    /// minimum) fire once this trigger's weeks are reached.
    #[must_use]
    pub fn fires_for(&self, event: &Trigger) -> bool {
        match (self, event) {
            (Self::WeeksInPhase { phase: p, weeks: w }, Self::WeeksInPhase { phase, weeks }) => {
                phase == p && weeks >= w
            }
            (Self::DeliveredBelowMinimum { weeks: w }, Self::DeliveredBelowMinimum { weeks }) => {
                weeks >= w
            }
            _ => self == event,
        }
    }
}

impl Direction {
    /// `more` or `less`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::More => "more",
            Self::Less => "less",
        }
    }
}

impl fmt::Display for Trigger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::WeeksInPhase { phase, weeks } => write!(f, "{weeks} weeks in phase `{phase}`"),
            Self::ExitCriterionMetEarly { phase, criterion } => {
                write!(
                    f,
                    "exit criterion `{criterion}` of `{phase}` met before the phase's minimum"
                )
            }
            Self::ParticipantPreference { direction } => {
                write!(f, "the site asks for {} coaching", direction.as_str())
            }
            Self::CoachJudgment { direction } => {
                write!(
                    f,
                    "the coach judges the team ready for {}",
                    direction.as_str()
                )
            }
            Self::Disruption => f.write_str("a disruption at the site"),
            Self::DeliveredBelowMinimum { weeks } => {
                write!(f, "delivered contacts below the minimum for {weeks} weeks")
            }
            Self::MeasureCrossedTarget {
                phase,
                criterion,
                direction,
            } => match direction {
                Direction::More => {
                    write!(
                        f,
                        "the measure of `{criterion}` of `{phase}` reached its target"
                    )
                }
                Direction::Less => write!(
                    f,
                    "the measure of `{criterion}` of `{phase}` fell back from its target"
                ),
            },
        }
    }
}

impl fmt::Display for Adjustment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::StepUp => f.write_str("step up one level"),
            Self::StepDown => f.write_str("step down one level"),
            Self::SetLevel { level } => write!(f, "set level `{level}`"),
            Self::Hold => f.write_str("hold the level"),
            Self::Review => f.write_str("review (no dose change)"),
            Self::AdvancePhase => f.write_str("advance to the next phase"),
        }
    }
}
