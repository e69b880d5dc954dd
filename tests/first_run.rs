//! What a new user runs first, through the binary: shell completions, and starting documents
//! (`init`) that validate as they are.
#![cfg(feature = "cli")]

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use practice_coaching::{Manual, Program, reference};

const BIN: &str = env!("CARGO_BIN_EXE_practice-coaching");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(ROOT)
        .output()
        .expect("the binary runs")
}

#[test]
fn completions_for_each_shell_name_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = run(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {out:?}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.lines().count() > 10, "{shell}: {script}");
        for subcommand in ["validate", "render", "completions"] {
            assert!(script.contains(subcommand), "{shell} lacks {subcommand}");
        }
        assert!(script.contains("practice-coaching"), "{shell}");
    }
    // Embedded names complete where a command takes one.
    let bash = String::from_utf8(run(&["completions", "bash"]).stdout).unwrap();
    assert!(bash.contains("bhicci-late"), "{bash}");
}

#[test]
fn completions_for_an_unknown_shell_is_a_usage_error() {
    let out = run(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("bash"), "{stderr}");
}

/// A file path of its own in the temporary directory, removed first.
fn temp_file(name: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let path = std::env::temp_dir().join(format!(
        "practice-coaching-init-{}-{}-{name}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_file(&path);
    path
}

/// Runs `init ARGS` and gives what it printed, checking it succeeded.
fn init(args: &[&str]) -> String {
    let out = run(&[&["init"], args].concat());
    assert_eq!(out.status.code(), Some(0), "init {args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// Checks the binary's `validate` finds no error in `json`, as a user would run it.
fn validates_through_the_binary(json: &str, what: &str) {
    let path = temp_file("starter.json");
    std::fs::write(&path, json).unwrap();
    let out = run(&["validate", path.to_str().unwrap()]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{what}: {stdout}");
    assert!(stdout.contains("0 errors, 0 warnings"), "{what}: {stdout}");
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn the_starter_manual_validates_and_says_what_to_replace() {
    let json = init(&["manual"]);
    let manual = Manual::from_json(json.as_bytes()).unwrap();
    let report = manual.validate();
    assert!(report.is_empty(), "{report:?}");
    assert!(
        manual.description.contains("validate"),
        "{}",
        manual.description
    );
    assert!(manual.phases[0].purpose.starts_with("Replace"));
    validates_through_the_binary(&json, "init manual");
}

#[test]
fn a_copy_of_each_embedded_manual_validates_under_a_new_id() {
    for (name, original) in reference::manuals() {
        let json = init(&["manual", "--from", name]);
        let copy = Manual::from_json(json.as_bytes()).unwrap();
        assert_eq!(copy.id.as_str(), format!("my-{}", original.id));
        assert_eq!(copy.phases, original.phases, "{name}");
        let report = copy.validate();
        assert!(!report.has_errors(), "{name}: {report:?}");
        validates_through_the_binary(&json, name);
    }
}

#[test]
fn a_program_for_each_embedded_manual_validates_against_it() {
    for (name, manual) in reference::manuals() {
        let json = init(&["program", "--from", name]);
        let program = Program::from_json(json.as_bytes()).unwrap();
        assert_eq!(program.manual.id, manual.id, "{name}");
        assert!(program.manual.version.matches(&manual.version), "{name}");
        assert_eq!(program.organizations.len(), 1, "{name}");
        assert_eq!(program.sites.len(), 1, "{name}");
        assert_eq!(program.assignments.len(), 1, "{name}");
        assert!(!program.coaches.is_empty(), "{name}");
        assert_eq!(program.relationships.len(), 1, "{name}");
        let relationship = &program.relationships[0];
        assert_eq!(relationship.phases.len(), 1, "{name}");
        assert_eq!(relationship.phases[0].phase, manual.phases[0].key, "{name}");
        let report = program.validate(manual);
        assert!(!report.has_errors(), "{name}: {report:?}");
        validates_through_the_binary(&json, name);
    }
}

#[test]
fn init_program_needs_the_manual_it_follows() {
    let out = run(&["init", "program"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("--from"));
    let out = run(&["init", "program", "--from", "no-such-manual"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn init_out_keeps_an_existing_file_unless_forced() {
    let path = temp_file("existing.json");
    let file = path.to_str().unwrap();
    std::fs::write(&path, "my own work").unwrap();
    let out = run(&["init", "manual", "--out", file]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("exists") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "my own work");

    let out = run(&["init", "manual", "--out", file, "--force"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(out.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), init(&["manual"]));
    std::fs::remove_file(&path).unwrap();

    let fresh = temp_file("fresh.json");
    let out = run(&[
        "init",
        "program",
        "--from",
        "evidencenow",
        "--out",
        fresh.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    Program::from_json(&std::fs::read(&fresh).unwrap()).unwrap();
    std::fs::remove_file(&fresh).unwrap();
}

#[test]
fn one_missing_assignment_is_one_line_for_people_and_every_finding_in_json() {
    // The sample program without its first site's assignment: every contact there names coaches
    // no assignment gives the site.
    let mut program: serde_json::Value =
        serde_json::from_slice(&run(&["reference", "bhicci-sample-program"]).stdout).unwrap();
    program["assignments"].as_array_mut().unwrap().remove(0);
    let path = temp_file("unassigned.json");
    std::fs::write(&path, program.to_string()).unwrap();
    let file = path.to_str().unwrap();

    let json = run(&[
        "validate",
        file,
        "--as-of",
        "2018-01-01",
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let unassigned = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "contact-coach-unassigned")
        .count();
    assert!(unassigned >= 10, "{report}");

    let human =
        String::from_utf8(run(&["validate", file, "--as-of", "2018-01-01"]).stdout).unwrap();
    let lines: Vec<&str> = human
        .lines()
        .filter(|l| l.contains("contact-coach-unassigned"))
        .collect();
    // One line per coach whose contacts lack the assignment, each with its count.
    assert_eq!(lines.len(), 2, "{human}");
    let counted: usize = lines
        .iter()
        .map(|l| {
            let (_, after) = l.rsplit_once(" (").unwrap();
            after.split(' ').next().unwrap().parse::<usize>().unwrap()
        })
        .sum();
    assert_eq!(counted, unassigned, "{human}");
    assert!(
        lines[0].contains("Northgate Family Health Center"),
        "{human}"
    );
    assert!(lines[0].contains(" more "), "{human}");
    let _ = std::fs::remove_file(path);
}

#[test]
fn a_site_is_found_by_its_name_or_the_start_of_it_and_candidates_are_named() {
    let plan = |site: &str, format: &str| {
        run(&[
            "plan",
            "src/reference/bhicci-sample-program.json",
            "--site",
            site,
            "--months",
            "1",
            "--format",
            format,
        ])
    };
    // By its whole name (letter case aside), by a prefix only one site has, by a prefix of its id.
    for query in [
        "Northgate Family Health Center",
        "northgate family",
        "Northgate F",
        "4c040106",
    ] {
        let out = plan(query, "table");
        assert_eq!(out.status.code(), Some(0), "{query}: {out:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("Northgate Family Health Center"),
            "{query}: {text}"
        );
    }
    // A prefix two sites share: both are named, and nothing is planned.
    let ambiguous = plan("Northgate", "json");
    assert_eq!(ambiguous.status.code(), Some(2));
    let failure: serde_json::Value = serde_json::from_slice(&ambiguous.stdout).unwrap();
    assert_eq!(failure["error"]["kind"], "ambiguous_site", "{failure}");
    let names: Vec<&str> = failure["error"]["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Northgate Family Health Center",
            "Northgate Primary Care Clinic"
        ]
    );
    // Unknown: every site is listed, by name and id.
    let unknown = plan("Southgate", "table");
    assert_eq!(unknown.status.code(), Some(2));
    let stderr = String::from_utf8(unknown.stderr).unwrap();
    assert!(stderr.contains("the program's 8 sites are"), "{stderr}");
    assert!(stderr.contains("`Harbor Residential Recovery`"), "{stderr}");
}

#[test]
fn every_command_reading_a_program_names_the_day_it_used() {
    let today = chrono::Local::now().date_naive().to_string();
    let sample = "src/reference/bhicci-sample-program.json";
    let commands: [&[&str]; 6] = [
        &["validate", sample],
        &["roster", sample],
        &["progress", sample],
        &["fidelity", sample],
        &["assign", sample],
        &["report", "tidier", "bhicci-late", "--program", sample],
    ];
    for command in commands {
        // Without --as-of: today, said in the heading (or summary) and in the JSON.
        let human = run(command);
        let text = String::from_utf8(human.stdout).unwrap();
        assert!(
            text.contains(&today),
            "{command:?} does not name {today}: {text}"
        );
        let mut json_args = command.to_vec();
        json_args.extend(["--format", "json"]);
        let json: serde_json::Value = serde_json::from_slice(&run(&json_args).stdout).unwrap();
        let as_of = json["as_of"]
            .as_str()
            .or_else(|| json["window"]["as_of"].as_str());
        assert_eq!(as_of, Some(today.as_str()), "{command:?}");
        // With --as-of: that day, whatever today is.
        let mut dated = command.to_vec();
        dated.extend(["--as-of", "2016-06-01", "--format", "json"]);
        let json: serde_json::Value = serde_json::from_slice(&run(&dated).stdout).unwrap();
        let as_of = json["as_of"]
            .as_str()
            .or_else(|| json["window"]["as_of"].as_str());
        assert_eq!(as_of, Some("2016-06-01"), "{command:?}");
    }
}

/// Validates `program` against `manual`, both files, through the binary; gives what it printed.
fn validate_against(program: &std::path::Path, manual: &std::path::Path) -> String {
    let out = run(&[
        "validate",
        program.to_str().unwrap(),
        "--manual",
        manual.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    stdout
}

#[test]
fn a_program_for_a_manual_of_ones_own_validates_against_it() {
    // The starter manual declares what a program needs (site kinds, disciplines) ...
    let manual_json = init(&["manual"]);
    let manual = Manual::from_json(manual_json.as_bytes()).unwrap();
    assert!(!manual.vocabularies.site_kinds.is_empty());
    assert!(!manual.vocabularies.disciplines.is_empty());
    let mut manuals = vec![("starter", temp_file("own-manual.json"))];
    std::fs::write(&manuals[0].1, &manual_json).unwrap();
    // ... and so does every embedded manual, given as a file rather than by name.
    for (name, embedded) in reference::manuals() {
        let path = temp_file(&format!("{name}.json"));
        std::fs::write(&path, embedded.to_json()).unwrap();
        manuals.push((name, path));
    }
    for (name, manual_path) in &manuals {
        let program_json = init(&["program", "--from", manual_path.to_str().unwrap()]);
        let program = Program::from_json(program_json.as_bytes()).unwrap();
        assert_eq!(program.sites.len(), 1, "{name}");
        assert_eq!(program.relationships.len(), 1, "{name}");
        let program_path = temp_file("own-program.json");
        std::fs::write(&program_path, &program_json).unwrap();
        let printed = validate_against(&program_path, manual_path);
        assert!(
            printed.contains("0 errors, 0 warnings"),
            "{name}: {printed}"
        );
        std::fs::remove_file(&program_path).unwrap();
    }
    // A key the manual lacks: the message says where in the manual to declare it.
    let program_json = init(&["program", "--from", manuals[0].1.to_str().unwrap()]);
    let program_path = temp_file("own-program-clinic.json");
    std::fs::write(
        &program_path,
        program_json.replace("\"kind\": \"primary-care\"", "\"kind\": \"clinic\""),
    )
    .unwrap();
    let out = run(&[
        "validate",
        program_path.to_str().unwrap(),
        "--manual",
        manuals[0].1.to_str().unwrap(),
    ]);
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(
        printed.contains("under `vocabularies.site_kinds`"),
        "{printed}"
    );
    // A manual without site kinds: init says which section to add.
    let bare = temp_file("bare-manual.json");
    let mut value: serde_json::Value = serde_json::from_str(&manual_json).unwrap();
    value.as_object_mut().unwrap().remove("vocabularies");
    std::fs::write(&bare, value.to_string()).unwrap();
    let out = run(&["init", "program", "--from", bare.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("vocabularies.site_kinds"), "{stderr}");
    for path in [program_path, bare]
        .into_iter()
        .chain(manuals.into_iter().map(|(_, p)| p))
    {
        std::fs::remove_file(path).unwrap();
    }
}

#[test]
fn fidelity_by_calendar_month_counts_each_contact_in_its_own_month() {
    let sample = "src/reference/bhicci-sample-program.json";
    let csv = run(&[
        "fidelity",
        sample,
        "--as-of",
        "2018-09-01",
        "--by",
        "month",
        "--format",
        "csv",
    ]);
    assert_eq!(csv.status.code(), Some(0), "{csv:?}");
    let text = String::from_utf8(csv.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "site_name,site_id,channel,by,from,until,contacts,site_initiated,contact_minutes,contact_hours,coach_minutes,coach_hours"
        )
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .all(|r| r[3] == "month" && r[4].ends_with("-01")),
        "{text}"
    );
    // The calendar's contacts add up to the periods'.
    let periods = run(&[
        "fidelity",
        sample,
        "--as-of",
        "2018-09-01",
        "--format",
        "json",
    ]);
    let reading: serde_json::Value = serde_json::from_slice(&periods.stdout).unwrap();
    let in_periods: u64 = reading["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["contacts"].as_u64().unwrap())
        .sum();
    let in_months: u64 = rows.iter().map(|r| r[6].parse::<u64>().unwrap()).sum();
    assert_eq!(in_months, in_periods);
    // A table of rows by calendar, and --by with --table is a usage error.
    let table = run(&["fidelity", sample, "--as-of", "2018-09-01", "--by", "year"]);
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(text.starts_with("Delivered by calendar year"), "{text}");
    let both = run(&["fidelity", sample, "--by", "year", "--table", "activities"]);
    assert_eq!(both.status.code(), Some(2));
}
