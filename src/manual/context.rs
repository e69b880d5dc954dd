//! What a manual is for, where it applies and which version it replaces: its stated goal, its
//! setting and the earlier version it supersedes, each with its evidence.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Citation;

/// The goal of the coaching or of the initiative it serves, as its source states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// The goal in words, e.g. "improving both physical and behavioral health outcomes for
    /// patients with complex chronic conditions".
    pub text: String,
    /// Where the goal is stated.
    pub citations: Vec<Citation>,
}

/// Where the coaching took place beyond the kinds of site: the region, the population served
/// and who paid, each where the sources say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Setting {
    /// The region or country, e.g. `Southern California, United States`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The patients or practices served, e.g. `Medicaid members with complex chronic
    /// conditions`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population: Option<String>,
    /// Who paid for or sponsored the coaching, e.g. `a Medicaid managed care plan`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payer: Option<String>,
    /// Where the setting is described.
    pub citations: Vec<Citation>,
}

/// The earlier version of the manual this one replaces, and what changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Replaces {
    /// The version replaced.
    #[schemars(schema_with = "super::semver_schema")]
    pub version: semver::Version,
    /// What changed, one sentence a change, in the words `render --diff` gives.
    pub changes: Vec<String>,
    /// Where the change is described and why it was made.
    pub citations: Vec<Citation>,
}
