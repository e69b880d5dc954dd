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
    /// Where the measure comes from.
    pub citations: Vec<Citation>,
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
