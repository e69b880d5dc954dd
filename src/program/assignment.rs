use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Date, EntityId};

/// A site coached by a coach or a dyad from a date on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// The site (by id).
    pub site: EntityId,
    /// Who coaches it.
    pub assignee: Assignee,
    /// From when.
    pub from: Date,
}

/// A coach or a dyad, by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Assignee {
    /// One coach.
    Coach(EntityId),
    /// A dyad.
    Dyad(EntityId),
}
