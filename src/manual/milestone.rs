//! Milestones: dated events of a relationship, at an offset from its start or a phase's entry.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Citation;
use crate::{Key, Length, TimesPerPeriod};

/// An event at an offset from the relationship's start or a phase's entry, once or repeating
/// (an interview at month 6, a review every six months).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    /// The milestone's key.
    pub key: Key,
    /// A readable name.
    pub name: String,
    /// What happens, where the name is not enough.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// What the offset is counted from.
    pub anchor: Anchor,
    /// How long after the anchor the (first) milestone falls.
    pub offset: Length,
    /// Repeats this often after the first, where it repeats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every: Option<Length>,
    /// How many times in all, where it repeats; until the relationship (or the phase) ends
    /// when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<TimesPerPeriod>,
    /// Where it comes from.
    pub citations: Vec<Citation>,
}

/// What a milestone's offset is counted from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Anchor {
    /// The relationship's first day.
    RelationshipStart,
    /// Each entry into the phase (by key).
    PhaseEntry(Key),
}
