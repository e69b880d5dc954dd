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
    /// Whether its sites must be coached by a dyad where the manual's dyad rule is
    /// `selected_organizations`.
    #[serde(default)]
    pub requires_dyad: bool,
}
