//! The embedded sample program: valid against the late manual, and covering what it claims.

use practice_coaching::program::{Assignee, Program};
use practice_coaching::reference::{SAMPLE_PROGRAM_JSON, bhicci_late, sample_program};
use practice_coaching::{Discipline, SiteKind};

#[test]
fn parses_round_trips_and_validates_against_the_late_manual_without_errors() {
    let program = Program::from_json(SAMPLE_PROGRAM_JSON.as_bytes()).expect("parses");
    assert_eq!(&program, sample_program());
    let written = serde_json::to_vec(&program).expect("serializes");
    assert_eq!(Program::from_json(&written).expect("re-parses"), program);
    let report = program.validate(bhicci_late());
    assert!(!report.has_errors(), "{report:#?}");
}

#[test]
fn has_sites_of_every_kind_and_both_coach_disciplines_in_dyads() {
    let program = sample_program();
    for kind in SiteKind::ALL {
        assert!(program.sites.iter().any(|s| s.kind == kind), "{kind:?}");
    }
    for discipline in [Discipline::BehavioralHealth, Discipline::Medical] {
        assert!(
            program
                .coaches
                .iter()
                .any(|c| c.disciplines.contains(&discipline))
        );
    }
    assert!(program.dyads.len() >= 2);
    assert!(
        program
            .assignments
            .iter()
            .any(|a| matches!(a.assignee, Assignee::Dyad(_)))
    );
    assert!(program.organizations.iter().any(|o| o.requires_dyad));
    assert!(program.organizations.iter().any(|o| !o.requires_dyad));
}
