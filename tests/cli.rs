//! The command-line tool, run as a user runs it: exit codes, standard output and standard error
//! of every command. The documents under tests/broken/ are validated through the binary and its
//! JSON output is compared with the library's report, so the binary adds no rules of its own.
#![cfg(feature = "cli")]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use practice_coaching::{Manual, Program, Rule, reference};
use serde_json::Value;

// The hostile inputs the library tests use too; only this module of tests/common is needed.
mod common;
use common::hostile;

const BIN: &str = env!("CARGO_BIN_EXE_practice-coaching");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const BROKEN_BASE_MANUAL: &str = "tests/broken/manual-base.json";
/// The day broken programs are validated as of: every open assignment of the base program has
/// begun, and its ended relationship has ended.
const AS_OF: &str = "2022-08-01";

/// Runs the binary in the crate root with `args`, feeding `stdin` (empty if `None`).
fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(ROOT)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    let input = stdin.unwrap_or_default().to_vec();
    // Written from a thread so that a large input cannot deadlock against a full stdout pipe;
    // the binary may stop reading early, so a broken pipe here is not an error.
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let output = child.wait_with_output().expect("the binary runs");
    writer.join().expect("the stdin writer finishes");
    assert!(
        output.status.code().is_some(),
        "{args:?}: killed by a signal (a panic or a crash?); stderr: {}",
        stderr(&output)
    );
    output
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("stdout is JSON ({e}): {}", stdout(output)))
}

/// A file under the system temp directory, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, bytes: &[u8]) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "practice-coaching-cli-{}-{}-{name}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::write(&path, bytes).expect("the temp dir is writable");
        Self(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("a UTF-8 temp path")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The `.json` files of a directory under the crate root, sorted.
fn json_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join(dir))
        .expect("the directory exists")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{dir} has documents");
    files
}

fn read(path: impl AsRef<Path>) -> Vec<u8> {
    std::fs::read(Path::new(ROOT).join(path)).expect("the file exists")
}

/// Asserts byte equality, naming the first line that differs rather than dumping both.
fn assert_same_text(actual: &[u8], expected: &[u8], what: &str) {
    if actual == expected {
        return;
    }
    let actual = String::from_utf8_lossy(actual);
    let expected = String::from_utf8_lossy(expected);
    let line = actual
        .lines()
        .zip(expected.lines())
        .position(|(a, e)| a != e)
        .unwrap_or_else(|| actual.lines().count().min(expected.lines().count()));
    panic!(
        "the output differs from {what} from line {}:\n  printed:   {:?}\n  committed: {:?}",
        line + 1,
        actual.lines().nth(line).unwrap_or("(end)"),
        expected.lines().nth(line).unwrap_or("(end)"),
    );
}

// -------------------------------------------------------------------------------------------
// validate

#[test]
fn reference_manuals_validate_through_a_file_and_through_stdin() {
    for (name, _) in reference::manuals() {
        let printed = run(&["reference", name], None);
        assert_eq!(code(&printed), 0, "{}", stderr(&printed));
        let file = TempFile::new(&format!("{name}.json"), &printed.stdout);

        let from_file = run(&["validate", file.path()], None);
        assert_eq!(code(&from_file), 0, "{name}: {}", stdout(&from_file));
        let from_stdin = run(&["validate", "-"], Some(&printed.stdout));
        assert_eq!(code(&from_stdin), 0, "{name}: {}", stdout(&from_stdin));
        assert!(
            stdout(&from_stdin).contains("0 errors, 0 warnings in <stdin> (manual "),
            "{}",
            stdout(&from_stdin)
        );
    }
}

#[test]
fn the_sample_program_validates_against_the_embedded_manual_it_names() {
    let output = run(
        &["validate", "-", "--format", "json"],
        Some(reference::BHICCI_SAMPLE_PROGRAM_JSON.as_bytes()),
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["kind"], "program");
    assert_eq!(report["valid"], true);
    assert_eq!(report["errors"], 0);
    assert_eq!(report["manual"]["id"], "bhicci");
    assert_eq!(report["manual"]["version"], "2.0.0");
    assert_eq!(report["manual"]["embedded"], "bhicci-late");
    assert_eq!(report["parse_error"], Value::Null);
    let expected = reference::bhicci_sample_program().validate(reference::bhicci_late());
    assert_eq!(
        report["diagnostics"],
        serde_json::to_value(expected.diagnostics()).expect("serializes")
    );

    assert_eq!(report["manuals"].as_array().map(Vec::len), Some(1));
    assert_eq!(report["manuals"][0]["embedded"], "bhicci-late");
    assert_eq!(report["manuals"][0]["from"], Value::Null);
    assert_eq!(report["manuals"][0]["until"], Value::Null);

    let human = run(
        &["validate", "-", "--as-of", "2016-06-01"],
        Some(reference::BHICCI_SAMPLE_PROGRAM_JSON.as_bytes()),
    );
    assert_eq!(code(&human), 0);
    assert!(
        stdout(&human).ends_with(
            "in <stdin> (program checked against manual bhicci 2.0.0, embedded bhicci-late, as of 2016-06-01)\n"
        ),
        "{}",
        stdout(&human)
    );
}

#[test]
fn a_program_is_validated_as_of_today_unless_told_otherwise() {
    let sample = reference::BHICCI_SAMPLE_PROGRAM_JSON.as_bytes();
    let today = || chrono::Local::now().date_naive().to_string();
    let before = today();
    let output = run(&["validate", "-", "--format", "json"], Some(sample));
    let after = today();
    let as_of = json(&output)["as_of"].as_str().map(str::to_owned);
    assert!(
        as_of.as_deref() == Some(&before) || as_of.as_deref() == Some(&after),
        "{as_of:?}, today {before}"
    );
    let output = run(
        &["validate", "-", "--format", "json", "--as-of", "2017-03-01"],
        Some(sample),
    );
    assert_eq!(json(&output)["as_of"], "2017-03-01");
    // A manual has no rule about the day.
    let output = run(
        &[
            "validate",
            "src/reference/bhicci-late.json",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(json(&output)["as_of"], Value::Null);
    assert_eq!(json(&output)["manuals"], Value::Null);

    // The caseload of the broken program's coach is over the threshold once her fourth site is
    // assigned, not before.
    let file = "tests/broken/program/caseload-over-threshold.json";
    let on = |day: &str| {
        let args = [
            "validate",
            file,
            "--manual",
            BROKEN_BASE_MANUAL,
            "--as-of",
            day,
        ];
        let output = run(&args, None);
        assert_eq!(code(&output), 0, "warnings only");
        stdout(&output)
    };
    assert!(on("2021-09-01").starts_with("0 errors, 0 warnings"));
    assert!(on("2022-01-03").contains("coaches 4 sites on 2022-01-03"));
}

#[test]
fn a_program_that_followed_two_versions_is_checked_against_both() {
    let stretched = reference::BHICCI_SAMPLE_PROGRAM_JSON.replacen(
        r#""version": "^2.0""#,
        r#""version": "^2.0", "earlier": [{"version": "^1.0", "until": "2016-06-30"}]"#,
        1,
    );
    let args = ["validate", "-", "--as-of", "2016-03-01"];
    let human = run(&args, Some(stretched.as_bytes()));
    assert_eq!(code(&human), 0, "{}", stdout(&human));
    assert!(
        stdout(&human).ends_with(
            "(program checked against manuals bhicci 1.0.0 (embedded bhicci-launch) until 2016-06-30; \
             bhicci 2.0.0 (embedded bhicci-late) from 2016-07-01, as of 2016-03-01)\n"
        ),
        "{}",
        stdout(&human)
    );
    let output = run(
        &[&args[..], &["--format", "json"]].concat(),
        Some(stretched.as_bytes()),
    );
    let report = json(&output);
    assert_eq!(report["manual"]["embedded"], "bhicci-late");
    let manuals = &report["manuals"];
    assert_eq!(manuals[0]["embedded"], "bhicci-launch");
    assert_eq!(manuals[0]["until"], "2016-06-30");
    assert_eq!(manuals[1]["embedded"], "bhicci-late");
    assert_eq!(manuals[1]["from"], "2016-07-01");
    let program = Program::from_json(stretched.as_bytes()).expect("parses");
    let expected = program.validate_versions(
        &[reference::bhicci_launch(), reference::bhicci_late()],
        Some("2016-03-01".parse().expect("a date")),
    );
    assert_eq!(
        report["diagnostics"],
        serde_json::to_value(expected.diagnostics()).expect("serializes")
    );

    // Given as files, one --manual for each version; with the late one only, the launch
    // stretch is a mismatch.
    let file = TempFile::new("stretched.json", stretched.as_bytes());
    let both = run(
        &[
            "validate",
            file.path(),
            "--manual",
            "src/reference/bhicci-launch.json",
            "--manual",
            "src/reference/bhicci-late.json",
        ],
        None,
    );
    assert_eq!(code(&both), 0, "{}", stdout(&both));
    let late = run(
        &[
            "validate",
            file.path(),
            "--manual",
            "src/reference/bhicci-late.json",
        ],
        None,
    );
    assert_eq!(code(&late), 1);
    assert!(
        stdout(&late).contains("program-manual-mismatch  /manual/earlier/0/version"),
        "{}",
        stdout(&late)
    );

    // A version no embedded manual is names the stretch.
    let unknown = stretched.replacen(r#""^1.0""#, r#""^3.0""#, 1);
    let output = run(&["validate", "-"], Some(unknown.as_bytes()));
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("bhicci ^3.0 until 2016-06-30, which is not embedded"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_program_following_the_launch_manual_is_checked_against_it() {
    let launch = reference::BHICCI_SAMPLE_PROGRAM_JSON.replacen(
        r#""version": "^2.0""#,
        r#""version": "^1.0""#,
        1,
    );
    let output = run(
        &["validate", "-", "--format", "json", "--as-of", "2016-03-01"],
        Some(launch.as_bytes()),
    );
    let report = json(&output);
    assert_eq!(report["manual"]["embedded"], "bhicci-launch");
    let program = Program::from_json(launch.as_bytes()).expect("parses");
    let expected = program.validate_as_of(
        reference::bhicci_launch(),
        "2016-03-01".parse().expect("a date"),
    );
    assert_eq!(
        report["diagnostics"],
        serde_json::to_value(expected.diagnostics()).expect("serializes")
    );
    assert_eq!(code(&output), i32::from(expected.has_errors()));
}

#[test]
fn a_program_whose_manual_is_not_embedded_asks_for_manual() {
    let program = read("tests/broken/program-base.json");
    let output = run(&["validate", "-"], Some(&program));
    assert_eq!(code(&output), 2);
    assert!(output.stdout.is_empty());
    let message = stderr(&output);
    assert!(message.contains("harbor-valley ^1.2"), "{message}");
    assert!(message.contains("not embedded"), "{message}");
    assert!(message.contains("--manual"), "{message}");

    let output = run(
        &["validate", "-", "--manual", BROKEN_BASE_MANUAL],
        Some(&program),
    );
    assert_eq!(code(&output), 0, "{}", stdout(&output));
}

/// Validates `file` through the binary as JSON and checks the output against the library.
fn check_broken(file: &Path, extra: &[&str], expected: &practice_coaching::Report) {
    let code_name = file.file_stem().and_then(|s| s.to_str()).expect("a name");
    let rule = Rule::from_code(code_name)
        .unwrap_or_else(|| panic!("{code_name}: the file name is a rule code"));
    let path = file.to_str().expect("a UTF-8 path");
    let mut args = vec!["validate", path, "--format", "json"];
    args.extend(extra);
    let output = run(&args, None);
    let report = json(&output);

    assert_eq!(
        report["diagnostics"],
        serde_json::to_value(expected.diagnostics()).expect("serializes"),
        "{code_name}"
    );
    let own: Vec<&Value> = report["diagnostics"]
        .as_array()
        .expect("an array")
        .iter()
        .filter(|d| d["rule"] == rule.code())
        .collect();
    assert!(!own.is_empty(), "{code_name}: no finding of its own rule");
    let errors = expected.errors().count();
    assert_eq!(report["errors"], errors, "{code_name}");
    assert_eq!(
        report["warnings"],
        expected.warnings().count(),
        "{code_name}"
    );
    assert_eq!(report["valid"], errors == 0, "{code_name}");
    assert_eq!(report["suppressed"], expected.suppressed(), "{code_name}");
    assert_eq!(report["parse_error"], Value::Null, "{code_name}");
    if own.iter().any(|d| d["severity"] == "error") {
        assert_eq!(code(&output), 1, "{code_name}: an error finding exits 1");
    } else if errors == 0 {
        assert_eq!(code(&output), 0, "{code_name}: warnings only exit 0");
    } else {
        // A warning rule whose document breaks an error rule too.
        assert_eq!(code(&output), 1, "{code_name}");
    }

    // The human format: one line a group of findings sharing a cause, severity first, then
    // the summary.
    let mut args = vec!["validate", path];
    args.extend(extra);
    let human = run(&args, None);
    assert_eq!(code(&human), code(&output), "{code_name}");
    let text = stdout(&human);
    let lines: Vec<&str> = text.lines().collect();
    let groups = expected.grouped();
    assert_eq!(lines.len(), groups.len() + 1, "{text}");
    for (line, group) in lines.iter().zip(&groups) {
        let finding = group.first();
        let fields: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(
            fields.get(..3),
            Some(
                &[
                    finding.severity.as_str(),
                    finding.rule.code(),
                    &finding.path
                ][..]
            ),
            "{line}"
        );
        if group.len() == 1 {
            assert!(line.ends_with(&finding.message), "{line}");
        } else {
            assert!(
                line.contains(&format!("and {} more", group.len() - 1)),
                "{line}"
            );
            assert!(line.contains(finding.cause()), "{line}");
        }
    }
    let summary = lines.last().expect("a summary");
    assert!(
        summary.starts_with(&format!("{errors} error")),
        "{code_name}: {summary}"
    );
    let suppressed = match expected.suppressed() {
        0 => "suppressed".to_owned(),
        1 => "(1 follow-on finding suppressed)".to_owned(),
        n => format!("({n} follow-on findings suppressed)"),
    };
    assert_eq!(
        summary.contains(&suppressed),
        expected.suppressed() > 0,
        "{code_name}: {summary}"
    );
}

#[test]
fn findings_that_follow_from_another_are_counted_in_both_formats() {
    // The team names an unknown coach, so two contacts by the real one look unassigned.
    let file = "tests/broken/program/team-coach-unknown.json";
    let args = ["validate", file, "--manual", BROKEN_BASE_MANUAL];
    let human = stdout(&run(&args, None));
    assert!(
        human.contains("1 error, 0 warnings (2 follow-on findings suppressed) in "),
        "{human}"
    );
    let output = run(&[&args[..], &["--format", "json"]].concat(), None);
    assert_eq!(json(&output)["suppressed"], 2);
}

#[test]
fn every_broken_manual_exits_by_its_findings() {
    let mut exits = [0, 0];
    for file in json_files("tests/broken/manual") {
        let manual = Manual::from_json(&read(&file)).expect("a broken manual parses");
        let report = manual.validate();
        check_broken(&file, &[], &report);
        exits[usize::from(report.has_errors())] += 1;
    }
    assert!(
        exits[0] > 0 && exits[1] > 0,
        "both exit codes covered: {exits:?}"
    );
}

/// The manual a broken program is checked against, as `tests/broken_documents.rs` chooses it: the
/// base manual, or the `<code>.manual.json` beside the program where the rule needs another.
fn manual_for(program: &Path) -> String {
    let own = program.with_extension("manual.json");
    if own.exists() {
        own.to_str().expect("a UTF-8 path").to_owned()
    } else {
        BROKEN_BASE_MANUAL.to_owned()
    }
}

#[test]
fn every_broken_program_exits_by_its_findings_against_its_manual() {
    let mut exits = [0, 0];
    let programs = json_files("tests/broken/program")
        .into_iter()
        .filter(|file| !file.to_string_lossy().ends_with(".manual.json"));
    for file in programs {
        let manual_path = manual_for(&file);
        let manual = Manual::from_json(&read(&manual_path)).expect("the manual parses");
        let program = Program::from_json(&read(&file)).expect("a broken program parses");
        let report = program.validate_as_of(&manual, AS_OF.parse().expect("a date"));
        check_broken(
            &file,
            &["--manual", &manual_path, "--as-of", AS_OF],
            &report,
        );
        exits[usize::from(report.has_errors())] += 1;
    }
    assert!(
        exits[0] > 0 && exits[1] > 0,
        "both exit codes covered: {exits:?}"
    );
}

#[test]
fn a_parse_failure_exits_2_with_line_column_and_pointer() {
    let manual = String::from_utf8(read(BROKEN_BASE_MANUAL)).expect("UTF-8");
    let broken = manual.replacen(
        r#""id": "harbor-valley","#,
        r#""id": "harbor-valley", "owner": 1,"#,
        1,
    );
    let file = TempFile::new("unknown-field.json", broken.as_bytes());

    let human = run(&["validate", file.path()], None);
    assert_eq!(code(&human), 2);
    assert!(human.stdout.is_empty(), "{}", stdout(&human));
    let message = stderr(&human);
    assert!(
        message.contains("parse-unknown-field at line 3 column 32, /owner: unknown field `owner`"),
        "{message}"
    );
    assert!(message.contains(file.path()), "{message}");

    let output = run(&["validate", file.path(), "--format", "json"], None);
    assert_eq!(code(&output), 2);
    assert_eq!(stderr(&output), message, "the same message in both formats");
    let report = json(&output);
    assert_eq!(report["file"], file.path());
    assert_eq!(report["kind"], "manual");
    assert_eq!(report["manual"], Value::Null);
    assert_eq!(report["valid"], false);
    assert_eq!(report["diagnostics"], serde_json::json!([]));
    let error = &report["parse_error"];
    assert_eq!(error["code"], "parse-unknown-field");
    assert_eq!(error["line"], 3);
    assert_eq!(error["column"], 32);
    assert_eq!(error["pointer"], "/owner");
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("unknown field `owner`")),
        "{error}"
    );
}

/// Runs `validate` on a document that must not parse, from a file and from standard input, and
/// returns the JSON report; asserts status 2 and a short error line on stderr.
fn check_unreadable(name: &str, bytes: &[u8]) -> Value {
    let file = TempFile::new("hostile.json", bytes);
    let mut reports = Vec::new();
    for (source, stdin) in [(file.path(), None), ("-", Some(bytes))] {
        let output = run(&["validate", source, "--format", "json"], stdin);
        assert_eq!(code(&output), 2, "{name}: {}", stderr(&output));
        let message = stderr(&output);
        assert!(message.starts_with("error: "), "{name}: {message}");
        assert!(message.contains(" at line "), "{name}: {message}");
        assert_eq!(message.lines().count(), 1, "{name}: {message}");
        assert!(
            message.len() < 1000,
            "{name}: a message of {} bytes",
            message.len()
        );
        let report = json(&output);
        assert_eq!(report["valid"], false, "{name}");
        reports.push(report);
    }
    let [from_file, from_stdin] = <[Value; 2]>::try_from(reports).expect("two reports");
    assert_eq!(
        from_file["parse_error"], from_stdin["parse_error"],
        "{name}"
    );
    from_stdin
}

#[test]
fn hostile_inputs_are_parse_errors_never_panics() {
    let mut cases = hostile::small();
    cases.push(hostile::long_string());
    for case in cases {
        let Some(expected) = case.code else {
            continue;
        };
        let report = check_unreadable(case.name, &case.bytes);
        let error = &report["parse_error"];
        assert_eq!(error["code"], expected.code(), "{}: {report}", case.name);
        assert_eq!(error["pointer"], case.pointer, "{}: {report}", case.name);
    }
}

#[test]
fn more_bad_input_is_a_parse_error_never_a_panic() {
    let deep_skipped = format!(
        r#"{{"id": {}1{}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    // Deterministic noise (xorshift), 8 MB.
    let mut noise = Vec::with_capacity(8 << 20);
    let mut state: u32 = 0x9e37_79b9;
    while noise.len() < 8 << 20 {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        noise.extend_from_slice(&state.to_le_bytes());
    }
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("whitespace", b" \n\t ".to_vec(), "parse-syntax"),
        (
            "neither kind",
            br#"{"id": "x"}"#.to_vec(),
            "parse-missing-field",
        ),
        (
            "deep nesting in a member of no kind",
            deep_skipped.into_bytes(),
            "parse-",
        ),
        ("8 MB of noise", noise, "parse-syntax"),
        (
            "a manual cut short",
            read(BROKEN_BASE_MANUAL)[..200].to_vec(),
            "parse-syntax",
        ),
    ];
    for (name, bytes, error_code) in cases {
        let report = check_unreadable(name, &bytes);
        assert!(
            report["parse_error"]["code"]
                .as_str()
                .is_some_and(|c| c.starts_with(error_code)),
            "{name}: {report}"
        );
    }
}

#[test]
fn io_failures_exit_2() {
    let missing = std::env::temp_dir().join(format!(
        "practice-coaching-cli-{}-missing.json",
        std::process::id()
    ));
    let missing = missing.to_str().expect("UTF-8");
    let output = run(&["validate", missing], None);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains(&format!("cannot read {missing}")));

    let output = run(&["validate", "tests"], None);
    assert_eq!(code(&output), 2, "a directory");

    let program = read("tests/broken/program-base.json");
    let output = run(&["validate", "-", "--manual", missing], Some(&program));
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("cannot read"),
        "{}",
        stderr(&output)
    );

    let output = run(
        &[
            "validate",
            "-",
            "--manual",
            "tests/broken/program/team-roles-mismatch.json",
        ],
        Some(&program),
    );
    assert_eq!(code(&output), 2, "a program given as the manual");
    assert!(
        stderr(&output).contains("is a program"),
        "{}",
        stderr(&output)
    );

    let not_json = TempFile::new("manual.json", b"{");
    let output = run(
        &["validate", "-", "--manual", not_json.path()],
        Some(&program),
    );
    assert_eq!(code(&output), 2, "a manual that does not parse");
    assert!(
        stderr(&output).contains(&format!(
            "--manual {}: parse-syntax at line",
            not_json.path()
        )),
        "{}",
        stderr(&output)
    );
}

// -------------------------------------------------------------------------------------------
// usage

#[test]
fn usage_errors_exit_2_on_stderr() {
    let cases: &[&[&str]] = &[
        &[],
        &["frobnicate"],
        &["validate"],
        &["validate", "x.json", "--format", "xml"],
        &["validate", "-", "--manual", "-"],
        &["validate", "x.json", "--manual", "-", "--manual", "-"],
        &["validate", "x.json", "--as-of", "2021-02-30"],
        &["validate", "x.json", "--as-of", "2021-2-3"],
        &[
            "validate",
            BROKEN_BASE_MANUAL,
            "--manual",
            BROKEN_BASE_MANUAL,
        ],
        &["schema"],
        &["schema", "site"],
        &["rules", "--format", "html"],
        &["reference", "bhicci"],
        &["reference", "--list", "bhicci-late"],
        &["reference", "--sample-program", "bhicci-late"],
    ];
    for args in cases {
        let output = run(args, None);
        assert_eq!(code(&output), 2, "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}: {}", stdout(&output));
        assert!(stderr(&output).contains("error"), "{args:?}");
    }
    let unknown = run(&["reference", "bhicci"], None);
    let message = stderr(&unknown);
    for name in ["bhicci-launch", "bhicci-late", "sample-program"] {
        assert!(message.contains(name), "names the valid names: {message}");
    }
}

#[test]
fn help_and_version_exit_0() {
    for args in [
        &["--help"][..],
        &["--version"],
        &["validate", "--help"],
        &["help", "rules"],
    ] {
        let output = run(args, None);
        assert_eq!(code(&output), 0, "{args:?}");
        assert!(!output.stdout.is_empty(), "{args:?}");
    }
    let help = stdout(&run(&["--help"], None));
    for command in ["reference", "schema", "validate", "rules"] {
        assert!(help.contains(command), "{help}");
    }
}

// -------------------------------------------------------------------------------------------
// reference, schema, rules

#[test]
fn reference_prints_the_embedded_text_as_is() {
    let late = run(&["reference"], None);
    assert_eq!(code(&late), 0);
    assert_eq!(
        stdout(&late),
        reference::BHICCI_LATE_JSON,
        "latest by default"
    );
    let cases = [
        (
            &["reference", "bhicci-late"][..],
            reference::BHICCI_LATE_JSON,
        ),
        (
            &["reference", "bhicci-launch"],
            reference::BHICCI_LAUNCH_JSON,
        ),
        (
            &["reference", "bhicci-sample-program"],
            reference::BHICCI_SAMPLE_PROGRAM_JSON,
        ),
        (&["reference", "evidencenow"], reference::EVIDENCENOW_JSON),
    ];
    for (args, expected) in cases {
        let output = run(args, None);
        assert_eq!(code(&output), 0, "{args:?}");
        assert_eq!(stdout(&output), expected, "{args:?}");
    }
}

#[test]
fn reference_list_names_every_embedded_document() {
    let output = run(&["reference", "--list"], None);
    assert_eq!(code(&output), 0);
    let text = stdout(&output);
    let names: Vec<&str> = text
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    let expected: Vec<&str> = reference::DOCUMENTS.iter().map(|(name, _)| *name).collect();
    assert_eq!(names, expected, "{text}");
    assert!(text.contains("bhicci 1.0.0"), "{text}");
    assert!(text.contains("bhicci 2.0.0 (default)"), "{text}");
    // Every listed name prints.
    for name in names {
        assert_eq!(code(&run(&["reference", name], None)), 0, "{name}");
    }
}

#[test]
fn schema_prints_the_committed_schemas_byte_for_byte() {
    for kind in ["manual", "program"] {
        let output = run(&["schema", kind], None);
        assert_eq!(code(&output), 0, "{kind}: {}", stderr(&output));
        let committed = read(format!("docs/schemas/{kind}.schema.json"));
        assert_same_text(
            &output.stdout,
            &committed,
            &format!("docs/schemas/{kind}.schema.json"),
        );
    }
}

#[test]
fn rules_prints_the_catalogue_in_each_format() {
    let markdown = run(&["rules", "--format", "markdown"], None);
    assert_eq!(code(&markdown), 0);
    assert_same_text(&markdown.stdout, &read("docs/rules.md"), "docs/rules.md");

    let output = run(&["rules", "--format", "json"], None);
    assert_eq!(code(&output), 0);
    let rules = json(&output);
    let rules = rules.as_array().expect("an array");
    assert_eq!(rules.len(), Rule::ALL.len());
    for (entry, rule) in rules.iter().zip(Rule::ALL) {
        assert_eq!(entry["code"], rule.code());
        assert_eq!(entry["area"], rule.area());
        assert_eq!(entry["severity"], rule.severity().as_str());
        assert_eq!(entry["summary"], rule.summary());
        assert_eq!(entry["source"], rule.source());
    }

    let human = run(&["rules"], None);
    assert_eq!(code(&human), 0);
    let text = stdout(&human);
    for rule in Rule::ALL {
        assert!(
            text.lines().any(|line| {
                let fields: Vec<&str> = line.split_whitespace().collect();
                fields.get(..3) == Some(&[rule.area(), rule.code(), rule.severity().as_str()][..])
            }),
            "{rule}: {text}"
        );
    }
}

// ---- plan -------------------------------------------------------------------------------------

/// The site of the sample program's third relationship (it went back a phase).
fn planned_site() -> String {
    reference::bhicci_sample_program().relationships[2]
        .site
        .to_string()
}

#[test]
fn plan_prints_a_table_json_and_an_icalendar_file() {
    let program = TempFile::new(
        "sample.json",
        reference::BHICCI_SAMPLE_PROGRAM_JSON.as_bytes(),
    );
    let site = planned_site();
    let table = run(
        &["plan", program.path(), "--site", &site, "--months", "12"],
        None,
    );
    assert_eq!(code(&table), 0, "{}", stderr(&table));
    let text = stdout(&table);
    assert!(
        text.contains("Coaching plan for Harbor Counseling Center, 2015-09-14 to 2016-09-14"),
        "{text}"
    );
    assert!(
        text.contains("assessment      intensive")
            && text.contains("Weekly coaches' standardization meeting: 1 per week"),
        "{text}"
    );

    let expected = reference::bhicci_sample_program().relationships[2].plan(
        reference::bhicci_late(),
        reference::bhicci_sample_program(),
        None,
    );
    let as_json = run(
        &["plan", program.path(), "--site", &site, "--format", "json"],
        None,
    );
    assert_eq!(code(&as_json), 0, "{}", stderr(&as_json));
    assert_eq!(
        json(&as_json),
        serde_json::to_value(&expected).expect("serializes")
    );

    let stamp = "2026-01-01T00:00:00Z";
    let ics = run(
        &[
            "plan",
            "-",
            "--site",
            &site,
            "--format",
            "ics",
            "--dtstamp",
            stamp,
        ],
        Some(reference::BHICCI_SAMPLE_PROGRAM_JSON.as_bytes()),
    );
    assert_eq!(code(&ics), 0, "{}", stderr(&ics));
    let parsed = chrono::DateTime::parse_from_rfc3339(stamp)
        .expect("a time")
        .to_utc();
    let title = "Coaching plan: Harbor Counseling Center";
    assert_eq!(
        stdout(&ics),
        expected.to_icalendar(
            reference::bhicci_late(),
            reference::bhicci_sample_program(),
            title,
            parsed
        )
    );
    let calendar: icalendar::Calendar = stdout(&ics)
        .parse()
        .expect("a calendar application can read it");
    assert!(calendar.components.len() > 10);
}

/// `plan` of a broken program (a decision too soon after another) with its manual, and `args`.
fn plan_broken(args: &[&str]) -> Output {
    let mut all = vec!["plan", "tests/broken/program/decision-interval.json"];
    all.extend(["--manual", BROKEN_BASE_MANUAL]);
    all.extend(["--site", "5e000000-0000-4000-8000-000000000001"]);
    all.extend_from_slice(args);
    run(&all, None)
}

#[test]
fn plan_refuses_bad_sites_invalid_programs_and_manuals() {
    let program = TempFile::new(
        "sample.json",
        reference::BHICCI_SAMPLE_PROGRAM_JSON.as_bytes(),
    );
    // Neither an id nor a name.
    let bad_id = run(&["plan", program.path(), "--site", "{not-a-uuid}"], None);
    assert_eq!(code(&bad_id), 2);
    assert!(stderr(&bad_id).contains("--site"), "{}", stderr(&bad_id));
    let unknown = run(
        &[
            "plan",
            program.path(),
            "--site",
            "00000000-0000-4000-8000-000000000000",
        ],
        None,
    );
    assert_eq!(code(&unknown), 2);
    assert!(
        stderr(&unknown)
            .contains("no site is named or has the id `00000000-0000-4000-8000-000000000000`"),
        "{}",
        stderr(&unknown)
    );
    let broken = plan_broken(&[]);
    assert_eq!(code(&broken), 1, "{}", stderr(&broken));
    assert!(
        stderr(&broken).contains("validation error"),
        "{}",
        stderr(&broken)
    );
    let manual = TempFile::new("manual.json", reference::BHICCI_LATE_JSON.as_bytes());
    let wrong_kind = run(&["plan", manual.path(), "--site", &planned_site()], None);
    assert_eq!(code(&wrong_kind), 2);
}

// ---- hostile output ---------------------------------------------------------------------------

/// A name meant to forge lines and drive the terminal: a fake finding and summary on lines of
/// their own, a screen clear, a title change, a carriage return, NEL, the line separator and
/// bidirectional overrides.
const FORGED: &str = "Harbor\nerror fake\n0 errors, 0 warnings in forged.json (manual x)\u{1b}[2J\
                      \u{1b}]0;title\u{7}\r\u{85}\u{2028}\u{202e}txt.exe\u{2066}";

/// Whether `c` acts on a terminal: a control character, a line or paragraph separator, a
/// bidirectional embedding, override or isolate.
fn acts_on_terminal(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// Asserts that human output carries no character that acts on a terminal but its line feeds,
/// and no line the document forged.
fn assert_inert(text: &str, what: &str) {
    assert!(
        !text.chars().any(|c| c != '\n' && acts_on_terminal(c)),
        "{what}: {text:?}"
    );
    assert!(
        !text.lines().any(|line| line.starts_with("error fake")
            || line.starts_with("0 errors, 0 warnings in forged")),
        "{what}: {text}"
    );
}

/// The sample program with `name` for the planned site and the first coach, who lacks the
/// recommended health care experience so that a warning names them.
fn program_with_names(name: &str) -> Vec<u8> {
    let mut program: Value =
        serde_json::from_str(reference::BHICCI_SAMPLE_PROGRAM_JSON).expect("the sample program");
    let site = planned_site();
    for entry in program["sites"].as_array_mut().expect("sites") {
        if entry["id"] == site.as_str() {
            entry["name"] = Value::from(name);
        }
    }
    program["coaches"][0]["name"] = Value::from(name);
    program["coaches"][0]["experience"] = serde_json::json!([{"kind": "practice-transformation"}]);
    serde_json::to_vec(&program).expect("serializes")
}

#[test]
fn document_text_cannot_forge_lines_or_drive_the_terminal() {
    let program = TempFile::new("forged.json", &program_with_names(FORGED));
    let validated = run(&["validate", program.path()], None);
    assert_eq!(code(&validated), 0, "{}", stderr(&validated));
    let text = stdout(&validated);
    assert_inert(&text, "validate");
    assert_inert(&stderr(&validated), "validate, stderr");
    assert!(
        text.contains(r"coach `Harbor\nerror fake\n0 errors, 0 warnings in forged.json (manual x)\u{1b}[2J\u{1b}]0;title\u{7}\r\u{85}\u{2028}\u{202e}txt.exe\u{2066}`"),
        "the name, escaped: {text}"
    );
    assert_eq!(
        text.lines()
            .filter(|l| l.contains(" in ") && l.ends_with(')'))
            .count(),
        1,
        "one summary: {text}"
    );

    let site = planned_site();
    let table = run(&["plan", program.path(), "--site", &site], None);
    assert_eq!(code(&table), 0, "{}", stderr(&table));
    assert_inert(&stdout(&table), "plan");
    assert!(
        stdout(&table).starts_with(r"Coaching plan for Harbor\nerror fake\n0 errors"),
        "{}",
        stdout(&table)
    );

    // An error message quoting the document goes to standard error, escaped the same way.
    let unknown = TempFile::new("unknown.json", b"{\"sites\": [], \"\\u001b[2J\\n\": 1}");
    for args in [
        &["validate", unknown.path()][..],
        &["plan", unknown.path(), "--site", &site],
    ] {
        let output = run(args, None);
        assert_eq!(code(&output), 2, "{args:?}");
        let message = stderr(&output);
        assert_inert(&message, "stderr");
        assert!(
            message.contains(r"unknown field `\u{1b}[2J\n`"),
            "{message}"
        );
        assert_eq!(message.lines().count(), 1, "{message}");
    }

    // The calendar keeps the name as text, without its control characters.
    let ics = run(
        &["plan", program.path(), "--site", &site, "--format", "ics"],
        None,
    );
    assert_eq!(code(&ics), 0, "{}", stderr(&ics));
    let calendar: icalendar::Calendar = stdout(&ics).parse().expect("re-parses");
    let kept: String = FORGED
        .chars()
        .filter(|c| *c == '\n' || !c.is_control())
        .collect();
    assert_eq!(
        calendar.property_value("X-WR-CALNAME"),
        Some(format!("Coaching plan: {kept}").as_str())
    );
    let clean = run(
        &["plan", "-", "--site", &site, "--format", "ics"],
        Some(reference::BHICCI_SAMPLE_PROGRAM_JSON.as_bytes()),
    );
    let clean: icalendar::Calendar = stdout(&clean).parse().expect("re-parses");
    assert_eq!(calendar.components.len(), clean.components.len());
}

// ---- write errors -----------------------------------------------------------------------------

/// Commands that print, with the status each has when its output is written.
fn printing_commands() -> Vec<(Vec<String>, i32)> {
    let site = planned_site();
    let sample = "src/reference/bhicci-sample-program.json";
    let cases: Vec<(Vec<&str>, i32)> = vec![
        (vec!["validate", sample], 0),
        (vec!["validate", sample, "--format", "json"], 0),
        (
            vec![
                "validate",
                "tests/broken/program/team-roles-mismatch.json",
                "--manual",
                BROKEN_BASE_MANUAL,
            ],
            1,
        ),
        (vec!["plan", sample, "--site", &site], 0),
        (vec!["plan", sample, "--site", &site, "--format", "json"], 0),
        (vec!["plan", sample, "--site", &site, "--format", "ics"], 0),
        (vec!["reference"], 0),
        (vec!["reference", "--list"], 0),
        (vec!["tour"], 0),
        (vec!["schema", "program"], 0),
        (vec!["rules"], 0),
        (vec!["--help"], 0),
        (vec!["--version"], 0),
    ];
    cases
        .into_iter()
        .map(|(args, status)| (args.into_iter().map(str::to_owned).collect(), status))
        .collect()
}

/// Runs the binary with standard output on `stdout` and standard input empty.
fn run_with_stdout(args: &[String], stdout: Stdio) -> Output {
    let output = Command::new(BIN)
        .args(args)
        .current_dir(ROOT)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .expect("the binary runs");
    assert!(
        output.status.code().is_some(),
        "{args:?}: killed by a signal"
    );
    output
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_device_on_standard_output_exits_2() {
    for (args, _) in printing_commands() {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full opens");
        let output = run_with_stdout(&args, full.into());
        assert_eq!(code(&output), 2, "{args:?}");
        let message = stderr(&output);
        assert!(
            message.contains("error: cannot write to standard output: "),
            "{args:?}: {message}"
        );
        assert_eq!(message.lines().count(), 1, "{args:?}: {message}");
    }
}

/// Runs the binary with standard output closed (`>&-`) and standard input empty.
fn run_with_stdout_closed<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    let output = Command::new("sh")
        .arg("-c")
        .arg(r#"exec "$0" "$@" >&-"#)
        .arg(BIN)
        .args(args)
        .current_dir(ROOT)
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("sh runs");
    assert!(output.status.code().is_some(), "killed by a signal");
    output
}

#[cfg(target_os = "linux")]
#[test]
fn a_closed_standard_output_exits_2() {
    for (args, _) in printing_commands() {
        let output = run_with_stdout_closed(&args);
        assert_eq!(code(&output), 2, "{args:?}: {}", stderr(&output));
        assert!(
            stderr(&output).contains("error: cannot write to standard output: "),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    // A command that fails before it prints reports its own failure, not the closed output.
    let unread = run_with_stdout_closed(&["validate", "-"]);
    assert_eq!(code(&unread), 2, "an empty document");
    assert!(
        stderr(&unread).contains("parse-syntax") && !stderr(&unread).contains("cannot write"),
        "{}",
        stderr(&unread)
    );
}

#[test]
fn a_reader_that_goes_away_ends_the_output_quietly_with_the_commands_status() {
    for (args, status) in printing_commands() {
        // A pipe whose reader is gone before the first write.
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let output = run_with_stdout(&args, writer.into());
        assert_eq!(code(&output), status, "{args:?}: {}", stderr(&output));
        assert!(output.stderr.is_empty(), "{args:?}: {}", stderr(&output));
    }
    // `| head -c1`: the reader takes one byte of a long calendar and goes.
    let mut child = Command::new(BIN)
        .args([
            "plan",
            "src/reference/bhicci-sample-program.json",
            "--site",
            &planned_site(),
            "--months",
            "240",
            "--format",
            "ics",
        ])
        .current_dir(ROOT)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut stdout = child.stdout.take().expect("piped");
    let mut first = [0];
    std::io::Read::read_exact(&mut stdout, &mut first).expect("a byte");
    assert_eq!(&first, b"B");
    drop(stdout);
    let output = child.wait_with_output().expect("the binary runs");
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(output.stderr.is_empty(), "{}", stderr(&output));
}

// ---- input limits -----------------------------------------------------------------------------

#[cfg(target_os = "linux")]
#[test]
fn an_endless_input_fails_at_its_first_byte() {
    // /dev/zero never ends; its first byte, NUL, cannot start a document.
    let site = planned_site();
    let program = reference::BHICCI_SAMPLE_PROGRAM_JSON.as_bytes();
    for (args, stdin) in [
        (&["validate", "/dev/zero"][..], None),
        (&["validate", "/dev/zero", "--format", "json"], None),
        (&["plan", "/dev/zero", "--site", &site], None),
        (&["validate", "-", "--manual", "/dev/zero"], Some(program)),
    ] {
        let output = run(args, stdin);
        assert_eq!(code(&output), 2, "{args:?}");
        let message = stderr(&output);
        assert!(
            message.contains("/dev/zero: parse-syntax at line 1 column 1")
                && message.contains("starts with byte 0x00 at offset 0"),
            "{args:?}: {message}"
        );
    }

    // `yes | practice-coaching validate -`: the first `y` ends the reading.
    let mut yes = Command::new("yes")
        .stdout(Stdio::piped())
        .spawn()
        .expect("yes runs");
    let lines = yes.stdout.take().expect("piped");
    let output = Command::new(BIN)
        .args(["validate", "-"])
        .stdin(lines)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("the binary runs");
    let _ = yes.kill();
    let _ = yes.wait();
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("<stdin>: parse-syntax")
            && stderr(&output).contains("byte `y` (0x79) at offset 0"),
        "{}",
        stderr(&output)
    );

    // Leading white space is read past; the offset counts it.
    let output = run(&["validate", "-"], Some(b" \n\t\r\n x"));
    assert!(
        stderr(&output).contains("byte `x` (0x78) at offset 6"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_input_over_the_limit_fails_naming_the_limit_and_the_flag() {
    let manual = read(BROKEN_BASE_MANUAL);
    let size = manual.len().to_string();
    let less = (manual.len() - 1).to_string();
    for (source, stdin) in [(BROKEN_BASE_MANUAL, None), ("-", Some(&manual[..]))] {
        let at = run(&["validate", source, "--max-input-bytes", &size], stdin);
        assert_eq!(code(&at), 0, "{source}: {}", stderr(&at));
        // The flag is global: before the subcommand as well.
        let over = run(&["--max-input-bytes", &less, "validate", source], stdin);
        assert_eq!(code(&over), 2, "{source}");
        assert!(
            stderr(&over).contains(&format!(
                "is larger than the input limit of {less} bytes; raise the limit with \
                 --max-input-bytes N"
            )),
            "{source}: {}",
            stderr(&over)
        );
        assert!(over.stdout.is_empty(), "{source}");
    }
    // `{` and then white space without end: the limit ends it.
    let mut endless = b"{".to_vec();
    endless.resize(4 << 20, b' ');
    let output = run(
        &["validate", "-", "--max-input-bytes", "1048576"],
        Some(&endless),
    );
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("input limit of 1048576 bytes"),
        "{}",
        stderr(&output)
    );
    // Every document read: PROGRAM and --manual too.
    let site = planned_site();
    for args in [
        &[
            "plan",
            "src/reference/bhicci-sample-program.json",
            "--site",
            &site,
        ][..],
        &[
            "validate",
            "tests/broken/program/team-roles-mismatch.json",
            "--manual",
            BROKEN_BASE_MANUAL,
        ],
    ] {
        let mut limited = args.to_vec();
        limited.extend(["--max-input-bytes", "100"]);
        let output = run(&limited, None);
        assert_eq!(code(&output), 2, "{args:?}");
        assert!(
            stderr(&output).contains("input limit of 100 bytes"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    let zero = run(
        &["validate", BROKEN_BASE_MANUAL, "--max-input-bytes", "0"],
        None,
    );
    assert_eq!(code(&zero), 2, "a limit of 0 is a usage error");
}

// ---- messages that name what is wrong ---------------------------------------------------------

#[test]
fn encodings_empty_input_and_enum_objects_are_named() {
    let cases: [(&[u8], &str); 4] = [
        (b"\xef\xbb\xbf{}", "UTF-8 with a byte order mark"),
        (
            b"\xff\xfe{\0}\0",
            "UTF-16 (little-endian, with a byte order mark)",
        ),
        (b"{\0}\0", "UTF-16 (little-endian)"),
        (b"", "the document is empty"),
    ];
    for (bytes, named) in cases {
        let output = run(&["validate", "-"], Some(bytes));
        assert_eq!(code(&output), 2, "{named}");
        assert!(
            stderr(&output).contains(named),
            "{named}: {}",
            stderr(&output)
        );
    }
    let mut manual: Value = serde_json::from_str(reference::BHICCI_LATE_JSON).expect("json");
    manual["titration"]["rules"][0]["trigger"] = serde_json::json!({});
    let output = run(
        &["validate", "-", "--format", "json"],
        Some(manual.to_string().as_bytes()),
    );
    let report = json(&output);
    assert_eq!(report["parse_error"]["code"], "parse-value", "{report}");
    assert_eq!(
        report["parse_error"]["pointer"],
        "/titration/rules/0/trigger"
    );
}

#[test]
fn plan_refuses_what_it_cannot_plan_and_says_why() {
    let site = planned_site();
    let sample = "src/reference/bhicci-sample-program.json";
    let both = run(&["plan", "-", "--manual", "-", "--site", &site], None);
    assert_eq!(code(&both), 2);
    assert!(
        stderr(&both).contains("cannot both read standard input"),
        "{}",
        stderr(&both)
    );

    // The timeline test program moved to the 9990s: 240 months on is past year 9999.
    let far = read("tests/data/timeline-program.json");
    let far = String::from_utf8(far)
        .expect("UTF-8")
        .replace("\"2016-", "\"9990-");
    let far_program = TempFile::new("far.json", far.as_bytes());
    let far_site = Program::from_json(far.as_bytes()).expect("parses").sites[0]
        .id
        .to_string();
    let late = run(
        &[
            "plan",
            far_program.path(),
            "--manual",
            "tests/data/timeline-manual.json",
            "--site",
            &far_site,
            "--months",
            "240",
        ],
        None,
    );
    assert_eq!(code(&late), 2, "{}", stderr(&late));
    assert!(
        stderr(&late).contains("past the last date"),
        "{}",
        stderr(&late)
    );

    for stamp in ["2026-01-01 00:00:00Z", "9999-12-31T23:00:00-05:00"] {
        let output = run(
            &[
                "plan",
                sample,
                "--site",
                &site,
                "--format",
                "ics",
                "--dtstamp",
                stamp,
            ],
            None,
        );
        assert_eq!(code(&output), 2, "{stamp}");
        assert!(
            stderr(&output).contains("--dtstamp"),
            "{stamp}: {}",
            stderr(&output)
        );
    }

    let mut broken: Value = serde_json::from_str(reference::BHICCI_LATE_JSON).expect("json");
    broken["intensity_levels"][0]["prescriptions"][0]["max_contacts"] = Value::from(0);
    let manual = TempFile::new("broken-manual.json", broken.to_string().as_bytes());
    let refused = run(
        &["plan", sample, "--manual", manual.path(), "--site", &site],
        None,
    );
    assert_eq!(code(&refused), 1, "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("dose-contacts-inverted")
            && stderr(&refused).contains("fix them before planning"),
        "{}",
        stderr(&refused)
    );
    assert!(refused.stdout.is_empty(), "no plan from an invalid manual");
}

const TIMELINE_PROGRAM: &str = "tests/data/timeline-program.json";
const TIMELINE_MANUAL: &str = "tests/data/timeline-manual.json";
/// The timeline program's site without a relationship.
const HILLSIDE: &str = "11110000-0000-0000-0000-00000000000b";

/// Runs `plan` with `args` after PROGRAM and `--format json`.
fn plan_json(program: &str, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut all = vec!["plan", program, "--format", "json"];
    all.extend_from_slice(args);
    run(&all, stdin)
}

#[test]
fn plan_from_a_day_plans_a_site_without_a_relationship_on_working_days() {
    use practice_coaching::timeline::{Horizon, PlanOptions};
    let program = Program::from_json(&read(TIMELINE_PROGRAM)).expect("parses");
    let manual = Manual::from_json(&read(TIMELINE_MANUAL)).expect("parses");
    let site = practice_coaching::EntityId::new(HILLSIDE).expect("an id");
    let from = "2016-03-05".parse().expect("a date");
    for (flags, weekends) in [(&[][..], false), (&["--include-weekends"][..], true)] {
        let mut args = vec!["--manual", TIMELINE_MANUAL, "--site", HILLSIDE];
        args.extend(["--from", "2016-03-05", "--months", "12"]);
        args.extend_from_slice(flags);
        let output = plan_json(TIMELINE_PROGRAM, &args, None);
        assert_eq!(code(&output), 0, "{}", stderr(&output));
        let options = PlanOptions { weekends };
        let expected = program
            .plan_site(&manual, site, Some(from), Horizon::Months(12), options)
            .expect("plans");
        assert_eq!(
            json(&output),
            serde_json::to_value(&expected).expect("JSON")
        );
        let weekend_visits = expected
            .events
            .iter()
            .filter(|e| matches!(e.kind, practice_coaching::timeline::EventKind::Visit { .. }))
            .filter(|e| {
                use chrono::Datelike;
                e.date.as_naive().weekday().number_from_monday() > 5
            })
            .count();
        // Saturday 2016-03-05 starts the monthly periods: a weekend day every month unless
        // visits move.
        assert_eq!(weekend_visits > 0, weekends, "{flags:?}");
    }
}

/// Checks a failure of `plan --format json`: its exit status, the JSON object on standard
/// output with its kind, and the same message on standard error.
fn check_json_failure(output: &Output, status: i32, kind: &str) -> Value {
    assert_eq!(code(output), status, "{kind}: {}", stderr(output));
    let error = json(output)["error"].clone();
    assert_eq!(error["kind"], kind, "{error}");
    let message = error["message"].as_str().expect("a message");
    assert!(
        stderr(output).contains(message),
        "{kind}: stderr {} lacks {message}",
        stderr(output)
    );
    error
}

#[test]
fn plan_prints_every_failure_as_json_with_format_json() {
    let sample = "src/reference/bhicci-sample-program.json";
    let site = planned_site();
    let usage = [
        (vec!["--site", &site, "--from", "2016-1-5"], "--from"),
        (vec!["--site", &site, "--manual", sample], "is a program"),
    ];
    for (args, words) in usage {
        let error = check_json_failure(&plan_json(sample, &args, None), 2, "usage");
        assert!(error["message"].as_str().is_some_and(|m| m.contains(words)));
    }
    let both = plan_json("-", &["--manual", "-", "--site", &site], None);
    check_json_failure(&both, 2, "usage");
    let missing = plan_json("no-such-program.json", &["--site", &site], None);
    check_json_failure(&missing, 2, "io");
    let garbled = plan_json("-", &["--site", &site], Some(b"{\"manual\": 1}"));
    let error = check_json_failure(&garbled, 2, "parse");
    assert_eq!(error["parse_error"]["pointer"], "/manual");
    assert_eq!(error["file"], "<stdin>");
    let broken = plan_broken(&["--format", "json"]);
    let error = check_json_failure(&broken, 1, "invalid");
    assert_eq!(error["diagnostics"][0]["rule"], "decision-interval");
    let nobody = "00000000-0000-4000-8000-000000000000";
    let unknown = plan_json(sample, &["--site", nobody], None);
    assert_eq!(
        check_json_failure(&unknown, 2, "unknown_site")["site"],
        nobody
    );
    let foreign = plan_json(TIMELINE_PROGRAM, &["--site", HILLSIDE], None);
    check_json_failure(&foreign, 2, "manual_not_embedded");
    let timeline = ["--manual", TIMELINE_MANUAL, "--site", HILLSIDE];
    check_json_failure(
        &plan_json(TIMELINE_PROGRAM, &timeline, None),
        2,
        "no_relationship",
    );
    let riverside = [
        "--manual",
        TIMELINE_MANUAL,
        "--site",
        "11110000-0000-0000-0000-00000000000a",
    ];
    let late = [&riverside[..], &["--from", "2030-01-01"]].concat();
    check_json_failure(
        &plan_json(TIMELINE_PROGRAM, &late, None),
        2,
        "nothing_to_plan",
    );
    // Without --format json, failures print nothing on standard output.
    let quiet = run(&["plan", sample, "--site", nobody], None);
    assert_eq!(code(&quiet), 2);
    assert!(quiet.stdout.is_empty());
}

#[test]
fn plan_refuses_a_plan_past_the_cap_naming_it() {
    // Phases of ten years each: the default horizon runs thirty years.
    let mut manual: Value = serde_json::from_slice(&read(TIMELINE_MANUAL)).expect("JSON");
    for phase in manual["phases"].as_array_mut().expect("phases") {
        phase["length"] = serde_json::json!({"min": {"months": 120}, "max": {"months": 120}});
    }
    let long = TempFile::new("long-manual.json", manual.to_string().as_bytes());
    let args = [
        "--manual",
        long.path(),
        "--site",
        HILLSIDE,
        "--from",
        "2016-01-01",
    ];
    let error = check_json_failure(&plan_json(TIMELINE_PROGRAM, &args, None), 2, "too_long");
    let message = error["message"].as_str().expect("a message");
    assert!(
        message.contains("cap of 240 months") && message.contains("--months N"),
        "{message}"
    );
    assert_eq!(error["cap_months"], 240);
    let shorter = [&args[..], &["--months", "240"]].concat();
    assert_eq!(code(&plan_json(TIMELINE_PROGRAM, &shorter, None)), 0);
}

#[cfg(unix)]
#[test]
fn a_path_that_is_not_utf_8_keeps_its_bytes_in_json() {
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::OsStr::from_bytes(b"practice-coaching-\xff-manual.json");
    let path = std::env::temp_dir().join(name);
    std::fs::write(&path, reference::EVIDENCENOW_JSON).expect("writable");
    let output = Command::new(BIN)
        .arg("validate")
        .arg(&path)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    let _ = std::fs::remove_file(&path);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let report = json(&output);
    let bytes: Vec<u8> = report["file_bytes"]
        .as_array()
        .expect("the path's bytes")
        .iter()
        .map(|b| u8::try_from(b.as_u64().expect("a byte")).expect("a byte"))
        .collect();
    assert_eq!(bytes, path.as_os_str().as_bytes());
    assert!(
        report["file"]
            .as_str()
            .is_some_and(|f| f.contains('\u{fffd}'))
    );
}

#[test]
fn a_program_that_followed_two_versions_can_be_planned() {
    let mut program: Value =
        serde_json::from_str(reference::BHICCI_SAMPLE_PROGRAM_JSON).expect("the sample program");
    program["manual"]["earlier"] = serde_json::json!([{"version": "^1.0", "until": "2015-08-31"}]);
    let file = TempFile::new("two-versions.json", program.to_string().as_bytes());
    let site = planned_site();
    let output = run(
        &["plan", file.path(), "--site", &site, "--months", "3"],
        None,
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("Coaching plan for "),
        "{}",
        stdout(&output)
    );
}
