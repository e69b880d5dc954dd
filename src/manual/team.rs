//! The team rule: which sites are coached by a team of coaches, in which roles.
//!
//! A manual without one coaches every site with a single coach, and no team rule runs.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Citation, Requirement};
use crate::program::{Coach, Organization, Site, Team};
use crate::{CoachCount, Key, SiteCount};

/// How coaches work together as a team at a site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamRule {
    /// The roles a team fills; the team's size is the sum of their counts.
    pub roles: Vec<TeamRole>,
    /// Which sites must be coached by a team.
    pub required_for: TeamRequirement,
    /// Whether the team's coaches make contacts together.
    pub joint_contacts: bool,
    /// A coach lacking this experience kind should not coach alone: the manual recommends (or
    /// requires) a team for them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_coaches_without: Option<ExperienceTeamPolicy>,
    /// Where the rule comes from.
    pub citations: Vec<Citation>,
}

/// A role in a team and what qualifies a coach for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamRole {
    /// The role (by key, from `vocabularies.roles`).
    pub role: Key,
    /// How many coaches fill the role; one when left out.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub count: CoachCount,
    /// A coach in the role holds at least one of these disciplines (by key); any when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disciplines: Vec<Key>,
    /// A coach in the role holds all of these skills (by key).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<Key>,
    /// Whether this role is the site's regular point of contact.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub point_of_contact: bool,
}

fn one() -> CoachCount {
    CoachCount::MIN_VALUE
}

// Serde's `skip_serializing_if` passes a reference.
#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_one(count: &CoachCount) -> bool {
    count.get() == 1
}

impl TeamRule {
    /// The number of coaches in a full team.
    #[must_use]
    pub fn size(&self) -> u32 {
        self.roles.iter().map(|r| u32::from(r.count.get())).sum()
    }

    /// Whether `site`, of `organization` (where known), must be coached by a team.
    #[must_use]
    pub fn required_at(&self, site: &Site, organization: Option<&Organization>) -> bool {
        self.required_for
            .applies_to(&site.kind, organization.is_some_and(|o| o.requires_team))
    }

    /// How `team` fills the rule's roles: each role of the rule in its order, with how many
    /// members fill it, then each role the rule does not have, by key.
    #[must_use]
    pub fn role_counts<'a>(&'a self, team: &'a Team) -> Vec<RoleCount<'a>> {
        let filled = |role: &Key| {
            let n = team.members.iter().filter(|m| &m.role == role).count();
            u32::try_from(n).unwrap_or(u32::MAX)
        };
        let mut counts: Vec<RoleCount<'a>> = self
            .roles
            .iter()
            .map(|r| RoleCount {
                role: &r.role,
                have: filled(&r.role),
                want: Some(u32::from(r.count.get())),
            })
            .collect();
        let mut extra: Vec<&'a Key> = team
            .members
            .iter()
            .map(|m| &m.role)
            .filter(|role| !self.roles.iter().any(|r| &r.role == *role))
            .collect();
        extra.sort_unstable();
        extra.dedup();
        counts.extend(extra.into_iter().map(|role| RoleCount {
            role,
            have: filled(role),
            want: None,
        }));
        counts
    }
}

/// How many members of a team fill a role, against the team rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RoleCount<'a> {
    /// The role (by key).
    pub role: &'a Key,
    /// Members in the role.
    pub have: u32,
    /// Members the rule asks for; `None` for a role the rule does not have.
    pub want: Option<u32>,
}

impl std::fmt::Display for RoleCount<'_> {
    /// What is wrong with the count, in the words of `team-roles-mismatch`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.want {
            Some(want) => write!(f, "{} in role `{}` (expected {want})", self.have, self.role),
            None => write!(f, "role `{}`, which the team rule does not have", self.role),
        }
    }
}

impl RoleCount<'_> {
    /// Whether the team fills the role as the rule says.
    #[must_use]
    pub fn as_asked(&self) -> bool {
        self.want == Some(self.have)
    }
}

impl TeamRole {
    /// What `coach` lacks for the role, in words: a discipline of the role's (one of them) and
    /// its skills (all of them). Empty where the coach brings what the role asks.
    #[must_use]
    pub fn lacks(&self, coach: &Coach) -> Vec<String> {
        let mut missing = Vec::new();
        if !self.disciplines.is_empty()
            && !self
                .disciplines
                .iter()
                .any(|d| coach.disciplines.contains(d))
        {
            let names: Vec<&str> = self.disciplines.iter().map(Key::as_str).collect();
            missing.push(format!("a discipline of {}", names.join(", ")));
        }
        let lacking: Vec<&str> = self
            .skills
            .iter()
            .filter(|s| !coach.skills.contains(s))
            .map(Key::as_str)
            .collect();
        if !lacking.is_empty() {
            missing.push(format!("skills {}", lacking.join(", ")));
        }
        missing
    }
}

/// Which sites need a team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum TeamRequirement {
    /// No site must have one; teams are allowed.
    NoSites,
    /// Every site.
    AllSites,
    /// Sites of organizations whose `requires_team` flag is set.
    SelectedOrganizations,
    /// Sites of these kinds (by key).
    SiteKinds(Vec<Key>),
}

impl TeamRequirement {
    /// Whether a site of `kind`, in an organization whose `requires_team` flag is
    /// `organization_requires_team`, must be coached by a team.
    #[must_use]
    pub fn applies_to(&self, kind: &Key, organization_requires_team: bool) -> bool {
        match self {
            Self::NoSites => false,
            Self::AllSites => true,
            Self::SelectedOrganizations => organization_requires_team,
            Self::SiteKinds(kinds) => kinds.contains(kind),
        }
    }
}

/// A team for coaches without an experience kind (coaches without integrated-care experience
/// may be better supported by a team).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExperienceTeamPolicy {
    /// The experience kind (by key) a coach coaching alone should have.
    pub experience: Key,
    /// Required or recommended.
    pub requirement: Requirement,
    /// Where the policy comes from.
    pub citations: Vec<Citation>,
}

/// A caseload above which a warning is raised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseloadThreshold {
    /// Sites per coach: with an active relationship at one time, or over the whole program
    /// as `counted` says.
    pub sites: SiteCount,
    /// Whether the sites are counted at one time (the default) or over the whole program.
    #[serde(default, skip_serializing_if = "CaseloadSpan::is_at_one_time")]
    pub counted: CaseloadSpan,
    /// Where the figure comes from.
    pub citations: Vec<Citation>,
}

/// Over what time a caseload counts a coach's sites.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CaseloadSpan {
    /// Sites with an active relationship on one day; a coach's capacity.
    #[default]
    AtOneTime,
    /// Every site a coach was ever assigned over the program (84 practices over five years
    /// for four facilitators of a stepped wedge): not a capacity at any one time.
    OverProgram,
}

impl CaseloadSpan {
    /// Whether sites are counted at one time.
    #[must_use]
    pub const fn is_at_one_time(&self) -> bool {
        matches!(self, Self::AtOneTime)
    }

    /// `at_one_time` or `over_program`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::AtOneTime => "at_one_time",
            Self::OverProgram => "over_program",
        }
    }
}

impl CaseloadThreshold {
    /// The threshold as a capacity at one time: `None` where it counts over the program.
    #[must_use]
    pub fn at_one_time(&self) -> Option<SiteCount> {
        self.counted.is_at_one_time().then_some(self.sites)
    }
}
