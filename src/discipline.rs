//! Professional disciplines of coaches and of specialty skills.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A professional discipline a coach brings.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Discipline {
    /// Behavioral health: psychologists, licensed clinical social workers, counsellors.
    BehavioralHealth,
    /// Medicine: physicians (MD, DO).
    Medical,
    /// Nursing.
    Nursing,
    /// Public health.
    PublicHealth,
    /// Practice operations: workflow, administration, information systems.
    PracticeOperations,
}

impl Discipline {
    /// The snake_case name used in documents.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::BehavioralHealth => "behavioral_health",
            Self::Medical => "medical",
            Self::Nursing => "nursing",
            Self::PublicHealth => "public_health",
            Self::PracticeOperations => "practice_operations",
        }
    }
}
