use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Capacity, EntityId, Key, Location, TrainingHours, Years};

/// A practice coach, with what the manual's qualification checks and team rule read. A field no
/// check of the manual reads may be left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Coach {
    /// The coach's id.
    pub id: EntityId,
    /// Their name.
    pub name: String,
    /// The disciplines (by key) they bring.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disciplines: Vec<Key>,
    /// The roles (by key) they may fill.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Key>,
    /// Degrees (by key) they hold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub degrees: Vec<Key>,
    /// Certifications and licences (by key) they hold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certifications: Vec<Key>,
    /// Their experience, by kind.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub experience: Vec<Experience>,
    /// Hours of coaching training completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training_hours: Option<TrainingHours>,
    /// The manual's skills (by key) they hold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<Key>,
    /// How the program employs them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employment: Option<Employment>,
    /// How many sites they can coach at once; where given, the caseload rule reads it in place
    /// of the manual's caseload threshold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<Capacity>,
    /// Where they work from (WGS84), for proposing the nearest coaches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

/// Experience of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Experience {
    /// The experience kind (by key).
    pub kind: Key,
    /// How many years, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub years: Option<Years>,
}

impl Coach {
    /// The most sites the coach may coach at once: their own `capacity`, else the manual's
    /// caseload threshold where it counts sites at one time; `None` with neither.
    #[must_use]
    pub fn capacity_under(&self, manual: &crate::Manual) -> Option<u16> {
        self.capacity.map(Capacity::get).or_else(|| {
            manual
                .caseload
                .as_ref()
                .and_then(crate::manual::CaseloadThreshold::at_one_time)
                .map(crate::SiteCount::get)
        })
    }

    /// The experience of `kind`, if the coach has any.
    #[must_use]
    pub fn experience_of(&self, kind: &Key) -> Option<&Experience> {
        self.experience.iter().find(|e| &e.kind == kind)
    }
}

/// How the program employs a coach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Employment {
    /// From outside the practice and the sponsor: a consultant, or staff of a partner
    /// organization.
    External,
    /// Staff of the sponsor, e.g. the health plan.
    SponsorStaff,
    /// Staff of the practice itself.
    Internal,
}
