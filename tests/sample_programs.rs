//! The embedded sample programs: each parses, round-trips, and validates against its manual
//! with no finding at all, and uses what its manual defines (a team where the manual has a team
//! rule, single coaches where it has none).

use practice_coaching::program::{Assignee, Program};
use practice_coaching::reference::{self, DOCUMENTS};

#[test]
fn every_sample_program_is_clean_against_its_manual() {
    for (name, program, manual) in reference::sample_programs() {
        let json = DOCUMENTS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, json)| *json)
            .expect("listed among the documents");
        let parsed = Program::from_json(json.as_bytes()).expect("parses");
        assert_eq!(&parsed, program, "{name}");
        assert_eq!(
            Program::from_json(program.to_json().as_bytes()).expect("re-parses"),
            parsed,
            "{name} round-trips"
        );
        assert!(
            program.manual.version.matches(&manual.version),
            "{name} follows {}",
            manual.version
        );
        let report = program.validate(manual);
        assert!(report.is_empty(), "{name}: {:#?}", report.diagnostics());
    }
}

#[test]
fn every_sample_program_has_relationships_with_contacts() {
    for (name, program, _) in reference::sample_programs() {
        assert!(!program.relationships.is_empty(), "{name}");
        assert!(
            program.relationships.iter().all(|r| !r.contacts.is_empty()),
            "{name}: every relationship logs contacts"
        );
    }
}

#[test]
fn teams_exactly_where_the_manual_has_a_team_rule() {
    for (name, program, manual) in reference::sample_programs() {
        let teams = program
            .assignments
            .iter()
            .any(|a| matches!(a.assignee, Assignee::Team(_)));
        assert_eq!(teams, manual.team.is_some(), "{name}");
        assert_eq!(!program.teams.is_empty(), manual.team.is_some(), "{name}");
    }
}

#[test]
fn every_site_kind_a_sample_program_uses_is_declared_and_plans_make_sense() {
    for (name, program, manual) in reference::sample_programs() {
        for site in &program.sites {
            assert!(
                manual
                    .vocabularies
                    .declares(practice_coaching::manual::Vocabulary::SiteKinds, &site.kind),
                "{name}: {}",
                site.kind
            );
        }
        // Contacts are planned where some level prescribes a counted dose; a manual whose
        // sources report none plans none.
        let counted_dose = manual
            .intensity_levels
            .iter()
            .any(|l| !l.prescriptions.is_empty());
        for plan in program.plans(manual, None) {
            assert!(plan.from < plan.until, "{name}: a plan of some length");
            assert_eq!(
                plan.periods.iter().any(|p| p.min_contacts > 0),
                counted_dose,
                "{name}: contacts are planned"
            );
        }
    }
}
