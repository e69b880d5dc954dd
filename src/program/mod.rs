//! The program: who coaches whom, checked against a manual.
//!
//! Types only; cross-field rules live in [`crate::validate`].

mod assignment;
mod coach;
mod contact;
mod organization;
mod relationship;
mod site;
mod team;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use assignment::{Assignee, Assignment};
pub use coach::{Coach, Employment, Experience};
pub use contact::{Contact, ContactMode, Initiator};
pub use organization::Organization;
pub use relationship::{
    Achieved, Achievement, DecisionMaker, PhaseTransition, Relationship, RelationshipEnd,
    TitrationDecision,
};
pub use site::Site;
pub use team::{Team, TeamMember};

use crate::Key;

/// A coaching program: organizations and their sites, coaches, teams, and dated assignments
/// of sites to a coach or a team, and each site's coaching relationship over time.
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
    /// Coaches who coach together, in roles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub teams: Vec<Team>,
    /// Sites assigned to a coach or a team over dated stretches.
    pub assignments: Vec<Assignment>,
    /// Each site's coaching relationship over time: phases, titration decisions, contacts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relationships: Vec<Relationship>,
}

/// Which manual, and which versions of it, a program follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ManualReference {
    /// The manual's id.
    pub id: Key,
    /// The versions accepted, as a semver requirement, e.g. `^2.0`.
    #[schemars(schema_with = "version_req_schema")]
    pub version: semver::VersionReq,
}

/// A semver version requirement as the `semver` crate reads it: comparators (an operator, a
/// version of one to three parts, wildcards after the first) joined by commas, or one wildcard.
const VERSION_REQ_PATTERN: &str = r"^(?:[ ]*[*xX][ ]*|[ ]*(?:=|>=|<=|>|<|~|\^)?[ ]*(?:0|[1-9][0-9]*)(?:\.[*xX](?:\.[*xX])?|\.(?:0|[1-9][0-9]*)(?:\.[*xX]|\.(?:0|[1-9][0-9]*)(?:-(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*)?(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?)?)?[ ]*(?:,[ ]*(?:=|>=|<=|>|<|~|\^)?[ ]*(?:0|[1-9][0-9]*)(?:\.[*xX](?:\.[*xX])?|\.(?:0|[1-9][0-9]*)(?:\.[*xX]|\.(?:0|[1-9][0-9]*)(?:-(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*)?(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?)?)?[ ]*)*)(?![\s\S])";

fn version_req_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "description": "A semver version requirement, e.g. `^2.0` or `>=1.0, <3`.",
        "type": "string",
        "minLength": 1,
        "maxLength": 200,
        "pattern": VERSION_REQ_PATTERN,
    })
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

    /// The program as pretty JSON, the form [`Program::from_json`] reads.
    #[must_use]
    pub fn to_json(&self) -> String {
        crate::parse::to_json(self)
    }
}
