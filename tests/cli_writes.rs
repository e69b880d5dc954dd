//! What the command line writes and when it refuses: files are created new and never written
//! through a link, an existing file is kept unless `--force`, a command's own input is never
//! overwritten; read-outs refuse a manual with validation errors and count a program's; every
//! failure under `--format json` is JSON; a closed standard input is named.
#![cfg(feature = "cli")]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::binary::run;
use serde_json::Value;

/// A fresh folder under the system temp directory, removed when dropped.
struct Folder(PathBuf);

impl Folder {
    fn new(name: &str) -> Self {
        let path = std::env::temp_dir().join(format!(
            "practice-coaching-writes-{}-{name}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("a temp folder");
        Self(path)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    fn file(&self, name: &str, text: &str) -> String {
        let path = self.path(name);
        std::fs::write(&path, text).expect("a temp file");
        shown(&path)
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn shown(path: &Path) -> String {
    path.to_str().expect("a UTF-8 temp path").to_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// The sample program following the late BHICCI manual, and the manual itself.
fn sample(folder: &Folder) -> (String, String) {
    let program =
        String::from_utf8(run(&["reference", "bhicci-sample-program"]).stdout).expect("UTF-8");
    let manual = String::from_utf8(run(&["reference", "bhicci-late"]).stdout).expect("UTF-8");
    (
        folder.file("program.json", &program),
        folder.file("manual.json", &manual),
    )
}

#[cfg(unix)]
#[test]
fn no_command_writes_through_a_link() {
    let folder = Folder::new("links");
    let (program, manual) = sample(&folder);
    let victim = folder.path("victim.txt");
    std::fs::write(&victim, "keep me").expect("the victim");
    let link = folder.path("link.md");
    std::os::unix::fs::symlink(&victim, &link).expect("a link");
    let link = shown(&link);
    for args in [
        vec!["render", &manual, "--out", &link],
        vec!["render", &manual, "--out", &link, "--force"],
        vec!["init", "manual", "--out", &link, "--force"],
        vec!["report", "tidier", &manual, "--out", &link, "--force"],
        vec!["report", "proctor", &manual, "--out", &link],
        vec!["export", "fhir", &manual, "--out", &link, "--force"],
    ] {
        let output = run(&args);
        assert_eq!(code(&output), 2, "{args:?}: {}", stderr(&output));
        assert!(stderr(&output).contains("symbolic link"), "{args:?}");
        assert_eq!(read(&victim), "keep me", "{args:?}");
    }
    // A chart planted as a link in the charts folder: refused before any chart is written.
    let charts = folder.path("charts");
    std::fs::create_dir(&charts).expect("the charts folder");
    std::os::unix::fs::symlink(&victim, charts.join("heat-map.svg")).expect("a link");
    let charts = shown(&charts);
    for force in [false, true] {
        let mut args = vec![
            "fidelity",
            &program,
            "--as-of",
            "2017-06-01",
            "--charts",
            &charts,
        ];
        if force {
            args.push("--force");
        }
        let output = run(&args);
        assert_eq!(code(&output), 2, "{}", stderr(&output));
        assert!(stderr(&output).contains("heat-map.svg is a symbolic link"));
        assert_eq!(read(&victim), "keep me");
        let written = std::fs::read_dir(&charts).expect("the folder").count();
        assert_eq!(written, 1, "only the planted link is there");
    }
}

#[test]
fn an_existing_file_is_kept_unless_force_and_an_input_never_overwritten() {
    let folder = Folder::new("force");
    let (program, manual) = sample(&folder);
    let out = folder.file("out.md", "earlier");
    for args in [
        vec!["render", &manual, "--out", &out],
        vec!["report", "tidier", &manual, "--out", &out],
        vec!["init", "manual", "--out", &out],
        vec!["export", "fhir", &manual, "--out", &out],
    ] {
        let output = run(&args);
        assert_eq!(code(&output), 2, "{args:?}");
        assert!(stderr(&output).contains("exists; add --force"), "{args:?}");
        assert_eq!(read(Path::new(&out)), "earlier", "{args:?}");
    }
    let output = run(&["report", "proctor", &manual, "--out", &out, "--force"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(
        read(Path::new(&out)).starts_with("# "),
        "replaced with --force"
    );
    assert!(output.stdout.is_empty(), "nothing on standard output");
    // A new file is written, as JSON where asked.
    let new = shown(&folder.path("tidier.json"));
    let output = run(&[
        "report", "tidier", &manual, "--format", "json", "--out", &new,
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let written: Value = serde_json::from_str(&read(Path::new(&new))).expect("JSON");
    assert!(written["summary"].is_string());
    // Its own input, even with --force.
    let before = read(Path::new(&manual));
    for args in [
        vec!["render", &manual, "--out", &manual, "--force"],
        vec![
            "render",
            "bhicci-launch",
            "--diff",
            &manual,
            "--out",
            &manual,
            "--force",
        ],
        vec!["report", "tidier", &manual, "--out", &manual, "--force"],
        vec!["export", "fhir", &manual, "--out", &manual, "--force"],
        vec![
            "init", "manual", "--from", &manual, "--out", &manual, "--force",
        ],
        vec![
            "init", "program", "--from", &manual, "--out", &manual, "--force",
        ],
        vec![
            "report",
            "tidier",
            &manual,
            "--program",
            &program,
            "--as-of",
            "2017-06-01",
            "--out",
            &program,
            "--force",
        ],
    ] {
        let output = run(&args);
        assert_eq!(code(&output), 2, "{args:?}");
        assert!(
            stderr(&output).contains("is also an input of this command"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    assert_eq!(read(Path::new(&manual)), before);
    // Charts of an earlier run are kept unless --force; nothing is written when one is refused.
    let charts = shown(&folder.path("charts"));
    let fidelity = [
        "fidelity",
        &program,
        "--as-of",
        "2017-06-01",
        "--charts",
        &charts,
    ];
    assert_eq!(code(&run(&fidelity)), 0);
    let count = std::fs::read_dir(&charts).expect("charts").count();
    assert!(count > 1, "a chart per site and the heat map");
    let again = run(&fidelity);
    assert_eq!(code(&again), 2);
    assert!(stderr(&again).contains("exists; add --force"));
    let mut forced = fidelity.to_vec();
    forced.push("--force");
    assert_eq!(code(&run(&forced)), 0);
    assert_eq!(std::fs::read_dir(&charts).expect("charts").count(), count);
    // No temporary file is left behind.
    for entry in std::fs::read_dir(&folder.0).expect("the folder") {
        let name = entry.expect("an entry").file_name();
        assert!(!name.to_string_lossy().ends_with(".tmp"), "{name:?} left");
    }
}

#[test]
fn read_outs_refuse_a_broken_manual_and_count_a_programs_errors() {
    let folder = Folder::new("broken");
    let (program, manual) = sample(&folder);
    let mut broken: Value = serde_json::from_str(&read(Path::new(&manual))).expect("JSON");
    let prescription = &mut broken["intensity_levels"][0]["prescriptions"][0];
    prescription["min_contacts"] = Value::from(5);
    prescription["max_contacts"] = Value::from(1);
    let broken = folder.file("broken.json", &broken.to_string());
    for command in ["fidelity", "progress", "roster"] {
        let output = run(&[
            command,
            &program,
            "--manual",
            &broken,
            "--as-of",
            "2017-06-01",
        ]);
        assert_eq!(code(&output), 1, "{command}: {}", stderr(&output));
        assert!(output.stdout.is_empty(), "{command}: nothing read out");
        assert!(
            stderr(&output).contains("dose-contacts-inverted"),
            "{command}: {}",
            stderr(&output)
        );
    }
    // The export refuses it too, and says so in JSON, as its output is JSON.
    let export = run(&["export", "fhir", &broken]);
    assert_eq!(code(&export), 1, "{}", stderr(&export));
    assert!(stderr(&export).contains("dose-contacts-inverted"));
    let refusal: Value = serde_json::from_slice(&export.stdout).expect("JSON");
    assert_eq!(refusal["error"]["kind"], "invalid", "{refusal}");
    let mut faulty: Value = serde_json::from_str(&read(Path::new(&program))).expect("JSON");
    faulty["coaches"][0]["disciplines"] = serde_json::json!(["astrology"]);
    let faulty = folder.file("faulty.json", &faulty.to_string());
    for command in ["fidelity", "progress", "roster"] {
        let table = run(&[command, &faulty, "--as-of", "2017-06-01"]);
        assert_eq!(code(&table), 1, "{command}");
        assert!(
            !table.stdout.is_empty(),
            "{command}: the read-out is printed"
        );
        assert!(
            stderr(&table).contains("validation error(s)"),
            "{command}: {}",
            stderr(&table)
        );
        let json = run(&[
            command,
            &faulty,
            "--as-of",
            "2017-06-01",
            "--format",
            "json",
        ]);
        assert_eq!(code(&json), 1, "{command}");
        let json: Value = serde_json::from_slice(&json.stdout).expect("JSON");
        assert!(
            json["program_errors"].as_u64() >= Some(1),
            "{command}: {json}"
        );
        let clean = run(&[
            command,
            &program,
            "--as-of",
            "2017-06-01",
            "--format",
            "json",
        ]);
        assert_eq!(code(&clean), 0, "{command}");
        let clean: Value = serde_json::from_slice(&clean.stdout).expect("JSON");
        assert_eq!(clean["program_errors"], 0, "{command}");
    }
    let fidelity = run(&[
        "fidelity",
        &faulty,
        "--as-of",
        "2017-06-01",
        "--format",
        "json",
    ]);
    let fidelity: Value = serde_json::from_slice(&fidelity.stdout).expect("JSON");
    assert_eq!(fidelity["bad_log_rows"], 0);
}

#[test]
fn every_failure_is_json_under_format_json() {
    let missing = "no-such-file.json";
    for args in [
        vec!["validate", missing, "--format", "json"],
        vec!["report", "tidier", missing, "--format", "json"],
        vec!["report", "proctor", missing, "--format", "json"],
        vec!["fidelity", missing, "--format", "json"],
        vec!["progress", missing, "--format", "json"],
        vec!["roster", missing, "--format", "json"],
        vec!["assign", missing, "--format", "json"],
        vec!["plan", missing, "--site", "x", "--format", "json"],
        // A FHIR bundle is JSON: its failures are, without asking.
        vec!["export", "fhir", missing],
    ] {
        let output = run(&args);
        assert_eq!(code(&output), 2, "{args:?}");
        let json: Value = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: stdout is not JSON ({e})"));
        assert!(json["error"]["message"].is_string(), "{args:?}: {json}");
        assert!(json["error"]["kind"].is_string(), "{args:?}: {json}");
    }
}

#[test]
fn a_reading_past_the_output_limit_names_the_limit() {
    let folder = Folder::new("cap");
    let (program, _) = sample(&folder);
    let output = run(&[
        "fidelity",
        &program,
        "--as-of",
        "2017-06-01",
        "--max-rows",
        "3",
    ]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("--max-rows"),
        "{}",
        stderr(&output)
    );
    assert!(output.stdout.is_empty());
    // The last day a date can name is said as such.
    let output = run(&["fidelity", &program, "--to", "9999-12-31"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("9999-12-31"),
        "{}",
        stderr(&output)
    );
}

#[cfg(unix)]
#[test]
fn a_closed_standard_input_is_named() {
    let bin = env!("CARGO_BIN_EXE_practice-coaching");
    for command in ["validate -", "render -", "fidelity -"] {
        let output = Command::new("sh")
            .arg("-c")
            .arg(format!("exec \"$0\" {command} <&-"))
            .arg(bin)
            .output()
            .expect("sh runs");
        assert_eq!(code(&output), 2, "{command}");
        assert!(
            stderr(&output).contains("standard input is closed"),
            "{command}: {}",
            stderr(&output)
        );
    }
}
