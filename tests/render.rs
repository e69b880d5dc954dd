//! Rendered manuals: Markdown snapshots of the embedded manuals, docs/manual-bhicci-late.md,
//! the changes from BHICCI launch to late in words, well-formed standalone HTML, and names
//! that try to inject markup rendered inert.
//!
//! `BLESS=1 cargo test --all-features` rewrites the snapshots under tests/snapshots/ and
//! docs/manual-bhicci-late.md.

use practice_coaching::{Manual, reference, render};

#[path = "support/generated.rs"]
mod generated;

use generated::check_generated;

#[test]
fn markdown_of_every_embedded_manual_matches_its_snapshot() {
    for (name, manual) in reference::manuals() {
        check_generated(
            &format!("tests/snapshots/{name}.md"),
            &render::markdown(manual),
        );
    }
}

#[test]
fn docs_manual_bhicci_late_matches_the_code() {
    check_generated(
        "docs/manual-bhicci-late.md",
        &render::markdown(reference::bhicci_late()),
    );
}

#[test]
fn markdown_reads_in_the_order_a_coach_needs_it() {
    let text = render::markdown(reference::bhicci_late());
    let order = [
        "# BHICCI",
        "## Phases",
        "## Dose: intensity levels",
        "## Titration",
        "## Teams and roles",
        "## Qualifications",
        "## Activities",
        "## Skills",
        "## Measures",
        "## The manual's terms",
        "## References",
    ];
    let mut at = 0;
    for heading in order {
        let found = text[at..]
            .find(heading)
            .unwrap_or_else(|| panic!("{heading} missing or out of order"));
        at += found;
    }
    assert!(text.contains("One in-person visit a month of up to half a day, two coaches at each"));
    assert!(text.contains("Remote contact one to three times a week"));
    assert!(text.contains("Over a year: 12 in-person visits (48.0 hours)"));
    assert!(text.contains("\\[design\\]"));
    assert!(text.contains("\\[1 reported\\]"));
    assert!(text.contains("(https://doi.org/10.5334/ijic.4737)"));
    assert!(text.contains("### Deliberately not required"));
    assert!(text.contains("Gap: sites asked for this help"));
    assert!(text.contains("[docs/glossary.md](glossary.md)"));
}

#[test]
fn launch_to_late_is_told_in_words() {
    let lines = render::diff(reference::bhicci_launch(), reference::bhicci_late());
    let joined = lines.join("\n");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Every site now needs a team of")
                && l.contains("MD coach")
                && l.contains("(was: sites of selected organizations)")),
        "{joined}"
    );
    assert!(
        lines.iter().any(|l| l.contains("standardization meeting")
            && l.contains("was added")
            && l.contains("once a week")
            && l.contains("two hours")),
        "{joined}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("psychiatrist") && l.contains("not required")),
        "{joined}"
    );
    for line in &lines {
        for raw in [
            "required_for",
            "all_sites",
            "selected_organizations",
            "coaches_per_contact",
            "min_contacts",
            "{",
            "\":",
            "Some(",
            "None",
        ] {
            assert!(!line.contains(raw), "a field dump: {line}");
        }
        assert!(line.ends_with('.') || line.ends_with(')'), "{line}");
    }
    assert!(render::diff(reference::bhicci_late(), reference::bhicci_late()).is_empty());
}

/// Checks that every element opened is closed in order, and that no tag loads a resource or
/// runs script; returns the heading levels in order.
fn check_well_formed(html: &str) -> Vec<u8> {
    const VOID: [&str; 3] = ["meta", "br", "hr"];
    let mut stack: Vec<String> = Vec::new();
    let mut headings = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let close = rest.find('>').expect("a tag is closed with >");
        let tag = &rest[..close];
        rest = &rest[close + 1..];
        if tag.starts_with('!') {
            continue;
        }
        assert!(!tag.contains('<'), "a `<` inside a tag: {tag}");
        // Attribute names only: quoted values are escaped text.
        let bare: String = tag.split('"').step_by(2).collect::<Vec<_>>().join("\"\"");
        let lower = bare.to_ascii_lowercase();
        assert!(!lower.contains(" src="), "a resource loaded by <{tag}>");
        assert!(
            !lower.split_whitespace().any(|a| a.starts_with("on")),
            "an event handler in <{tag}>"
        );
        let name = lower.split_whitespace().next().unwrap_or_default();
        for banned in ["script", "iframe", "img", "link", "object", "embed"] {
            assert_ne!(name, banned, "<{tag}>");
        }
        if let Some(name) = tag.strip_prefix('/') {
            let top = stack
                .pop()
                .unwrap_or_else(|| panic!("</{name}> closes nothing"));
            assert_eq!(top, name, "</{name}> closes <{top}>");
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        assert!(!name.is_empty(), "an empty tag: <{tag}>");
        if let Some(level) = name.strip_prefix('h').and_then(|l| l.parse::<u8>().ok()) {
            headings.push(level);
        }
        if tag.ends_with('/') || VOID.contains(&name.as_str()) {
            continue;
        }
        stack.push(name);
    }
    assert!(stack.is_empty(), "left open: {stack:?}");
    headings
}

fn check_html(html: &str) {
    let headings = check_well_formed(html);
    assert_eq!(headings.first(), Some(&1));
    assert!(!headings[1..].contains(&1), "one h1");
    for pair in headings.windows(2) {
        assert!(pair[1] <= pair[0] + 1, "a heading level skipped: {pair:?}");
    }
    let lower = html.to_ascii_lowercase();
    for banned in ["<script", "<link", "@import", "url(", "<iframe", "<img"] {
        assert!(!lower.contains(banned), "{banned} in the page");
    }
    for (at, _) in lower.match_indices("href=\"") {
        let target = &lower[at + 6..];
        assert!(
            target.starts_with('#')
                || target.starts_with("https://")
                || target.starts_with("http://")
                || target.starts_with("glossary.md"),
            "a link to {}",
            &target[..target.find('"').unwrap_or(20)]
        );
    }
    assert!(lower.contains("@media print"));
    assert!(lower.contains("<th scope=\"col\">"));
}

#[test]
fn html_is_standalone_and_well_formed() {
    for (name, manual) in reference::manuals() {
        let html = render::html(manual, None);
        assert!(html.starts_with("<!DOCTYPE html>"), "{name}");
        check_html(&html);
        assert!(html.contains("<svg"), "{name}: the dose chart");
        assert!(html.contains("<title id=\"dose-chart-title\">"), "{name}");
        assert!(
            html.contains("aria-label=\"Prescribed contacts a month"),
            "{name}"
        );
    }
    let with_changes = render::html(reference::bhicci_late(), Some(reference::bhicci_launch()));
    check_html(&with_changes);
    assert!(with_changes.contains("Changes since bhicci 1.0.0"));
}

/// The late manual with hostile names in every place a name is shown.
fn hostile_manual() -> Manual {
    let evil =
        "<script>alert(1)</script> [x](javascript:alert(1)) `code` a|b **bold** &amp; 1. # h";
    let mut manual = reference::bhicci_late().clone();
    evil.clone_into(&mut manual.title);
    evil.clone_into(&mut manual.description);
    evil.clone_into(&mut manual.phases[0].name);
    evil.clone_into(&mut manual.phases[0].purpose);
    evil.clone_into(&mut manual.intensity_levels[0].name);
    evil.clone_into(&mut manual.skills[0].name);
    evil.clone_into(&mut manual.activities[0].name);
    evil.clone_into(&mut manual.measures[0].name);
    evil.clone_into(&mut manual.measures[0].unit);
    evil.clone_into(&mut manual.vocabularies.roles[0].name);
    evil.clone_into(&mut manual.sources[0].citation);
    manual.sources[0].doi = Some("10.1/x)(javascript:alert(1)\"<b>".to_owned());
    manual.sources[1].url = Some("javascript:alert(1)".to_owned());
    manual
}

#[test]
fn hostile_names_render_inert_in_markdown() {
    let manual = hostile_manual();
    let text = render::markdown(&manual);
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if c == '<' || c == '>' {
            assert_eq!(
                bytes.get(i.wrapping_sub(1)),
                Some(&b'\\'),
                "raw {c} at {i}: {}",
                &text[i.saturating_sub(40)..i + 10]
            );
        }
    }
    for (i, _) in text.match_indices("](") {
        if i > 0 && bytes[i - 1] == b'\\' {
            continue;
        }
        let target = &text[i + 2..];
        assert!(
            target.starts_with("https://") || target.starts_with("glossary.md"),
            "a link to {}",
            &target[..30.min(target.len())]
        );
    }
    assert!(
        text.contains("[x\\](javascript:"),
        "the bracket before a link target is escaped"
    );
    // A `|` in a cell does not add a column.
    for line in text.lines().filter(|l| l.starts_with('|')) {
        let header_cells = line.matches(" | ").count() - line.matches("\\| ").count();
        assert!(header_cells <= 4, "{line}");
    }
    assert!(text.contains("\\<script\\>alert(1)\\</script\\>"));
    assert!(text.contains("\\*\\*bold\\*\\*"));
    assert!(text.contains("\\`code\\`"));
}

#[test]
fn hostile_names_render_inert_in_html() {
    let manual = hostile_manual();
    let html = render::html(&manual, Some(reference::bhicci_launch()));
    check_html(&html);
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<b>"));
}

/// The `render` command, run as a user runs it.
#[cfg(feature = "cli")]
mod cli {
    use std::process::{Command, Output};

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
    fn renders_an_embedded_manual_as_the_library_does() {
        let out = run(&["render", "bhicci-late"]);
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            practice_coaching::render::markdown(practice_coaching::reference::bhicci_late())
        );
    }

    #[test]
    fn renders_a_file_as_html_with_changes() {
        let dir = std::env::temp_dir().join(format!("render-cli-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let old = dir.join("old.json");
        std::fs::write(&old, practice_coaching::reference::BHICCI_LAUNCH_JSON).unwrap();
        let page = dir.join("late.html");
        let out = run(&[
            "render",
            "bhicci-late",
            "--format",
            "html",
            "--diff",
            old.to_str().unwrap(),
            "--out",
            page.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        assert!(out.stdout.is_empty());
        let html = std::fs::read_to_string(&page).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("Changes since bhicci 1.0.0"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn refuses_a_manual_with_errors_printing_its_findings() {
        let mut manual = practice_coaching::reference::bhicci_late().clone();
        manual.phases.clear();
        let dir = std::env::temp_dir().join(format!("render-cli-bad-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("bad.json");
        std::fs::write(&path, manual.to_json()).unwrap();
        let out = run(&["render", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1));
        assert!(out.stdout.is_empty());
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains("validation error"), "{stderr}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_program_is_not_a_manual() {
        let out = run(&[
            "render",
            "tests/data/../../src/reference/bhicci-sample-program.json",
        ]);
        assert_eq!(out.status.code(), Some(2));
    }
}

#[test]
fn changed_doses_phases_and_rules_are_told_in_words() {
    let old = reference::bhicci_late();
    let lines = render::diff(reference::bhicci_launch(), old);
    assert!(
        lines.contains(
            &"At the level “Intensive”, each in-person visit is now made by two coaches (was: one coach)."
                .to_owned()
        ),
        "{lines:#?}"
    );
    let mut new = old.clone();
    new.intensity_levels[1].prescriptions[1].max_contacts =
        practice_coaching::ContactCount::new(2).unwrap();
    new.phases.pop();
    new.titration.as_mut().unwrap().rules.remove(0);
    let lines = render::diff(old, &new);
    let joined = lines.join("\n");
    assert!(
        joined.contains(
            "At the level “Standard”, the dose is now remote contact one to two times a week by video, email or phone (was: remote contact once a week by video, email or phone)."
        ),
        "{joined}"
    );
    assert!(
        joined.contains("The phase “Sustainment” was removed."),
        "{joined}"
    );
    assert!(joined.contains("The titration rule"), "{joined}");
}

#[test]
fn a_hostile_material_location_stays_text() {
    let mut manual = reference::ahrq_2009().clone();
    "javascript:alert(1)".clone_into(manual.materials[0].location.as_mut().unwrap());
    "<img src=x onerror=alert(1)>".clone_into(&mut manual.materials[1].description);
    "<b>".clone_into(&mut manual.phases[0].exit_criteria[0].description);
    let html = render::html(&manual, None);
    check_html(&html);
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    let text = render::markdown(&manual);
    assert!(!text.contains("](javascript"), "a javascript link");
    assert!(text.contains("\\<img src=x onerror=alert(1)\\>"));
    assert!(text.contains("\\<b\\>"));
}
