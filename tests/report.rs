//! Reporting checklists filled from the data: TIDieR items and Proctor dimensions for every
//! embedded manual, modifications from a program's record, each removed section emptying
//! exactly the items it fed, text escaped in every format, the generated docs/reports/ and the
//! `report` command.
//!
//! `BLESS=1 cargo test --all-features --test report` rewrites docs/reports/.

use practice_coaching::fidelity::Window;
use practice_coaching::manual::Material;
use practice_coaching::report::{self, Checklist, DIMENSIONS, Document, Item};
use practice_coaching::{Date, Manual, Program, reference};
use serde_json::Value;

mod common;
use common::generated;

use generated::check_generated;

const TIDIER_NAMES: [&str; 12] = [
    "Brief name",
    "Why",
    "What: materials",
    "What: procedures",
    "Who provided",
    "How",
    "Where",
    "When and how much",
    "Tailoring",
    "Modifications",
    "How well: planned",
    "How well: actual",
];

fn date(s: &str) -> Date {
    Date::new(s).expect("a date")
}

/// Every item is filled (entries whose pointers resolve in their document) or missing with a
/// reason, never both.
fn assert_well_formed(items: &[Item], manual: &Value, program: Option<&Value>, names: &[&str]) {
    assert_eq!(items.len(), names.len());
    for (i, (item, name)) in items.iter().zip(names).enumerate() {
        assert_eq!(usize::from(item.number), i + 1);
        assert_eq!(item.name, *name);
        if let Some(reason) = &item.missing {
            assert!(item.entries.is_empty(), "{name}");
            assert!(reason.len() > 10, "{name}: {reason}");
        } else {
            assert!(!item.entries.is_empty(), "{name}");
            for entry in &item.entries {
                assert!(!entry.text.trim().is_empty(), "{name}");
                let document = match entry.source.document {
                    Document::Manual => manual,
                    Document::Program => program.expect("a program was given"),
                };
                assert!(
                    document.pointer(&entry.source.pointer).is_some(),
                    "{name}: {:?} does not resolve",
                    entry.source
                );
            }
        }
    }
}

fn json(manual: &Manual) -> Value {
    serde_json::from_str(&manual.to_json()).expect("JSON")
}

#[test]
fn tidier_gives_twelve_items_for_every_embedded_manual() {
    for (name, manual) in reference::manuals() {
        let checklist = report::tidier(manual, None);
        assert_well_formed(&checklist.items, &json(manual), None, &TIDIER_NAMES);
        // Without a record, fidelity cannot be known; modifications only where the manual names
        // the version it replaces.
        let missing: Vec<u8> = checklist.missing().map(|i| i.number).collect();
        assert!(missing.contains(&12), "{name}");
        assert_eq!(missing.contains(&10), manual.replaces.is_none(), "{name}");
        // Every measure the manual names follows the checklist.
        assert_eq!(checklist.outcomes.len(), manual.measures.len(), "{name}");
        for always in [1, 2, 4, 5, 6, 7, 8] {
            assert!(
                !missing.contains(&always),
                "{name}: item {always} is missing"
            );
        }
        assert!(
            checklist.summary().starts_with(&format!(
                "{} of 12 items complete; missing: ",
                12 - missing.len()
            )),
            "{}",
            checklist.summary()
        );
    }
}

#[test]
fn what_each_manual_lacks_is_reported_missing() {
    // BHICCI names no materials; AHRQ 2009 has no titration, activities or measures. The late
    // BHICCI manual names the version it replaces, the launch version none.
    let late = report::tidier(reference::bhicci_late(), None);
    assert_eq!(
        late.summary(),
        "10 of 12 items complete; missing: 3 What: materials, 12 How well: actual"
    );
    let launch = report::tidier(reference::bhicci_launch(), None);
    assert_eq!(
        launch.summary(),
        "9 of 12 items complete; missing: 3 What: materials, 10 Modifications, 12 How well: actual"
    );
    let ahrq = report::tidier(reference::ahrq_2009(), None);
    let missing: Vec<u8> = ahrq.missing().map(|i| i.number).collect();
    assert_eq!(missing, [9, 10, 11, 12]);
    let evidencenow = report::tidier(reference::evidencenow(), None);
    let materials = &evidencenow.items[2];
    assert!(materials.is_complete());
    assert_eq!(materials.sources()[0].pointer, "/materials/0");
}

#[test]
fn every_statement_carries_the_evidence_of_its_source() {
    let late = reference::bhicci_late();
    let checklist = report::tidier(late, None);
    let tailoring = &checklist.items[8];
    // Titration rules are design choices and say so.
    for entry in &tailoring.entries {
        let at = late
            .cited_objects()
            .into_iter()
            .find(|(p, _)| *p == entry.source.pointer)
            .map(|(_, c)| c.iter().map(|c| c.evidence).collect::<Vec<_>>())
            .expect("a cited object");
        for kind in &entry.evidence {
            assert!(at.contains(kind), "{:?}", entry.source);
        }
        let mut kinds = Vec::new();
        for kind in at {
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }
        assert_eq!(entry.evidence.len(), kinds.len(), "{:?}", entry.source);
    }
    assert!(
        tailoring
            .evidence()
            .contains(&practice_coaching::manual::Evidence::Design)
    );
}

#[test]
fn tailoring_as_delivered_comes_from_the_program_record() {
    for (name, program, manual) in reference::sample_programs() {
        let program_json: Value = serde_json::from_str(&program.to_json()).expect("JSON");
        let checklist = report::tidier(manual, Some((program, date("2018-12-31"))));
        assert_well_formed(
            &checklist.items,
            &json(manual),
            Some(&program_json),
            &TIDIER_NAMES,
        );
        // Tailoring as delivered follows the manual's rules in item 9, from the record; the
        // catalogue's programs have no titration rules, and their samples no decisions.
        let tailoring = &checklist.items[8];
        let decided = program
            .relationships
            .iter()
            .any(|r| !r.titration.is_empty());
        if manual.titration.is_none() && !decided {
            continue;
        }
        assert!(
            tailoring
                .entries
                .iter()
                .any(|e| e.source.document == Document::Program),
            "{name}"
        );
        assert!(
            tailoring
                .entries
                .iter()
                .filter(|e| e.source.document == Document::Program)
                .all(|e| e.text.starts_with("As delivered") && e.evidence.is_empty()),
            "{name}"
        );
        // How well (actual) is the fidelity scoring's summary of the same record.
        let actual = &checklist.items[11];
        assert!(actual.is_complete(), "{name}");
        assert!(
            actual.entries[0]
                .text
                .starts_with("Read as of 2018-12-31: ")
        );
        assert!(
            actual
                .entries
                .iter()
                .all(|e| e.source.document == Document::Program)
        );
        let scored = program.fidelity(manual, Window::as_of(date("2018-12-31")));
        for channel in scored
            .summary
            .channels
            .iter()
            .filter(|c| c.complete_periods > 0)
        {
            let figures = format!(
                "{} of {} complete periods reached the prescribed minimum",
                channel.met + channel.above,
                channel.complete_periods
            );
            assert!(
                actual.entries.iter().any(|e| e.text.contains(&figures)),
                "{name}: {figures}"
            );
        }
    }
    let (_, program, manual) = reference::sample_programs()[0];
    let checklist = report::tidier(manual, Some((program, date("2017-01-01"))));
    let sources: Vec<&str> = checklist.items[8]
        .entries
        .iter()
        .map(|e| e.source.pointer.as_str())
        .collect();
    // Every titration decision up to the day, and the one return to an earlier phase.
    assert!(sources.contains(&"/relationships/1/titration/2"));
    assert!(sources.contains(&"/relationships/2/phases/3"));
    assert_eq!(
        sources.iter().filter(|p| p.contains("/phases/")).count(),
        1,
        "{sources:?}"
    );
    let regression = checklist.items[8]
        .entries
        .iter()
        .find(|e| e.source.pointer == "/relationships/2/phases/3")
        .expect("the regression");
    assert!(regression.text.contains("back to the phase “Assessment”"));
    assert!(regression.text.contains("A new medical director joined"));
    // Before any decision, the record says there was none: a statement, not a gap.
    let early = report::tidier(manual, Some((program, date("2015-09-30"))));
    let delivered: Vec<_> = early.items[8]
        .entries
        .iter()
        .filter(|e| e.source.document == Document::Program)
        .collect();
    assert_eq!(delivered.len(), 1);
    assert!(
        delivered[0]
            .text
            .starts_with("As delivered: no titration decision")
    );
    assert_eq!(delivered[0].source.pointer, "/relationships");
}

#[test]
fn a_program_without_relationships_leaves_fidelity_missing() {
    let (_, program, manual) = reference::sample_programs()[0];
    let mut empty: Program = program.clone();
    empty.relationships.clear();
    let checklist = report::tidier(manual, Some((&empty, date("2017-01-01"))));
    let actual = &checklist.items[11];
    assert!(!actual.is_complete());
    assert!(
        actual
            .missing
            .as_deref()
            .is_some_and(|m| m.contains("no coaching relationship")),
        "{:?}",
        actual.missing
    );
    // Tailoring keeps the manual's rules and adds nothing from the record.
    assert!(
        checklist.items[8]
            .entries
            .iter()
            .all(|e| e.source.document == Document::Manual)
    );
}

#[test]
fn proctor_gives_seven_dimensions_for_every_activity_and_level() {
    for (name, manual) in reference::manuals() {
        let spec = report::proctor(manual);
        assert_eq!(
            spec.strategies.len(),
            manual.intensity_levels.len() + manual.activities.len(),
            "{name}"
        );
        let doc = json(manual);
        for strategy in &spec.strategies {
            assert!(doc.pointer(&strategy.source.pointer).is_some());
            assert_well_formed(&strategy.dimensions, &doc, None, &DIMENSIONS);
            // Actor, action, temporality, dose and justification are always in the manual.
            for filled in [0, 1, 3, 4, 6] {
                assert!(
                    strategy.dimensions[filled].is_complete(),
                    "{name} {}: {}",
                    strategy.key,
                    DIMENSIONS[filled]
                );
            }
        }
        let complete = spec.strategies.iter().filter(|s| s.is_complete()).count();
        let count = spec.strategies.len();
        assert!(
            spec.summary()
                .starts_with(&format!("{complete} of {count} strateg")),
            "{}",
            spec.summary()
        );
        assert!(spec.summary().contains(" fully specified"));
    }
}

#[test]
fn a_design_choice_is_never_passed_off_as_evidence() {
    for (_, manual) in reference::manuals() {
        for strategy in report::proctor(manual).strategies {
            for entry in &strategy.dimensions[6].entries {
                let design = entry.evidence == [practice_coaching::manual::Evidence::Design];
                assert_eq!(
                    design,
                    entry.text.starts_with("A design choice"),
                    "{}",
                    entry.text
                );
            }
        }
    }
}

#[test]
fn the_implementation_outcome_comes_from_what_names_it() {
    // An activity addresses the outcome it names; a level those of the measures of coaching and
    // of the activities around its contacts that name one; nothing else fills dimension 6.
    for (name, manual) in reference::manuals() {
        for strategy in report::proctor(manual).strategies {
            let outcome = &strategy.dimensions[5];
            for entry in &outcome.entries {
                assert!(
                    entry.source.pointer.ends_with("/implementation_outcome"),
                    "{name} {}: {:?}",
                    strategy.key,
                    entry.source
                );
            }
            if strategy.kind == report::StrategyKind::Activity {
                let named = manual
                    .activity(&strategy.key)
                    .and_then(|a| a.implementation_outcome);
                assert_eq!(
                    outcome.is_complete(),
                    named.is_some(),
                    "{name} {}",
                    strategy.key
                );
            }
        }
    }
    let dimension = |manual: &Manual, key: &str| {
        report::proctor(manual)
            .strategies
            .into_iter()
            .find(|s| s.key.as_str() == key)
            .map(|s| s.dimensions[5].clone())
            .expect("the strategy")
    };
    let late = reference::bhicci_late();
    assert_eq!(
        dimension(late, "standardization-meeting").entries[0].text,
        "Fidelity"
    );
    assert!(
        dimension(late, "intensive").entries[0]
            .text
            .starts_with("Fidelity, served by the activity Debrief after the visit")
    );
    assert!(!dimension(late, "implementation-team-meeting").is_complete());
    let evidencenow = reference::evidencenow();
    assert!(
        dimension(evidencenow, "front-loaded").entries[0]
            .text
            .starts_with("Fidelity, informed by the measure In-person facilitator hours")
    );
    // AHRQ 2009 names no measure or activity: every strategy's outcome is missing.
    assert!(
        report::proctor(reference::ahrq_2009())
            .strategies
            .iter()
            .all(|s| !s.dimensions[5].is_complete())
    );
}

/// The checklist of `changed` equals that of `manual` item by item, except that the statements
/// from `section` are gone: an item fed only by it is missing, every other item is unchanged.
/// The outcomes the manual names count as item 0.
fn assert_only_section_removed(manual: &Manual, changed: &Manual, section: &str) -> Vec<u8> {
    let before = report::tidier(manual, None);
    let after = report::tidier(changed, None);
    let prefix = format!("/{section}");
    let mut emptied = Vec::new();
    let with_outcomes = |c: &Checklist| {
        let mut items = c.items.clone();
        items.push(Item::new(0, "Outcomes", c.outcomes.clone(), "none"));
        items
    };
    for (old, new) in with_outcomes(&before).iter().zip(&with_outcomes(&after)) {
        let kept: Vec<_> = old
            .entries
            .iter()
            .filter(|e| !e.source.pointer.starts_with(&prefix))
            .collect();
        let fed = kept.len() < old.entries.len();
        if !fed {
            assert_eq!(old, new, "item {} changed without {section}", old.number);
            continue;
        }
        let texts: Vec<(&str, &str)> = new
            .entries
            .iter()
            .map(|e| (e.text.as_str(), e.source.pointer.as_str()))
            .collect();
        let expected: Vec<(&str, &str)> = kept
            .iter()
            .map(|e| (e.text.as_str(), e.source.pointer.as_str()))
            .collect();
        assert_eq!(texts, expected, "item {}", old.number);
        assert_eq!(new.is_complete(), !kept.is_empty(), "item {}", old.number);
        if kept.is_empty() {
            emptied.push(old.number);
        }
    }
    emptied
}

#[test]
fn removing_a_section_empties_exactly_the_items_it_fed() {
    let evidencenow = reference::evidencenow();
    let mut m = evidencenow.clone();
    m.materials.clear();
    assert_eq!(
        assert_only_section_removed(evidencenow, &m, "materials"),
        [3]
    );
    // EvidenceNOW's measures: its fidelity measure feeds item 11, which keeps the time log.
    // (Item 2's sources change too: some are cited by measures only.)
    let mut m = evidencenow.clone();
    m.measures.clear();
    let after = report::tidier(&m, None);
    assert!(after.outcomes.is_empty());
    assert_eq!(
        after.items[10]
            .entries
            .iter()
            .map(|e| e.source.pointer.as_str())
            .collect::<Vec<_>>(),
        ["/activities/0"]
    );

    let late = reference::bhicci_late();
    let mut m = late.clone();
    m.titration = None;
    assert_eq!(assert_only_section_removed(late, &m, "titration"), [9]);

    // The activities are all item 11 holds for BHICCI: records with each contact and the
    // meetings held for fidelity.
    let mut m = late.clone();
    m.activities.clear();
    assert_eq!(assert_only_section_removed(late, &m, "activities"), [11]);
    let after = report::tidier(&m, None);
    assert!(
        after.items[3]
            .entries
            .iter()
            .all(|e| !e.source.pointer.starts_with("/activities"))
    );

    // BHICCI's measures are the initiative's outcomes: they follow the checklist, and no item
    // changes without them.
    let mut m = late.clone();
    m.measures.clear();
    assert_eq!(assert_only_section_removed(late, &m, "measures"), [0]);

    let mut m = late.clone();
    m.replaces = None;
    assert_eq!(assert_only_section_removed(late, &m, "replaces"), [10]);
    let mut m = late.clone();
    m.goal = None;
    assert_eq!(
        assert_only_section_removed(late, &m, "goal"),
        Vec::<u8>::new()
    );
    let mut m = late.clone();
    m.setting = None;
    assert_eq!(
        assert_only_section_removed(late, &m, "setting"),
        Vec::<u8>::new()
    );
    // Published figures that describe a planned value sit in item 8 beside the plan, which
    // the phases and levels keep filled without them. (Item 2's sources change too: one is
    // cited by figures only.)
    let mut m = late.clone();
    m.figures.clear();
    let (before, after) = (report::tidier(late, None), report::tidier(&m, None));
    let pointers = |c: &Checklist| -> Vec<String> {
        c.items[7]
            .entries
            .iter()
            .map(|e| e.source.pointer.clone())
            .collect()
    };
    let kept: Vec<String> = pointers(&before)
        .into_iter()
        .filter(|p| !p.starts_with("/figures"))
        .collect();
    assert!(kept.len() < pointers(&before).len());
    assert_eq!(pointers(&after), kept);
    for n in [0, 2, 3, 4, 5, 6, 8, 9, 10, 11] {
        assert_eq!(before.items[n], after.items[n], "item {}", n + 1);
    }

    let mut both = late.clone();
    both.measures.clear();
    both.activities.clear();
    both.replaces = None;
    assert_eq!(
        report::tidier(&both, None)
            .missing()
            .map(|i| i.number)
            .collect::<Vec<_>>(),
        [3, 10, 11, 12]
    );
}

#[test]
fn how_well_planned_is_how_adherence_was_to_be_assessed() {
    let late = report::tidier(reference::bhicci_late(), None);
    let planned = &late.items[10];
    let texts: Vec<&str> = planned.entries.iter().map(|e| e.text.as_str()).collect();
    // The weekly standardization meeting is held for consistency; the debrief is recorded
    // with each joint visit and held for fidelity; the initiative's outcomes are not here.
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("For fidelity: Weekly coaches' standardization meeting")),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| {
        t.starts_with("Recorded with each contact, for fidelity: Debrief after the visit")
    }));
    assert!(
        planned
            .entries
            .iter()
            .all(|e| e.source.pointer.starts_with("/activities"))
    );
    assert!(
        late.outcomes
            .iter()
            .any(|e| e.text.starts_with("Hemoglobin A1C"))
    );
    // The launch version has no standardization meeting: only what is recorded with contacts.
    let launch = report::tidier(reference::bhicci_launch(), None);
    assert!(
        launch.items[10]
            .entries
            .iter()
            .all(|e| e.text.starts_with("Recorded with each contact"))
    );
    // EvidenceNOW: the time log and its measure of fidelity; the ABCS follow the checklist.
    let evidencenow = report::tidier(reference::evidencenow(), None);
    let texts: Vec<&str> = evidencenow.items[10]
        .entries
        .iter()
        .map(|e| e.text.as_str())
        .collect();
    assert!(
        texts.iter().any(|t| t
            .starts_with("Recorded with each contact, for fidelity: Facilitator time log entry")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("A measure of fidelity: In-person facilitator hours"))
    );
    assert!(!texts.iter().any(|t| t.contains("Blood pressure")));
    assert!(
        evidencenow
            .outcomes
            .iter()
            .any(|e| e.text.starts_with("Blood pressure control"))
    );
    // AHRQ 2009 plans no record or fidelity activity: missing, never filled in.
    let ahrq = report::tidier(reference::ahrq_2009(), None);
    assert!(!ahrq.items[10].is_complete());
    assert!(ahrq.outcomes.is_empty());
}

#[test]
fn modifications_are_the_manual_versions_followed() {
    let (launch, late) = (reference::bhicci_launch(), reference::bhicci_late());
    let checklist = report::tidier(late, None);
    let item = &checklist.items[9];
    assert_eq!(
        item.entries[0].text,
        "Version 2.0.0 of the manual replaces version 1.0.0"
    );
    // What changed, in the words the diff gives.
    let diff = practice_coaching::render::diff(launch, late);
    let changes: Vec<&str> = item.entries[1..]
        .iter()
        .map(|e| {
            e.text
                .strip_prefix("Changed since version 1.0.0: ")
                .expect("a change")
        })
        .collect();
    assert_eq!(changes, diff[1..]);
    // Modifications are versions of the manual: each sample program follows one throughout.
    for (name, program, manual) in reference::sample_programs() {
        let checklist = report::tidier(manual, Some((program, date("2018-12-31"))));
        let followed: Vec<_> = checklist.items[9]
            .entries
            .iter()
            .filter(|e| e.source.document == Document::Program)
            .collect();
        assert_eq!(followed.len(), 1, "{name}");
        assert_eq!(followed[0].source.pointer, "/manual");
        assert!(
            followed[0]
                .text
                .starts_with("The program followed one version")
        );
    }
    // No titration decision or phase return is a modification any more.
    let (_, program, manual) = reference::sample_programs()[0];
    let with_record = report::tidier(manual, Some((program, date("2018-12-31"))));
    assert!(
        with_record.items[9]
            .entries
            .iter()
            .all(|e| !e.source.pointer.contains("/titration")
                && !e.source.pointer.contains("/phases"))
    );
    // A program that followed the launch version until a date, then the late one.
    let mut program = program.clone();
    program.manual.version = "^2.0".parse().expect("a requirement");
    program.manual.earlier = vec![practice_coaching::program::EarlierVersion {
        version: "^1.0".parse().expect("a requirement"),
        until: date("2016-06-30"),
    }];
    let checklist = report::tidier(late, Some((&program, date("2018-12-31"))));
    let texts: Vec<(&str, &str)> = checklist.items[9]
        .entries
        .iter()
        .filter(|e| e.source.document == Document::Program)
        .map(|e| (e.text.as_str(), e.source.pointer.as_str()))
        .collect();
    assert_eq!(
        texts,
        [
            (
                "Up to 2016-06-30 the program followed the manual at versions ^1.0",
                "/manual/earlier/0"
            ),
            (
                "From 2016-07-01 the program followed the manual at versions ^2.0, version 2.0.0 replacing 1.0.0: the changes are listed above",
                "/manual/version"
            ),
        ]
    );
    // Read before the change, only the first stretch is told.
    let early = report::tidier(late, Some((&program, date("2016-01-01"))));
    assert_eq!(
        early.items[9]
            .entries
            .iter()
            .filter(|e| e.source.document == Document::Program)
            .count(),
        1
    );
}

#[test]
fn not_recorded_is_said_and_kept_out_of_adherence() {
    let (_, program, manual) = reference::sample_programs()[0];
    let checklist = report::tidier(manual, Some((program, date("2018-09-01"))));
    let actual = &checklist.items[11];
    let meeting = actual
        .entries
        .iter()
        .find(|e| {
            e.text
                .starts_with("Weekly coaches' standardization meeting")
        })
        .expect("the meeting");
    assert!(meeting.text.contains("not recorded by the program"));
    assert_eq!(meeting.source.pointer, "/recorded_activities");
    assert!(
        actual.entries.iter().all(|e| !e.text.contains("held 0 of")),
        "{:?}",
        actual.entries
    );
    assert!(
        actual
            .entries
            .iter()
            .any(|e| e.text.starts_with("Debrief after the visit: held "))
    );
    // A program that records everything is read for every activity.
    let mut all = program.clone();
    all.recorded_activities = None;
    let checklist = report::tidier(manual, Some((&all, date("2018-09-01"))));
    assert!(checklist.items[11].entries.iter().any(|e| {
        e.text
            .starts_with("Weekly coaches' standardization meeting: held 0 of")
    }));
    // Every sample program states what it records, and every statement resolves.
    for (name, program, manual) in reference::sample_programs() {
        let checklist = report::tidier(manual, Some((program, date("2018-12-31"))));
        let program_json: Value = serde_json::from_str(&program.to_json()).expect("JSON");
        assert_well_formed(
            &checklist.items,
            &json(manual),
            Some(&program_json),
            &TIDIER_NAMES,
        );
        for activity in &manual.activities {
            let said = checklist.items[11].entries.iter().any(|e| {
                e.text
                    .starts_with(&format!("{}: not recorded", activity.name))
            });
            assert_eq!(said, !program.records_activity(&activity.key), "{name}");
        }
    }
}

#[test]
fn a_contact_by_a_mode_the_manual_does_not_prescribe_is_a_departure() {
    // EvidenceNOW's check-ins are by phone or video: an email is a departure in delivery.
    let (_, program, manual) = reference::sample_programs()[1];
    let mut program = program.clone();
    let contact = program.relationships[0].contacts[0].clone();
    let mut email = contact;
    email.mode = practice_coaching::program::ContactMode::Email;
    program.relationships[0].contacts.push(email);
    let checklist = report::tidier(manual, Some((&program, date("2018-12-31"))));
    assert!(
        checklist.items[11].entries.iter().any(|e| e
            .text
            .starts_with("Departures in delivery: one contact by email")),
        "{:?}",
        checklist.items[11].entries
    );
    let untouched = report::tidier(
        manual,
        Some((reference::sample_programs()[1].1, date("2018-12-31"))),
    );
    assert!(
        untouched.items[11]
            .entries
            .iter()
            .all(|e| !e.text.starts_with("Departures"))
    );
}

#[test]
fn evidence_is_said_in_words() {
    let late = reference::bhicci_late();
    let checklist = report::tidier(late, None);
    // A participant's report reads as one, in the report, the rendered manual and the diff.
    let how = &checklist.items[5];
    let response = how
        .entries
        .iter()
        .find(|e| e.source.pointer == "/response_time")
        .expect("the response time");
    assert_eq!(
        response.text,
        "One participant reported written questions answered within 24 hours: a report, not a standard"
    );
    let rendered = practice_coaching::render::markdown(late);
    assert!(
        rendered.contains("One participant reported written questions answered within 24 hours")
    );
    assert!(!rendered.contains("Written questions are answered"));
    let mut without = late.clone();
    without.response_time = None;
    assert!(
        practice_coaching::render::diff(&without, late).contains(
            &"A response time was added: one participant reported written questions answered within 24 hours: a report, not a standard.".to_owned()
        )
    );
    // Cited and derived evidence say so.
    let who = &checklist.items[4];
    assert!(who.entries.iter().any(|e| e.text
        == "Recommended: a master's degree or higher (this rests only on what the source cites from another work)"));
    assert!(rendered.contains(
        "Median practices per facilitator (this rests only on figures derived from published data)"
    ));
    // Caps read as caps, with coach-hours beside contact hours where contacts are joint.
    let when = &checklist.items[7];
    assert!(when.entries.iter().any(|e| e.text.contains(
        "12 in-person visits of up to half a day a year (up to 48.0 hours; up to 96.0 coach-hours, two coaches at each)"
    )));
    let launch = report::tidier(reference::bhicci_launch(), None);
    assert!(launch.items[7].entries.iter().any(|e| {
        e.text
            .contains("12 in-person visits of up to half a day a year (up to 48.0 hours)")
    }));
    // A reported or design value reads as it is.
    assert!(
        checklist
            .items
            .iter()
            .flat_map(|i| &i.entries)
            .filter(|e| e
                .evidence
                .contains(&practice_coaching::manual::Evidence::Reported))
            .all(|e| !e.text.contains("this rests only on"))
    );
}

#[test]
fn goal_and_setting_fill_why_and_where() {
    for (name, manual) in reference::manuals() {
        let checklist = report::tidier(manual, None);
        let goal = manual.goal.as_ref().expect("a goal");
        assert!(
            checklist.items[1]
                .entries
                .iter()
                .any(
                    |e| e.source.pointer == "/goal" && e.text == format!("Goal: {}", goal.text)
                        || e.text.starts_with(&format!("Goal: {}", goal.text))
                ),
            "{name}"
        );
        let setting = manual.setting.as_ref().expect("a setting");
        let place = &checklist.items[6];
        if let Some(region) = &setting.region {
            assert!(
                place
                    .entries
                    .iter()
                    .any(|e| e.text == format!("Region: {region}")),
                "{name}"
            );
        }
        assert!(
            place
                .entries
                .iter()
                .any(|e| e.source.pointer == "/setting/population"),
            "{name}"
        );
    }
    let late = report::tidier(reference::bhicci_late(), None);
    assert!(late.items[6].entries.iter().any(|e| e.text
        == "Payer or sponsor: Inland Empire Health Plan, a nonprofit Medicaid managed care health insurance plan, which launched and sponsored the initiative; the coaches were outside consultants"));
}

#[test]
fn removing_a_section_changes_only_the_dimensions_it_fed() {
    let late = reference::bhicci_late();
    let before = report::proctor(late);
    let mut m = late.clone();
    m.titration = None;
    let after = report::proctor(&m);
    assert_eq!(before.strategies.len(), after.strategies.len());
    for (old, new) in before.strategies.iter().zip(&after.strategies) {
        for (d, (a, b)) in old.dimensions.iter().zip(&new.dimensions).enumerate() {
            let fed = a
                .sources()
                .iter()
                .any(|p| p.pointer.starts_with("/titration"));
            if fed {
                // Only a level's temporality reads the titration rules.
                assert_eq!(d, 3, "{}", old.key);
                assert!(
                    b.sources()
                        .iter()
                        .all(|p| !p.pointer.starts_with("/titration"))
                );
            } else {
                assert_eq!(a, b, "{} {}", old.key, a.name);
            }
        }
    }
    let mut m = late.clone();
    m.activities.clear();
    let after = report::proctor(&m);
    assert_eq!(after.strategies.len(), late.intensity_levels.len());
    // Without activities the levels lose only the outcome the debrief around their visits
    // served.
    for (old, new) in before.strategies.iter().zip(&after.strategies) {
        for (d, (a, b)) in old.dimensions.iter().zip(&new.dimensions).enumerate() {
            if d == 5 {
                assert!(a.is_complete() && !b.is_complete(), "{}", old.key);
            } else {
                assert_eq!(a, b, "{} {}", old.key, a.name);
            }
        }
    }
}

/// A manual whose title and one material try to inject markup, script and spreadsheet formulas.
fn hostile() -> Manual {
    let mut manual = reference::evidencenow().clone();
    "<script>alert(1)</script>".clone_into(&mut manual.title);
    manual.materials = vec![Material {
        key: practice_coaching::Key::new("sheet").expect("key"),
        name: "=cmd|' /C calc'!A0".to_owned(),
        description: "[link](javascript:alert(1)) | <img src=x onerror=alert(1)>".to_owned(),
        location: Some("@SUM(A1)".to_owned()),
        citations: vec![practice_coaching::manual::Citation::design("a test")],
    }];
    manual
}

#[test]
fn text_is_escaped_in_markdown_html_and_csv() {
    let manual = hostile();
    let checklist = report::tidier(&manual, None);
    let spec = report::proctor(&manual);
    for md in [checklist.markdown(), spec.markdown()] {
        assert!(!md.contains("<script>"), "{md}");
        assert!(md.contains("\\<script\\>"));
    }
    let md = checklist.markdown();
    assert!(md.contains("\\[link\\](javascript"));
    // Every `<` from the manual is escaped.
    assert!(md.match_indices('<').all(|(i, _)| md[..i].ends_with('\\')));
    for html in [checklist.html(), spec.html()] {
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;"));
        assert!(!html.contains("<img"));
    }
    for csv in [
        csv_of(|w| checklist.write_csv(w)),
        csv_of(|w| spec.write_csv(w)),
    ] {
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let mut rows = 0;
        for record in reader.records() {
            let record = record.expect("a CSV record");
            for cell in &record {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "unguarded cell {cell:?}"
                );
            }
            rows += 1;
        }
        assert!(rows > 7);
    }
    let csv = csv_of(|w| checklist.write_csv(w));
    assert!(csv.starts_with("item,name,status,text,document,pointer,evidence\n"));
    assert!(csv.contains("'=cmd"));
    // A manual named like a formula, and an activity too: the CSV shows them as text.
    let mut formula = manual.clone();
    "=cmd".clone_into(&mut formula.title);
    "+1 meeting".clone_into(&mut formula.activities[0].name);
    let csv = csv_of(|w| report::tidier(&formula, None).write_csv(w));
    assert!(
        csv.contains("\n1,Brief name,complete,\"'=cmd (manual evidencenow"),
        "{csv}"
    );
    let csv = csv_of(|w| report::proctor(&formula).write_csv(w));
    assert!(csv.contains(",'+1 meeting,activity,"), "{csv}");
    let md = report::tidier(&formula, None).markdown();
    assert!(md.starts_with("# TIDieR checklist: =cmd\n"), "{md}");
}

fn csv_of(write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    write(&mut out).expect("written");
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn json_keeps_every_item_with_its_sources() {
    let checklist: Checklist = report::tidier(reference::ahrq_2009(), None);
    let value = serde_json::to_value(&checklist).expect("JSON");
    let items = value["items"].as_array().expect("items");
    assert_eq!(items.len(), 12);
    assert_eq!(items[2]["entries"][0]["source"]["document"], "manual");
    assert!(
        items[2]["entries"][0]["source"]["pointer"]
            .as_str()
            .is_some()
    );
    assert!(items[8]["missing"].as_str().is_some());
    assert!(items[0].get("missing").is_none());
}

#[test]
fn docs_reports_match_the_code() {
    for (name, manual) in reference::manuals() {
        check_generated(
            &format!("docs/reports/{name}-tidier.md"),
            &report::tidier(manual, None).markdown(),
        );
        check_generated(
            &format!("docs/reports/{name}-proctor.md"),
            &report::proctor(manual).markdown(),
        );
    }
}

#[cfg(feature = "cli")]
#[test]
fn a_checklist_reads_as_prose_with_its_provenance_in_notes_or_inline_on_request() {
    for (name, manual) in reference::manuals() {
        let checklist = report::tidier(manual, None);
        let prose = checklist.markdown();
        assert!(
            !prose.contains("(source: `"),
            "{name}: pointers in the prose"
        );
        let (body, notes) = prose
            .split_once("## Notes: where each statement comes from")
            .expect("a notes section");
        let inline = checklist.markdown_with(report::Provenance::Inline);
        assert!(!inline.contains("## Notes"), "{name}");
        // Every statement keeps its provenance: each pointer of the inline form is a note,
        // with the same evidence kinds, and each statement points to one.
        let entries: Vec<_> = checklist
            .items
            .iter()
            .flat_map(|item| item.entries.clone())
            .chain(checklist.outcomes.clone())
            .collect();
        for entry in &entries {
            assert!(
                notes.contains(&format!("`{}`", entry.source.pointer)),
                "{name}: no note for {}",
                entry.source.pointer
            );
            assert!(
                inline.contains(&format!("(source: `{}`)", entry.source.pointer))
                    || inline.contains(&format!("(source: `program {}`)", entry.source.pointer)),
                "{name}"
            );
        }
        let marks = body.matches(" \\[").count();
        assert!(
            marks >= entries.len(),
            "{name}: {marks} marks for {} statements",
            entries.len()
        );
        // The HTML links each mark to its note.
        let html = checklist.html();
        assert!(html.contains("href=\"#ref-1\""), "{name}");
        assert!(html.contains("id=\"ref-1\""), "{name}");
    }
}

mod cli {
    use std::process::{Command, Output};

    use serde_json::Value;

    const BIN: &str = env!("CARGO_BIN_EXE_practice-coaching");
    const ROOT: &str = env!("CARGO_MANIFEST_DIR");
    const SAMPLE: &str = "src/reference/bhicci-sample-program.json";

    fn run(args: &[&str]) -> Output {
        Command::new(BIN)
            .args(args)
            .current_dir(ROOT)
            .output()
            .expect("the binary runs")
    }

    fn stdout(output: &Output) -> String {
        String::from_utf8(output.stdout.clone()).expect("UTF-8")
    }

    fn stderr(output: &Output) -> String {
        String::from_utf8(output.stderr.clone()).expect("UTF-8")
    }

    #[test]
    fn tidier_prints_every_format() {
        let md = run(&["report", "tidier", "bhicci-late"]);
        assert_eq!(md.status.code(), Some(0), "{}", stderr(&md));
        assert!(stdout(&md).starts_with("# TIDieR checklist: BHICCI"));
        let html = run(&["report", "tidier", "bhicci-late", "--format", "html"]);
        assert!(stdout(&html).starts_with("<!DOCTYPE html>"));
        let csv = run(&["report", "tidier", "evidencenow", "--format", "csv"]);
        assert!(stdout(&csv).starts_with("item,name,status,text,document,pointer,evidence\n"));
        let json = run(&[
            "report",
            "tidier",
            "bhicci-late",
            "--program",
            SAMPLE,
            "--as-of",
            "2017-01-01",
            "--format",
            "json",
        ]);
        assert_eq!(json.status.code(), Some(0), "{}", stderr(&json));
        let value: Value = serde_json::from_str(&stdout(&json)).expect("JSON");
        assert_eq!(value["as_of"], "2017-01-01");
        assert_eq!(value["items"].as_array().map(Vec::len), Some(12));
        assert_eq!(
            value["items"][11]["entries"][0]["source"]["document"],
            "program"
        );
        assert!(value["outcomes"].as_array().is_some_and(|o| o.len() == 8));
        assert_eq!(
            value["summary"],
            "11 of 12 items complete; missing: 3 What: materials"
        );
    }

    #[test]
    fn tidier_reads_a_contact_log_beside_the_program() {
        let args = [
            "report",
            "tidier",
            "bhicci-late",
            "--program",
            SAMPLE,
            "--as-of",
            "2016-12-31",
            "--format",
            "json",
        ];
        let without = run(&args);
        assert_eq!(without.status.code(), Some(0), "{}", stderr(&without));
        let mut with_log = args.to_vec();
        with_log.extend([
            "--contacts",
            "tests/data/logs/redcap-encounters.csv",
            "--mapping",
            "tests/data/logs/redcap-encounters.mapping.json",
        ]);
        let with = run(&with_log);
        assert_eq!(with.status.code(), Some(0), "{}", stderr(&with));
        assert!(stderr(&with).contains("11 contacts"), "{}", stderr(&with));
        let item_12 = |out: &Output| {
            let value: Value = serde_json::from_str(&stdout(out)).expect("JSON");
            value["items"][11]["entries"].clone()
        };
        // The log's contacts are counted in item 12 as `fidelity --contacts` counts them.
        assert_ne!(item_12(&without), item_12(&with));
        assert!(
            item_12(&with)[0]["text"].as_str().is_some_and(|t| t
                .ends_with(", with eleven contacts from a contact log kept beside the program")),
            "{}",
            item_12(&with)[0]
        );
        assert!(
            item_12(&without)[0]["text"]
                .as_str()
                .is_some_and(|t| !t.contains("contact log"))
        );
        let fidelity = run(&[
            "fidelity",
            SAMPLE,
            "--as-of",
            "2016-12-31",
            "--contacts",
            "tests/data/logs/redcap-encounters.csv",
            "--mapping",
            "tests/data/logs/redcap-encounters.mapping.json",
            "--format",
            "json",
        ]);
        let reading: Value = serde_json::from_str(&stdout(&fidelity)).expect("JSON");
        let in_person = reading["summary"]["channels"]
            .as_array()
            .and_then(|c| c.iter().find(|c| c["channel"] == "in_person"))
            .expect("in person")
            .clone();
        let said = format!("{} contacts", in_person["contacts"]);
        assert!(
            item_12(&with)
                .as_array()
                .is_some_and(|e| e.iter().any(|e| e["text"]
                    .as_str()
                    .is_some_and(|t| t.starts_with("In person") && t.contains(&said)))),
            "{said}"
        );
        // A mapping needs a log; a log needs a program.
        for args in [
            &["report", "tidier", "bhicci-late", "--contacts", "x.csv"][..],
            &[
                "report",
                "tidier",
                "bhicci-late",
                "--program",
                SAMPLE,
                "--as-of",
                "2016-12-31",
                "--mapping",
                "m.json",
            ],
        ] {
            assert_eq!(run(args).status.code(), Some(2), "{args:?}");
        }
    }

    #[test]
    fn proctor_prints_every_format() {
        for format in ["md", "html", "csv", "json"] {
            let out = run(&["report", "proctor", "ahrq-2009", "--format", format]);
            assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
            assert!(!out.stdout.is_empty());
        }
        let json = run(&["report", "proctor", "bhicci-launch", "--format", "json"]);
        let value: Value = serde_json::from_str(&stdout(&json)).expect("JSON");
        assert!(value["strategies"].as_array().is_some_and(|s| {
            s.iter()
                .all(|s| s["dimensions"].as_array().map(Vec::len) == Some(7))
        }));
    }

    #[test]
    fn usage_and_document_errors_exit_two() {
        for args in [
            &["report", "tidier", "bhicci-late", "--as-of", "2017-01-01"][..],
            &[
                "report",
                "tidier",
                "bhicci-late",
                "--program",
                SAMPLE,
                "--as-of",
                "2017-13-01",
            ],
            &[
                "report",
                "tidier",
                "evidencenow",
                "--program",
                SAMPLE,
                "--as-of",
                "2017-01-01",
            ],
            &["report", "tidier", SAMPLE],
            &["report", "tidier", "no-such-manual.json"],
            &["report", "proctor", "bhicci-late", "--format", "pdf"],
            &["report"],
        ] {
            let out = run(args);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stdout(&out));
            assert!(!stderr(&out).is_empty(), "{args:?}");
        }
    }

    #[test]
    fn an_invalid_manual_exits_one_with_its_errors() {
        let dir = std::env::temp_dir().join(format!("report-invalid-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temp dir");
        let path = dir.join("manual.json");
        let mut manual = practice_coaching::reference::bhicci_late().clone();
        manual.phases.clear();
        std::fs::write(&path, manual.to_json()).expect("written");
        let path = path.to_str().expect("UTF-8 path");
        for which in ["tidier", "proctor"] {
            let out = run(&["report", which, path]);
            assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
            assert!(out.stdout.is_empty());
            assert!(stderr(&out).contains("validation error"));
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn published_figures_sit_beside_the_plan_with_their_groups() {
    let manual = Manual::from_json(include_bytes!("data/manual-full.json")).expect("a manual");
    let checklist = report::tidier(&manual, None);
    let visits = checklist.items[7]
        .entries
        .iter()
        .find(|e| e.text.contains("Mean in-person visits a practice-year"))
        .expect("the figure in item 8");
    assert!(
        visits.text.starts_with(
            "Published beside planned in-person visits a year: Mean in-person visits a practice-year, 24 (SD 8) visits a year; Rural clinics: 18 (IQR 12 to 22; 6 to 30) visits a year; Urban clinics: 28 visits a year; the manual plans "
        ),
        "{}",
        visits.text
    );
    assert!(
        visits.text.contains(", within the figure's tolerance (its range, or a factor of 2.5 around its value and spread)"),
        "{}",
        visits.text
    );
    assert_eq!(visits.source.pointer, "/figures/5");
}
