//! Property tests over generated valid manuals: no errors, a lossless round trip, and
//! mutations that must cause a known (code, path).

mod common;

use common::manual_gen::{arb_manual, key};
use practice_coaching::Manual;
use practice_coaching::manual::{Channel, SkillTier};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn generated_manuals_have_no_errors(manual in arb_manual()) {
        let report = manual.validate();
        prop_assert!(!report.has_errors(), "{:#?}", report);
    }

    #[test]
    fn typed_json_typed_is_lossless(manual in arb_manual()) {
        let json = serde_json::to_vec(&manual).expect("serializes");
        let back = Manual::from_json(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back, manual);
    }

    #[test]
    fn mutations_cause_their_findings(manual in arb_manual(), which in 0usize..5) {
        let mut broken = manual;
        let (code, path) = mutate(&mut broken, which);
        let report = broken.validate();
        prop_assert!(report.contains(code, &path), "expected {} at {}, got {:#?}", code, path, report);
    }
}

/// Breaks a valid manual in one way and says which finding that must cause.
fn mutate(manual: &mut Manual, which: usize) -> (&'static str, String) {
    match which {
        // Swap a range: the in-person contacts of the first level.
        0 => {
            let level = &mut manual.intensity_levels[0];
            let p = level
                .prescriptions
                .iter_mut()
                .find(|p| p.channel == Channel::InPerson)
                .expect("generated");
            p.max_contacts =
                practice_coaching::ContactCount::new(p.min_contacts.get() + 1).expect("small");
            std::mem::swap(&mut p.min_contacts, &mut p.max_contacts);
            (
                "dose-contacts-inverted",
                "/intensity_levels/0/prescriptions/0/max_contacts".into(),
            )
        }
        // Duplicate a key: the last skill takes the first one's key.
        1 => {
            let mut copy = manual.skills[0].clone();
            copy.name = "Copy".into();
            manual.skills.push(copy);
            (
                "skill-key-duplicate",
                format!("/skills/{}/key", manual.skills.len() - 1),
            )
        }
        // An unknown reference: a phase starts at a level that does not exist.
        2 => {
            let last = manual.phases.len() - 1;
            manual.phases[last].starting_level = key("no-such-level");
            (
                "phase-level-unknown",
                format!("/phases/{last}/starting_level"),
            )
        }
        // Break dominance: a copy of the most intensive level listed last.
        3 => {
            let mut copy = manual.intensity_levels[0].clone();
            copy.key = key("copy-of-top");
            manual.intensity_levels.push(copy);
            (
                "level-order",
                format!("/intensity_levels/{}", manual.intensity_levels.len() - 1),
            )
        }
        // Drop a core skill's tier: it becomes a specialty skill no discipline holds.
        _ => {
            let i = manual
                .skills
                .iter()
                .position(|s| s.tier == SkillTier::Core)
                .expect("generated");
            manual.skills[i].tier = SkillTier::Specialty;
            (
                "skill-specialty-discipline-missing",
                format!("/skills/{i}/disciplines"),
            )
        }
    }
}
