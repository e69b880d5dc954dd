//! The manuals reconstructed from the catalogue of published practice-facilitation programs:
//! each validates with no finding, cites every value with its kind and locator (derived values
//! with their arithmetic), leaves what its sources do not say out, and uses the model members
//! published programs need (dose as an interval, lengths "up to", strata, components offered
//! and received, a caseload over the whole program).

mod common;

use practice_coaching::fidelity::Window;
use practice_coaching::manual::{CaseloadSpan, Channel, Evidence, Offered, Per};
use practice_coaching::program::Assignee;
use practice_coaching::{Date, Length, Manual, Rule, reference};

/// The catalogue's manuals.
fn catalogue() -> [(&'static str, &'static Manual); 5] {
    [
        ("idocc", reference::idocc()),
        (
            "ontario-prevention-2001",
            reference::ontario_prevention_2001(),
        ),
        (
            "healthy-hearts-northwest",
            reference::healthy_hearts_northwest(),
        ),
        ("heart-health-now", reference::heart_health_now()),
        (
            "ihi-breakthrough-series",
            reference::ihi_breakthrough_series(),
        ),
    ]
}

fn day(s: &str) -> Date {
    s.parse().expect("a date")
}

#[test]
fn every_embedded_manual_and_sample_program_has_no_finding() {
    for (name, manual) in reference::manuals() {
        let report = manual.validate();
        assert!(report.is_empty(), "{name}: {:#?}", report.diagnostics());
    }
    for (name, program, manual) in reference::sample_programs() {
        let report = program.validate(manual);
        assert!(report.is_empty(), "{name}: {:#?}", report.diagnostics());
    }
}

#[test]
fn every_value_cites_a_source_kind_and_locator_and_derived_values_show_their_arithmetic() {
    for (name, manual) in catalogue() {
        let keys: Vec<&str> = manual.sources.iter().map(|s| s.key.as_str()).collect();
        for (at, citations) in manual.cited_objects() {
            assert!(!citations.is_empty(), "{name}: {at}");
            for c in citations {
                match c.evidence {
                    Evidence::Reported | Evidence::Derived => {
                        let source = c.source.as_ref().expect("a source");
                        assert!(keys.contains(&source.as_str()), "{name}: {at}");
                        assert!(
                            c.locator.as_deref().is_some_and(|l| !l.trim().is_empty()),
                            "{name}: {at}: a locator"
                        );
                    }
                    Evidence::Design => {}
                    // The catalogue's kinds map onto reported, derived and design only.
                    other => panic!("{name}: {at}: {}", other.as_str()),
                }
                if c.evidence == Evidence::Derived {
                    let how = c.rationale.as_deref().expect("arithmetic");
                    assert!(
                        how.contains('=') && how.chars().any(|ch| ch.is_ascii_digit()),
                        "{name}: {at}: a derived value shows its arithmetic: {how}"
                    );
                }
            }
        }
    }
}

/// Counts of the manual's citations by kind: reported, derived, design.
fn evidence_counts(manual: &Manual) -> [usize; 3] {
    let mut counts = [0; 3];
    for (_, citations) in manual.cited_objects() {
        for c in citations {
            match c.evidence {
                Evidence::Reported => counts[0] += 1,
                Evidence::Derived => counts[1] += 1,
                _ => counts[2] += 1,
            }
        }
    }
    counts
}

#[test]
fn each_manual_rests_mostly_on_what_its_sources_report() {
    for (name, manual) in catalogue() {
        let [reported, derived, design] = evidence_counts(manual);
        println!("{name}: {reported} reported, {derived} derived, {design} design");
        assert!(
            reported > 3 * design,
            "{name}: {reported} reported, {design} design"
        );
        // The catalogue derives nothing for Healthy Hearts Northwest.
        assert_eq!(
            derived == 0,
            name == "healthy-hearts-northwest",
            "{name}: {derived} derived"
        );
    }
}

#[test]
fn gaps_stay_gaps_and_the_description_says_so() {
    for (name, manual) in catalogue() {
        assert!(manual.description.contains("reconstruction"), "{name}");
        assert!(manual.description.contains("left out"), "{name}");
        // No source read gives exit criteria or minutes per contact for these programs.
        assert!(
            manual.phases.iter().all(|p| p.exit_criteria.is_empty()),
            "{name}"
        );
        for level in &manual.intensity_levels {
            for p in &level.prescriptions {
                assert!(
                    p.typical_minutes.is_none() && p.max_minutes.is_none(),
                    "{name}"
                );
            }
        }
    }
    let idocc = reference::idocc();
    assert!(idocc.qualifications.is_empty());
    assert!(
        idocc
            .intensity_levels
            .iter()
            .all(|l| l.prescription(Channel::Remote).is_none()
                && l.not_reported == [Channel::Remote]
                && l.annual(Channel::Remote).is_none()),
        "phone and email were not read: not reported, never none"
    );
    for (manual, channels) in [
        (
            reference::ontario_prevention_2001(),
            &[Channel::InPerson][..],
        ),
        (
            reference::healthy_hearts_northwest(),
            &[Channel::InPerson, Channel::Remote][..],
        ),
    ] {
        assert!(manual.skills.is_empty(), "{}", manual.id);
        assert!(
            manual
                .intensity_levels
                .iter()
                .all(|l| l.prescriptions.is_empty() && l.not_reported == channels),
            "{}: the dose is not reported",
            manual.id
        );
    }
}

#[test]
fn a_dose_given_as_an_interval_gives_its_counts_a_year_as_a_range() {
    let idocc = reference::idocc();
    let counts: Vec<(u16, u16, u64, u64)> = idocc
        .intensity_levels
        .iter()
        .map(|l| {
            let p = l.prescription(Channel::InPerson).expect("visits");
            let (low, high) = p
                .interval
                .expect("an interval")
                .contacts_per(Per::Year)
                .expect("per year");
            (p.min_contacts.get(), p.max_contacts.get(), low, high)
        })
        .collect();
    // 52/4 = 13 to 52/3 = 17.3; 52/12 = 4.3 to 52/6 = 8.7.
    assert_eq!(counts, [(13, 17, 13, 17), (4, 9, 4, 9)]);
    let mut broken = idocc.clone();
    broken.intensity_levels[1].prescriptions[0].max_contacts = 8.try_into().expect("a count");
    let report = broken.validate();
    assert!(
        report
            .diagnostics()
            .iter()
            .any(|d| d.rule == Rule::DoseIntervalCounts
                && d.path == "/intensity_levels/1/prescriptions/0/max_contacts")
    );
}

#[test]
fn lengths_of_up_to_and_one_to_two_years_use_the_phase_length() {
    let h2n = reference::healthy_hearts_northwest();
    let support = &h2n.phases[0].length;
    assert!(support.min.is_zero());
    assert_eq!(support.max.map(Length::amount), Some(15));
    let idocc = reference::idocc();
    let total_min: u32 = idocc.phases.iter().map(|p| p.length.min.amount()).sum();
    let total_max: u32 = idocc
        .phases
        .iter()
        .filter_map(|p| p.length.max.map(Length::amount))
        .sum();
    assert_eq!(
        (total_min, total_max),
        (12, 24),
        "a one- to two-year period"
    );
    let markdown = practice_coaching::render::markdown(h2n);
    assert!(
        markdown.contains("Planned length: up to 15 months"),
        "{markdown}"
    );
}

#[test]
fn a_stratum_sets_the_month_a_site_enters_its_phase() {
    let manual = reference::heart_health_now();
    let months: Vec<(&str, Vec<u16>)> = manual
        .strata
        .iter()
        .map(|s| (s.key.as_str(), s.months.iter().map(|m| m.get()).collect()))
        .collect();
    assert_eq!(
        months,
        [
            ("high-readiness", vec![9, 11, 12]),
            ("low-readiness", vec![14, 16])
        ]
    );
    let mut program = reference::heart_health_now_sample_program().clone();
    assert!(program.sites.iter().all(|s| s.stratum.is_some()));
    assert!(program.validate(manual).is_empty());
    // A high-readiness practice moved to the low-readiness stratum now enters too early.
    program.sites[0].stratum = Some("low-readiness".parse().expect("a key"));
    let report = program.validate(manual);
    let found: Vec<(Rule, &str)> = report
        .diagnostics()
        .iter()
        .map(|d| (d.rule, d.path.as_str()))
        .collect();
    assert_eq!(
        found,
        [(Rule::PhaseEntryStratum, "/relationships/0/phases/1/date")]
    );
}

#[test]
fn components_offered_to_some_sites_are_taken_up_by_fewer_in_the_program_and_in_fidelity() {
    let manual = reference::healthy_hearts_northwest();
    let optional: Vec<&str> = manual
        .components
        .iter()
        .filter(|c| c.offered == Offered::SomeSites)
        .map(|c| c.key.as_str())
        .collect();
    assert_eq!(optional, ["educational-outreach", "shared-learning"]);
    let program = reference::healthy_hearts_northwest_sample_program();
    let fidelity = program.fidelity(manual, Window::as_of(day("2017-02-01")));
    let uptake: Vec<(&str, u32, u32)> = fidelity
        .components
        .iter()
        .map(|u| (u.component.as_str(), u.offered, u.received))
        .collect();
    assert_eq!(
        uptake,
        [
            ("practice-coaching", 4, 4),
            ("webinars", 4, 4),
            ("office-hours", 4, 0),
            ("educational-outreach", 2, 1),
            ("shared-learning", 2, 1),
        ]
    );
    // Before the enhancements were offered, nobody was offered them.
    let early = program.fidelity(manual, Window::as_of(day("2015-12-01")));
    assert!(
        early
            .components
            .iter()
            .filter(|u| optional.contains(&u.component.as_str()))
            .all(|u| u.offered == 0 && u.share().is_none())
    );
}

#[test]
fn a_collaborative_gives_its_dose_to_each_site_team_and_shares_its_faculty() {
    use practice_coaching::manual::LearningSessions;
    let manual = reference::ihi_breakthrough_series();
    let collaborative = manual.collaborative.as_ref().expect("a collaborative");
    assert_eq!(
        collaborative.learning_sessions,
        LearningSessions::Count(3.try_into().expect("a count"))
    );
    let range =
        |h: Option<&practice_coaching::manual::Headcount>| h.map(|h| (h.min.get(), h.max.get()));
    assert_eq!(range(collaborative.delegates.as_ref()), Some((3, 3)));
    assert_eq!(range(collaborative.faculty.as_ref()), Some((5, 8)));
    assert_eq!(range(collaborative.teams.as_ref()), Some((12, 160)));
    // Three members at three sessions: nine attendances a site team.
    assert_eq!(collaborative.attendances(), Some((9, 9)));
    // Faculty serve every team: no caseload per coach, and sessions without dates plan nothing.
    assert!(manual.caseload.is_none() && manual.team.is_none());
    let program = reference::ihi_breakthrough_series_sample_program();
    let schedule = program.schedule(
        manual,
        day("2004-01-01"),
        day("2005-01-01"),
        practice_coaching::timeline::PlanOptions::default(),
    );
    assert!(schedule.events.is_empty(), "{schedule:?}");
    let markdown = practice_coaching::render::markdown(manual);
    assert!(
        markdown
            .contains("learning sessions three in all (their dates and spacing are not reported)"),
        "{markdown}"
    );
    assert!(
        markdown.contains("Each site's team thus makes 9 attendances"),
        "{markdown}"
    );
    let mut broken = manual.clone();
    if let Some(faculty) = broken
        .collaborative
        .as_mut()
        .and_then(|c| c.faculty.as_mut())
    {
        faculty.min = 9.try_into().expect("a count");
    }
    let found: Vec<(Rule, String)> = broken
        .validate()
        .diagnostics()
        .iter()
        .map(|d| (d.rule, d.path.clone()))
        .collect();
    assert_eq!(
        found,
        [(
            Rule::CollaborativeHeadcountInverted,
            "/collaborative/faculty/max".to_owned()
        )]
    );
}

#[test]
fn a_caseload_over_the_whole_program_counts_every_site_a_coach_was_ever_assigned() {
    let manual = reference::idocc();
    let caseload = manual.caseload.as_ref().expect("a caseload");
    assert_eq!(
        (caseload.sites.get(), caseload.counted),
        (21, CaseloadSpan::OverProgram)
    );
    let mut program = reference::idocc_sample_program().clone();
    let coach = program.coaches[0].id;
    // 22 sites, each assigned for a month one after another: never more than one at a time.
    let template = program.sites[0].clone();
    for n in 0..22_u32 {
        let mut site = template.clone();
        site.id = format!("0000a000-0000-4000-8000-{n:012}")
            .parse()
            .expect("an id");
        site.name = format!("Practice {n}");
        let from = day("2010-01-01").as_naive() + chrono::Months::new(n);
        let until = from + chrono::Months::new(1) - chrono::Days::new(1);
        program
            .assignments
            .push(practice_coaching::program::Assignment {
                site: site.id,
                assignee: Assignee::Coach(coach),
                from: Date::from_naive(from).expect("a date"),
                until: Some(Date::from_naive(until).expect("a date")),
            });
        program.sites.push(site);
    }
    let report = program.validate(manual);
    let found: Vec<(Rule, &str)> = report
        .diagnostics()
        .iter()
        .map(|d| (d.rule, d.path.as_str()))
        .collect();
    assert_eq!(found, [(Rule::CaseloadOverThreshold, "/coaches/0")]);
    // Counted at one time, the same record is within any threshold of one site.
    let mut at_one_time = manual.clone();
    at_one_time.caseload = Some(practice_coaching::manual::CaseloadThreshold {
        counted: CaseloadSpan::AtOneTime,
        sites: 2.try_into().expect("a count"),
        ..caseload.clone()
    });
    assert!(
        program
            .validate_as_of(&at_one_time, day("2010-06-15"))
            .diagnostics()
            .iter()
            .all(|d| d.rule != Rule::CaseloadOverThreshold)
    );
}

// ---- side by side -----------------------------------------------------------------------------

#[test]
fn render_diff_across_two_manuals_speaks_of_differences_not_changes() {
    let manuals = reference::manuals();
    for (old_name, old) in manuals {
        for (new_name, new) in manuals {
            if old.id == new.id {
                continue;
            }
            let lines = practice_coaching::render::diff(old, new);
            assert!(
                lines
                    .first()
                    .is_some_and(|l| l.starts_with("This compares two different manuals")),
                "{old_name} to {new_name}"
            );
            for line in &lines {
                for changed in [
                    " was added",
                    " was removed",
                    " is now ",
                    "(was: ",
                    " went from ",
                ] {
                    assert!(!line.contains(changed), "{old_name} to {new_name}: {line}");
                }
            }
            let markdown = practice_coaching::render::diff_markdown(old, new);
            assert!(
                markdown.starts_with(&format!("## How {} differs from {}", new.id, old.id)),
                "{markdown}"
            );
        }
    }
    // A difference is said from both sides.
    let lines = practice_coaching::render::diff(reference::evidencenow(), reference::idocc());
    assert!(lines.contains(&"Only idocc has the phase “Year 1: intensive”: twelve months, starting at “Intensive: a visit every 3 to 4 weeks”, with no entry criteria and no exit criteria.".to_owned()), "{lines:#?}");
    assert!(
        lines.contains(&"Only evidencenow has the phase “Start-up”.".to_owned()),
        "{lines:#?}"
    );
    assert!(
        lines.contains(&"The caseload threshold is 21 sites over the whole program in idocc (20 active sites at once in evidencenow).".to_owned()),
        "{lines:#?}"
    );
}

#[test]
fn compare_puts_chosen_manuals_side_by_side() {
    let chosen = [
        reference::idocc(),
        reference::healthy_hearts_northwest(),
        reference::heart_health_now(),
        reference::bhicci_late(),
    ];
    let rows = practice_coaching::render::compare(&chosen);
    let aspects: Vec<&str> = rows.iter().map(|r| r.aspect).collect();
    assert_eq!(
        aspects,
        [
            "Manual",
            "Phases",
            "In person a year",
            "Remote a year",
            "Team",
            "Caseload",
            "Collaborative",
            "Components",
            "Strata",
            "Evidence"
        ]
    );
    assert!(rows.iter().all(|r| r.values.len() == chosen.len()));
    let value = |aspect: &str, i: usize| {
        rows.iter()
            .find(|r| r.aspect == aspect)
            .map(|r| r.values[i].clone())
            .expect("a row")
    };
    assert!(value("Phases", 0).starts_with("2: Year 1: intensive (twelve months)"));
    assert!(value("Phases", 1).contains("(up to 15 months)"));
    assert!(value("In person a year", 0).contains("13 to 17 in-person visits"));
    assert!(value("In person a year", 1).contains("not reported"));
    assert_eq!(value("Caseload", 0), "21 sites over the whole program");
    assert_eq!(value("Components", 1), "3 offered to every site, 2 to some");
    assert!(value("Strata", 2).contains("month 9, 11 or 12"));
    assert!(value("Team", 3).contains("team"));
    assert!(value("Collaborative", 3).contains("Breakthrough Series"));
    let [reported, derived, design] = evidence_counts(reference::idocc());
    assert_eq!(
        value("Evidence", 0),
        format!("{reported} reported, {derived} derived, {design} design")
    );
    let markdown = practice_coaching::render::compare_markdown(&chosen);
    assert!(
        markdown.contains(" | idocc | healthy-hearts-northwest | heart-health-now | bhicci |"),
        "{markdown}"
    );
    let html = practice_coaching::render::compare_html(&chosen);
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<table"));
}

#[cfg(feature = "cli")]
use common::binary;

#[cfg(feature = "cli")]
#[test]
fn the_compare_command_takes_two_or_more_manuals() {
    let output = binary::run(&["compare", "idocc", "heart-health-now", "evidencenow"]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(text.starts_with("# Manuals side by side"), "{text}");
    assert!(
        text.contains("| idocc | heart-health-now | evidencenow |"),
        "{text}"
    );
    let one = binary::run(&["compare", "idocc"]);
    assert_eq!(one.status.code(), Some(2));
    let diff = binary::run(&["render", "idocc", "--diff", "evidencenow"]);
    assert_eq!(diff.status.code(), Some(0));
    let text = String::from_utf8(diff.stdout).expect("UTF-8");
    assert!(
        text.contains("## How idocc differs from evidencenow 1.0.0"),
        "{text}"
    );
}

#[test]
fn the_tidier_checklist_reports_components_strata_and_doses_not_reported() {
    use practice_coaching::report;
    let h2n = report::tidier(reference::healthy_hearts_northwest(), None);
    let procedures: Vec<&str> = h2n.items[3]
        .entries
        .iter()
        .map(|e| e.source.pointer.as_str())
        .filter(|p| p.starts_with("/components/"))
        .collect();
    assert_eq!(procedures.len(), 5);
    assert!(h2n.items[3].entries.iter().any(|e| {
        e.text
            .starts_with("Component Shared learning (offered to some sites)")
    }));
    let how: Vec<&str> = h2n.items[5]
        .entries
        .iter()
        .map(|e| e.text.as_str())
        .collect();
    assert!(
        how.contains(&"In person: in-person visits, their dose not reported"),
        "{how:?}"
    );
    let when: Vec<&str> = h2n.items[7]
        .entries
        .iter()
        .map(|e| e.text.as_str())
        .collect();
    assert!(
        when.iter()
            .any(|t| t.contains("in-person visits, their dose not reported")),
        "{when:?}"
    );
    let hhn = report::tidier(reference::heart_health_now(), None);
    assert!(
        hhn.items[7]
            .entries
            .iter()
            .any(|e| e.source.pointer == "/strata/0" && e.text.contains("in month 9, 11 or 12"))
    );
}
