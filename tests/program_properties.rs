//! Property tests over generated valid programs: no errors against the late manual, a lossless
//! round trip, and mutations that must cause a known (code, path).

mod common;

use common::program_gen::{arb_program, coach, id};
use practice_coaching::manual::{CaseloadThreshold, Citation, Evidence};
use practice_coaching::program::{Assignee, Assignment, IntegrationDirection, Program, Site};
use practice_coaching::reference::bhicci_late;
use practice_coaching::{Discipline, Manual, SiteCount, SiteKind};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn generated_programs_have_no_errors(program in arb_program()) {
        let report = program.validate(bhicci_late());
        prop_assert!(!report.has_errors(), "{:#?}", report);
    }

    #[test]
    fn typed_json_typed_is_lossless(program in arb_program()) {
        let json = serde_json::to_vec(&program).expect("serializes");
        let back = Program::from_json(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back, program);
    }

    #[test]
    fn mutations_cause_their_findings(program in arb_program(), which in 0usize..6) {
        let mut manual = bhicci_late().clone();
        let mut broken = program;
        let (code, path) = mutate(&mut broken, &mut manual, which);
        let report = broken.validate(&manual);
        prop_assert!(report.contains(code, &path), "expected {} at {}, got {:#?}", code, path, report);
    }
}

/// A site of the first organization, currently coached by `assignee`; returns the
/// assignment's position.
fn add_site(program: &mut Program, n: u32, assignee: Assignee) -> usize {
    let site = Site {
        id: id(10_000 + n),
        organization: program.organizations[0].id,
        name: format!("Added site {n}"),
        kind: SiteKind::Fqhc,
        integration_direction: IntegrationDirection::Both,
        clinical_site_count: SiteCount::new(1).expect("bounded"),
    };
    let from = "2020-01-01".parse().expect("a date");
    program.assignments.push(Assignment {
        site: site.id,
        assignee,
        from,
    });
    program.sites.push(site);
    program.assignments.len() - 1
}

/// Breaks a valid program (or its manual) in one way and says which finding that must cause.
fn mutate(program: &mut Program, manual: &mut Manual, which: usize) -> (&'static str, String) {
    match which {
        // Duplicate an id: the last coach takes the first coach's id.
        0 => {
            let last = program.coaches.len() - 1;
            program.coaches.push(coach(0, Discipline::Medical));
            program.coaches[last + 1].id = program.coaches[0].id;
            ("coach-id-duplicate", format!("/coaches/{}/id", last + 1))
        }
        // Point at an unknown coach.
        1 => {
            program.dyads[0].coaches[0] = id(99_999);
            ("dyad-coach-unknown", "/dyads/0/coaches/0".into())
        }
        // Pair two MD coaches.
        2 => {
            let md = id(88_888);
            program.coaches.push(coach(0, Discipline::Medical));
            program.coaches.last_mut().expect("pushed").id = md;
            program.dyads[0].coaches[0] = md;
            ("dyad-discipline-mismatch", "/dyads/0".into())
        }
        // Drop a required dyad: the late manual requires one for every site.
        3 => {
            let k = add_site(program, 1, Assignee::Coach(program.coaches[0].id));
            ("site-dyad-required", format!("/assignments/{k}/assignee"))
        }
        // Remove a core skill from the first coach.
        4 => {
            program.coaches[0].skills.remove(0);
            ("coach-core-skill-missing", "/coaches/0/skills".into())
        }
        // Exceed a caseload threshold: two more sites for the first dyad, threshold 1.
        _ => {
            let dyad = Assignee::Dyad(program.dyads[0].id);
            add_site(program, 1, dyad);
            add_site(program, 2, dyad);
            let rationale = Some("a threshold for this test".to_owned());
            let citations = vec![Citation {
                source: None,
                evidence: Evidence::Design,
                locator: None,
                rationale,
            }];
            let sites = SiteCount::new(1).expect("bounded");
            manual.pairing.caseload_warning_above = Some(CaseloadThreshold { sites, citations });
            let first = program.dyads[0].coaches[0];
            let i = program
                .coaches
                .iter()
                .position(|c| c.id == first)
                .expect("a member");
            ("caseload-over-threshold", format!("/coaches/{i}"))
        }
    }
}
