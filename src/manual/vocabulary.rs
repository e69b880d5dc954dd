//! The vocabularies a manual declares: disciplines, coach roles, degrees, certifications,
//! experience kinds, site kinds, activity kinds and measure kinds. Programs refer to their
//! entries by key; the crate computes with none of them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Citation;
use crate::Key;

/// One entry of a vocabulary: a key programs use, a readable name, and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The key documents use, e.g. `behavioral-health`.
    pub key: Key,
    /// A readable name, e.g. `Behavioral health`.
    pub name: String,
    /// What the term covers, where the name alone is not enough.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where the term comes from; a term is a name, so none is needed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<Citation>,
}

impl Term {
    /// A term with a key, a name, and nothing else.
    ///
    /// # Errors
    /// When `key` is not a valid [`Key`].
    pub fn new(key: &str, name: &str) -> Result<Self, crate::ScalarError> {
        Ok(Self {
            key: Key::new(key)?,
            name: name.to_owned(),
            description: None,
            citations: Vec::new(),
        })
    }
}

/// A degree a coach may hold, with the level it counts as for a minimum-degree check.
///
/// The level is the manual's judgment: an MBBS may be declared at the level of a doctorate, so a
/// physician trained abroad meets a check written for an MD.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Degree {
    /// The key documents use, e.g. `msw` or `mbbs`.
    pub key: Key,
    /// A readable name, e.g. `Master of Social Work`.
    pub name: String,
    /// The level the degree counts as.
    pub level: DegreeLevel,
    /// Where the equivalence comes from, when it is not obvious.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<Citation>,
}

/// Levels of degree, ordered from least to most advanced; a minimum-degree check compares them.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DegreeLevel {
    /// A secondary-school diploma or none.
    Secondary,
    /// An associate degree or a diploma after secondary school.
    Associate,
    /// A bachelor's degree.
    Bachelors,
    /// A master's degree.
    Masters,
    /// A doctorate, research or professional (PhD, PsyD, MD, DO).
    Doctorate,
}

impl DegreeLevel {
    /// The `snake_case` name used in documents.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Secondary => "secondary",
            Self::Associate => "associate",
            Self::Bachelors => "bachelors",
            Self::Masters => "masters",
            Self::Doctorate => "doctorate",
        }
    }
}

/// Every vocabulary of a manual. A vocabulary left out is empty: nothing in a program may then
/// refer to it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Vocabularies {
    /// Professional disciplines coaches bring, e.g. behavioral health, medicine, nursing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disciplines: Vec<Term>,
    /// Roles a coach plays, e.g. behavioral health coach, MD coach, technical specialist.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Term>,
    /// Degrees coaches may hold, each with the level it counts as.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub degrees: Vec<Degree>,
    /// Certifications and licences, e.g. LCSW, a facilitation certificate.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certifications: Vec<Term>,
    /// Kinds of experience, e.g. health care, practice transformation, integrated care.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub experience_kinds: Vec<Term>,
    /// Kinds of site coached, e.g. FQHC, primary care practice.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub site_kinds: Vec<Term>,
    /// Kinds of activity, e.g. huddle, debrief, reflection form, standardization meeting.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub activity_kinds: Vec<Term>,
    /// Kinds of measure, e.g. clinical, process, integration.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measure_kinds: Vec<Term>,
}

/// Which vocabulary a key belongs to; findings and messages name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Vocabulary {
    /// `vocabularies.disciplines`.
    Disciplines,
    /// `vocabularies.roles`.
    Roles,
    /// `vocabularies.degrees`.
    Degrees,
    /// `vocabularies.certifications`.
    Certifications,
    /// `vocabularies.experience_kinds`.
    ExperienceKinds,
    /// `vocabularies.site_kinds`.
    SiteKinds,
    /// `vocabularies.activity_kinds`.
    ActivityKinds,
    /// `vocabularies.measure_kinds`.
    MeasureKinds,
}

impl Vocabulary {
    /// Every vocabulary, in document order.
    pub const ALL: [Self; 8] = [
        Self::Disciplines,
        Self::Roles,
        Self::Degrees,
        Self::Certifications,
        Self::ExperienceKinds,
        Self::SiteKinds,
        Self::ActivityKinds,
        Self::MeasureKinds,
    ];

    /// The member name under `vocabularies`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Disciplines => "disciplines",
            Self::Roles => "roles",
            Self::Degrees => "degrees",
            Self::Certifications => "certifications",
            Self::ExperienceKinds => "experience_kinds",
            Self::SiteKinds => "site_kinds",
            Self::ActivityKinds => "activity_kinds",
            Self::MeasureKinds => "measure_kinds",
        }
    }
}

impl Vocabularies {
    /// The key, name and citations of every entry of one vocabulary, in document order.
    fn list(&self, vocabulary: Vocabulary) -> impl Iterator<Item = (&Key, &str, &[Citation])> {
        // Degrees carry a level beside the term; the rest are plain terms. One of the two
        // slices is empty, so no list is collected for a lookup.
        let (terms, degrees): (&[Term], &[Degree]) = match vocabulary {
            Vocabulary::Disciplines => (&self.disciplines, &[]),
            Vocabulary::Roles => (&self.roles, &[]),
            Vocabulary::Degrees => (&[], &self.degrees),
            Vocabulary::Certifications => (&self.certifications, &[]),
            Vocabulary::ExperienceKinds => (&self.experience_kinds, &[]),
            Vocabulary::SiteKinds => (&self.site_kinds, &[]),
            Vocabulary::ActivityKinds => (&self.activity_kinds, &[]),
            Vocabulary::MeasureKinds => (&self.measure_kinds, &[]),
        };
        terms
            .iter()
            .map(|t| (&t.key, t.name.as_str(), t.citations.as_slice()))
            .chain(
                degrees
                    .iter()
                    .map(|d| (&d.key, d.name.as_str(), d.citations.as_slice())),
            )
    }

    /// The keys and names of one vocabulary, in document order.
    pub fn entries(&self, vocabulary: Vocabulary) -> impl Iterator<Item = (&Key, &str)> {
        self.list(vocabulary).map(|(key, name, _)| (key, name))
    }

    /// The readable name of `key` in `vocabulary`, if declared.
    #[must_use]
    pub fn name(&self, vocabulary: Vocabulary, key: &Key) -> Option<&str> {
        self.entries(vocabulary)
            .find(|(k, _)| *k == key)
            .map(|(_, name)| name)
    }

    /// Whether `key` is declared in `vocabulary`.
    #[must_use]
    pub fn declares(&self, vocabulary: Vocabulary, key: &Key) -> bool {
        self.name(vocabulary, key).is_some()
    }

    /// The level `degree` counts as, if declared.
    #[must_use]
    pub fn degree_level(&self, degree: &Key) -> Option<DegreeLevel> {
        self.degrees
            .iter()
            .find(|d| &d.key == degree)
            .map(|d| d.level)
    }
}

impl Vocabularies {
    /// Every term that carries citations, with its JSON Pointer, for the citation checks.
    pub(crate) fn cited_terms(&self) -> Vec<(String, &[Citation])> {
        Vocabulary::ALL
            .into_iter()
            .flat_map(|v| {
                self.list(v)
                    .enumerate()
                    .filter(|(_, (_, _, citations))| !citations.is_empty())
                    .map(move |(i, (_, _, citations))| {
                        (format!("/vocabularies/{}/{i}", v.as_str()), citations)
                    })
            })
            .collect()
    }
}
