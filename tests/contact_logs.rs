//! Contact logs: every bad row reported with its line, column and rule code while the rest are
//! read; a REDCap-like export read through its mapping and checked against the BHICCI sample
//! program; the crate's own CSV read back equal; and no input that makes the reader panic or
//! lose a row.

use std::collections::BTreeSet;

use practice_coaching::contact_log::RecordKind;
use practice_coaching::contact_log::{
    LogAccount, LogFormat, LogRecord, LogRow, LogRule, Mapping, ReadLimits, RowProblem, read_csv,
    read_json_lines, write_csv,
};
use practice_coaching::program::{Contact, ContactMode, Initiator};
use practice_coaching::reference::{bhicci_late, bhicci_sample_program};
use practice_coaching::schema::{contact_log_mapping_schema, to_text};
use practice_coaching::{
    ContactTime, Date, EntityId, Key, Manual, Minutes, ParseErrorCode, Program, Severity,
};
use proptest::prelude::*;

mod common;
use common::generated;

use generated::check_generated;

/// Northgate Family Health Center, and its team's coaches A and E, in the sample program.
const SITE: &str = "4c040106-398f-5215-afdd-c31573f2f387";
const COACH_A: &str = "2736c0ea-c489-5bd7-b2e0-6b79a305839a";
const COACH_E: &str = "f7bf1548-6b9a-5d20-b471-c062e20a8cf1";

fn program() -> &'static Program {
    bhicci_sample_program()
}

fn manual() -> &'static Manual {
    bhicci_late()
}

fn read(bytes: &[u8], mapping: &Mapping) -> Vec<Result<LogRow, RowProblem>> {
    read_csv(manual(), program(), bytes, mapping).collect()
}

/// The one problem `csv` (a header and one row) gives: its line, column and code.
fn problem_of(
    csv: &str,
    mapping: &Mapping,
    program: &Program,
) -> (u64, Option<String>, &'static str) {
    let results: Vec<_> = read_csv(manual(), program, csv.as_bytes(), mapping).collect();
    assert_eq!(results.len(), 1, "{csv}: {results:?}");
    match &results[0] {
        Err(problem) => {
            // Every message names the value or the column.
            if let Some(column) = &problem.column {
                assert!(problem.message.contains(column.as_str()), "{problem}");
            }
            (problem.line, problem.column.clone(), problem.rule.code())
        }
        Ok(row) => panic!("{csv}: read as {row:?}"),
    }
}

const HEADER: &str = "record,site,date,time,utc_offset,minutes,mode,coaches,guests,travel_minutes,initiated_by,topics,activities,activity,asked";

/// A good contact row of the default columns, with `column` set to `value`.
fn contact_row(column: &str, value: &str) -> String {
    let coaches = format!("{COACH_A};{COACH_E}");
    let mut cells = vec![
        "contact",
        SITE,
        "2015-09-17",
        "10:30",
        "-07:00",
        "180",
        "in_person",
        coaches.as_str(),
        "",
        "55",
        "coach",
        "teaching-and-feedback",
        "pre-visit-huddle;lunch-check-in;post-visit-debrief",
        "",
        "",
    ];
    let at = HEADER
        .split(',')
        .position(|c| c == column)
        .expect("a column");
    cells[at] = value;
    cells.join(",")
}

fn one_row(column: &str, value: &str) -> String {
    format!("{HEADER}\n{}\n", contact_row(column, value))
}

#[test]
fn ids_are_read_in_either_case_and_only_whole() {
    let upper = one_row("site", &SITE.to_uppercase());
    assert!(read(upper.as_bytes(), &Mapping::default())[0].is_ok());
    for not_an_id in [&SITE[1..], &SITE.replace('-', ""), &format!("{{{SITE}}}")] {
        assert_eq!(
            problem_of(&one_row("site", not_an_id), &Mapping::default(), program()),
            (2, Some("site".to_owned()), "log-site-unknown")
        );
    }
}

#[test]
fn a_good_row_reads_as_a_contact() {
    let results = read(one_row("asked", "").as_bytes(), &Mapping::default());
    let [Ok(row)] = results.as_slice() else {
        panic!("{results:?}")
    };
    assert_eq!(row.line, 2);
    let LogRecord::Contact { site, contact } = &row.record else {
        panic!("{row:?}")
    };
    assert_eq!(site.to_string(), SITE);
    assert_eq!(
        contact,
        &Contact {
            start: "2015-09-17T10:30:00-07:00".parse().unwrap(),
            asked: None,
            mode: ContactMode::InPerson,
            minutes: Minutes::new(180).unwrap(),
            coaches: vec![COACH_A.parse().unwrap(), COACH_E.parse().unwrap()],
            guests: Vec::new(),
            travel_minutes: Some(Minutes::new(55).unwrap()),
            initiated_by: Initiator::Coach,
            topics: vec![Key::new("teaching-and-feedback").unwrap()],
            activities: ["pre-visit-huddle", "lunch-check-in", "post-visit-debrief"]
                .map(|k| Key::new(k).unwrap())
                .to_vec(),
        }
    );
}

/// Each rule of a row, broken in one cell of a one-row log: (code, column, value).
const CELL_CASES: &[(&str, &str, &str)] = &[
    ("log-date-invalid", "date", "2015-09-31"),
    ("log-date-invalid", "date", "09/17/2015"),
    ("log-time-invalid", "time", "25:00"),
    ("log-time-invalid", "time", "10.30"),
    ("log-time-invalid", "asked", "2015-09-16"),
    ("log-offset-invalid", "utc_offset", "PST"),
    ("log-offset-invalid", "utc_offset", "+24:00"),
    (
        "log-site-unknown",
        "site",
        "0b6f3c1e-9a4d-4f7e-8c2a-1d5e6f708192",
    ),
    ("log-site-unknown", "site", "Northgate Family Health Center"),
    (
        "log-coach-unknown",
        "coaches",
        "0b6f3c1e-9a4d-4f7e-8c2a-1d5e6f708192",
    ),
    ("log-coach-unknown", "guests", "Coach B"),
    ("log-mode-unknown", "mode", "zoom"),
    ("log-minutes-invalid", "minutes", "1.5"),
    ("log-minutes-invalid", "minutes", "0"),
    ("log-minutes-invalid", "minutes", "1441"),
    ("log-minutes-invalid", "minutes", "-5"),
    ("log-minutes-invalid", "travel_minutes", "an hour"),
    ("log-cell-empty", "site", ""),
    ("log-cell-empty", "date", ""),
    ("log-cell-empty", "time", ""),
    ("log-cell-empty", "utc_offset", ""),
    ("log-cell-empty", "minutes", ""),
    ("log-cell-empty", "mode", ""),
    ("log-cell-empty", "coaches", ""),
    ("log-cell-empty", "coaches", " ; "),
    ("log-cell-empty", "initiated_by", ""),
    ("log-cell-empty", "record", ""),
    ("log-initiator-unknown", "initiated_by", "practice"),
    ("log-topic-unknown", "topics", "data-review"),
    ("log-topic-unknown", "topics", "Teaching"),
    (
        "log-activity-unknown",
        "activities",
        "pre-visit-huddle;coffee",
    ),
    ("log-record-unknown", "record", "visit"),
];

#[test]
fn each_bad_cell_is_reported_with_its_line_column_and_code() {
    for (code, column, value) in CELL_CASES {
        let csv = one_row(column, value);
        assert_eq!(
            problem_of(&csv, &Mapping::default(), program()),
            (2, Some((*column).to_owned()), *code),
            "{column} = {value:?}"
        );
    }
}

#[test]
fn a_row_of_the_wrong_width_is_reported_whole() {
    for row in [
        format!("{},extra", contact_row("asked", "")),
        "contact,x".to_owned(),
    ] {
        let csv = format!("{HEADER}\n{row}\n");
        assert_eq!(
            problem_of(&csv, &Mapping::default(), program()),
            (2, None, "log-row-width")
        );
    }
}

#[test]
fn a_cell_that_is_not_utf8_names_its_column() {
    let mut csv = format!("{HEADER}\n").into_bytes();
    csv.extend(
        contact_row("mode", "in_person")
            .replace("in_person", "in\u{1}person")
            .bytes()
            .map(|b| if b == 1 { 0xff } else { b }),
    );
    let results = read(&csv, &Mapping::default());
    let [Err(problem)] = results.as_slice() else {
        panic!("{results:?}")
    };
    assert_eq!(
        (problem.line, problem.column.as_deref(), problem.rule),
        (2, Some("mode"), LogRule::CellNotUtf8)
    );
    // A cell the mapping does not read may hold anything.
    let mut csv = format!("{HEADER},notes\n{},", contact_row("asked", "")).into_bytes();
    csv.extend(b"\xff\xfe\n");
    assert!(read(&csv, &Mapping::default())[0].is_ok());
}

#[test]
fn meetings_and_activities_need_an_activity_of_the_right_scope() {
    let meeting = |activity: &str| format!("{HEADER}\nmeeting,,2015-09-21,,,,,,,,,,,{activity},\n");
    let results = read(
        meeting("standardization-meeting").as_bytes(),
        &Mapping::default(),
    );
    assert_eq!(
        results[0].as_ref().map(|r| r.record.clone()),
        Ok(LogRecord::Meeting {
            date: Date::new("2015-09-21").unwrap(),
            activity: Key::new("standardization-meeting").unwrap()
        })
    );
    assert_eq!(
        problem_of(
            &meeting("post-visit-debrief"),
            &Mapping::default(),
            program()
        ),
        (2, Some("activity".to_owned()), "log-activity-scope")
    );
    assert_eq!(
        problem_of(&meeting("coffee"), &Mapping::default(), program()),
        (2, Some("activity".to_owned()), "log-activity-unknown")
    );
    assert_eq!(
        problem_of(&meeting(""), &Mapping::default(), program()),
        (2, Some("activity".to_owned()), "log-cell-empty")
    );
    let activity = |activity: &str, time: &str| {
        format!("{HEADER}\nactivity,{SITE},2015-09-17,{time},-07:00,,,,,,,,,{activity},\n")
    };
    assert_eq!(
        problem_of(
            &activity("standardization-meeting", ""),
            &Mapping::default(),
            program()
        ),
        (2, Some("activity".to_owned()), "log-activity-scope")
    );
    let results = read(
        activity("post-visit-debrief", "14:00").as_bytes(),
        &Mapping::default(),
    );
    assert_eq!(
        results[0].as_ref().map(|r| r.record.clone()),
        Ok(LogRecord::Activity {
            site: SITE.parse().unwrap(),
            date: Date::new("2015-09-17").unwrap(),
            activity: Key::new("post-visit-debrief").unwrap(),
            start: Some("2015-09-17T14:00:00-07:00".parse().unwrap()),
        })
    );
}

/// The sample program with a second site and a second coach sharing names with the first.
fn program_with_shared_names() -> Program {
    let mut program = program().clone();
    let mut site = program.sites[0].clone();
    site.id = "0b6f3c1e-9a4d-4f7e-8c2a-1d5e6f708192".parse().unwrap();
    program.sites.push(site);
    let mut coach = program.coaches[0].clone();
    coach.id = "0b6f3c1e-9a4d-4f7e-8c2a-1d5e6f708193".parse().unwrap();
    program.coaches.push(coach);
    program
}

#[test]
fn a_name_several_share_is_ambiguous() {
    let program = program_with_shared_names();
    let mut mapping = Mapping::default();
    mapping.site.by = practice_coaching::contact_log::By::Name;
    mapping.coaches.by = practice_coaching::contact_log::By::Name;
    let site = &program.sites[0].name;
    let coach = &program.coaches[0].name;
    let unique_site = &program.sites[1].name;
    let unique_coach = &program.coaches[4].name;
    let csv = format!(
        "{HEADER}\n{}\n",
        contact_row("site", site).replace(&format!("{COACH_A};{COACH_E}"), unique_coach)
    );
    assert_eq!(
        problem_of(&csv, &mapping, &program),
        (2, Some("site".to_owned()), "log-site-ambiguous")
    );
    let csv = format!(
        "{HEADER}\n{}\n",
        contact_row("site", unique_site).replace(
            &format!("{COACH_A};{COACH_E}"),
            &format!("{unique_coach}; {coach}")
        )
    );
    assert_eq!(
        problem_of(&csv, &mapping, &program),
        (2, Some("coaches".to_owned()), "log-coach-ambiguous")
    );
    let csv = format!(
        "{HEADER}\n{}\n",
        contact_row("site", unique_site).replace(&format!("{COACH_A};{COACH_E}"), unique_coach)
    );
    assert!(read_csv(manual(), &program, csv.as_bytes(), &mapping).all(|r| r.is_ok()));
}

#[test]
fn a_header_without_a_mapped_column_fails_before_any_row() {
    let header = HEADER.replace(",travel_minutes", ",travel");
    let csv = format!("{header}\n{}\n", contact_row("asked", ""));
    let mapping = Mapping::default();
    let mut rows = read_csv(manual(), program(), csv.as_bytes(), &mapping);
    let problem = rows.header().unwrap_err();
    assert_eq!(
        (problem.line, problem.column.as_deref(), problem.rule.code()),
        (1, Some("travel_minutes"), "log-column-missing")
    );
    assert!(problem.message.contains("`travel_minutes`"), "{problem}");
    // Iterating yields the problem as the only item.
    let results: Vec<_> = rows.collect();
    assert_eq!(results, vec![Err(problem)]);
    // An empty file has no header at all.
    assert_eq!(
        problem_of("", &Mapping::default(), program()).2,
        "log-column-missing"
    );
}

#[test]
fn a_mapping_that_cannot_read_any_row_is_reported_once() {
    let mapping = Mapping {
        utc_offset: None,
        ..Mapping::default()
    };
    let csv = one_row("asked", "");
    assert_eq!(
        problem_of(&csv, &mapping, program()),
        (1, None, "log-mapping-invalid")
    );
    let jsonl = read_json_lines(manual(), program(), &b"{}\n{}\n"[..], &mapping);
    assert!(jsonl.header().is_err());
    let results: Vec<_> = jsonl.collect();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].as_ref().unwrap_err().line, 0);
}

#[test]
fn checkboxes_must_be_ticked_or_not() {
    let mapping = redcap_mapping();
    let text = std::fs::read_to_string("tests/data/logs/redcap-encounters.csv").unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let row = lines.next().unwrap();
    let at = header.split(',').position(|c| c == "topics___2").unwrap();
    let mut cells: Vec<&str> = row.split(',').collect();
    cells[at] = "maybe";
    let csv = format!("{header}\n{}\n", cells.join(","));
    assert_eq!(
        problem_of(&csv, &mapping, program()),
        (2, Some("topics___2".to_owned()), "log-checkbox-invalid")
    );
}

#[test]
fn an_end_time_gives_the_minutes() {
    let mapping = Mapping {
        length: practice_coaching::contact_log::Length::EndTime("minutes".to_owned()),
        ..Mapping::default()
    };
    let results = read(one_row("minutes", "11:15").as_bytes(), &mapping);
    let Ok(LogRow {
        record: LogRecord::Contact { contact, .. },
        ..
    }) = &results[0]
    else {
        panic!("{results:?}")
    };
    assert_eq!(contact.minutes.get(), 45);
    for end in ["10:30", "09:00"] {
        assert_eq!(
            problem_of(&one_row("minutes", end), &mapping, program()),
            (2, Some("minutes".to_owned()), "log-minutes-invalid")
        );
    }
    assert_eq!(
        problem_of(&one_row("minutes", "soon"), &mapping, program()),
        (2, Some("minutes".to_owned()), "log-time-invalid")
    );
}

/// A reader that fails after its first bytes.
struct Failing<'a>(&'a [u8]);

impl std::io::Read for Failing<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.0.is_empty() {
            return Err(std::io::Error::other("the disk went away"));
        }
        let n = self.0.len().min(buf.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

#[test]
fn an_input_error_ends_the_log_with_a_problem() {
    let csv = format!("{HEADER}\n{}\n", contact_row("asked", ""));
    let results: Vec<_> = read_csv(
        manual(),
        program(),
        Failing(csv.as_bytes()),
        &Mapping::default(),
    )
    .collect();
    assert!(results[0].is_ok(), "{results:?}");
    assert_eq!(results.len(), 2);
    assert_eq!(results[1].as_ref().unwrap_err().rule, LogRule::ReadFailed);
    // As JSON, for tools: the rule as its code, the record tagged with its kind.
    let problem = serde_json::to_value(results[1].as_ref().unwrap_err()).unwrap();
    assert_eq!(problem["rule"], "log-read-failed");
    assert_eq!(problem["line"], 3);
    let row = serde_json::to_value(results[0].as_ref().unwrap()).unwrap();
    assert_eq!(row["line"], 2);
    assert_eq!(row["record"]["record"], "contact");
    assert_eq!(row["record"]["contact"]["minutes"], 180);
    let results: Vec<_> = read_json_lines(
        manual(),
        program(),
        std::io::BufReader::new(Failing(b"")),
        &Mapping::default(),
    )
    .collect();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].as_ref().unwrap_err().rule, LogRule::ReadFailed);
}

#[test]
fn json_lines_name_their_columns_and_may_list() {
    let good = format!(
        r#"{{"record": "contact", "site": "{SITE}", "date": "2015-09-17", "time": "10:30", "utc_offset": "-07:00", "minutes": 180, "mode": "in_person", "coaches": ["{COACH_A}", "{COACH_E}"], "travel_minutes": null, "initiated_by": "coach", "topics": "teaching-and-feedback", "note": {{"any": "thing"}}}}"#
    );
    let text = format!(
        "{good}\n\n[1, 2]\n{}\n{}\n",
        good.replace("\"minutes\": 180", "\"minutes\": 0"),
        good.replace("\"mode\": \"in_person\"", "\"mode\": [\"in_person\"]"),
    );
    let results: Vec<_> =
        read_json_lines(manual(), program(), text.as_bytes(), &Mapping::default()).collect();
    assert_eq!(results.len(), 4);
    let row = results[0].as_ref().unwrap();
    assert_eq!(row.line, 1);
    let LogRecord::Contact { contact, .. } = &row.record else {
        panic!("{row:?}")
    };
    assert_eq!(contact.coaches.len(), 2);
    assert_eq!(contact.travel_minutes, None);
    let problems: Vec<_> = results[1..]
        .iter()
        .map(|r| {
            let p = r.as_ref().unwrap_err();
            (p.line, p.column.clone(), p.rule.code())
        })
        .collect();
    assert_eq!(
        problems,
        [
            (3, None, "log-line-not-object"),
            (4, Some("minutes".to_owned()), "log-minutes-invalid"),
            (5, Some("mode".to_owned()), "log-line-not-object"),
        ]
    );
    let not_utf8: Vec<_> = read_json_lines(
        manual(),
        program(),
        &b"{\"site\": \"\xff\"}\n"[..],
        &Mapping::default(),
    )
    .collect();
    assert_eq!(not_utf8[0].as_ref().unwrap_err().rule, LogRule::CellNotUtf8);
}

/// The bad rows of tests/data/logs/bad-rows.csv: line, column, code.
const BAD_ROWS: &[(u64, Option<&str>, &str)] = &[
    (3, Some("date"), "log-date-invalid"),
    (5, Some("time"), "log-time-invalid"),
    (6, Some("utc_offset"), "log-offset-invalid"),
    (7, Some("site"), "log-site-unknown"),
    (9, Some("coaches"), "log-coach-unknown"),
    (10, Some("mode"), "log-mode-unknown"),
    (11, Some("minutes"), "log-minutes-invalid"),
    (12, Some("minutes"), "log-minutes-invalid"),
    (13, Some("minutes"), "log-minutes-invalid"),
    (14, Some("initiated_by"), "log-cell-empty"),
    (15, None, "log-row-width"),
    (16, Some("site"), "log-cell-not-utf8"),
    (17, Some("activities"), "log-activity-unknown"),
    (18, Some("initiated_by"), "log-initiator-unknown"),
    (19, Some("topics"), "log-topic-unknown"),
    // Line 20 holds a quoted cell running over line 21; the next row starts on line 22.
    (22, Some("date"), "log-date-invalid"),
    (23, Some("activity"), "log-activity-scope"),
    (25, Some("record"), "log-record-unknown"),
];

#[test]
fn bad_rows_are_each_reported_and_the_good_rows_all_read() {
    let bytes = std::fs::read("tests/data/logs/bad-rows.csv").unwrap();
    let results = read(&bytes, &Mapping::default());
    let problems: Vec<_> = results
        .iter()
        .filter_map(|r| r.as_ref().err())
        .map(|p| (p.line, p.column.as_deref(), p.rule.code()))
        .collect();
    assert_eq!(problems, BAD_ROWS);
    let good: Vec<_> = results
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(|r| (r.line, r.record.kind()))
        .collect();
    assert_eq!(
        good,
        [
            (2, RecordKind::Contact),
            (4, RecordKind::Meeting),
            (8, RecordKind::Activity),
            (20, RecordKind::Contact),
            (24, RecordKind::Contact)
        ]
    );
    // The quoted cell over two lines holds two topics.
    let LogRecord::Contact { contact, .. } = &results[18].as_ref().unwrap().record else {
        panic!()
    };
    assert_eq!(contact.topics.len(), 2);
    let LogRecord::Contact { contact, .. } = &results[21].as_ref().unwrap().record else {
        panic!()
    };
    assert_eq!(
        contact.asked,
        Some("2015-10-01T16:45:00-07:00".parse().unwrap())
    );
    // Ten kinds of bad row at least.
    let kinds: BTreeSet<_> = BAD_ROWS.iter().map(|(_, _, code)| code).collect();
    assert!(kinds.len() >= 10, "{kinds:?}");
}

#[test]
fn every_rule_has_a_case() {
    let mut covered: BTreeSet<&str> = CELL_CASES.iter().map(|(code, ..)| *code).collect();
    covered.extend(BAD_ROWS.iter().map(|(_, _, code)| *code));
    // The rules the tests above show by hand.
    covered.extend([
        "log-row-too-long",
        "log-quote-unclosed",
        "log-quote-stray",
        "log-column-repeated",
        "log-member-repeated",
        "log-coach-repeated",
        "log-contact-id-repeated",
        "log-row-repeated",
        "log-row-width",
        "log-cell-not-utf8",
        "log-activity-scope",
        "log-site-ambiguous",
        "log-coach-ambiguous",
        "log-column-missing",
        "log-mapping-invalid",
        "log-checkbox-invalid",
        "log-read-failed",
        "log-line-not-object",
    ]);
    let all: BTreeSet<&str> = LogRule::ALL.iter().map(|r| r.code()).collect();
    assert_eq!(covered, all);
}

fn redcap_mapping() -> Mapping {
    Mapping::from_json(&std::fs::read("tests/data/logs/redcap-encounters.mapping.json").unwrap())
        .unwrap()
}

#[test]
fn a_redcap_export_reads_through_its_mapping_and_fits_the_sample_program() {
    let bytes = std::fs::read("tests/data/logs/redcap-encounters.csv").unwrap();
    let results = read(&bytes, &redcap_mapping());
    let rows: Vec<&LogRow> = results
        .iter()
        .map(|r| r.as_ref().unwrap_or_else(|p| panic!("{p}")))
        .collect();
    assert_eq!(rows.len(), 11);
    // The notes of the fourth encounter run over two lines.
    assert_eq!(
        rows.iter().map(|r| r.line).collect::<Vec<_>>(),
        [2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13]
    );
    let LogRecord::Contact { site, contact } = &rows[0].record else {
        panic!()
    };
    assert_eq!(site.to_string(), SITE);
    assert_eq!(
        contact.start,
        "2015-09-17T10:30:00-07:00".parse::<ContactTime>().unwrap()
    );
    assert_eq!(contact.mode, ContactMode::InPerson);
    assert_eq!(
        contact.coaches,
        [
            COACH_A.parse::<EntityId>().unwrap(),
            COACH_E.parse().unwrap()
        ]
    );
    assert_eq!(contact.travel_minutes, Some(Minutes::new(55).unwrap()));
    assert_eq!(
        contact.topics,
        ["teaching-and-feedback", "team-and-patient-experience"].map(|k| Key::new(k).unwrap())
    );
    assert_eq!(contact.activities.len(), 3);
    // Logged into the program, the contacts break no rule of contacts.
    let mut program = program().clone();
    for row in &rows {
        let LogRecord::Contact { site, contact } = &row.record else {
            panic!()
        };
        let relationship = program
            .relationships
            .iter_mut()
            .find(|r| r.site == *site)
            .expect("a relationship for each site of the export");
        relationship.contacts.push(contact.clone());
    }
    let report = program.validate(manual());
    let contact_findings: Vec<_> = report
        .diagnostics()
        .iter()
        .filter(|d| d.rule.code().starts_with("contact-") && d.severity == Severity::Error)
        .collect();
    assert!(contact_findings.is_empty(), "{contact_findings:#?}");
}

#[test]
fn mappings_are_checked_with_clear_errors() {
    let default = Mapping::default();
    assert_eq!(
        Mapping::from_json(default.to_json().as_bytes()).unwrap(),
        default
    );
    let text = default.to_json();
    let cases = [
        (
            text.replacen("\"date\":", "\"day\":", 1),
            ParseErrorCode::UnknownField,
            "",
        ),
        (
            text.replacen("\"by\": \"id\"", "\"by\": \"nickname\"", 1),
            ParseErrorCode::Value,
            "/site/by",
        ),
        (
            text.replacen(
                "\"separator\": \";\"",
                "\"separator\": \";\", \"columns\": [\"c2\"]",
                1,
            ),
            ParseErrorCode::Value,
            "/coaches",
        ),
        (
            text.replacen("\"column\": \"utc_offset\"", "\"fixed\": \"PST\"", 1),
            ParseErrorCode::Value,
            "/utc_offset/fixed",
        ),
        (
            text.replacen(
                "\"date\": \"date\",",
                "\"date\": \"date\", \"date_format\": \"%Q\",",
                1,
            ),
            ParseErrorCode::Value,
            "/date_format",
        ),
    ];
    for (json, code, pointer) in cases {
        let error = Mapping::from_json(json.as_bytes()).unwrap_err();
        assert_eq!(error.code(), code, "{error}");
        if !pointer.is_empty() {
            assert_eq!(error.pointer(), pointer, "{error}");
        }
    }
    let unknown =
        Mapping::from_json(text.replacen("\"date\":", "\"dat\":", 1).as_bytes()).unwrap_err();
    assert!(unknown.message().contains("date"), "{unknown}");
    // Times without an offset need one.
    let mut no_offset: serde_json::Value = serde_json::from_str(&text).unwrap();
    no_offset.as_object_mut().unwrap().remove("utc_offset");
    let error = Mapping::from_json(no_offset.to_string().as_bytes()).unwrap_err();
    assert_eq!(error.pointer(), "/utc_offset");
    assert!(error.message().contains("-08:00"), "{error}");
}

#[test]
fn the_mapping_schema_and_the_rule_table_match_the_code() {
    check_generated(
        "docs/schemas/contact-log-mapping.schema.json",
        &to_text(&contact_log_mapping_schema()),
    );
    let path = "docs/contact-logs.md";
    let (begin, end) = (
        "<!-- rule codes: generated -->\n",
        "<!-- end of rule codes -->\n",
    );
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let (before, rest) = text
        .split_once(begin)
        .expect("the rule codes' start marker");
    let (_, after) = rest.split_once(end).expect("the rule codes' end marker");
    check_generated(
        path,
        &format!("{before}{begin}{}{end}{after}", LogRule::table_markdown()),
    );
}

#[test]
fn the_shipped_mapping_passes_its_schema() {
    let schema = contact_log_mapping_schema();
    let validator = jsonschema::options().build(&schema).unwrap();
    for mapping in [
        serde_json::from_slice(
            &std::fs::read("tests/data/logs/redcap-encounters.mapping.json").unwrap(),
        )
        .unwrap(),
        serde_json::to_value(Mapping::default()).unwrap(),
    ] {
        let errors: Vec<String> = validator
            .iter_errors(&mapping)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
    }
}

#[test]
fn formats_come_from_file_names() {
    assert_eq!(
        LogFormat::from_file_name("contacts.CSV"),
        Some(LogFormat::Csv)
    );
    assert_eq!(
        LogFormat::from_file_name("a.b.jsonl"),
        Some(LogFormat::JsonLines)
    );
    assert_eq!(
        LogFormat::from_file_name("x.ndjson"),
        Some(LogFormat::JsonLines)
    );
    assert_eq!(LogFormat::from_file_name("contacts.xlsx"), None);
    assert_eq!(LogFormat::from_file_name("contacts"), None);
}

#[test]
fn a_program_s_contacts_export_and_read_back() {
    let records: Vec<LogRecord> = LogRecord::contacts_of(program()).collect();
    assert!(records.len() > 20);
    let mut out = Vec::new();
    write_csv(&mut out, &records).unwrap();
    let read_back: Vec<LogRecord> = LogFormat::Csv
        .read(manual(), program(), out.as_slice(), &Mapping::default())
        .map(|r| r.map_or_else(|p| panic!("{p}"), |row| row.record))
        .collect();
    assert_eq!(read_back, records);
}

/// The problems of `bytes` read as CSV: line, column, code.
fn problems(bytes: &[u8], mapping: &Mapping) -> Vec<(u64, Option<String>, &'static str)> {
    read(bytes, mapping)
        .iter()
        .filter_map(|r| r.as_ref().err())
        .map(|p| (p.line, p.column.clone(), p.rule.code()))
        .collect()
}

/// The lines of the rows read.
fn lines_read(bytes: &[u8], mapping: &Mapping) -> Vec<u64> {
    read(bytes, mapping)
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(|r| r.line)
        .collect()
}

/// A log of the default columns and a `notes` column, one good row per note.
fn noted(notes: &[&str]) -> String {
    let mut csv = format!("{HEADER},notes\n");
    for note in notes {
        csv.push_str(&contact_row("asked", ""));
        csv.push(',');
        csv.push_str(note);
        csv.push('\n');
    }
    csv
}

#[test]
fn a_quote_left_open_is_reported_where_it_opens_and_the_rest_is_read() {
    // An unquoted cell may hold a quote; a quoted one left open would swallow the log.
    let csv = noted(&["said \"hi", "\"hi there", "fine", "ok", "\"a, b\""]);
    assert_eq!(
        problems(csv.as_bytes(), &Mapping::default()),
        [(3, Some("notes".to_owned()), "log-quote-unclosed")]
    );
    assert_eq!(
        lines_read(csv.as_bytes(), &Mapping::default()),
        [2, 4, 5, 6]
    );
    let (_, account) = read_all(csv.as_bytes());
    assert_eq!(
        (
            account.lines,
            account.header,
            account.contacts,
            account.reported
        ),
        (6, 1, 4, 1)
    );
    assert!(account.adds_up() && account.complete, "{account:?}");
    // A message says where the quote opened and how reading goes on.
    let results = read(csv.as_bytes(), &Mapping::default());
    let problem = results[1].as_ref().unwrap_err();
    assert!(problem.message.contains("`notes`"), "{problem}");
    // It paired with the next quote of the log, the opening one of line 6.
    assert!(
        problem.message.contains("closes only on line 6"),
        "{problem}"
    );
    assert!(
        problem.message.contains("reading goes on at the next line"),
        "{problem}"
    );
    // Without a quote after it, it runs to the end of the log.
    let csv = noted(&["fine", "\"hi there", "ok"]);
    let results = read(csv.as_bytes(), &Mapping::default());
    let problem = results[1].as_ref().unwrap_err();
    assert_eq!(
        (problem.line, problem.rule.code()),
        (3, "log-quote-unclosed")
    );
    assert!(problem.message.contains("end of the log"), "{problem}");
    assert!(results[2].is_ok());
    // Still open past the limit of lines, or of bytes: the same, at the line it starts on.
    let limits = ReadLimits {
        max_row_lines: 3,
        ..ReadLimits::default()
    };
    let csv = noted(&["\"open", "a", "b", "c", "\"x\"", "d"]);
    let mapping = Mapping::default();
    let results: Vec<_> = read_csv(manual(), program(), csv.as_bytes(), &mapping)
        .limits(limits)
        .collect();
    let problem = results[0].as_ref().unwrap_err();
    assert_eq!(
        (problem.line, problem.column.as_deref(), problem.rule.code()),
        (2, Some("notes"), "log-quote-unclosed")
    );
    assert!(problem.message.contains("after 3 lines"), "{problem}");
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 5);
    let limits = ReadLimits {
        max_row_bytes: 400,
        ..ReadLimits::default()
    };
    let results: Vec<_> = read_csv(manual(), program(), csv.as_bytes(), &mapping)
        .limits(limits)
        .collect();
    let problem = results[0].as_ref().unwrap_err();
    assert_eq!(
        (problem.line, problem.rule.code()),
        (2, "log-quote-unclosed")
    );
    assert!(problem.message.contains("after 400 bytes"), "{problem}");
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 5);
}

#[test]
fn a_redcap_export_with_a_quote_left_open_loses_only_that_row() {
    let text = std::fs::read_to_string("tests/data/logs/redcap-encounters.csv").unwrap();
    let mapping = redcap_mapping();
    let good = lines_read(text.as_bytes(), &mapping);
    // A note the mapping ignores, opened and never closed, on the third encounter (line 4).
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let notes = header.iter().position(|c| *c == "encounter_notes").unwrap();
    let mut cells: Vec<String> = lines[3].split(',').map(str::to_owned).collect();
    cells[notes] = "\"hi there".to_owned();
    lines[3] = cells.join(",");
    let broken = lines.join("\n") + "\n";
    assert_eq!(
        problems(broken.as_bytes(), &mapping),
        [(4, Some("encounter_notes".to_owned()), "log-quote-unclosed")]
    );
    let expected: Vec<u64> = good.iter().copied().filter(|l| *l != 4).collect();
    assert_eq!(lines_read(broken.as_bytes(), &mapping), expected);
}

#[test]
fn text_after_a_closing_quote_is_reported_and_the_next_line_read() {
    let csv = noted(&["fine", "\"quoted\" then more", "\"a\nb\"c", "ok"]);
    assert_eq!(
        problems(csv.as_bytes(), &Mapping::default()),
        [
            (3, Some("notes".to_owned()), "log-quote-stray"),
            // Over a line end, the quote after `b` is taken for the close of one left open.
            (4, Some("notes".to_owned()), "log-quote-unclosed"),
            // The second line of the row before, read on its own.
            (5, None, "log-row-width"),
        ]
    );
    assert_eq!(lines_read(csv.as_bytes(), &Mapping::default()), [2, 6]);
    let (_, account) = read_all(csv.as_bytes());
    assert!(account.adds_up(), "{account:?}");
}

#[test]
fn a_row_longer_than_the_limit_is_reported_and_skipped() {
    let long = "x".repeat(2000);
    let csv = noted(&["fine", &long, "ok"]);
    let mapping = Mapping::default();
    let limits = ReadLimits {
        max_row_bytes: 1000,
        ..ReadLimits::default()
    };
    let mut rows = read_csv(manual(), program(), csv.as_bytes(), &mapping).limits(limits);
    let results: Vec<_> = rows.by_ref().collect();
    let problem = results[1].as_ref().unwrap_err();
    assert_eq!(
        (problem.line, problem.column.as_deref(), problem.rule.code()),
        (3, None, "log-row-too-long")
    );
    assert!(problem.message.contains("1000 bytes"), "{problem}");
    assert_eq!(results[2].as_ref().unwrap().line, 4);
    assert!(rows.account().adds_up());
    // A log of one endless line is refused at its header, holding no more than the limit.
    let endless = std::io::Read::take(std::io::repeat(0), 50_000_000);
    let mut rows = read_csv(manual(), program(), endless, &mapping).limits(limits);
    let problem = rows.header().unwrap_err();
    assert_eq!((problem.line, problem.rule.code()), (1, "log-row-too-long"));
    // JSON Lines too.
    let jsonl = format!("{}\n{{}}\n", "x".repeat(2000));
    let results: Vec<_> = read_json_lines(manual(), program(), jsonl.as_bytes(), &mapping)
        .limits(limits)
        .collect();
    let problem = results[0].as_ref().unwrap_err();
    assert_eq!((problem.line, problem.rule.code()), (1, "log-row-too-long"));
    assert_eq!(results[1].as_ref().unwrap_err().line, 2);
}

#[test]
fn every_line_of_the_bad_rows_log_has_its_place() {
    let bytes = std::fs::read("tests/data/logs/bad-rows.csv").unwrap();
    let (_, account) = read_all(&bytes);
    assert_eq!(
        serde_json::to_value(account).unwrap(),
        serde_json::json!({
            "lines": 25,
            "header": 1,
            "contacts": 3,
            "activities": 1,
            "meetings": 1,
            "reported": 18,
            "blank": 0,
            "continuation": 1,
            "repeated": 0,
            "complete": true,
        })
    );
    assert!(account.adds_up());
    assert_eq!(
        account.to_string(),
        "25 lines: 1 header, 3 contacts, 1 activity and 1 meeting read, 18 rows reported, 0 blank and 1 continuation line"
    );
    // Blank lines are counted, wherever they are.
    let csv = format!("\n{HEADER}\n\n  \n{}\n\n", contact_row("asked", ""));
    let (results, account) = read_all(csv.as_bytes());
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].as_ref().unwrap().line, 5);
    assert_eq!((account.lines, account.blank, account.header), (6, 4, 1));
    assert!(account.adds_up());
}

#[test]
fn a_lone_carriage_return_ends_a_line() {
    let csv = format!(
        "{HEADER}\r{}\r{}\r{}\r",
        contact_row("asked", ""),
        contact_row("date", "2015-09-31"),
        contact_row("mode", "zoom")
    );
    assert_eq!(
        problems(csv.as_bytes(), &Mapping::default()),
        [
            (3, Some("date".to_owned()), "log-date-invalid"),
            (4, Some("mode".to_owned()), "log-mode-unknown"),
        ]
    );
    let (_, account) = read_all(csv.as_bytes());
    assert_eq!(account.lines, 4);
    // And in JSON Lines.
    let line = |minutes: u32| {
        format!(
            r#"{{"record": "contact", "site": "{SITE}", "date": "2015-09-17", "time": "10:30", "utc_offset": "-07:00", "minutes": {minutes}, "mode": "phone", "coaches": "{COACH_A}", "initiated_by": "coach"}}"#
        )
    };
    let jsonl = format!("{}\r{}\r\n{}\r", line(30), line(0), line(40));
    let results: Vec<_> =
        read_json_lines(manual(), program(), jsonl.as_bytes(), &Mapping::default()).collect();
    let lines: Vec<(u64, bool)> = results
        .iter()
        .map(|r| match r {
            Ok(row) => (row.line, true),
            Err(p) => (p.line, false),
        })
        .collect();
    assert_eq!(lines, [(1, true), (2, false), (3, true)]);
}

#[test]
fn a_header_naming_a_read_column_twice_names_both_places() {
    let header = format!("{HEADER},date,notes,notes");
    let csv = format!("{header}\n{},2015-09-18,a,b\n", contact_row("asked", ""));
    let mapping = Mapping::default();
    let mut rows = read_csv(manual(), program(), csv.as_bytes(), &mapping);
    let problem = rows.header().unwrap_err();
    assert_eq!(
        (problem.line, problem.column.as_deref(), problem.rule.code()),
        (1, Some("date"), "log-column-repeated")
    );
    assert!(problem.message.contains("fields 3 and 16"), "{problem}");
    // A column the mapping does not read may be named twice.
    let csv = format!("{HEADER},notes,notes\n{},a,b\n", contact_row("asked", ""));
    assert!(read(csv.as_bytes(), &mapping)[0].is_ok());
}

#[test]
fn a_mapping_reading_one_column_for_two_fields_is_refused() {
    let mut mapping = redcap_mapping();
    mapping.travel_minutes = Some("duration_min".to_owned());
    let error = Mapping::from_json(mapping.to_json().as_bytes()).unwrap_err();
    assert_eq!(error.code(), ParseErrorCode::Value);
    assert_eq!(error.pointer(), "/travel_minutes");
    assert!(error.message().contains("`duration_min`"), "{error}");
    assert!(error.message().contains("/length/minutes"), "{error}");
    // The same column twice in one list, or for coaches and guests.
    let mut mapping = Mapping::default();
    mapping.guests.as_mut().unwrap().column = Some("coaches".to_owned());
    assert_eq!(mapping.check().unwrap_err().pointer(), "/guests/column");
    // Reading a log with it is a problem of the whole file.
    let csv = one_row("asked", "");
    assert_eq!(
        problem_of(&csv, &mapping, program()).2,
        "log-mapping-invalid"
    );
    // `record` and `activity` may share a column: a form's type question says both.
    let mut mapping = Mapping::default();
    mapping.activity.as_mut().unwrap().column = "record".to_owned();
    mapping.record.as_mut().unwrap().values.insert(
        "debrief".to_owned(),
        practice_coaching::contact_log::RecordKind::Activity,
    );
    mapping.activity.as_mut().unwrap().values.insert(
        "debrief".to_owned(),
        Key::new("post-visit-debrief").unwrap(),
    );
    mapping.check().unwrap();
    let csv = format!("{HEADER}\ndebrief,{SITE},2015-09-17,,,,,,,,,,,,\n");
    let results = read(csv.as_bytes(), &mapping);
    assert!(
        matches!(&results[0], Ok(LogRow { record: LogRecord::Activity { activity, .. }, .. }) if activity.as_str() == "post-visit-debrief"),
        "{results:?}"
    );
}

#[test]
fn a_json_line_giving_a_member_twice_is_refused() {
    let line = format!(
        r#"{{"record": "contact", "site": "{SITE}", "date": "2015-09-17", "time": "10:30", "utc_offset": "-07:00", "minutes": 60, "mode": "phone", "coaches": "{COACH_A}", "initiated_by": "coach", "minutes": 999}}"#
    );
    let other = line.replace(", \"minutes\": 999", ", \"note\": 1, \"note\": 2");
    let escaped = line.replace("\"minutes\": 999", "\"minut\\u0065s\": 999");
    let good = line.replace(", \"minutes\": 999", "");
    let text = format!("{line}\n{other}\n{escaped}\n{good}\n");
    let results: Vec<_> =
        read_json_lines(manual(), program(), text.as_bytes(), &Mapping::default()).collect();
    let got: Vec<_> = results
        .iter()
        .map(|r| match r {
            Ok(row) => (row.line, None, "read"),
            Err(p) => (p.line, p.column.clone(), p.rule.code()),
        })
        .collect();
    assert_eq!(
        got,
        [
            (1, Some("minutes".to_owned()), "log-member-repeated"),
            (2, Some("note".to_owned()), "log-member-repeated"),
            (3, Some("minutes".to_owned()), "log-member-repeated"),
            (4, None, "read"),
        ]
    );
    assert!(
        results[0].as_ref().unwrap_err().message.contains("twice"),
        "{results:?}"
    );
}

#[test]
fn a_byte_order_mark_in_json_lines_is_named() {
    let text = "\u{feff}{\"site\": \"x\"}\n{\"site\": \"x\"}\n";
    let results: Vec<_> =
        read_json_lines(manual(), program(), text.as_bytes(), &Mapping::default()).collect();
    let problem = results[0].as_ref().unwrap_err();
    assert_eq!(
        (problem.line, problem.column.as_deref(), problem.rule.code()),
        (1, None, "log-line-not-object")
    );
    assert!(problem.message.contains("byte order mark"), "{problem}");
    // Only at the start: the next line is read as any other (here, without a record kind).
    assert_eq!(results[1].as_ref().unwrap_err().rule, LogRule::CellEmpty);
}

#[test]
fn a_coach_named_twice_in_a_row_is_reported() {
    let twice = format!("{COACH_A};{COACH_E};{COACH_A}");
    let many = vec![COACH_E; 200].join(";");
    for (column, value) in [("coaches", twice.as_str()), ("coaches", many.as_str())] {
        assert_eq!(
            problem_of(&one_row(column, value), &Mapping::default(), program()),
            (2, Some(column.to_owned()), "log-coach-repeated"),
            "{value}"
        );
    }
    // A guest who is also among the coaches.
    let csv = one_row("guests", COACH_E);
    assert_eq!(
        problem_of(&csv, &Mapping::default(), program()),
        (2, Some("guests".to_owned()), "log-coach-repeated")
    );
    let results = read(csv.as_bytes(), &Mapping::default());
    assert!(
        results[0]
            .as_ref()
            .unwrap_err()
            .message
            .contains("already among the row's coaches"),
        "{results:?}"
    );
    // Across the columns of a REDCap export.
    let text = std::fs::read_to_string("tests/data/logs/redcap-encounters.csv").unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let row = lines.next().unwrap();
    let names: Vec<&str> = header.split(',').collect();
    let mut cells: Vec<&str> = row.split(',').collect();
    let first = names.iter().position(|c| *c == "facilitator_1").unwrap();
    let second = names.iter().position(|c| *c == "facilitator_2").unwrap();
    cells[second] = cells[first];
    let csv = format!("{header}\n{}\n", cells.join(","));
    assert_eq!(
        problem_of(&csv, &redcap_mapping(), program()),
        (2, Some("facilitator_2".to_owned()), "log-coach-repeated")
    );
}

#[test]
fn a_contact_logged_twice_is_read_with_a_warning_naming_both_lines() {
    let row = contact_row("asked", "");
    let swapped = row.replace(
        &format!("{COACH_A};{COACH_E}"),
        &format!("{COACH_E};{COACH_A}"),
    );
    let later = contact_row("time", "11:30");
    let csv = format!("{HEADER}\n{row}\n{later}\n{swapped}\n{row}\n");
    let mapping = Mapping::default();
    let mut rows = read_csv(manual(), program(), csv.as_bytes(), &mapping);
    let results: Vec<_> = rows.by_ref().collect();
    let repeats: Vec<(u64, Option<u64>)> = results
        .iter()
        .map(|r| {
            let row = r.as_ref().unwrap();
            (row.line, row.repeats)
        })
        .collect();
    // The coaches are a set: the same two in another order repeat the row.
    assert_eq!(repeats, [(2, None), (3, None), (4, Some(2)), (5, Some(2))]);
    assert_eq!(rows.account().repeated, 2);
    let json = serde_json::to_value(results[2].as_ref().unwrap()).unwrap();
    assert_eq!(json["repeats"], 2);
    assert!(
        serde_json::to_value(results[0].as_ref().unwrap())
            .unwrap()
            .get("repeats")
            .is_none()
    );
    assert_eq!(LogRule::RowRepeated.code(), "log-row-repeated");
}

#[test]
fn a_contact_id_given_twice_is_reported() {
    let mapping = Mapping {
        contact_id: Some("id".to_owned()),
        ..Mapping::default()
    };
    let csv = format!(
        "{HEADER},id\n{},17\n{},18\n{},17\n{},\nmeeting,,2015-09-21,,,,,,,,,,,standardization-meeting,,\n",
        contact_row("asked", ""),
        contact_row("time", "11:00"),
        contact_row("time", "12:00"),
        contact_row("time", "13:00"),
    );
    let results = read(csv.as_bytes(), &mapping);
    let problems: Vec<_> = results
        .iter()
        .filter_map(|r| r.as_ref().err())
        .map(|p| (p.line, p.column.as_deref(), p.rule.code()))
        .collect();
    assert_eq!(
        problems,
        [
            (4, Some("id"), "log-contact-id-repeated"),
            (5, Some("id"), "log-cell-empty"),
        ]
    );
    let message = &results[2].as_ref().unwrap_err().message;
    assert!(message.contains("line 2"), "{message}");
    // A meeting needs no id.
    assert!(results[4].is_ok(), "{results:?}");
    // The mapping's JSON names it `contact_id`, and its schema allows it.
    let json = mapping.to_json();
    assert!(json.contains("\"contact_id\": \"id\""), "{json}");
    assert_eq!(Mapping::from_json(json.as_bytes()).unwrap(), mapping);
}

// Records over the sample program and its manual, by construction.

fn keys_of(keys: impl Iterator<Item = Key>) -> Vec<Key> {
    keys.collect()
}

fn arb_time() -> impl Strategy<Value = ContactTime> {
    (
        0u32..3000,
        0u32..24,
        0u32..60,
        0u32..60,
        prop::option::of(1u32..1000),
        0usize..5,
    )
        .prop_map(|(day, hour, minute, second, millis, offset)| {
            let date = chrono::NaiveDate::from_ymd_opt(2015, 9, 1).unwrap()
                + chrono::Days::new(u64::from(day));
            let offset = ["-08:00", "-07:00", "Z", "+05:30", "+14:00"][offset];
            let fraction = millis.map_or(String::new(), |m| format!(".{m:03}"));
            format!("{date}T{hour:02}:{minute:02}:{second:02}{fraction}{offset}")
                .parse()
                .unwrap()
        })
}

fn arb_record() -> impl Strategy<Value = LogRecord> {
    let sites: Vec<EntityId> = program().sites.iter().map(|s| s.id).collect();
    let coaches: Vec<EntityId> = program().coaches.iter().map(|c| c.id).collect();
    let skills = keys_of(manual().skills.iter().map(|s| s.key.clone()));
    let activities = keys_of(manual().activities.iter().map(|a| a.key.clone()));
    let contact = (
        prop::sample::select(sites.clone()),
        arb_time(),
        prop::option::of(arb_time()),
        prop::sample::select(vec![
            ContactMode::InPerson,
            ContactMode::Video,
            ContactMode::Phone,
            ContactMode::Email,
        ]),
        1u16..=1440,
        // Coaches and guests, each coach once in a row.
        prop::sample::subsequence(coaches.clone(), 1..=coaches.len().min(5))
            .prop_shuffle()
            .prop_flat_map(|people| {
                let n = people.len();
                (Just(people), 1..=n)
            })
            .prop_map(|(mut people, n)| {
                let guests = people.split_off(n);
                (people, guests)
            }),
        prop::option::of(1u16..=1440),
        any::<bool>(),
        prop::collection::vec(prop::sample::select(skills), 0..4),
        prop::collection::vec(prop::sample::select(activities), 0..4),
    )
        .prop_map(
            |(
                site,
                start,
                asked,
                mode,
                minutes,
                (coaches, guests),
                travel,
                by_site,
                topics,
                activities,
            )| {
                LogRecord::Contact {
                    site,
                    contact: Contact {
                        start,
                        asked,
                        mode,
                        minutes: Minutes::new(minutes).unwrap(),
                        coaches,
                        guests,
                        travel_minutes: travel.map(|t| Minutes::new(t).unwrap()),
                        initiated_by: if by_site {
                            Initiator::Site
                        } else {
                            Initiator::Coach
                        },
                        topics,
                        activities,
                    },
                }
            },
        );
    let site_activities: Vec<Key> = ["pre-visit-huddle", "lunch-check-in", "post-visit-debrief"]
        .map(|k| Key::new(k).unwrap())
        .to_vec();
    let meetings: Vec<Key> = ["implementation-team-meeting", "standardization-meeting"]
        .map(|k| Key::new(k).unwrap())
        .to_vec();
    let activity = (
        prop::sample::select(sites),
        arb_time(),
        any::<bool>(),
        prop::sample::select(site_activities),
    )
        .prop_map(|(site, start, timed, activity)| LogRecord::Activity {
            site,
            date: start.date(),
            activity,
            start: timed.then_some(start),
        });
    let meeting = (arb_time(), prop::sample::select(meetings)).prop_map(|(time, activity)| {
        LogRecord::Meeting {
            date: time.date(),
            activity,
        }
    });
    prop_oneof![4 => contact, 1 => activity, 1 => meeting]
}

fn written(records: &[LogRecord]) -> Vec<u8> {
    let mut out = Vec::new();
    write_csv(&mut out, records).unwrap();
    out
}

fn read_back(bytes: &[u8]) -> Vec<LogRecord> {
    read(bytes, &Mapping::default())
        .into_iter()
        .map(|r| r.map_or_else(|p| panic!("{p}"), |row| row.record))
        .collect()
}

/// The lines of `bytes`: each line end (LF, CRLF or a lone CR) ends one, and text after the
/// last is one more.
fn lines_of(bytes: &[u8]) -> u64 {
    let mut lines = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => lines += 1,
            b'\r' => {
                lines += 1;
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if bytes.last().is_some_and(|b| *b != b'\n' && *b != b'\r') {
        lines += 1;
    }
    lines
}

/// Reads `bytes` whole: the results and the account.
fn read_all(bytes: &[u8]) -> (Vec<Result<LogRow, RowProblem>>, LogAccount) {
    let mapping = Mapping::default();
    let mut rows = read_csv(manual(), program(), bytes, &mapping);
    let results: Vec<_> = rows.by_ref().collect();
    (results, rows.account())
}

/// A valid log of `records` with a last column of `notes` (cycled), which the default mapping
/// does not read: quoted cells with commas, doubled quotes and line ends among them.
fn with_notes(records: &[LogRecord], notes: &[&str]) -> Vec<u8> {
    let written = String::from_utf8(written(records)).unwrap();
    let mut out = String::new();
    for (i, line) in written.lines().enumerate() {
        out.push_str(line);
        if i == 0 {
            out.push_str(",notes");
        } else {
            out.push(',');
            out.push_str(notes[i % notes.len()]);
        }
        out.push('\n');
    }
    out.into_bytes()
}

/// Notes as a careful export writes them. None starts its quoted text with a comma or a line
/// end: a stray quote can pair with such a cell (docs/decisions.md).
const NOTES: &[&str] = &[
    "",
    "plain words",
    "said \"hi",
    "\"a, b\"",
    "\"line one\nline two\"",
    "\"she said \"\"hi\"\"\"",
    "\"three\r\nlines,\rhere\"",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn written_records_read_back_equal(records in prop::collection::vec(arb_record(), 0..30)) {
        prop_assert_eq!(read_back(&written(&records)), records);
    }

    #[test]
    fn shuffled_rows_read_as_the_same_records(
        records in prop::collection::vec(arb_record(), 0..30).prop_shuffle(),
        order in any::<prop::sample::Index>(),
    ) {
        let mut shuffled = records.clone();
        shuffled.rotate_left(order.index(records.len().max(1)).min(records.len()));
        shuffled.reverse();
        let sorted = |mut records: Vec<LogRecord>| {
            let mut shown: Vec<String> = records.drain(..).map(|r| format!("{r:?}")).collect();
            shown.sort();
            shown
        };
        prop_assert_eq!(sorted(read_back(&written(&shuffled))), sorted(read_back(&written(&records))));
    }

    #[test]
    fn any_bytes_give_a_result_per_row_and_every_line_its_place(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let (results, account) = read_all(&bytes);
        if account.complete {
            prop_assert_eq!(account.lines, lines_of(&bytes));
            prop_assert!(account.adds_up(), "{:?}", account);
            prop_assert_eq!(results.len() as u64, account.rows_read() + account.reported);
        } else {
            // A problem of the whole file, the only result.
            prop_assert_eq!(results.len(), 1, "{:?}", account);
            prop_assert!(results[0].is_err());
        }
    }

    #[test]
    fn any_rows_under_a_good_header_each_give_a_result(
        rows in prop::collection::vec(
            prop::collection::vec(
                prop_oneof![
                    Just(b"contact".to_vec()),
                    Just(SITE.as_bytes().to_vec()),
                    Just(b"2015-09-17".to_vec()),
                    Just(b"10:30".to_vec()),
                    Just(b"-07:00".to_vec()),
                    Just(b"\"a,\nb\"".to_vec()),
                    Just(b"\"open".to_vec()),
                    Just(b"\r".to_vec()),
                    prop::collection::vec(any::<u8>(), 0..12),
                ],
                0..18,
            ),
            0..20,
        ),
    ) {
        let mut bytes = format!("{HEADER}\n").into_bytes();
        for row in &rows {
            bytes.extend(row.join(&b","[..]));
            bytes.push(b'\n');
        }
        let (results, account) = read_all(&bytes);
        prop_assert!(account.complete);
        prop_assert_eq!(account.lines, lines_of(&bytes));
        prop_assert!(account.adds_up(), "{:?}", account);
        prop_assert_eq!(results.len() as u64, account.rows_read() + account.reported);
        // Every row starts on a line of its own, after the one before.
        let lines: Vec<u64> = results.iter().map(|r| match r { Ok(row) => row.line, Err(p) => p.line }).collect();
        prop_assert!(lines.windows(2).all(|w| w[0] < w[1]), "{:?}", lines);
    }

    #[test]
    fn one_byte_inserted_anywhere_loses_at_most_the_rows_around_it_each_reported(
        records in prop::collection::vec(arb_record(), 1..12),
        at in any::<prop::sample::Index>(),
        byte in prop_oneof![Just(b'"'), Just(b'\n'), Just(b'\r'), Just(b','), any::<u8>()],
    ) {
        let valid = with_notes(&records, NOTES);
        let (results, before) = read_all(&valid);
        prop_assert!(results.iter().all(Result::is_ok), "{:?}", results);
        prop_assert_eq!(before.rows_read(), records.len() as u64);
        let header = valid.iter().position(|b| *b == b'\n').unwrap() + 1;
        let at = at.index(valid.len() + 1);
        let mut mutated = valid.clone();
        mutated.insert(at, byte);
        let (results, after) = read_all(&mutated);
        if at < header {
            // A byte in the header: a problem of the whole file, or every row read or reported
            // (a comma gives the header a field more than its rows).
            prop_assert!(
                (results.len() == 1 && !after.complete)
                    || (after.complete
                        && after.adds_up()
                        && after.rows_read() + after.reported >= before.rows_read()),
                "{:?}", after
            );
            return Ok(());
        }
        prop_assert!(after.complete);
        prop_assert_eq!(after.lines, lines_of(&mutated));
        prop_assert!(after.adds_up(), "{:?}", after);
        prop_assert_eq!(results.len() as u64, after.rows_read() + after.reported);
        // The row the byte fell in may be lost, never another; each lost row is reported, and
        // the rows reported are at most the lines of the row around the byte (3 here) and one
        // more, where a line end splits it.
        prop_assert!(after.contacts <= before.contacts && after.contacts + 1 >= before.contacts);
        prop_assert!(after.activities <= before.activities && after.activities + 1 >= before.activities);
        prop_assert!(after.meetings <= before.meetings && after.meetings + 1 >= before.meetings);
        prop_assert!(after.rows_read() + 1 >= before.rows_read(), "{:?} {:?}", before, after);
        prop_assert!(after.reported >= before.rows_read() - after.rows_read(), "{:?}", after);
        prop_assert!(after.reported <= 4, "{:?} {:?}", after, results);
    }
}
