use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{EntityId, SiteCount, SiteKind};

/// A clinical site of an organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// The site's id.
    pub id: EntityId,
    /// The organization (by id) the site belongs to.
    pub organization: EntityId,
    /// Its name.
    pub name: String,
    /// What kind of site it is.
    pub kind: SiteKind,
    /// Which care the site is adding.
    pub integration_direction: IntegrationDirection,
    /// How many clinical sites (clinics) it stands for.
    pub clinical_site_count: SiteCount,
}

/// Which care a site is integrating into what it already delivers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IntegrationDirection {
    /// A physical health site adding behavioral health care.
    AddingBehavioralHealth,
    /// A behavioral health site adding primary care.
    AddingPrimaryCare,
    /// Both.
    Both,
}
