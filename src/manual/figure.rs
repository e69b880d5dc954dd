//! Published figures a manual cites for comparison, such as medians from reviews.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Citation;
use crate::{Key, Quantity};

/// A published figure with its range, e.g. the median facilitation length across studies.
///
/// Figures inform; no rule treats one as a threshold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// The figure's key.
    pub key: Key,
    /// What the figure is, e.g. `median practices per facilitator`.
    pub name: String,
    /// The value.
    pub value: Quantity,
    /// The lowest value reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<Quantity>,
    /// The highest value reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<Quantity>,
    /// The unit, e.g. `months`.
    pub unit: String,
    /// Where the figure comes from.
    pub citations: Vec<Citation>,
}
