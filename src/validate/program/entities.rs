//! Ids unique per kind; references between organizations, sites, coaches and teams; the keys
//! they take from the manual's vocabularies; names that say something.

use foldhash::{HashMap, HashMapExt, HashSet};

use crate::manual::Vocabulary;
use crate::program::Program;
use crate::validate::report::{Findings, Quoted};
use crate::validate::{check_listed_once, check_vocabulary_key};
use crate::{EntityId, Key, Manual, Rule};

/// Positions of each entity by id (the first, where an id repeats).
pub(super) struct Index {
    pub(super) organizations: HashMap<EntityId, usize>,
    pub(super) sites: HashMap<EntityId, usize>,
    pub(super) coaches: HashMap<EntityId, usize>,
    pub(super) teams: HashMap<EntityId, usize>,
}

fn index<T>(
    items: &[T],
    id: impl Fn(&T) -> EntityId,
    collection: &str,
    rule: Rule,
    findings: &mut Findings,
) -> HashMap<EntityId, usize> {
    let mut map = HashMap::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let id = id(item);
        if let Some(first) = map.get(&id) {
            findings.push(
                rule,
                format!("/{collection}/{i}/id"),
                format!("id {id} is already used at /{collection}/{first}; ids must be unique"),
            );
        } else {
            map.insert(id, i);
        }
    }
    map
}

impl Index {
    /// The name of the coach with `id` as a message quotes it, or the id where the coach is
    /// unknown.
    pub(super) fn coach_name(&self, program: &Program, id: EntityId) -> String {
        self.coaches
            .get(&id)
            .and_then(|&c| program.coaches.get(c))
            .map_or_else(|| id.to_string(), |c| Quoted(&c.name).to_string())
    }

    /// The name of the site with `id` as a message quotes it, or the id where the site is
    /// unknown.
    pub(super) fn site_name(&self, program: &Program, id: EntityId) -> String {
        self.sites
            .get(&id)
            .and_then(|&s| program.sites.get(s))
            .map_or_else(|| id.to_string(), |s| Quoted(&s.name).to_string())
    }
}

pub(super) fn check(program: &Program, manual: &Manual, findings: &mut Findings) -> Index {
    let index = Index {
        organizations: index(
            &program.organizations,
            |o| o.id,
            "organizations",
            Rule::OrganizationIdDuplicate,
            findings,
        ),
        sites: index(
            &program.sites,
            |s| s.id,
            "sites",
            Rule::SiteIdDuplicate,
            findings,
        ),
        coaches: index(
            &program.coaches,
            |c| c.id,
            "coaches",
            Rule::CoachIdDuplicate,
            findings,
        ),
        teams: index(
            &program.teams,
            |t| t.id,
            "teams",
            Rule::TeamIdDuplicate,
            findings,
        ),
    };
    let vocabularies = &manual.vocabularies;
    // The pointer is formatted only for a finding.
    let mut blank = |path: &dyn Fn() -> String, text: &str| {
        if text.trim().is_empty() {
            findings.push(
                Rule::TextBlank,
                path(),
                "the text is blank; expected words a reader can use".to_owned(),
            );
        }
    };
    for (i, organization) in program.organizations.iter().enumerate() {
        blank(&|| format!("/organizations/{i}/name"), &organization.name);
    }
    for (i, site) in program.sites.iter().enumerate() {
        blank(&|| format!("/sites/{i}/name"), &site.name);
    }
    for (i, coach) in program.coaches.iter().enumerate() {
        blank(&|| format!("/coaches/{i}/name"), &coach.name);
    }
    for (i, team) in program.teams.iter().enumerate() {
        if let Some(name) = &team.name {
            blank(&|| format!("/teams/{i}/name"), name);
        }
    }
    for (i, site) in program.sites.iter().enumerate() {
        if !index.organizations.contains_key(&site.organization) {
            findings.push(
                Rule::SiteOrganizationUnknown,
                format!("/sites/{i}/organization"),
                format!(
                    "site `{}` belongs to organization {}, which is not among the program's organizations",
                    Quoted(&site.name),
                    site.organization
                ),
            );
        }
        check_vocabulary_key(
            vocabularies,
            Vocabulary::SiteKinds,
            &site.kind,
            || format!("/sites/{i}/kind"),
            findings,
        );
        if let Some(stratum) = &site.stratum
            && manual.stratum(stratum).is_none()
        {
            findings.push(
                Rule::SiteStratumUnknown,
                format!("/sites/{i}/stratum"),
                format!(
                    "site `{}` names stratum `{stratum}`, which is not a stratum of the manual",
                    Quoted(&site.name)
                ),
            );
        }
    }
    let skills: HashSet<&Key> = manual.skills.iter().map(|s| &s.key).collect();
    for (i, coach) in program.coaches.iter().enumerate() {
        check_coach(
            manual,
            &skills,
            coach,
            &|| format!("/coaches/{i}"),
            findings,
        );
    }
    index
}

/// A coach's keys, each from the vocabulary it belongs to and listed once, and skills of the
/// manual.
fn check_coach(
    manual: &Manual,
    skills: &HashSet<&Key>,
    coach: &crate::program::Coach,
    at: &dyn Fn() -> String,
    findings: &mut Findings,
) {
    let vocabularies = &manual.vocabularies;
    let lists: [(&str, Vocabulary, &[Key]); 4] = [
        ("disciplines", Vocabulary::Disciplines, &coach.disciplines),
        ("roles", Vocabulary::Roles, &coach.roles),
        ("degrees", Vocabulary::Degrees, &coach.degrees),
        (
            "certifications",
            Vocabulary::Certifications,
            &coach.certifications,
        ),
    ];
    for (member, vocabulary, keys) in lists {
        for (j, key) in keys.iter().enumerate() {
            check_vocabulary_key(
                vocabularies,
                vocabulary,
                key,
                || format!("{}/{member}/{j}", at()),
                findings,
            );
        }
        check_listed_once(keys, || format!("{}/{member}", at()), findings);
    }
    for (j, experience) in coach.experience.iter().enumerate() {
        check_vocabulary_key(
            vocabularies,
            Vocabulary::ExperienceKinds,
            &experience.kind,
            || format!("{}/experience/{j}/kind", at()),
            findings,
        );
    }
    // Only a list of more than one can repeat a kind: the kinds are collected for those alone.
    if coach.experience.len() > 1 {
        let kinds: Vec<&Key> = coach.experience.iter().map(|e| &e.kind).collect();
        check_listed_once(&kinds, || format!("{}/experience", at()), findings);
    }
    check_listed_once(&coach.skills, || format!("{}/skills", at()), findings);
    for (j, skill) in coach.skills.iter().enumerate() {
        if !skills.contains(skill) {
            findings.push(
                Rule::CoachSkillUnknown,
                format!("{}/skills/{j}", at()),
                format!("skill `{skill}` is not a skill of the manual"),
            );
        }
    }
}
