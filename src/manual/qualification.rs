//! Qualification checks for coaches, each required or recommended.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Citation;
use crate::Years;

/// The qualifications a manual asks of coaches; a check left out is not asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Qualifications {
    /// A minimum highest degree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_degree: Option<DegreeCheck>,
    /// A minimum number of years of professional health care experience.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_care_experience: Option<ExperienceCheck>,
    /// Prior work in a clinic that went through practice transformation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transformation_experience: Option<QualificationCheck>,
    /// Prior experience of integrated (physical and behavioral) care.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integrated_care_experience: Option<QualificationCheck>,
    /// Every core skill of the manual held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub core_skills: Option<QualificationCheck>,
}

/// How binding a qualification check is; decides the severity of `policy` rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Requirement {
    /// Not meeting it is an error.
    Required,
    /// Not meeting it is a warning.
    Recommended,
}

/// A yes/no qualification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QualificationCheck {
    /// Required or recommended.
    pub requirement: Requirement,
    /// Where the check comes from.
    pub citations: Vec<Citation>,
}

/// A minimum degree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DegreeCheck {
    /// The least degree accepted.
    pub degree: Degree,
    /// Required or recommended.
    pub requirement: Requirement,
    /// Where the check comes from.
    pub citations: Vec<Citation>,
}

/// A minimum number of years of experience.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExperienceCheck {
    /// The least number of years accepted.
    pub years: Years,
    /// Required or recommended.
    pub requirement: Requirement,
    /// Where the check comes from.
    pub citations: Vec<Citation>,
}

/// A highest academic degree, ordered from least to most advanced.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Degree {
    /// No degree.
    None,
    /// An associate degree.
    Associate,
    /// A bachelor's degree.
    Bachelors,
    /// A master's degree (e.g. MSW, MPH, MSN).
    Masters,
    /// A doctorate, research or professional (PhD, PsyD, MD, DO, DNP).
    Doctorate,
}

impl Degree {
    /// The snake_case name used in documents.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Associate => "associate",
            Self::Bachelors => "bachelors",
            Self::Masters => "masters",
            Self::Doctorate => "doctorate",
        }
    }
}
