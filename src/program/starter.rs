//! A program to start from for any manual: one organization, one site, the coaches the manual's
//! team rule and qualification checks ask for, and a relationship at the start of its first
//! phase.

use std::fmt;

use super::{
    Assignee, Assignment, Coach, Experience, ManualReference, Organization, PhaseTransition,
    Program, Relationship, Site, Team, TeamMember,
};
use crate::manual::{QualificationCheck, Requirement, SkillTier};
use crate::{Date, EntityId, Key, Manual};

impl Program {
    /// A program that follows `manual` and validates against it: one organization and one
    /// site of the manual's first site kind, coached from `start` by one coach (or, where the
    /// manual's team rule asks for a team, one coach per seat of the team), each holding what
    /// the manual's required qualification checks ask of their role, and a relationship
    /// entering the manual's first phase on `start`. Every name says what to replace.
    ///
    /// # Errors
    /// [`StarterError`] naming the manual section a program needs and the manual lacks: a site
    /// kind, a phase.
    pub fn starter(manual: &Manual, start: Date) -> Result<Program, StarterError> {
        let kind = manual
            .vocabularies
            .site_kinds
            .first()
            .ok_or(StarterError::NoSiteKind)?
            .key
            .clone();
        let phase = manual
            .phases
            .first()
            .ok_or(StarterError::NoPhase)?
            .key
            .clone();
        let id = |n: u128| EntityId::from_uuid(uuid::Uuid::from_u128(STARTER_IDS + n));
        let organization = id(1);
        let site = id(2);
        let (coaches, teams, assignee) = coached_by(manual, id);
        Ok(Program {
            schema: Some("urn:practice-coaching:schema:program:2".to_owned()),
            manual: ManualReference {
                id: manual.id.clone(),
                version: semver::VersionReq {
                    comparators: vec![semver::Comparator {
                        op: semver::Op::Caret,
                        major: manual.version.major,
                        minor: Some(manual.version.minor),
                        patch: None,
                        pre: semver::Prerelease::EMPTY,
                    }],
                },
                earlier: Vec::new(),
            },
            organizations: vec![Organization {
                id: organization,
                name: "Replace with the organization's name".to_owned(),
                requires_team: false,
            }],
            sites: vec![Site {
                id: site,
                organization,
                name: "Replace with the site's name".to_owned(),
                kind,
                clinic_count: None,
                location: None,
                stratum: None,
            }],
            coaches,
            teams,
            assignments: vec![Assignment {
                site,
                assignee,
                from: start,
                until: None,
            }],
            relationships: vec![Relationship {
                site,
                start,
                end: None,
                phases: vec![PhaseTransition {
                    date: start,
                    phase,
                    reason: None,
                }],
                titration: Vec::new(),
                met: Vec::new(),
                contacts: Vec::new(),
                components: Vec::new(),
            }],
            recorded_activities: None,
        })
    }
}

/// The coaches of a starter program, the team they form where the manual's team rule asks for
/// one, and who the site's assignment names; ids from `id`.
fn coached_by(manual: &Manual, id: impl Fn(u128) -> EntityId) -> (Vec<Coach>, Vec<Team>, Assignee) {
    let seats: Vec<Option<&crate::manual::TeamRole>> = match &manual.team {
        Some(rule) => rule
            .roles
            .iter()
            .flat_map(|role| std::iter::repeat_n(Some(role), usize::from(role.count.get())))
            .collect(),
        None => vec![None],
    };
    let coaches: Vec<Coach> = seats
        .iter()
        .zip(10..)
        .map(|(role, n)| coach(manual, *role, id(n), n - 9))
        .collect();
    let (assignee, teams) = if manual.team.is_some() {
        let team = Team {
            id: id(3),
            name: Some("Replace with the team's name".to_owned()),
            members: coaches
                .iter()
                .zip(&seats)
                .filter_map(|(c, role)| {
                    role.map(|r| TeamMember {
                        coach: c.id,
                        role: r.role.clone(),
                    })
                })
                .collect(),
        };
        (Assignee::Team(team.id), vec![team])
    } else {
        let only = coaches.first().map_or(id(10), |c| c.id);
        (Assignee::Coach(only), Vec::new())
    };
    (coaches, teams, assignee)
}

/// The ids of a starter program count up from here: fixed, so that two starters of one manual
/// are the same document, and in UUID version 4's form.
const STARTER_IDS: u128 = 0x5a00_0000_0000_4000_8000_0000_0000_0000;

/// Coach number `n` for a seat in `role` (or the only coach), holding what the manual's required
/// checks of that role ask for.
fn coach(manual: &Manual, role: Option<&crate::manual::TeamRole>, id: EntityId, n: u128) -> Coach {
    let mut coach = Coach {
        id,
        name: format!("Replace with coach {n}'s name"),
        disciplines: Vec::new(),
        roles: Vec::new(),
        degrees: Vec::new(),
        certifications: Vec::new(),
        experience: Vec::new(),
        training_hours: None,
        skills: Vec::new(),
        employment: None,
        capacity: None,
        location: None,
    };
    if let Some(role) = role {
        coach.roles.push(role.role.clone());
        coach.disciplines.extend(role.disciplines.first().cloned());
        coach.skills.extend(role.skills.iter().cloned());
    } else if let Some(first) = manual.vocabularies.disciplines.first() {
        coach.disciplines.push(first.key.clone());
    }
    let role_key = role.map(|r| &r.role);
    for qualification in &manual.qualifications {
        let applies = qualification.role.is_none() || qualification.role.as_ref() == role_key;
        if qualification.requirement == Requirement::NotRequired || !applies {
            continue;
        }
        hold(manual, &qualification.check, &mut coach);
    }
    coach
}

/// Gives `coach` what `check` asks for, where the manual declares it.
fn hold(manual: &Manual, check: &QualificationCheck, coach: &mut Coach) {
    let add = |list: &mut Vec<Key>, key: &Key| {
        if !list.contains(key) {
            list.push(key.clone());
        }
    };
    match check {
        QualificationCheck::MinimumDegree { level } => {
            if let Some(degree) = manual
                .vocabularies
                .degrees
                .iter()
                .find(|d| d.level >= *level)
            {
                add(&mut coach.degrees, &degree.key);
            }
        }
        QualificationCheck::ExperienceYears { kind, years } => {
            coach.experience.retain(|e| &e.kind != kind);
            coach.experience.push(Experience {
                kind: kind.clone(),
                years: Some(*years),
            });
        }
        QualificationCheck::ExperienceHeld { kind } => {
            if !coach.experience.iter().any(|e| &e.kind == kind) {
                coach.experience.push(Experience {
                    kind: kind.clone(),
                    years: None,
                });
            }
        }
        QualificationCheck::CertificationHeld { certification } => {
            add(&mut coach.certifications, certification);
        }
        QualificationCheck::DisciplineHeld { any_of } => {
            if !any_of.iter().any(|d| coach.disciplines.contains(d))
                && let Some(first) = any_of.first()
            {
                coach.disciplines.push(first.clone());
            }
        }
        QualificationCheck::TrainingHours { hours } => {
            coach.training_hours = Some(coach.training_hours.map_or(*hours, |h| h.max(*hours)));
        }
        QualificationCheck::CoreSkills => {
            for skill in manual.skills.iter().filter(|s| s.tier == SkillTier::Core) {
                add(&mut coach.skills, &skill.key);
            }
        }
    }
}

/// What a manual lacks for a program to be started from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum StarterError {
    /// The manual declares no site kind, and every site has one.
    NoSiteKind,
    /// The manual has no phase for a relationship to enter.
    NoPhase,
}

impl fmt::Display for StarterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoSiteKind => f.write_str(
                "the manual declares no site kind, and every site of a program has one: add \
                 an entry such as {\"key\": \"primary-care\", \"name\": \"Primary care practice\"} \
                 to the manual's `vocabularies.site_kinds`",
            ),
            Self::NoPhase => f.write_str(
                "the manual has no phase for a relationship to enter: add one to `phases`",
            ),
        }
    }
}

impl std::error::Error for StarterError {}
