use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Date, EntityId};

/// A site coached by a coach or a team from a date, until a date or for good.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// The site (by id).
    pub site: EntityId,
    /// Who coaches it.
    pub assignee: Assignee,
    /// The first day.
    pub from: Date,
    /// The last day, where the assignment has ended or will end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
}

impl Assignment {
    /// Whether the assignment is in force on `date`.
    #[must_use]
    pub fn in_force_on(&self, date: Date) -> bool {
        self.from <= date && self.until.is_none_or(|until| date <= until)
    }
}

/// A coach or a team, by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Assignee {
    /// One coach.
    Coach(EntityId),
    /// A team.
    Team(EntityId),
}
