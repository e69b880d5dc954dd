//! The manual's vocabularies: keys unique in each, and every key the manual itself uses
//! declared in the vocabulary it belongs to.

use crate::manual::{Attendee, QualificationCheck, TeamRequirement, Vocabulary};
use crate::validate::report::Findings;
use crate::validate::{check_listed_once, check_vocabulary_key};
use crate::{Key, Manual, Rule};

pub(super) fn check(manual: &Manual, findings: &mut Findings) {
    let vocabularies = &manual.vocabularies;
    for vocabulary in Vocabulary::ALL {
        super::check_unique_keys(
            vocabularies.entries(vocabulary).map(|(key, _)| key),
            &format!("/vocabularies/{}", vocabulary.as_str()),
            Rule::VocabularyKeyDuplicate,
            findings,
        );
    }
    let mut uses: Vec<Use<'_>> = Vec::new();
    for (i, skill) in manual.skills.iter().enumerate() {
        for (j, key) in skill.disciplines.iter().enumerate() {
            uses.push((
                Vocabulary::Disciplines,
                key,
                format!("/skills/{i}/disciplines/{j}"),
            ));
        }
        for (j, key) in skill.roles.iter().enumerate() {
            uses.push((Vocabulary::Roles, key, format!("/skills/{i}/roles/{j}")));
        }
        check_listed_once(
            &skill.disciplines,
            || format!("/skills/{i}/disciplines"),
            findings,
        );
        check_listed_once(&skill.roles, || format!("/skills/{i}/roles"), findings);
    }
    for (i, measure) in manual.measures.iter().enumerate() {
        uses.push((
            Vocabulary::MeasureKinds,
            &measure.kind,
            format!("/measures/{i}/kind"),
        ));
    }
    for (i, activity) in manual.activities.iter().enumerate() {
        uses.push((
            Vocabulary::ActivityKinds,
            &activity.kind,
            format!("/activities/{i}/kind"),
        ));
        for (j, attendee) in activity.attendees.iter().enumerate() {
            if let Attendee::Role(role) = attendee {
                uses.push((
                    Vocabulary::Roles,
                    role,
                    format!("/activities/{i}/attendees/{j}/role"),
                ));
            }
        }
    }
    qualification_uses(manual, &mut uses, findings);
    team_uses(manual, &mut uses, findings);
    for (vocabulary, key, path) in uses {
        check_vocabulary_key(vocabularies, vocabulary, key, || path, findings);
    }
}

/// A vocabulary key the manual uses, with the vocabulary and the JSON Pointer.
type Use<'m> = (Vocabulary, &'m Key, String);

fn qualification_uses<'m>(manual: &'m Manual, uses: &mut Vec<Use<'m>>, findings: &mut Findings) {
    for (i, q) in manual.qualifications.iter().enumerate() {
        let at = format!("/qualifications/{i}");
        if let Some(role) = &q.role {
            uses.push((Vocabulary::Roles, role, format!("{at}/role")));
        }
        match &q.check {
            QualificationCheck::ExperienceYears { kind, .. } => uses.push((
                Vocabulary::ExperienceKinds,
                kind,
                format!("{at}/check/experience_years/kind"),
            )),
            QualificationCheck::ExperienceHeld { kind } => uses.push((
                Vocabulary::ExperienceKinds,
                kind,
                format!("{at}/check/experience_held/kind"),
            )),
            QualificationCheck::CertificationHeld { certification } => uses.push((
                Vocabulary::Certifications,
                certification,
                format!("{at}/check/certification_held/certification"),
            )),
            QualificationCheck::DisciplineHeld { any_of } => {
                check_listed_once(
                    any_of,
                    || format!("{at}/check/discipline_held/any_of"),
                    findings,
                );
                for (j, key) in any_of.iter().enumerate() {
                    uses.push((
                        Vocabulary::Disciplines,
                        key,
                        format!("{at}/check/discipline_held/any_of/{j}"),
                    ));
                }
            }
            QualificationCheck::MinimumDegree { .. }
            | QualificationCheck::TrainingHours { .. }
            | QualificationCheck::CoreSkills => {}
        }
    }
}

fn team_uses<'m>(manual: &'m Manual, uses: &mut Vec<Use<'m>>, findings: &mut Findings) {
    if let Some(team) = &manual.team {
        for (i, role) in team.roles.iter().enumerate() {
            let at = format!("/team/roles/{i}");
            uses.push((Vocabulary::Roles, &role.role, format!("{at}/role")));
            for (j, key) in role.disciplines.iter().enumerate() {
                uses.push((
                    Vocabulary::Disciplines,
                    key,
                    format!("{at}/disciplines/{j}"),
                ));
            }
            check_listed_once(&role.disciplines, || format!("{at}/disciplines"), findings);
            check_listed_once(&role.skills, || format!("{at}/skills"), findings);
        }
        if let TeamRequirement::SiteKinds(kinds) = &team.required_for {
            for (j, key) in kinds.iter().enumerate() {
                uses.push((
                    Vocabulary::SiteKinds,
                    key,
                    format!("/team/required_for/site_kinds/{j}"),
                ));
            }
        }
        if let Some(policy) = &team.for_coaches_without {
            uses.push((
                Vocabulary::ExperienceKinds,
                &policy.experience,
                "/team/for_coaches_without/experience".to_owned(),
            ));
        }
    }
}
