//! Components of the intervention: what sites receive, offered to every site or to some.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Citation;
use crate::Key;

/// A component sites receive (audit and feedback, a reminder system, peer-led educational
/// outreach), offered to every site or only to some, and taken up by those it is offered to
/// or by fewer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Component {
    /// The component's key; a relationship records it as offered and received.
    pub key: Key,
    /// A readable name.
    pub name: String,
    /// What it is.
    pub description: String,
    /// Whether every site is offered it, or only some (by trial arm, or on request).
    pub offered: Offered,
    /// Where it comes from.
    pub citations: Vec<Citation>,
}

/// Which sites a component is offered to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Offered {
    /// Every site: a core component, offered from the relationship's start.
    AllSites,
    /// Some sites (an arm of a trial, a site that asks): offered where a relationship records
    /// it.
    SomeSites,
}

impl Offered {
    /// `all_sites` or `some_sites`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::AllSites => "all_sites",
            Self::SomeSites => "some_sites",
        }
    }
}
