//! The learning collaborative practice coaching sits in.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Citation, Frequency};

/// A learning collaborative: sites learning together in periodic sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Collaborative {
    /// The collaborative's model, e.g. `IHI Breakthrough Series`.
    pub model: String,
    /// How often learning sessions happen.
    pub learning_sessions: Frequency,
    /// Where this comes from.
    pub citations: Vec<Citation>,
}
