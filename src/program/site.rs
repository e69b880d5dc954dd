use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{EntityId, Key, Location, SiteCount};

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
    /// What kind of site it is (by key, from the manual's `site_kinds`).
    pub kind: Key,
    /// How many clinics it stands for, where it stands for more than one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clinic_count: Option<SiteCount>,
    /// Where it is (WGS84), for proposing the nearest coaches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// The manual's stratum (by key) the site belongs to, which sets the month it enters a
    /// phase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stratum: Option<Key>,
}
