//! Materials coaching uses or hands out: forms, toolkits, registries, guides.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Citation;
use crate::Key;

/// A material coaching uses or hands out, and where to find it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Material {
    /// The material's key.
    pub key: Key,
    /// A readable name.
    pub name: String,
    /// What it is and what coaching does with it.
    pub description: String,
    /// Where to find it: a URL, or a place in a cited source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Where it comes from.
    pub citations: Vec<Citation>,
}
