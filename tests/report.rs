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

#[path = "support/generated.rs"]
mod generated;

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
        // Without a record, modifications and fidelity cannot be known.
        let missing: Vec<u8> = checklist.missing().map(|i| i.number).collect();
        assert!(missing.contains(&10) && missing.contains(&12), "{name}");
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
    // BHICCI names no materials; AHRQ 2009 has no titration, activities or measures.
    let late = report::tidier(reference::bhicci_late(), None);
    assert_eq!(
        late.summary(),
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
fn modifications_come_from_the_program_record() {
    for (name, program, manual) in reference::sample_programs() {
        let program_json: Value = serde_json::from_str(&program.to_json()).expect("JSON");
        let checklist = report::tidier(manual, Some((program, date("2018-12-31"))));
        assert_well_formed(
            &checklist.items,
            &json(manual),
            Some(&program_json),
            &TIDIER_NAMES,
        );
        let modifications = &checklist.items[9];
        assert!(modifications.is_complete(), "{name}");
        assert!(
            modifications
                .entries
                .iter()
                .all(|e| e.source.document == Document::Program && e.evidence.is_empty()),
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
    let sources: Vec<&str> = checklist.items[9]
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
    let regression = checklist.items[9]
        .entries
        .iter()
        .find(|e| e.source.pointer == "/relationships/2/phases/3")
        .expect("the regression");
    assert!(regression.text.contains("back to the phase “Assessment”"));
    assert!(regression.text.contains("A new medical director joined"));
    // Before any decision, the record says there was none: a statement, not a gap.
    let early = report::tidier(manual, Some((program, date("2015-09-30"))));
    let item = &early.items[9];
    assert!(item.is_complete());
    assert_eq!(item.entries.len(), 1);
    assert!(item.entries[0].text.starts_with("No titration decision"));
    assert_eq!(item.entries[0].source.pointer, "/relationships");
}

#[test]
fn a_program_without_relationships_leaves_modifications_and_fidelity_missing() {
    let (_, program, manual) = reference::sample_programs()[0];
    let mut empty: Program = program.clone();
    empty.relationships.clear();
    let checklist = report::tidier(manual, Some((&empty, date("2017-01-01"))));
    for item in [&checklist.items[9], &checklist.items[11]] {
        assert!(!item.is_complete());
        assert!(
            item.missing
                .as_deref()
                .is_some_and(|m| m.contains("no coaching relationship")),
            "{:?}",
            item.missing
        );
    }
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
fn a_level_with_a_measured_exit_criterion_names_its_outcome() {
    // Levels address an outcome only where a phase that starts at them ends on a measure.
    for (_, manual) in reference::manuals() {
        for strategy in report::proctor(manual).strategies {
            let outcome = &strategy.dimensions[5];
            let linked = manual.phases.iter().any(|p| {
                p.starting_level == strategy.key
                    && p.exit_criteria.iter().any(|c| c.measure.is_some())
            });
            assert_eq!(outcome.is_complete(), linked, "{}", strategy.key);
        }
    }
}

/// The checklist of `changed` equals that of `manual` item by item, except that the statements
/// from `section` are gone: an item fed only by it is missing, every other item is unchanged.
fn assert_only_section_removed(manual: &Manual, changed: &Manual, section: &str) -> Vec<u8> {
    let before = report::tidier(manual, None);
    let after = report::tidier(changed, None);
    let prefix = format!("/{section}");
    let mut emptied = Vec::new();
    for (old, new) in before.items.iter().zip(&after.items) {
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

    let late = reference::bhicci_late();
    let mut m = late.clone();
    m.titration = None;
    assert_eq!(assert_only_section_removed(late, &m, "titration"), [9]);

    let mut m = late.clone();
    m.activities.clear();
    assert_eq!(
        assert_only_section_removed(late, &m, "activities"),
        Vec::<u8>::new()
    );
    let after = report::tidier(&m, None);
    assert!(
        after.items[3]
            .entries
            .iter()
            .all(|e| !e.source.pointer.starts_with("/activities"))
    );

    let mut m = late.clone();
    m.measures.clear();
    // Phase criteria name measures; without the measures the criteria keep their text.
    assert_eq!(
        assert_only_section_removed(late, &m, "measures"),
        Vec::<u8>::new()
    );
    let mut both = m.clone();
    both.activities.clear();
    assert_eq!(
        report::tidier(&both, None)
            .missing()
            .map(|i| i.number)
            .collect::<Vec<_>>(),
        [3, 10, 11, 12]
    );
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
    assert_eq!(
        after.strategies[..],
        before.strategies[..late.intensity_levels.len()]
    );
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
            value["items"][9]["entries"][0]["source"]["document"],
            "program"
        );
        assert_eq!(
            value["summary"],
            "11 of 12 items complete; missing: 3 What: materials"
        );
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
            &["report", "tidier", "bhicci-late", "--program", SAMPLE][..],
            &["report", "tidier", "bhicci-late", "--as-of", "2017-01-01"],
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
