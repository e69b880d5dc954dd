//! Property tests over generated valid manuals (`tests/common/manual_gen.rs`): they validate with
//! no finding at all, survive the JSON round trip unchanged, meet the JSON Schema, keep the
//! dose arithmetic exact, and every titration rule is the one its own trigger selects; mutations
//! of them cause a known finding at a known path.

mod common;

use std::sync::LazyLock;

use common::manual_gen::{arb_manual, key};
use jsonschema::Validator;
use practice_coaching::manual::{
    Adjustment, Channel, Citation, Dose, Evidence, PhaseLength, Qualification, QualificationCheck,
    Requirement, SkillTier, Titration, TitrationRule, Trigger,
};
use practice_coaching::schema::manual_schema;
use practice_coaching::{CoachCount, ContactCount, Length, Manual, Months, Weeks};
use proptest::prelude::*;
use serde_json::Value;

/// The manual schema's validator, asserting formats, as a strict consumer would run it.
static SCHEMA: LazyLock<Validator> = LazyLock::new(|| {
    jsonschema::options()
        .should_validate_formats(true)
        .should_ignore_unknown_formats(false)
        .build(&manual_schema())
        .expect("the schema compiles")
});

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn generated_manuals_have_no_finding(manual in arb_manual()) {
        let report = manual.validate();
        prop_assert!(report.is_empty(), "{:#?}", report);
    }

    #[test]
    fn json_round_trips_unchanged(manual in arb_manual()) {
        let pretty = manual.to_json();
        let back = Manual::from_json(pretty.as_bytes())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&back, &manual);
        // Writing what was read gives the same text, and the compact form reads the same.
        prop_assert_eq!(back.to_json(), pretty);
        let compact = serde_json::to_vec(&manual).expect("serializes");
        let back = Manual::from_json(&compact).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back, manual);
    }

    #[test]
    fn the_schema_accepts_generated_manuals(manual in arb_manual()) {
        let value: Value = serde_json::from_str(&manual.to_json()).expect("JSON");
        let errors: Vec<String> = SCHEMA
            .iter_errors(&value)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        prop_assert!(errors.is_empty(), "{:#?}", errors);
    }

    #[test]
    fn annual_doses_are_exact(manual in arb_manual()) {
        for level in &manual.intensity_levels {
            for p in &level.prescriptions {
                let Some(period) = p.per.period() else {
                    prop_assert_eq!(p.annual(), None);
                    continue;
                };
                let dose = p.annual().expect("a period");
                let n = period.per_year();
                let (min, max) = (u64::from(p.min_contacts.get()), u64::from(p.max_contacts.get()));
                prop_assert_eq!(dose.min_contacts, min * n);
                prop_assert_eq!(dose.max_contacts, max * n);
                let low = p.typical_minutes.or(p.min_minutes).map(|m| u64::from(m.get()));
                let high = p.typical_minutes.or(p.max_minutes).map(|m| u64::from(m.get()));
                prop_assert_eq!(dose.min_minutes, low.map(|m| min * n * m));
                prop_assert_eq!(dose.max_minutes, high.map(|m| max * n * m));
                let coaches = u64::from(p.coaches_per_contact.get());
                prop_assert_eq!(dose.max_coach_minutes, high.map(|m| max * n * m * coaches));
                // A year is the sum of its periods (from the first: a default dose knows no
                // minutes, and a sum knows minutes only where both parts do).
                let one = p.times(1);
                let summed = (1..n).fold(one, |sum, _| sum.plus(one));
                prop_assert_eq!(summed, dose);
                prop_assert_eq!(level.annual(p.channel), Some(dose));
            }
            for channel in Channel::ALL {
                if level.prescription(channel).is_none() {
                    prop_assert_eq!(level.annual(channel), Some(Dose::default()));
                }
            }
        }
    }

    #[test]
    fn doses_add_field_by_field(manual in arb_manual()) {
        let doses: Vec<Dose> = manual
            .intensity_levels
            .iter()
            .flat_map(|l| &l.prescriptions)
            .map(|p| p.times(1))
            .collect();
        for a in &doses {
            for b in &doses {
                let sum = a.plus(*b);
                prop_assert_eq!(sum, b.plus(*a));
                prop_assert_eq!(sum.min_contacts, a.min_contacts + b.min_contacts);
                prop_assert_eq!(sum.max_contacts, a.max_contacts + b.max_contacts);
                let add = |x: Option<u64>, y: Option<u64>| Some(x? + y?);
                prop_assert_eq!(sum.min_minutes, add(a.min_minutes, b.min_minutes));
                prop_assert_eq!(sum.max_minutes, add(a.max_minutes, b.max_minutes));
                prop_assert_eq!(sum.max_coach_minutes, add(a.max_coach_minutes, b.max_coach_minutes));
                let unknown = a.plus(Dose::default());
                prop_assert_eq!(unknown.min_contacts, a.min_contacts);
                prop_assert_eq!(unknown.max_minutes, None);
            }
        }
    }

    #[test]
    fn levels_dominate_the_next_wherever_comparable(manual in arb_manual()) {
        for pair in manual.intensity_levels.windows(2) {
            prop_assert_ne!(pair[0].dominates(&pair[1]), Some(false), "{} over {}", pair[0].key, pair[1].key);
            // Nothing dominates itself: at least one figure must be strictly more.
            prop_assert_ne!(pair[0].dominates(&pair[0]), Some(true));
        }
    }

    #[test]
    fn adjustments_move_along_the_level_list(manual in arb_manual()) {
        let keys: Vec<_> = manual.intensity_levels.iter().map(|l| l.key.clone()).collect();
        for (i, level) in keys.iter().enumerate() {
            let up = manual.level_after(level, &Adjustment::StepUp);
            let down = manual.level_after(level, &Adjustment::StepDown);
            prop_assert_eq!(&up, &keys[i.saturating_sub(1)]);
            prop_assert_eq!(&down, &keys[(i + 1).min(keys.len() - 1)]);
            for hold in [Adjustment::Hold, Adjustment::Review, Adjustment::AdvancePhase] {
                prop_assert_eq!(&manual.level_after(level, &hold), level);
            }
            for target in &keys {
                let set = Adjustment::SetLevel { level: target.clone() };
                prop_assert_eq!(&manual.level_after(level, &set), target);
            }
        }
    }

    /// No rule is shadowed, so each rule is the first whose trigger fires for its own trigger,
    /// and titrating by it leads where its adjustment says (or is deferred by the interval).
    #[test]
    fn each_rule_is_selected_by_its_own_trigger(manual in arb_manual()) {
        let interval = manual
            .titration
            .as_ref()
            .and_then(|t| t.min_weeks_between_changes.as_ref())
            .map(|i| i.weeks);
        for rule in manual.titration_rules() {
            for level in &manual.intensity_levels {
                let titrated = manual.titrate(&level.key, &rule.trigger, None);
                prop_assert_eq!(titrated.rule.map(|r| &r.key), Some(&rule.key));
                prop_assert_eq!(&titrated.to, &manual.level_after(&level.key, &rule.adjustment));
                prop_assert!(!titrated.deferred);
                // Right after a change, a change waits for the interval unless the rule
                // overrides it.
                let soon = manual.titrate(&level.key, &rule.trigger, Some(Weeks::new(0).expect("0")));
                let waits = interval.is_some_and(|w| w.get() > 0)
                    && !rule.overrides_interval
                    && titrated.to != level.key;
                prop_assert_eq!(soon.deferred, waits);
                prop_assert_eq!(&soon.to, if waits { &level.key } else { &titrated.to });
            }
        }
    }

    #[test]
    fn mutations_cause_their_findings(manual in arb_manual(), which in 0usize..MUTATIONS) {
        let mut broken = manual;
        let (code, path) = mutate(&mut broken, which);
        let report = broken.validate();
        prop_assert!(report.contains(code, &path), "expected {} at {}, got {:#?}", code, path, report);
    }
}

const MUTATIONS: usize = 12;

fn design() -> Vec<Citation> {
    vec![Citation::design("a test's choice")]
}

/// Breaks a valid manual in one way and says which finding that must cause.
// A table of mutations, one arm each: it reads best whole.
#[allow(clippy::too_many_lines)]
fn mutate(manual: &mut Manual, which: usize) -> (&'static str, String) {
    match which {
        // Swap a range: the first prescription's counts.
        0 => {
            let p = &mut manual.intensity_levels[0].prescriptions[0];
            p.min_contacts = ContactCount::new(p.max_contacts.get() + 1).expect("small");
            (
                "dose-contacts-inverted",
                "/intensity_levels/0/prescriptions/0/max_contacts".into(),
            )
        }
        // Duplicate a key: a skill takes the first one's key.
        1 => {
            let copy = manual.skills[0].clone();
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
        // A level no less intensive than the one above it: a copy of the last.
        3 => {
            let mut copy = manual.intensity_levels.last().expect("a level").clone();
            copy.key = key("copy-of-last");
            manual.intensity_levels.push(copy);
            (
                "level-order",
                format!("/intensity_levels/{}", manual.intensity_levels.len() - 1),
            )
        }
        // A core skill turned specialty names no holder.
        4 => {
            let i = manual
                .skills
                .iter()
                .position(|s| s.tier == SkillTier::Core)
                .expect("generated");
            manual.skills[i].tier = SkillTier::Specialty;
            ("skill-specialty-holder-missing", format!("/skills/{i}"))
        }
        // A key the vocabularies do not declare.
        5 => {
            manual.qualifications.push(Qualification {
                check: QualificationCheck::CertificationHeld {
                    certification: key("no-such-certification"),
                },
                requirement: Requirement::Required,
                role: None,
                citations: design(),
            });
            (
                "vocabulary-key-unknown",
                format!(
                    "/qualifications/{}/check/certification_held/certification",
                    manual.qualifications.len() - 1
                ),
            )
        }
        // A phase without citations.
        6 => {
            manual.phases[0].citations.clear();
            ("citations-missing", "/phases/0/citations".into())
        }
        // A maximum of zero.
        7 => {
            manual.phases[0].length.max = Some(Length::Weeks(Weeks::new(0).expect("0")));
            ("phase-length-zero", "/phases/0/length/max".into())
        }
        // More coaches per contact than a team has (or any team).
        8 => {
            let size = manual
                .team
                .as_ref()
                .map_or(1, practice_coaching::manual::TeamRule::size);
            let p = &mut manual.intensity_levels[0].prescriptions[0];
            p.coaches_per_contact =
                CoachCount::new(u16::try_from(size + 1).expect("small")).expect("at most 10");
            (
                "dose-coaches-without-team",
                "/intensity_levels/0/prescriptions/0/coaches_per_contact".into(),
            )
        }
        // A citation of a source the manual does not list.
        9 => {
            let citations = &mut manual.phases[0].citations;
            citations.push(Citation {
                source: Some(key("no-such-source")),
                evidence: Evidence::Reported,
                locator: None,
                rationale: None,
            });
            (
                "source-unknown",
                format!("/phases/0/citations/{}/source", citations.len() - 1),
            )
        }
        // A maximum below the minimum in the same unit, though 11 long months outlast 12
        // short ones in days.
        11 => {
            manual.phases[0].length = PhaseLength {
                min: Length::Months(Months::new(12).expect("12")),
                max: Some(Length::Months(Months::new(11).expect("11"))),
            };
            ("phase-length-inverted", "/phases/0/length/max".into())
        }
        // The same trigger twice: the later rule never applies.
        _ => {
            let titration = manual.titration.get_or_insert_with(|| Titration {
                floor: None,
                min_weeks_between_changes: None,
                rules: Vec::new(),
            });
            for n in 0..2 {
                titration.rules.push(TitrationRule {
                    key: key(&format!("disruption-{n}")),
                    trigger: Trigger::Disruption,
                    adjustment: Adjustment::Review,
                    reason_required: true,
                    overrides_interval: false,
                    citations: design(),
                });
            }
            (
                "titration-rule-shadowed",
                format!("/titration/rules/{}/trigger", titration.rules.len() - 1),
            )
        }
    }
}
