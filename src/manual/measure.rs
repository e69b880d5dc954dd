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
    /// What sort of measure.
    pub kind: MeasureKind,
    /// Whether it speaks of the whole initiative or of coaching itself.
    pub scope: MeasureScope,
    /// The unit, e.g. `percent of patients` or `mmHg`.
    pub unit: String,
    /// Which direction is better.
    pub better: Better,
    /// Where the measure comes from.
    pub citations: Vec<Citation>,
}

/// Sorts of measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum MeasureKind {
    /// A clinical outcome (blood pressure, HbA1c).
    Clinical,
    /// A care process (screening rates).
    Process,
    /// How integrated the site's care is.
    Integration,
    /// Patient or team experience.
    Experience,
    /// Costs.
    Cost,
    /// Coaching delivered.
    Dose,
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
