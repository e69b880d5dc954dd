//! Measures: what criteria and evaluations are judged on.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Citation;
use crate::Key;

/// Something measured at a site or across an initiative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// The measure's key.
    pub key: Key,
    /// A readable name.
    pub name: String,
    /// What sort of measure (by key, from `vocabularies.measure_kinds`).
    pub kind: Key,
    /// Whether it speaks of the whole initiative or of coaching itself.
    pub scope: MeasureScope,
    /// The unit, e.g. `percent of patients` or `mmHg`.
    pub unit: String,
    /// Which direction is better, where one is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub better: Option<Better>,
    /// The implementation outcome (Proctor et al. 2011) the measure informs, where it informs
    /// one; the measure's citations cover the reading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub implementation_outcome: Option<ImplementationOutcome>,
    /// Where the measure comes from.
    pub citations: Vec<Citation>,
}

/// An implementation outcome after Proctor et al., Adm Policy Ment Health 2011;38(2):65-76:
/// what a measure or an activity tells about how well an intervention is put in place, apart
/// from its clinical outcomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImplementationOutcome {
    /// Whether those involved find it agreeable or satisfactory.
    Acceptability,
    /// The intention or decision to take it up.
    Adoption,
    /// Its fit or relevance for the setting or problem.
    Appropriateness,
    /// Whether it can be carried out in the setting.
    Feasibility,
    /// Whether it is delivered as prescribed (adherence, dose, quality).
    Fidelity,
    /// What it costs to put in place.
    ImplementationCost,
    /// How far it reaches within the setting.
    Penetration,
    /// Whether it is kept up over time.
    Sustainability,
}

impl ImplementationOutcome {
    /// Every outcome, in Proctor et al.'s order.
    pub const ALL: [Self; 8] = [
        Self::Acceptability,
        Self::Adoption,
        Self::Appropriateness,
        Self::Feasibility,
        Self::Fidelity,
        Self::ImplementationCost,
        Self::Penetration,
        Self::Sustainability,
    ];

    /// The outcome's name in words: `fidelity`, `implementation cost`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Acceptability => "acceptability",
            Self::Adoption => "adoption",
            Self::Appropriateness => "appropriateness",
            Self::Feasibility => "feasibility",
            Self::Fidelity => "fidelity",
            Self::ImplementationCost => "implementation cost",
            Self::Penetration => "penetration",
            Self::Sustainability => "sustainability",
        }
    }
}

/// What a measure's results speak of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeasureScope {
    /// The whole initiative (coaching was one part of it).
    Initiative,
    /// Coaching itself.
    Coaching,
}

/// Which direction of a measure is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    /// Higher is better.
    Higher,
    /// Lower is better.
    Lower,
}
