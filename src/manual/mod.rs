//! The coaching manual: what a program standardizes, as typed data.
//!
//! Types only; cross-field rules live in [`crate::validate`].

mod activity;
mod citation;
mod cited;
mod collaborative;
mod component;
mod context;
mod dose;
mod figure;
mod material;
mod measure;
mod milestone;
mod phase;
mod qualification;
mod skill;
mod stratum;
mod tailored;
mod team;
mod titration;
mod vocabulary;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

pub use activity::{Activity, Around, Attendee, Cadence, ResponseTime, Scope, SeriesStart};
pub(crate) use citation::url_doi;
pub use citation::{Citation, Evidence, Source};
pub use collaborative::{Collaborative, Headcount, LearningSessions};
pub use component::{Component, Offered};
pub use context::{Goal, Replaces, Setting};
pub use dose::{
    Channel, ContactInterval, Dose, Frequency, IntensityLevel, Per, Period, Prescription,
    per_month_rounded,
};
pub use figure::{Band, Described, Estimate, Figure, FigureGroup, Planned, Quartiles, Spread};
pub use material::Material;
pub use measure::{Better, ImplementationOutcome, Measure, MeasureScope};
pub use milestone::{Anchor, Milestone};
pub use phase::{Criterion, LengthFit, Phase, PhaseLength};
pub use qualification::{Qualification, QualificationCheck, Requirement};
pub use skill::{Skill, SkillTier};
pub use stratum::Stratum;
pub use tailored::Tailored;
pub use team::{
    CaseloadSpan, CaseloadThreshold, ExperienceTeamPolicy, RoleCount, TeamRequirement, TeamRole,
    TeamRule,
};
pub use titration::{
    Adjustment, ChangeInterval, Direction, Floor, FloorContact, Titration, TitrationRule, Trigger,
};
pub use vocabulary::{Degree, DegreeLevel, Term, Vocabularies, Vocabulary};

use crate::Key;

/// A practice coaching manual: its vocabularies, phases, dose and titration, skills,
/// qualifications, team rule, activities, milestones, materials, the learning collaborative and
/// measures, each value with its evidence. Sections a program does not have are left out.
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
    /// The goal the sources state for the coaching or the initiative it serves, where they
    /// state one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<Goal>,
    /// Where the coaching took place (region, population, payer), where the sources say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setting: Option<Setting>,
    /// The earlier version of this manual that this one replaces, with what changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces: Option<Replaces>,
    /// The manual's own terms: disciplines, roles, degrees, certifications, experience, site,
    /// activity and measure kinds.
    #[serde(default)]
    pub vocabularies: Vocabularies,
    /// The phases of the coaching relationship, in order.
    pub phases: Vec<Phase>,
    /// Groups of sites (readiness for change, region) whose entry into a phase falls in
    /// months the manual names, where a site's start depends on its group rather than a date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub strata: Vec<Stratum>,
    /// Intensity levels, from most to least intensive.
    pub intensity_levels: Vec<IntensityLevel>,
    /// How the dose changes over time, where the manual says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub titration: Option<Titration>,
    /// Core and specialty skills; left out where the sources name none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<Skill>,
    /// What coaches must or should bring, each check with its requirement.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub qualifications: Vec<Qualification>,
    /// How coaches work in teams, where they do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<TeamRule>,
    /// Sites per coach above which a warning is raised, where the manual sets a threshold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caseload: Option<CaseloadThreshold>,
    /// Activities besides contacts: huddles, debriefs, forms, meetings, reviews.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub activities: Vec<Activity>,
    /// Dated events of each relationship: interviews, reviews.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Milestone>,
    /// What sites receive (audit and feedback, a reminder system, peer site visits), offered
    /// to every site or to some, where the manual names its components.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<Component>,
    /// Forms, toolkits, registries and guides coaching uses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub materials: Vec<Material>,
    /// The learning collaborative coaching sits in, where there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collaborative: Option<Collaborative>,
    /// How soon written questions are answered, where the manual says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_time: Option<ResponseTime>,
    /// What criteria and evaluations are judged on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<Measure>,
    /// Published figures cited for comparison.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<Figure>,
}

impl Manual {
    /// A manual with its identity and every section empty, to fill in code; it validates
    /// only once it has phases and levels.
    ///
    /// # Errors
    /// When `id` is not a valid [`Key`].
    pub fn new(
        id: &str,
        title: &str,
        version: semver::Version,
        description: &str,
    ) -> Result<Self, crate::ScalarError> {
        Ok(Self {
            schema: None,
            id: Key::new(id)?,
            title: title.to_owned(),
            version,
            description: description.to_owned(),
            sources: Vec::new(),
            goal: None,
            setting: None,
            replaces: None,
            vocabularies: Vocabularies::default(),
            phases: Vec::new(),
            strata: Vec::new(),
            intensity_levels: Vec::new(),
            titration: None,
            skills: Vec::new(),
            qualifications: Vec::new(),
            team: None,
            caseload: None,
            activities: Vec::new(),
            milestones: Vec::new(),
            components: Vec::new(),
            materials: Vec::new(),
            collaborative: None,
            response_time: None,
            measures: Vec::new(),
            figures: Vec::new(),
        })
    }

    /// Reads a manual from JSON, checking single values (keys, numbers, enums, required and
    /// unknown fields); cross-field rules are [`Manual::validate`]'s.
    ///
    /// # Errors
    /// A [`ParseError`](crate::ParseError) with its code, line, column and JSON Pointer.
    pub fn from_json(bytes: &[u8]) -> Result<Self, crate::ParseError> {
        crate::parse::from_json(bytes)
    }

    /// The manual as pretty JSON, the form [`Manual::from_json`] reads.
    #[must_use]
    pub fn to_json(&self) -> String {
        crate::parse::to_json(self)
    }

    /// The phase with `key`.
    #[must_use]
    pub fn phase(&self, key: &Key) -> Option<&Phase> {
        self.phases.iter().find(|p| &p.key == key)
    }

    /// The position of the phase with `key` in the list.
    #[must_use]
    pub fn phase_index(&self, key: &Key) -> Option<usize> {
        self.phases.iter().position(|p| &p.key == key)
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

    /// How many coaches each contact on `channel` under `level` must have at a site the team
    /// rule covers (`team_site`, as [`TeamRule::required_at`] says), where the rule makes
    /// contacts joint and the prescription asks for more than one coach; `None` where one
    /// coach will do. Validation and fidelity read a contact's coaches against this one
    /// number, on every channel: a remote prescription of one coach (BHICCI's calls) asks for
    /// no more, and a site the team rule does not cover has one coach.
    #[must_use]
    pub fn joint_coaches(&self, level: &Key, channel: Channel, team_site: bool) -> Option<u16> {
        self.joint_coaches_at(self.level(level)?, channel, team_site)
    }

    /// [`Manual::joint_coaches`] under a level already found.
    pub(crate) fn joint_coaches_at(
        &self,
        level: &IntensityLevel,
        channel: Channel,
        team_site: bool,
    ) -> Option<u16> {
        if !(team_site && self.team.as_ref().is_some_and(|t| t.joint_contacts)) {
            return None;
        }
        let coaches = level.prescription(channel)?.coaches_per_contact.get();
        (coaches > 1).then_some(coaches)
    }

    /// Whether the team rule covers `site` of `organization` (where known): a site that must be
    /// coached by a team. `false` without a team rule.
    #[must_use]
    pub fn team_site(
        &self,
        site: &crate::program::Site,
        organization: Option<&crate::program::Organization>,
    ) -> bool {
        self.team
            .as_ref()
            .is_some_and(|team| team.required_at(site, organization))
    }

    /// The skill with `key`.
    #[must_use]
    pub fn skill(&self, key: &Key) -> Option<&Skill> {
        self.skills.iter().find(|s| &s.key == key)
    }

    /// The activity with `key`.
    #[must_use]
    pub fn activity(&self, key: &Key) -> Option<&Activity> {
        self.activities.iter().find(|a| &a.key == key)
    }

    /// The activities held around contacts (a huddle before a visit, a reflection form after
    /// a call), in the manual's order. [`Activity::goes_with`] says which go with a contact.
    pub fn activities_around_contacts(&self) -> impl Iterator<Item = &Activity> {
        self.activities
            .iter()
            .filter(|a| matches!(a.cadence, Cadence::AroundContact { .. }))
    }

    /// The activities held around contacts that `program` records
    /// ([`Program::records_activity`](crate::Program::records_activity)), in the manual's
    /// order: those a contact's record is read for. One the program does not record is expected
    /// nowhere: not recorded is not "not held".
    pub fn recorded_around_contacts<'a>(
        &'a self,
        program: &'a crate::Program,
    ) -> impl Iterator<Item = &'a Activity> {
        self.activities_around_contacts()
            .filter(|a| program.records_activity(&a.key))
    }

    /// The stratum with `key`.
    #[must_use]
    pub fn stratum(&self, key: &Key) -> Option<&Stratum> {
        self.strata.iter().find(|s| &s.key == key)
    }

    /// The component with `key`.
    #[must_use]
    pub fn component(&self, key: &Key) -> Option<&Component> {
        self.components.iter().find(|c| &c.key == key)
    }

    /// The milestone with `key`.
    #[must_use]
    pub fn milestone(&self, key: &Key) -> Option<&Milestone> {
        self.milestones.iter().find(|m| &m.key == key)
    }

    /// The core skills, expected of every coach.
    pub fn core_skills(&self) -> impl Iterator<Item = &Skill> {
        self.skills.iter().filter(|s| s.tier == SkillTier::Core)
    }

    /// The level an adjustment leads to from `level`: one up or down the list, a named level,
    /// or `level` itself for hold, review and advancing a phase (whose new level the phase
    /// transition sets), past either end of the list, and for an unknown level.
    #[must_use]
    pub fn level_after(&self, level: &Key, adjustment: &Adjustment) -> Key {
        let levels = &self.intensity_levels;
        let index = self.level_index(level);
        let moved = match adjustment {
            Adjustment::StepUp => index
                .and_then(|i| i.checked_sub(1))
                .and_then(|i| levels.get(i)),
            Adjustment::StepDown => index.and_then(|i| levels.get(i + 1)),
            Adjustment::SetLevel { level: target } => self.level(target),
            Adjustment::Hold | Adjustment::Review | Adjustment::AdvancePhase => None,
        };
        moved.map_or_else(|| level.clone(), |l| l.key.clone())
    }

    /// The titration rules, none where the manual has no titration section.
    #[must_use]
    pub fn titration_rules(&self) -> &[TitrationRule] {
        self.titration.as_ref().map_or(&[], |t| t.rules.as_slice())
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
