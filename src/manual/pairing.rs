//! The dyad rule: which sites are coached by a pair of coaches of two disciplines.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Citation;
use crate::{Discipline, SiteCount, SiteKind};

/// How coaches are paired into dyads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pairing {
    /// The two distinct disciplines a dyad covers, e.g. behavioral health and medical.
    pub disciplines: Vec<Discipline>,
    /// Which sites must be coached by a dyad.
    pub required_for: DyadRequirement,
    /// Whether dyad coaches visit together.
    pub joint_visits: bool,
    /// Warn when a coach's current sites exceed this; unset means no threshold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caseload_warning_above: Option<CaseloadThreshold>,
    /// Where the rule comes from.
    pub citations: Vec<Citation>,
}

/// Which sites need a dyad.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum DyadRequirement {
    /// Every site.
    AllSites,
    /// Sites of organizations whose `requires_dyad` flag is set.
    SelectedOrganizations,
    /// Sites of these kinds.
    SiteKinds(Vec<SiteKind>),
}

impl DyadRequirement {
    /// Whether a site of `kind`, in an organization whose `requires_dyad` flag is
    /// `organization_requires_dyad`, must be coached by a dyad.
    #[must_use]
    pub fn applies_to(&self, kind: SiteKind, organization_requires_dyad: bool) -> bool {
        match self {
            Self::AllSites => true,
            Self::SelectedOrganizations => organization_requires_dyad,
            Self::SiteKinds(kinds) => kinds.contains(&kind),
        }
    }

    /// Whether this rule can require a dyad anywhere.
    #[must_use]
    pub fn uses_dyads(&self) -> bool {
        match self {
            Self::AllSites | Self::SelectedOrganizations => true,
            Self::SiteKinds(kinds) => !kinds.is_empty(),
        }
    }
}

/// A caseload above which a warning is raised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseloadThreshold {
    /// Current sites per coach.
    pub sites: SiteCount,
    /// Where the figure comes from.
    pub citations: Vec<Citation>,
}
