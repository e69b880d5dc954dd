use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::EntityId;

/// Two coaches of different disciplines who coach sites together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dyad {
    /// The dyad's id.
    pub id: EntityId,
    /// The two coaches (by id).
    pub coaches: Vec<EntityId>,
}
