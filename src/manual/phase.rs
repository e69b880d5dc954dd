//! Phases of the coaching relationship and their entry and exit criteria.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Citation;
use crate::{Key, Length};

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
    /// How long the phase is planned to last.
    pub length: PhaseLength,
    /// The intensity level (by key) coaching takes on entering the phase.
    pub starting_level: Key,
    /// What should hold before the phase starts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entry_criteria: Vec<Criterion>,
    /// What should hold before the phase ends.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exit_criteria: Vec<Criterion>,
    /// Skills (by key) the phase leans on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<Key>,
    /// Where the phase and its numbers come from.
    pub citations: Vec<Citation>,
}

/// The planned length of a phase: at least `min`, at most `max` (open-ended without one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PhaseLength {
    /// The shortest planned stay.
    pub min: Length,
    /// The longest planned stay; open-ended when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Length>,
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

impl Phase {
    /// A phase lasting at least `min`, open-ended, starting at `starting_level`, with no
    /// criteria or skills yet.
    ///
    /// # Errors
    /// When `key` or `starting_level` is not a valid [`Key`].
    pub fn new(
        key: &str,
        name: &str,
        purpose: &str,
        min: Length,
        starting_level: &str,
        citations: Vec<Citation>,
    ) -> Result<Self, crate::ScalarError> {
        Ok(Self {
            key: Key::new(key)?,
            name: name.to_owned(),
            purpose: purpose.to_owned(),
            length: PhaseLength { min, max: None },
            starting_level: Key::new(starting_level)?,
            entry_criteria: Vec::new(),
            exit_criteria: Vec::new(),
            skills: Vec::new(),
            citations,
        })
    }

    /// The exit criterion with `key`.
    #[must_use]
    pub fn exit_criterion(&self, key: &Key) -> Option<&Criterion> {
        self.exit_criteria.iter().find(|c| &c.key == key)
    }
}
