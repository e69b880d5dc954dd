use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

use crate::manual::Degree;
use crate::{Discipline, EntityId, Key, Years};

/// A practice coach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Coach {
    /// The coach's id.
    pub id: EntityId,
    /// Their name.
    pub name: String,
    /// The disciplines they bring; at least one.
    #[serde(deserialize_with = "non_empty")]
    #[schemars(length(min = 1))]
    pub disciplines: Vec<Discipline>,
    /// Professional credentials, e.g. MD, PhD, LCSW.
    pub credentials: Vec<Credential>,
    /// Their highest academic degree.
    pub highest_degree: Degree,
    /// Years of professional health care experience.
    pub health_care_experience_years: Years,
    /// Whether they worked in a clinic that went through practice transformation.
    pub transformation_experience: bool,
    /// Whether they have experience of integrated care.
    pub integrated_care_experience: bool,
    /// The manual's skills (by key) they hold.
    pub skills: Vec<Key>,
    /// How the program employs them.
    pub employment: Employment,
}

fn non_empty<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Discipline>, D::Error> {
    let disciplines = Vec::<Discipline>::deserialize(deserializer)?;
    if disciplines.is_empty() {
        return Err(serde::de::Error::invalid_length(
            0,
            &"at least one discipline",
        ));
    }
    Ok(disciplines)
}

/// A professional credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Credential {
    /// Doctor of Medicine.
    Md,
    /// Doctor of Osteopathic Medicine.
    Do,
    /// Doctor of Philosophy.
    Phd,
    /// Doctor of Psychology.
    Psyd,
    /// Licensed Clinical Social Worker.
    Lcsw,
    /// Licensed Marriage and Family Therapist.
    Lmft,
    /// Licensed Professional Counselor.
    Lpc,
    /// Registered Nurse.
    Rn,
    /// Nurse Practitioner.
    Np,
    /// Master of Public Health.
    Mph,
    /// Master of Social Work.
    Msw,
    /// Master of Business Administration.
    Mba,
}

/// How the program employs a coach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Employment {
    /// An outside consultant (BHICCI's coaches during the initiative).
    ExternalConsultant,
    /// Staff of the sponsor, e.g. the health plan (BHICCI's coaches afterwards).
    SponsorStaff,
}
