//! Coaching skills: core skills every coach needs, specialty skills some coaches bring.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Citation;
use crate::Key;

/// A coaching skill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Skill {
    /// The skill's key.
    pub key: Key,
    /// A readable name.
    pub name: String,
    /// Core (expected of every coach) or specialty.
    pub tier: SkillTier,
    /// What the skill is.
    pub description: String,
    /// Specialty only: the disciplines (by key) whose coaches hold it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disciplines: Vec<Key>,
    /// Specialty only: the roles (by key) whose coaches hold it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Key>,
    /// True where sites asked for this help and coaching did not provide it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub gap: bool,
    /// Where the skill comes from.
    pub citations: Vec<Citation>,
}

/// Whether a skill is expected of every coach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SkillTier {
    /// Expected of every coach.
    Core,
    /// Held by coaches of some disciplines or roles.
    Specialty,
}

impl Skill {
    /// A core skill, expected of every coach.
    ///
    /// # Errors
    /// When `key` is not a valid [`Key`].
    pub fn core(
        key: &str,
        name: &str,
        description: &str,
        citations: Vec<Citation>,
    ) -> Result<Self, crate::ScalarError> {
        Ok(Self {
            key: Key::new(key)?,
            name: name.to_owned(),
            tier: SkillTier::Core,
            description: description.to_owned(),
            disciplines: Vec::new(),
            roles: Vec::new(),
            gap: false,
            citations,
        })
    }
}
