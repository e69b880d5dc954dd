//! The learning collaborative coaching sits in, where a manual has one.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Citation, Frequency};
use crate::Date;

/// A learning collaborative: sites learning together in periodic sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Collaborative {
    /// The collaborative's model, e.g. `IHI Breakthrough Series`.
    pub model: String,
    /// When learning sessions happen.
    pub learning_sessions: LearningSessions,
    /// Where this comes from.
    pub citations: Vec<Citation>,
}

/// When a collaborative's learning sessions happen: at a cadence, or on given dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum LearningSessions {
    /// A number of times per period, from the program's start.
    Every(Frequency),
    /// On these dates.
    Dated(Vec<Date>),
}
