use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::EntityId;

/// A health care organization taking part in the program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    /// The organization's id.
    pub id: EntityId,
    /// Its name.
    pub name: String,
    /// Whether its sites must be coached by a team where the manual's team rule is
    /// `selected_organizations`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub requires_team: bool,
}
