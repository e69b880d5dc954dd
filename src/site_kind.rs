//! Kinds of clinical sites.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The kind of a clinical site; BHICCI included each of these.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SiteKind {
    /// A federally qualified health center.
    Fqhc,
    /// A specialty behavioral health clinic.
    SpecialtyBehavioralHealth,
    /// A pain management clinic.
    PainManagement,
    /// A residential care facility.
    ResidentialCare,
    /// A primary care practice.
    PrimaryCare,
    /// Any other kind of site.
    Other,
}

impl SiteKind {
    /// Every kind, in document order.
    pub const ALL: [Self; 6] = [
        Self::Fqhc,
        Self::SpecialtyBehavioralHealth,
        Self::PainManagement,
        Self::ResidentialCare,
        Self::PrimaryCare,
        Self::Other,
    ];

    /// The snake_case name used in documents.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Fqhc => "fqhc",
            Self::SpecialtyBehavioralHealth => "specialty_behavioral_health",
            Self::PainManagement => "pain_management",
            Self::ResidentialCare => "residential_care",
            Self::PrimaryCare => "primary_care",
            Self::Other => "other",
        }
    }
}
