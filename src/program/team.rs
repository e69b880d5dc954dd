use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{EntityId, Key};

/// Coaches who coach sites together, each in a role of the manual's team rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Team {
    /// The team's id.
    pub id: EntityId,
    /// A readable name, e.g. `North dyad`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The coaches and their roles.
    pub members: Vec<TeamMember>,
}

/// A coach in a team, in a role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamMember {
    /// The coach (by id).
    pub coach: EntityId,
    /// The role (by key) they fill in this team.
    pub role: Key,
}
