//! The coaching manual: what a program standardizes, as typed data.
//!
//! Types only; cross-field rules live in [`crate::validate`].

mod citation;
mod collaborative;
mod dose;
mod figure;
mod logistics;
mod measure;
mod pairing;
mod phase;
mod qualification;
mod skill;
mod titration;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

pub use citation::{Citation, Evidence, Source};
pub use collaborative::Collaborative;
pub use dose::{
    AnnualDose, Channel, Frequency, IntensityLevel, Period, Prescription, per_month_rounded,
};
pub use figure::Figure;
pub use logistics::{Attendee, Cadence, Logistics, Meeting, MeetingKind, ResponseTime};
pub use measure::{Better, Measure, MeasureKind, MeasureScope};
pub use pairing::{CaseloadThreshold, DyadRequirement, Pairing};
pub use phase::{Criterion, Phase};
pub use qualification::{
    Degree, DegreeCheck, ExperienceCheck, QualificationCheck, Qualifications, Requirement,
};
pub use skill::{Skill, SkillTier};
pub use titration::{
    Adjustment, ChangeInterval, Direction, Floor, FloorContact, Titration, TitrationRule, Trigger,
};

use crate::Key;

/// A practice coaching manual: phases, dose and titration, skills, qualifications, dyads,
/// logistics, the learning collaborative and measures, each value with its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Manual {
    /// The JSON Schema this document follows; ignored by the crate.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The manual's key, e.g. `bhicci`.
    pub id: Key,
    /// A readable title.
    pub title: String,
    /// The manual's version (semver).
    #[schemars(schema_with = "semver_schema")]
    pub version: semver::Version,
    /// What the manual is and where it comes from.
    pub description: String,
    /// The works cited, by key.
    pub sources: Vec<Source>,
    /// The phases of the coaching relationship, in order.
    pub phases: Vec<Phase>,
    /// Intensity levels, from most to least intensive.
    pub intensity_levels: Vec<IntensityLevel>,
    /// How the dose changes over time.
    pub titration: Titration,
    /// Core and specialty skills.
    pub skills: Vec<Skill>,
    /// What coaches must or should bring.
    pub qualifications: Qualifications,
    /// How coaches are paired into dyads.
    pub pairing: Pairing,
    /// Meetings and response times.
    pub logistics: Logistics,
    /// The learning collaborative coaching sits in.
    pub collaborative: Collaborative,
    /// What criteria and evaluations are judged on.
    pub measures: Vec<Measure>,
    /// Published figures cited for comparison.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<Figure>,
}

impl Manual {
    /// Reads a manual from JSON, checking single values (keys, numbers, enums, required and
    /// unknown fields); cross-field rules are [`Manual::validate`]'s.
    ///
    /// # Errors
    /// A [`ParseError`](crate::ParseError) with its code, line, column and JSON Pointer.
    pub fn from_json(bytes: &[u8]) -> Result<Self, crate::ParseError> {
        crate::parse::from_json(bytes)
    }

    /// The phase with `key`.
    #[must_use]
    pub fn phase(&self, key: &Key) -> Option<&Phase> {
        self.phases.iter().find(|p| &p.key == key)
    }

    /// The position of the level with `key` in the list (0 = most intensive).
    #[must_use]
    pub fn level_index(&self, key: &Key) -> Option<usize> {
        self.intensity_levels.iter().position(|l| &l.key == key)
    }

    /// The level with `key`.
    #[must_use]
    pub fn level(&self, key: &Key) -> Option<&IntensityLevel> {
        self.intensity_levels.iter().find(|l| &l.key == key)
    }

    /// The skill with `key`.
    #[must_use]
    pub fn skill(&self, key: &Key) -> Option<&Skill> {
        self.skills.iter().find(|s| &s.key == key)
    }

    /// The core skills, expected of every coach.
    pub fn core_skills(&self) -> impl Iterator<Item = &Skill> {
        self.skills.iter().filter(|s| s.tier == SkillTier::Core)
    }
}

/// A semver 2.0.0 version; ends with `(?![\s\S])` so no trailing newline slips through.
pub(crate) fn semver_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "description": "A semantic version, e.g. `1.0.0`.",
        "type": "string",
        "pattern": r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-((0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)(\.(0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*))?(\+([0-9a-zA-Z-]+(\.[0-9a-zA-Z-]+)*))?(?![\s\S])",
    })
}
