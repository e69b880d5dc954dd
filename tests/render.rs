//! Rendered manuals: Markdown snapshots of the embedded manuals, docs/manual-bhicci-late.md,
//! the changes from BHICCI launch to late in words, standalone HTML that an HTML5 parser reads
//! without error (checked as a screen reader and a browser meet it), and names
//! that try to inject markup rendered inert.
//!
//! `BLESS=1 cargo test --all-features` rewrites the snapshots under tests/snapshots/ and
//! docs/manual-bhicci-late.md.

use practice_coaching::{Manual, reference, render};

mod common;
use common::generated;

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
    assert!(text.contains("Over a year: 12 in-person visits of up to half a day (up to 48.0 hours; up to 96.0 coach-hours, two coaches at each)"));
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

/// One element of a parsed page, with what the checks need to know about it.
struct Element {
    /// The local name, lower case (`h2`, `table`, `svg`, `title`).
    name: String,
    /// The attributes, names as written (`href`, `aria-label`).
    attrs: Vec<(String, String)>,
    /// Its text, every descendant text node joined.
    text: String,
    /// Where it sits: the elements of `Page::elements` that are its children.
    children: Vec<usize>,
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A page parsed as a browser parses it: every element in document order, and the parse
/// errors the HTML standard names.
struct Page {
    elements: Vec<Element>,
    errors: Vec<String>,
    standards_mode: bool,
}

impl Page {
    fn parse(html: &str) -> Self {
        use html5ever::tendril::TendrilSink as _;
        use html5ever::{ParseOpts, tokenizer::TokenizerOpts, tree_builder::TreeBuilderOpts};
        let opts = ParseOpts {
            tokenizer: TokenizerOpts {
                exact_errors: true,
                ..TokenizerOpts::default()
            },
            tree_builder: TreeBuilderOpts {
                exact_errors: true,
                ..TreeBuilderOpts::default()
            },
        };
        let dom = html5ever::parse_document(markup5ever_rcdom::RcDom::default(), opts).one(html);
        let mut page = Page {
            elements: Vec::new(),
            errors: dom
                .errors
                .borrow()
                .iter()
                .map(ToString::to_string)
                .collect(),
            standards_mode: dom.quirks_mode.get() == html5ever::tree_builder::QuirksMode::NoQuirks,
        };
        page.collect(&dom.document);
        page
    }

    /// Adds the elements under `node` in document order; returns the indices of its element
    /// children and its text.
    fn collect(&mut self, node: &markup5ever_rcdom::Handle) -> (Vec<usize>, String) {
        use markup5ever_rcdom::NodeData;
        let mut children = Vec::new();
        let mut text = String::new();
        for child in node.children.borrow().iter() {
            match &child.data {
                NodeData::Text { contents } => text.push_str(&contents.borrow()),
                NodeData::Element { name, attrs, .. } => {
                    let at = self.elements.len();
                    self.elements.push(Element {
                        name: name.local.to_string(),
                        attrs: attrs
                            .borrow()
                            .iter()
                            .map(|a| (a.name.local.to_string(), a.value.to_string()))
                            .collect(),
                        text: String::new(),
                        children: Vec::new(),
                    });
                    let (grandchildren, inner) = self.collect(child);
                    text.push_str(&inner);
                    self.elements[at].text = inner;
                    self.elements[at].children = grandchildren;
                    children.push(at);
                }
                _ => {}
            }
        }
        (children, text)
    }

    fn named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.elements.iter().filter(move |e| e.name == name)
    }

    /// The descendants of `element` named `name`.
    fn within<'a>(&'a self, element: &'a Element, name: &'a str) -> Vec<&'a Element> {
        let mut found = Vec::new();
        let mut stack: Vec<usize> = element.children.clone();
        while let Some(i) = stack.pop() {
            let e = &self.elements[i];
            if e.name == name {
                found.push(e);
            }
            stack.extend(&e.children);
        }
        found
    }
}

/// Checks a rendered page as a browser and a screen reader would meet it: no parse error, one
/// h1 and no skipped heading level, header cells on every table, a text alternative on every
/// chart, nothing that runs or loads (no script, no resource, links only as anchors to the web
/// or within the page), and a print stylesheet.
fn check_html(html: &str) {
    let page = Page::parse(html);
    assert!(page.errors.is_empty(), "parse errors: {:#?}", page.errors);
    assert!(page.standards_mode, "the page is in quirks mode");

    let headings: Vec<u8> = page
        .elements
        .iter()
        .filter_map(|e| {
            let level = e.name.strip_prefix('h')?.parse::<u8>().ok()?;
            (1..=6).contains(&level).then_some(level)
        })
        .collect();
    assert_eq!(headings.first(), Some(&1), "the page starts with its h1");
    assert!(!headings[1..].contains(&1), "one h1");
    for pair in headings.windows(2) {
        assert!(pair[1] <= pair[0] + 1, "a heading level skipped: {pair:?}");
    }

    for table in page.named("table") {
        let heads = page.within(table, "th");
        assert!(!heads.is_empty(), "a table without header cells");
        for th in &heads {
            assert!(!th.text.trim().is_empty(), "an empty header cell");
            assert_eq!(th.attr("scope"), Some("col"), "a header cell without scope");
        }
        for row in page.within(table, "tr") {
            let cells = page.within(row, "td").len() + page.within(row, "th").len();
            assert_eq!(
                cells,
                heads.len(),
                "a row of {cells} cells under {} headers",
                heads.len()
            );
        }
    }

    for svg in page.named("svg") {
        assert_eq!(svg.attr("role"), Some("img"), "an svg without role=img");
        let label = svg.attr("aria-label").unwrap_or_default();
        assert!(!label.trim().is_empty(), "an svg without aria-label");
        let titles = page.within(svg, "title");
        assert!(
            titles.iter().any(|t| t.text == label),
            "the svg's title says what its aria-label says"
        );
        if let Some(id) = svg.attr("aria-labelledby") {
            assert!(titles.iter().any(|t| t.attr("id") == Some(id)), "{id}");
        }
    }

    for e in &page.elements {
        for banned in [
            "script", "iframe", "img", "link", "object", "embed", "base", "form",
        ] {
            assert_ne!(e.name, banned, "a <{banned}> in the page");
        }
        for (name, value) in &e.attrs {
            assert!(
                !name.starts_with("on"),
                "an event handler {name} on <{}>",
                e.name
            );
            let lower = value.trim().to_ascii_lowercase();
            match name.as_str() {
                // The only link is an anchor a reader follows, never a resource the page loads.
                "href" => {
                    assert_eq!(e.name, "a", "an href on <{}>", e.name);
                    assert!(
                        lower.starts_with('#')
                            || lower.starts_with("https://")
                            || lower.starts_with("http://")
                            || lower == "glossary.md",
                        "a link to {value}"
                    );
                }
                "src" | "srcset" | "action" | "formaction" | "poster" | "data" | "background" => {
                    panic!("<{} {name}={value:?}> loads a resource", e.name);
                }
                _ => {}
            }
        }
    }

    let style: String = page.named("style").map(|s| s.text.as_str()).collect();
    let lower = style.to_ascii_lowercase();
    for banned in ["@import", "url("] {
        assert!(!lower.contains(banned), "{banned} in the stylesheet");
    }
    assert!(lower.contains("@media print"), "a print stylesheet");
}

#[test]
fn html_is_standalone_and_well_formed() {
    for (name, manual) in reference::manuals() {
        let html = render::html(manual, None);
        assert!(html.starts_with("<!DOCTYPE html>"), "{name}");
        check_html(&html);
        // A manual none of whose phases has a planned length (the Breakthrough Series) has no
        // dose over time to draw.
        if manual
            .phases
            .iter()
            .all(|p| p.length.max.is_none() && p.length.min.is_zero())
        {
            assert!(!html.contains("<svg"), "{name}");
            continue;
        }
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

#[test]
fn the_page_check_fails_on_a_broken_page() {
    let good = render::html(reference::bhicci_late(), None);
    check_html(&good);
    // What is broken, the broken page, and words of the message that must name it.
    let broken = [
        (
            "</span>",
            good.replacen("</main>", "</span></main>", 1),
            "parse errors",
        ),
        (
            "<div>",
            good.replacen("</main>", "<div></main>", 1),
            "parse errors",
        ),
        (
            "h1 to h4",
            good.replacen("<h2 ", "<h4 ", 1)
                .replacen("</h2>", "</h4>", 1),
            "heading level skipped",
        ),
        (
            "no th",
            good.replace("<th scope=\"col\">", "<td>")
                .replace("</th>", "</td>"),
            "without header cells",
        ),
        (
            "<script>",
            good.replacen("</main>", "<script>1</script></main>", 1),
            "<script>",
        ),
        (
            "<img>",
            good.replacen(
                "</main>",
                "<img src=\"https://x.org/a.png\" alt=\"\"></main>",
                1,
            ),
            "<img>",
        ),
        (
            "onclick",
            good.replacen("<main>", "<main onclick=\"x()\">", 1),
            "event handler",
        ),
        (
            "a link to a script",
            good.replacen("<main>", "<main><a href=\"javascript:x()\">x</a>", 1),
            "a link to javascript:",
        ),
        (
            "an unlabelled chart",
            good.replacen(" aria-label=\"", " data-x=\"", 1),
            "without aria-label",
        ),
        (
            "@media screen",
            good.replacen("@media print", "@media screen", 1),
            "print stylesheet",
        ),
        (
            "no doctype",
            good.replacen("<!DOCTYPE html>", "", 1),
            "parse errors",
        ),
    ];
    for (what, page, message) in broken {
        assert_ne!(page, good, "{what}: the page was not changed");
        let panic = std::panic::catch_unwind(|| check_html(&page))
            .expect_err(&format!("{what} passed the check"));
        let said = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default();
        assert!(said.contains(message), "{what}: {said}");
    }
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
            &"At the level “Intensive”, each in-person visit is now made by two coaches at every site (was: one coach, a team's coaches together at sites of selected organizations)."
                .to_owned()
        ),
        "{lines:#?}"
    );
    // Without a team rule, the coaches are all there is to say.
    let (mut launch, mut late) = (reference::bhicci_launch().clone(), old.clone());
    launch.team = None;
    late.team = None;
    assert!(render::diff(&launch, &late).contains(
        &"At the level “Intensive”, each in-person visit is now made by two coaches (was: one coach).".to_owned()
    ));
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

#[test]
fn a_doi_given_as_a_source_address_links_to_doi_org() {
    let mut manual = reference::ahrq_2009().clone();
    for (source, url) in manual
        .sources
        .iter_mut()
        .zip(["doi:10.5334/ijic.4737", "10.1370/afm.2847"])
    {
        source.url = Some(url.to_owned());
    }
    assert!(manual.validate().is_empty(), "{:#?}", manual.validate());
    let text = render::markdown(&manual);
    assert!(
        text.contains("[doi:10.5334/ijic.4737](https://doi.org/10.5334/ijic.4737)"),
        "{text}"
    );
    assert!(
        text.contains("(https://doi.org/10.1370/afm.2847)"),
        "{text}"
    );
    check_html(&render::html(&manual, None));
}

#[test]
fn goal_setting_and_the_version_replaced_open_the_manual() {
    let late = practice_coaching::reference::bhicci_late();
    let text = practice_coaching::render::markdown(late);
    let phases = text.find("## Phases").expect("phases");
    for said in [
        "- Goal: Improving both physical and behavioral health outcomes for patients with complex chronic conditions",
        "- Region: California, United States. \\[1 reported\\]",
        "This version replaces version 1.0.0. What changed:",
        "- “Coaches' standardization meeting” was added to the manual's activity kinds.",
    ] {
        let at = text.find(said).unwrap_or_else(|| panic!("{said} missing"));
        assert!(at < phases, "{said} after the phases");
    }
    // The diff says when the goal changed, with what the new one rests on.
    let mut old = late.clone();
    old.goal = None;
    let diff = practice_coaching::render::diff(&old, late);
    assert!(
        diff.iter()
            .any(|line| line.starts_with("A goal was stated: Improving both")
                && line.ends_with("(this rests only on what the source cites from another work).")),
        "{diff:?}"
    );
    // Launch and late state the same goal and setting: the diff is silent on them.
    let diff = practice_coaching::render::diff(practice_coaching::reference::bhicci_launch(), late);
    assert!(
        diff.iter()
            .all(|l| !l.contains("goal") && !l.contains("setting"))
    );
}

#[test]
fn a_figure_shows_its_spread_groups_and_tolerance() {
    let manual = Manual::from_json(include_bytes!("data/manual-full.json")).expect("a manual");
    let text = render::markdown(&manual);
    let row = |start: &str| {
        text.lines()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no row {start}"))
            .to_owned()
    };
    let visits = row("| Mean in-person visits a practice-year \\[");
    assert!(
        visits.contains("| 24 (SD 8) | not given | visits a year |"),
        "{visits}"
    );
    assert!(
        visits.contains("| planned in-person visits a year (here "),
        "{visits}"
    );
    assert!(visits.contains("; within a factor of 2.5) |"), "{visits}");
    // Each group on its own row with its own citation.
    let rural = row("| Mean in-person visits a practice-year, Rural clinics \\[");
    assert!(
        rural.contains("| 18 (IQR 12 to 22) | 6 to 30 | visits a year | as above |"),
        "{rural}"
    );
    let hours = row("| Median remote contact hours a practice-year");
    assert!(hours.contains("| 40 (IQR 25 to 55) |"), "{hours}");
    assert!(
        hours.contains("planned hours of remote contacts a year"),
        "{hours}"
    );
}

#[test]
fn the_dose_chart_shows_the_shortest_and_the_longest_relationship_labelled() {
    let manual = reference::bhicci_late();
    let markdown = render::markdown(manual);
    assert!(markdown.contains("### Dose over the shortest and the longest relationship"));
    // BHICCI's own range: 11 months at every phase's minimum, 27 at every maximum.
    assert!(
        markdown.contains("(11.0 months: each phase at its planned minimum)"),
        "{markdown}"
    );
    assert!(markdown.contains("the longest (27.0 months"), "{markdown}");
    assert!(
        markdown.contains("| Engagement | 1.0 (shortest) to 3.0 (longest) |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| Sustainment | at least 3.0 |"),
        "{markdown}"
    );
    let html = render::html(manual, None);
    assert!(
        html.contains(">Shortest relationship: 11.0 months</text>"),
        "chart label"
    );
    assert!(
        html.contains(">Longest relationship: 27.0 months</text>"),
        "chart label"
    );
    assert!(html.contains("<title id=\"dose-chart-longest-title\">"));
}

#[test]
fn a_remote_contact_of_one_coach_is_one_coachs_whatever_the_team_rule() {
    let old = reference::bhicci_late();
    let mut new = old.clone();
    for level in &mut new.intensity_levels {
        for p in &mut level.prescriptions {
            if p.channel == practice_coaching::manual::Channel::Remote {
                p.coaches_per_contact = practice_coaching::CoachCount::new(2).unwrap();
            }
        }
    }
    let lines = render::diff(old, &new);
    assert!(
        lines.contains(
            &"At the level “Intensive”, each remote contact is now made by two coaches at every site (was: one coach)."
                .to_owned()
        ),
        "{lines:#?}"
    );
}
