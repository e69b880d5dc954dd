//! Qualifications as a list of typed checks, each required, recommended, or deliberately not
//! required, optionally for one role.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Citation, DegreeLevel};
use crate::{Key, TrainingHours, Years};

/// One qualification check the manual states about coaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Qualification {
    /// What is checked.
    pub check: QualificationCheck,
    /// How binding it is: `not_required` records a check the manual leaves out on purpose, with
    /// the evidence for leaving it out.
    pub requirement: Requirement,
    /// The role (by key) the check applies to; every coach when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Key>,
    /// Where the check (or leaving it out) comes from.
    pub citations: Vec<Citation>,
}

/// What a qualification check reads from a coach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum QualificationCheck {
    /// A degree (from `vocabularies.degrees`) at this level or above.
    MinimumDegree {
        /// The least level accepted.
        level: DegreeLevel,
    },
    /// At least this many years of an experience kind.
    ExperienceYears {
        /// The experience kind (by key).
        kind: Key,
        /// The least number of years.
        years: Years,
    },
    /// Some experience of a kind, however long.
    ExperienceHeld {
        /// The experience kind (by key).
        kind: Key,
    },
    /// A certification held.
    CertificationHeld {
        /// The certification (by key).
        certification: Key,
    },
    /// At least one of these disciplines.
    DisciplineHeld {
        /// The disciplines (by key) accepted.
        any_of: Vec<Key>,
    },
    /// At least this many hours of coaching training.
    TrainingHours {
        /// The least number of hours.
        hours: TrainingHours,
    },
    /// Every core skill of the manual held.
    CoreSkills,
}

/// How binding a qualification check is; decides the severity of `policy` rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Requirement {
    /// Not meeting it is an error.
    Required,
    /// Not meeting it is a warning.
    Recommended,
    /// Not asked: the check is recorded with the evidence for leaving it out, and never run.
    NotRequired,
}

impl Requirement {
    /// `required`, `recommended` or `not_required`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::Recommended => "recommended",
            Self::NotRequired => "not_required",
        }
    }
}
