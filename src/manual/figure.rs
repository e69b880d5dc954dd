//! Published figures a manual cites for comparison, such as medians from reviews.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Citation;
use crate::{Decimal, Key};

/// A published figure with its range, e.g. the median facilitation length across studies.
///
/// A figure informs; linked to the value it describes, it raises a warning when the manual's
/// value falls outside its published range, and never more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// The figure's key.
    pub key: Key,
    /// What the figure is, e.g. `median practices per facilitator`.
    pub name: String,
    /// The value, with up to four decimals (e.g. `31.6`); absent where the source gives only a
    /// range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Decimal>,
    /// The lowest value reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<Decimal>,
    /// The highest value reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<Decimal>,
    /// The unit, e.g. `months`.
    pub unit: String,
    /// The manual's value this figure describes, for a comparison.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub describes: Option<Described>,
    /// Where the figure comes from.
    pub citations: Vec<Citation>,
}

/// A value the manual plans that a published figure can be compared with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Described {
    /// The planned length of a whole relationship in months (every phase at its planned
    /// lengths; open-ended phases at their minimum).
    RelationshipMonths,
    /// Planned contacts over a whole relationship on every channel, at the phases' starting
    /// levels.
    RelationshipContacts,
    /// Planned contact hours over a whole relationship (typical minutes, or the cap), at the
    /// phases' starting levels.
    RelationshipContactHours,
    /// The typical minutes of one contact on a channel at every level.
    ContactMinutes(super::Channel),
    /// The caseload threshold: sites per coach.
    SitesPerCoach,
}
