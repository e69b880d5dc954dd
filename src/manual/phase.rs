//! Phases of the coaching relationship and their entry and exit criteria.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Citation;
use crate::{Key, Weeks};

/// A phase of the coaching relationship, e.g. engagement or sustainment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    /// The phase's key.
    pub key: Key,
    /// A readable name.
    pub name: String,
    /// What the phase is for.
    pub purpose: String,
    /// The shortest planned time in the phase.
    pub min_weeks: Weeks,
    /// The longest planned time in the phase; open-ended when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_weeks: Option<Weeks>,
    /// The intensity level (by key) coaching takes on entering the phase.
    pub starting_level: Key,
    /// What should hold before the phase starts.
    pub entry_criteria: Vec<Criterion>,
    /// What should hold before the phase ends.
    pub exit_criteria: Vec<Criterion>,
    /// Skills (by key) the phase leans on.
    pub skills: Vec<Key>,
    /// Where the phase and its numbers come from.
    pub citations: Vec<Citation>,
}

/// A condition for entering or leaving a phase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// The criterion's key, unique within its phase.
    pub key: Key,
    /// What must hold, in words.
    pub description: String,
    /// The measure (by key) that tells whether it holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<Key>,
    /// The target on that measure, in words (e.g. `at least 80%`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
}
