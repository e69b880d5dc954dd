//! The program: who coaches whom, checked against a manual.
//!
//! Types only; cross-field rules live in [`crate::validate`].

mod assignment;
mod coach;
mod contact;
mod dyad;
mod organization;
mod relationship;
mod site;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use assignment::{Assignee, Assignment};
pub use coach::{Coach, Credential, Employment};
pub use contact::{Contact, ContactMode, DyadVisit, Initiator};
pub use dyad::Dyad;
pub use organization::Organization;
pub use relationship::{
    DecisionMaker, PhaseTransition, Relationship, RelationshipEnd, TitrationDecision,
};
pub use site::{IntegrationDirection, Site};

use crate::Key;

/// A coaching program: organizations and their sites, coaches, dyads, and dated assignments
/// of sites to a coach or a dyad.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Program {
    /// The JSON Schema this document follows; ignored by the crate.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The manual (id and version) the program follows.
    pub manual: ManualReference,
    /// Health care organizations taking part.
    pub organizations: Vec<Organization>,
    /// Their clinical sites.
    pub sites: Vec<Site>,
    /// The practice coaches.
    pub coaches: Vec<Coach>,
    /// Pairs of coaches who coach together.
    pub dyads: Vec<Dyad>,
    /// Sites assigned to a coach or a dyad from a date; a site's current assignment is the one
    /// with the latest `from`.
    pub assignments: Vec<Assignment>,
    /// Each site's coaching relationship over time: phases, titration decisions, contacts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relationships: Vec<Relationship>,
}

/// Which manual, and which version of it, a program follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ManualReference {
    /// The manual's id.
    pub id: Key,
    /// The manual's version.
    #[schemars(schema_with = "crate::manual::semver_schema")]
    pub version: semver::Version,
}

impl Program {
    /// Reads a program from JSON, checking single values (ids, dates, enums, required and
    /// unknown fields); cross-field rules are [`Program::validate`]'s.
    ///
    /// # Errors
    /// A [`ParseError`](crate::ParseError) with its code, line, column and JSON Pointer.
    pub fn from_json(bytes: &[u8]) -> Result<Self, crate::ParseError> {
        crate::parse::from_json(bytes)
    }
}
