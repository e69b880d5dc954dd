//! Qualifications as a list of typed checks, each required, recommended, or deliberately not
//! required, optionally for one role.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Citation, DegreeLevel};
use crate::program::Coach;
use crate::{Key, Manual, TrainingHours, Years};

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

impl Qualification {
    /// Whether the check applies to `coach`: to every coach, or to coaches of its role (among
    /// the roles the coach may fill).
    #[must_use]
    pub fn applies_to(&self, coach: &Coach) -> bool {
        self.role
            .as_ref()
            .is_none_or(|role| coach.roles.contains(role))
    }
}

impl QualificationCheck {
    /// What `coach` lacks to meet the check, in words (such as: certification `ccm`), or `None` where
    /// they meet it. Degree levels and core skills are read from `manual`. The requirement is
    /// not looked at: whether a shortfall matters is the caller's to say.
    #[must_use]
    pub fn shortfall(&self, manual: &Manual, coach: &Coach) -> Option<String> {
        match self {
            Self::MinimumDegree { level } => {
                let held = coach
                    .degrees
                    .iter()
                    .filter_map(|d| manual.vocabularies.degree_level(d))
                    .max();
                (held < Some(*level)).then(|| {
                    format!(
                        "a degree at the level `{}` (holds {})",
                        level.as_str(),
                        held.map_or("none declared", |l| l.as_str())
                    )
                })
            }
            Self::ExperienceYears { kind, years } => {
                let held = coach.experience_of(kind).and_then(|e| e.years);
                (held < Some(*years)).then(|| {
                    format!(
                        "{years} years of `{kind}` experience (has {})",
                        held.map_or_else(|| "none recorded".to_owned(), |y| y.to_string())
                    )
                })
            }
            Self::ExperienceHeld { kind } => coach
                .experience_of(kind)
                .is_none()
                .then(|| format!("`{kind}` experience")),
            Self::CertificationHeld { certification } => {
                (!coach.certifications.contains(certification))
                    .then(|| format!("certification `{certification}`"))
            }
            Self::DisciplineHeld { any_of } => {
                (!any_of.iter().any(|d| coach.disciplines.contains(d))).then(|| {
                    let names: Vec<&str> = any_of.iter().map(Key::as_str).collect();
                    format!("a discipline of {}", names.join(", "))
                })
            }
            Self::TrainingHours { hours } => (coach.training_hours < Some(*hours)).then(|| {
                format!(
                    "{hours} hours of training (has {})",
                    coach
                        .training_hours
                        .map_or_else(|| "none recorded".to_owned(), |h| h.to_string())
                )
            }),
            Self::CoreSkills => {
                let missing: Vec<&str> = manual
                    .core_skills()
                    .filter(|s| !coach.skills.contains(&s.key))
                    .map(|s| s.key.as_str())
                    .collect();
                (!missing.is_empty()).then(|| format!("core skills {}", missing.join(", ")))
            }
        }
    }
}
