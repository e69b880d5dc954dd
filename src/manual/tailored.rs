//! A dose set per site: a level that prescribes no fixed count because each site's dose is
//! agreed with it, and logged as delivered (often in hours).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Citation;

/// How a level's dose is tailored to each site, where the manual sets it per site instead of
/// prescribing counts: for example "hours agreed with each practice at its start and logged by
/// the facilitator". Reporting checklists read it as tailoring (TIDieR item 9); fidelity
/// reports what was delivered at such a level, with nothing to score it against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tailored {
    /// How the dose is set and what is logged, in words.
    pub description: String,
    /// Where the tailoring is described.
    pub citations: Vec<Citation>,
}
