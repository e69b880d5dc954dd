//! The program: who coaches whom, checked against a manual.
//!
//! Types, and the questions the record answers by itself; cross-field rules live in
//! [`crate::validate`].
//!
//! Where [`Program`]'s methods live: a question of the record itself (reading and writing it,
//! its first day, which activities it records, a site by name, who coaches a site on a day, a
//! program to start from) is answered here, in the file of the part of the record it reads. A
//! view computed from the program and a manual is a method of the module that computes it,
//! in that module's one `impl Program` block, which its docs name; the model imports nothing
//! above it, so those methods cannot live here:
//! - [`validate`](crate::validate): [`Program::validate`], [`Program::validate_as_of`],
//!   [`Program::validate_versions`];
//! - [`timeline`](crate::timeline): [`Program::plans`], [`Program::plans_with`],
//!   [`Program::plan_site`], [`Program::schedule`];
//! - [`fidelity`](crate::fidelity): [`Program::fidelity`];
//! - [`status`](crate::status): [`Program::progress`], [`Program::roster`],
//!   [`Program::team_coverage`];
//! - [`assign`](crate::assign): [`Program::propose_assignments`].

mod assignment;
mod coach;
mod coaching;
mod contact;
mod organization;
mod relationship;
mod site;
mod site_lookup;
mod starter;
mod team;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use assignment::{Assignee, Assignment};
pub use coach::{Coach, Employment, Experience};
pub(crate) use coaching::{AssignmentHistory, Stretch, stretch_on};
pub use contact::{Contact, ContactMode, Initiator};
pub use organization::Organization;
pub use relationship::{
    Achieved, Achievement, ComponentUptake, DecisionMaker, PhaseTransition, Relationship,
    RelationshipEnd, TitrationDecision,
};
pub use site::Site;
pub use site_lookup::{SiteLookupError, SiteName};
pub use starter::StarterError;
pub use team::{Team, TeamMember};

use crate::{Date, EntityId, Key};

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
    /// The manual's activities (by key) this program records, where it records only some:
    /// an activity left out is not recorded, which is not the same as not held, and adherence
    /// leaves it out. Absent: the program records every activity of its manual.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_activities: Option<Vec<Key>>,
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

    /// Whether the program records the activity with `key`: every activity where
    /// `recorded_activities` is absent, else those it lists.
    #[must_use]
    pub fn records_activity(&self, key: &Key) -> bool {
        self.recorded_activities
            .as_ref()
            .is_none_or(|keys| keys.contains(key))
    }

    /// The program's first day: the earliest start of its relationships, or `None` without
    /// any. Program-wide events are counted from it.
    #[must_use]
    pub fn start(&self) -> Option<Date> {
        self.relationships.iter().map(|r| r.start).min()
    }

    /// The id program-wide events' calendar UIDs are built from. A program has no id of its
    /// own, so this is the least id of its organizations (the nil UUID without any): it stays
    /// the same as sites are added, and differs between programs of different organizations.
    #[must_use]
    pub fn calendar_id(&self) -> EntityId {
        self.organizations
            .iter()
            .map(|o| o.id)
            .min()
            .unwrap_or_else(|| EntityId::from_uuid(uuid::Uuid::nil()))
    }

    /// The sites `manual`'s team rule covers ([`Manual::team_site`](crate::Manual::team_site)),
    /// looked up once for the whole program.
    #[must_use]
    pub fn team_sites(&self, manual: &crate::Manual) -> foldhash::HashSet<crate::EntityId> {
        let organizations: foldhash::HashMap<crate::EntityId, &Organization> =
            self.organizations.iter().rev().map(|o| (o.id, o)).collect();
        self.sites
            .iter()
            .filter(|site| manual.team_site(site, organizations.get(&site.organization).copied()))
            .map(|site| site.id)
            .collect()
    }
}

/// Which manual, and which versions of it, a program follows, and, where the manual changed
/// while the program ran, which versions it followed before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ManualReference {
    /// The manual's id.
    pub id: Key,
    /// The versions accepted, as a semver requirement, e.g. `^2.0`; where `earlier` lists
    /// versions followed before, the versions followed from the day after the last of them.
    #[schemars(schema_with = "version_req_schema")]
    pub version: semver::VersionReq,
    /// Versions of the manual followed before `version`, in date order, each until a date: the
    /// first from the program's beginning, each next from the day after the previous one's
    /// `until`. Left out where the program followed one version throughout.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier: Vec<EarlierVersion>,
}

/// A version of the manual a program followed until a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EarlierVersion {
    /// The versions accepted, as a semver requirement, e.g. `^1.0`.
    #[schemars(schema_with = "version_req_schema")]
    pub version: semver::VersionReq,
    /// The last day the program followed it.
    pub until: Date,
}

/// A stretch of a program's time under one version requirement of its manual.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct VersionStretch<'a> {
    /// Its first day; `None` for the first stretch, which runs from the program's beginning.
    pub from: Option<Date>,
    /// Its last day; `None` for the stretch of the current `version`, which is open-ended.
    pub until: Option<Date>,
    /// The versions accepted over it.
    pub version: &'a semver::VersionReq,
    /// Its position in `earlier`, or `None` for the current `version`.
    pub earlier: Option<usize>,
}

impl ManualReference {
    /// A reference to one version requirement of manual `id`, followed throughout.
    #[must_use]
    pub fn new(id: Key, version: semver::VersionReq) -> Self {
        Self {
            id,
            version,
            earlier: Vec::new(),
        }
    }

    /// Each stretch of time under one version requirement, in the order listed: the earlier
    /// versions, then the current `version`.
    pub fn stretches(&self) -> impl Iterator<Item = VersionStretch<'_>> {
        let day_after = Date::next_day;
        let earlier = self.earlier.iter().enumerate().map(move |(i, e)| {
            let from = i
                .checked_sub(1)
                .and_then(|p| self.earlier.get(p))
                .and_then(|p| day_after(p.until));
            VersionStretch {
                from,
                until: Some(e.until),
                version: &e.version,
                earlier: Some(i),
            }
        });
        let current = VersionStretch {
            from: self.earlier.last().and_then(|e| day_after(e.until)),
            until: None,
            version: &self.version,
            earlier: None,
        };
        earlier.chain(std::iter::once(current))
    }

    /// The version requirement in force on `date`: the first earlier version whose `until` is
    /// on or after it, else the current `version` (found by binary search over `earlier`, in
    /// date order as it should be).
    #[must_use]
    pub fn version_on(&self, date: Date) -> &semver::VersionReq {
        let first = self.earlier.partition_point(|e| e.until < date);
        self.earlier
            .get(first)
            .map_or(&self.version, |e| &e.version)
    }

    /// The manual of `manuals` each stretch is checked against, in the order of
    /// [`ManualReference::stretches`]: of the manuals with this reference's id (or of all of
    /// them, where none has it), the newest whose version the stretch's requirement accepts,
    /// or else the newest, not accepted. Empty where `manuals` is.
    #[must_use]
    pub fn in_force<'m>(&self, manuals: &[&'m crate::Manual]) -> Vec<ManualInForce<'_, 'm>> {
        let own: Vec<&'m crate::Manual> = manuals
            .iter()
            .copied()
            .filter(|m| m.id == self.id)
            .collect();
        let candidates = if own.is_empty() { manuals } else { &own };
        let newest = |accepts: &dyn Fn(&crate::Manual) -> bool| {
            candidates
                .iter()
                .copied()
                .filter(|m| accepts(m))
                .max_by(|a, b| a.version.cmp(&b.version))
        };
        let Some(fallback) = newest(&|_| true) else {
            return Vec::new();
        };
        self.stretches()
            .map(|stretch| {
                let found = newest(&|m| stretch.version.matches(&m.version));
                ManualInForce {
                    stretch,
                    manual: found.unwrap_or(fallback),
                    accepted: found.is_some(),
                }
            })
            .collect()
    }
}

/// The manual a stretch of a program's time is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ManualInForce<'a, 'm> {
    /// The stretch.
    pub stretch: VersionStretch<'a>,
    /// The manual.
    pub manual: &'m crate::Manual,
    /// Whether the stretch's version requirement accepts the manual's version.
    pub accepted: bool,
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
