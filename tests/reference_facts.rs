//! The BHICCI reference manuals carry each fact of Henwood et al. 2020 that belongs in a manual
//! (DESIGN.md section 2), with its evidence, and parse, round-trip and validate cleanly.
//!
//! Every assertion is on the typed values, not on the JSON text.

use practice_coaching::manual::{
    Adjustment, Attendee, Better, Cadence, Channel, Citation, Degree, Direction, DyadRequirement,
    Evidence, Frequency, IntensityLevel, MeasureKind, MeasureScope, Meeting, MeetingKind, Period,
    Requirement, SkillTier, Trigger,
};
use practice_coaching::reference::{
    self, BHICCI_LATE_JSON, BHICCI_LAUNCH_JSON, bhicci_late, bhicci_launch,
};
use practice_coaching::{Discipline, Key, Manual, Minutes, Quantity};

const HENWOOD: &str = "henwood-2020";

fn key(s: &str) -> Key {
    Key::new(s).unwrap()
}

fn both() -> [(&'static str, &'static Manual); 2] {
    reference::manuals()
}

/// Whether `citations` holds one of `evidence` from `source` whose locator contains `locator`.
fn cites(citations: &[Citation], evidence: Evidence, source: &str, locator: &str) -> bool {
    citations.iter().any(|c| {
        c.evidence == evidence
            && c.source.as_ref().map(Key::as_str) == Some(source)
            && c.locator.as_deref().is_some_and(|l| l.contains(locator))
    })
}

/// Whether `citations` holds a participant report from Henwood et al. naming `speaker` (e.g.
/// `SP 11`) in its locator.
fn speaker(citations: &[Citation], speaker: &str) -> bool {
    citations.iter().any(|c| {
        c.evidence == Evidence::ParticipantReport
            && c.source.as_ref().map(Key::as_str) == Some(HENWOOD)
            && c.locator
                .as_deref()
                .is_some_and(|l| l.split(", ").any(|part| part.starts_with(speaker)))
    })
}

/// The rationale of the first `design` citation whose rationale contains `about`, if any.
fn design<'a>(citations: &'a [Citation], about: &str) -> Option<&'a str> {
    citations
        .iter()
        .filter(|c| c.evidence == Evidence::Design)
        .filter_map(|c| c.rationale.as_deref())
        .find(|r| r.contains(about))
}

fn is_design(citations: &[Citation]) -> bool {
    citations.iter().any(|c| {
        c.evidence == Evidence::Design && c.rationale.as_deref().is_some_and(|r| !r.is_empty())
    })
}

fn meeting(m: &Manual, kind: MeetingKind) -> Option<&Meeting> {
    m.logistics.meetings.iter().find(|x| x.kind == kind)
}

fn level_keys(m: &Manual) -> Vec<&str> {
    m.intensity_levels.iter().map(|l| l.key.as_str()).collect()
}

fn remote(level: &IntensityLevel) -> (u16, u16, Period) {
    let p = level.prescription(Channel::Remote).unwrap();
    (p.min_contacts.get(), p.max_contacts.get(), p.per)
}

/// Every citation list in a manual, with a readable path to its holder.
fn citation_lists(m: &Manual) -> Vec<(String, &[Citation])> {
    let mut out: Vec<(String, &[Citation])> = Vec::new();
    for p in &m.phases {
        out.push((format!("phase {}", p.key), &p.citations));
    }
    for l in &m.intensity_levels {
        out.push((format!("level {}", l.key), &l.citations));
        for p in &l.prescriptions {
            out.push((
                format!("level {} {}", l.key, p.channel.as_str()),
                &p.citations,
            ));
        }
    }
    let t = &m.titration;
    out.push(("titration floor".into(), &t.floor.citations));
    out.push((
        "titration interval".into(),
        &t.min_weeks_between_changes.citations,
    ));
    for r in &t.rules {
        out.push((format!("rule {}", r.key), &r.citations));
    }
    for s in &m.skills {
        out.push((format!("skill {}", s.key), &s.citations));
    }
    let q = &m.qualifications;
    if let Some(c) = &q.minimum_degree {
        out.push(("minimum_degree".into(), &c.citations));
    }
    if let Some(c) = &q.health_care_experience {
        out.push(("health_care_experience".into(), &c.citations));
    }
    for (name, check) in [
        ("transformation_experience", &q.transformation_experience),
        ("integrated_care_experience", &q.integrated_care_experience),
        ("core_skills", &q.core_skills),
    ] {
        if let Some(c) = check {
            out.push((name.into(), &c.citations));
        }
    }
    out.push(("pairing".into(), &m.pairing.citations));
    if let Some(c) = &m.pairing.caseload_warning_above {
        out.push(("caseload".into(), &c.citations));
    }
    for x in &m.logistics.meetings {
        out.push((format!("meeting {}", x.key), &x.citations));
    }
    out.push(("response_time".into(), &m.logistics.response_time.citations));
    out.push(("collaborative".into(), &m.collaborative.citations));
    for x in &m.measures {
        out.push((format!("measure {}", x.key), &x.citations));
    }
    for x in &m.figures {
        out.push((format!("figure {}", x.key), &x.citations));
    }
    out
}

// ---- parsing, round trip, validation -------------------------------------------------------

#[test]
fn both_parse_round_trip_and_validate_without_errors() {
    for (name, json, manual) in [
        ("bhicci-launch", BHICCI_LAUNCH_JSON, bhicci_launch()),
        ("bhicci-late", BHICCI_LATE_JSON, bhicci_late()),
    ] {
        let parsed = Manual::from_json(json.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(&parsed, manual, "{name}");
        assert_eq!(
            manual.id.as_str(),
            "bhicci",
            "{name}: one manual, two versions"
        );

        let written = serde_json::to_string_pretty(manual).unwrap();
        let reread = Manual::from_json(written.as_bytes()).unwrap();
        assert_eq!(
            &reread, manual,
            "{name}: typed -> JSON -> typed is lossless"
        );

        let report = manual.validate();
        assert!(!report.has_errors(), "{name}: {report:#?}");
        // Warnings are allowed; shown with `--nocapture`.
        for warning in report.warnings() {
            eprintln!("{name}: {warning}");
        }
    }
}

#[test]
fn manuals_lists_both_by_name() {
    let names: Vec<_> = both().iter().map(|(n, _)| *n).collect();
    assert_eq!(names, ["bhicci-launch", "bhicci-late"]);
    assert!(std::ptr::eq(both()[0].1, bhicci_launch()));
    assert!(std::ptr::eq(both()[1].1, bhicci_late()));
}

#[test]
fn ids_versions_and_schema() {
    let launch = bhicci_launch();
    let late = bhicci_late();
    assert_eq!(launch.version, semver::Version::new(1, 0, 0));
    assert_eq!(late.version, semver::Version::new(2, 0, 0));
    for (_, m) in both() {
        assert_eq!(
            m.schema.as_deref(),
            Some("urn:practice-coaching:schema:manual:1")
        );
    }
}

#[test]
fn description_says_reconstruction_not_the_health_plans_manual() {
    for (name, m) in both() {
        let d = &m.description;
        assert!(
            d.contains("reconstruction from Henwood et al. 2020"),
            "{name}"
        );
        assert!(d.contains("10.5334/ijic.4737"), "{name}");
        assert!(d.contains("not the health plan's own manual"), "{name}");
    }
    assert!(bhicci_launch().description.contains("Launch version"));
    assert!(bhicci_late().description.contains("Late version"));
}

#[test]
fn sources_are_listed_with_doi_or_url() {
    for (name, m) in both() {
        let keys: Vec<_> = m.sources.iter().map(|s| s.key.as_str()).collect();
        for k in [
            HENWOOD,
            "harvey-lynch-2017",
            "baskerville-2012",
            "ahrq",
            "gilmer",
            "evidencenow",
        ] {
            assert!(keys.contains(&k), "{name}: {k}");
        }
        let henwood = m
            .sources
            .iter()
            .find(|s| s.key.as_str() == HENWOOD)
            .unwrap();
        assert_eq!(henwood.doi.as_deref(), Some("10.5334/ijic.4737"));
        assert!(
            henwood
                .citation
                .contains("Advancing Integrated Care through Practice Coaching")
        );
    }
}

#[test]
fn every_value_is_sourced() {
    for (name, m) in both() {
        let sources: Vec<_> = m.sources.iter().map(|s| &s.key).collect();
        for (path, citations) in citation_lists(m) {
            assert!(!citations.is_empty(), "{name}: {path} has no citation");
            for c in citations {
                if c.evidence.needs_rationale() {
                    assert!(
                        c.rationale.as_deref().is_some_and(|r| !r.is_empty()),
                        "{name}: {path}: {} without rationale",
                        c.evidence.as_str()
                    );
                }
                if c.evidence.needs_source() {
                    let source = c.source.as_ref().unwrap_or_else(|| {
                        panic!("{name}: {path}: {} without source", c.evidence.as_str())
                    });
                    assert!(sources.contains(&source), "{name}: {path}: {source}");
                }
                if let Some(source) = &c.source {
                    assert!(sources.contains(&source), "{name}: {path}: {source}");
                }
                if c.evidence == Evidence::ParticipantReport {
                    assert!(
                        c.locator
                            .as_deref()
                            .is_some_and(|l| l.starts_with("Results")),
                        "{name}: {path}: a participant report needs a locator"
                    );
                }
            }
        }
    }
}

// ---- phases ---------------------------------------------------------------------------------

#[test]
fn four_phases_named_after_harvey_and_lynch_with_design_durations() {
    for (name, m) in both() {
        let keys: Vec<_> = m.phases.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(
            keys,
            ["engagement", "assessment", "implementation", "sustainment"],
            "{name}"
        );
        for p in &m.phases {
            assert!(
                cites(&p.citations, Evidence::Cited, "harvey-lynch-2017", ""),
                "{name}: {} names",
                p.key
            );
            assert!(is_design(&p.citations), "{name}: {} durations", p.key);
            assert!(!p.exit_criteria.is_empty(), "{name}: {} exit", p.key);
            assert!(!p.entry_criteria.is_empty(), "{name}: {} entry", p.key);
            if let Some(max) = p.max_weeks {
                assert!(p.min_weeks <= max, "{name}: {}", p.key);
            }
            assert!(m.level(&p.starting_level).is_some(), "{name}: {}", p.key);
            for s in &p.skills {
                assert!(m.skill(s).is_some(), "{name}: {} leans on {s}", p.key);
            }
        }
    }
}

#[test]
fn remote_availability_is_front_loaded_by_phase() {
    for (name, m) in both() {
        let start = |phase: &str| m.phase(&key(phase)).unwrap().starting_level.as_str();
        assert_eq!(start("engagement"), "intensive", "{name}");
        assert_eq!(start("assessment"), "intensive", "{name}");
        assert_eq!(start("implementation"), "standard", "{name}");
        assert_eq!(start("sustainment"), "maintenance", "{name}");
    }
}

// ---- dose -----------------------------------------------------------------------------------

#[test]
fn levels_run_from_most_to_least_intensive_each_dominating_the_next() {
    for (name, m) in both() {
        assert_eq!(
            level_keys(m),
            ["intensive", "standard", "maintenance"],
            "{name}"
        );
        for pair in m.intensity_levels.windows(2) {
            assert!(
                pair[0].dominates(&pair[1]),
                "{name}: {} over {}",
                pair[0].key,
                pair[1].key
            );
        }
        for l in &m.intensity_levels {
            assert!(is_design(&l.citations), "{name}: {}", l.key);
        }
    }
}

#[test]
fn every_level_visits_in_person_monthly_for_up_to_a_half_day() {
    for (name, m) in both() {
        for l in &m.intensity_levels {
            let p = l.prescription(Channel::InPerson).unwrap();
            assert_eq!(p.per, Period::Month, "{name}: {}", l.key);
            assert_eq!(p.min_contacts.get(), 1, "{name}: {}", l.key);
            assert_eq!(p.max_contacts.get(), 1, "{name}: {}", l.key);
            assert_eq!(
                p.max_minutes.map(Minutes::get),
                Some(240),
                "{name}: {}",
                l.key
            );
            assert_eq!(
                p.min_minutes, None,
                "{name}: {}: the paper gives no minimum",
                l.key
            );
            assert!(
                cites(&p.citations, Evidence::Reported, HENWOOD, "Introduction"),
                "{name}: {}",
                l.key
            );
            let why = design(&p.citations, "half-day").unwrap();
            assert!(
                why.contains("240") && why.contains("interpretation"),
                "{why}"
            );
            // Exactly one prescription per channel.
            let in_person = l
                .prescriptions
                .iter()
                .filter(|p| p.channel == Channel::InPerson);
            assert_eq!(in_person.count(), 1);
        }
    }
}

#[test]
fn remote_prescriptions_span_once_a_month_to_several_times_a_week() {
    for (name, m) in both() {
        let level = |k: &str| m.level(&key(k)).unwrap();
        assert_eq!(remote(level("intensive")), (1, 3, Period::Week), "{name}");
        assert_eq!(remote(level("standard")), (1, 1, Period::Week), "{name}");
        assert_eq!(
            remote(level("maintenance")),
            (1, 1, Period::Month),
            "{name}"
        );
        for l in &m.intensity_levels {
            let p = l.prescription(Channel::Remote).unwrap();
            assert!(
                cites(&p.citations, Evidence::Reported, HENWOOD, "Introduction"),
                "{name}: {}",
                l.key
            );
            assert!(is_design(&p.citations), "{name}: {}", l.key);
            assert_eq!(p.coaches_per_contact.get(), 1);
            // Remote contacts give no minutes at any level (dose-minutes-partial).
            assert_eq!((p.min_minutes, p.max_minutes), (None, None));
        }
        let several = level("intensive").prescription(Channel::Remote).unwrap();
        let why = design(&several.citations, "several").unwrap();
        assert!(why.contains("Up to 3 a week") && why.contains("interpretation"));
    }
}

#[test]
fn dyads_visit_jointly_only_where_every_site_has_one() {
    let coaches = |m: &Manual| -> Vec<u16> {
        m.intensity_levels
            .iter()
            .map(|l| {
                l.prescription(Channel::InPerson)
                    .unwrap()
                    .coaches_per_contact
                    .get()
            })
            .collect()
    };
    assert_eq!(coaches(bhicci_launch()), [1, 1, 1]);
    assert_eq!(coaches(bhicci_late()), [2, 2, 2]);
}

#[test]
fn floor_is_one_in_person_and_one_remote_contact_a_month() {
    for (name, m) in both() {
        let floor = &m.titration.floor;
        let contacts: Vec<_> = floor
            .contacts
            .iter()
            .map(|c| (c.channel, c.min_contacts.get(), c.per))
            .collect();
        assert_eq!(
            contacts,
            [
                (Channel::InPerson, 1, Period::Month),
                (Channel::Remote, 1, Period::Month)
            ],
            "{name}"
        );
        assert!(cites(
            &floor.citations,
            Evidence::Reported,
            HENWOOD,
            "Introduction"
        ));
        let why = floor.citations[0].rationale.as_deref().unwrap();
        assert!(why.contains("a minimum of once a month"), "{why}");
        for l in &m.intensity_levels {
            for c in &floor.contacts {
                assert!(c.is_met_by(l), "{name}: {} below the floor", l.key);
            }
        }
        // The least intensive level sits exactly on the floor.
        let last = m.intensity_levels.last().unwrap();
        for c in &floor.contacts {
            assert_eq!(last.annual(c.channel).min_contacts, c.per_year());
        }
    }
}

// ---- titration ------------------------------------------------------------------------------

#[test]
fn at_least_four_weeks_between_changes_by_design() {
    for (name, m) in both() {
        let interval = &m.titration.min_weeks_between_changes;
        assert_eq!(interval.weeks.get(), 4, "{name}");
        assert!(is_design(&interval.citations), "{name}");
    }
}

#[test]
fn titration_rules_review_disruptions_and_follow_preference_and_judgment() {
    for (name, m) in both() {
        let rules = &m.titration.rules;
        let find = |trigger: &Trigger| rules.iter().find(|r| &r.trigger == trigger);

        let disruption = find(&Trigger::Disruption).unwrap();
        assert_eq!(disruption.adjustment, Adjustment::Review, "{name}");
        assert!(
            disruption.reason_required && disruption.overrides_interval,
            "{name}"
        );
        assert!(
            design(&disruption.citations, "EvidenceNOW").is_some(),
            "{name}"
        );
        // Disruption is checked first: the first matching rule applies.
        assert_eq!(rules[0].trigger, Trigger::Disruption);

        let shortfall = rules
            .iter()
            .find(|r| matches!(r.trigger, Trigger::DeliveredBelowMinimum { .. }))
            .unwrap();
        assert_eq!(shortfall.adjustment, Adjustment::Review, "{name}");

        for (direction, adjustment) in [
            (Direction::Less, Adjustment::StepDown),
            (Direction::More, Adjustment::StepUp),
        ] {
            let pref = find(&Trigger::ParticipantPreference { direction }).unwrap();
            assert_eq!(pref.adjustment, adjustment, "{name}");
            assert!(
                cites(&pref.citations, Evidence::Reported, HENWOOD, "Introduction"),
                "{name}: remote availability followed participant preference"
            );
            let judgment = find(&Trigger::CoachJudgment { direction }).unwrap();
            assert_eq!(judgment.adjustment, adjustment, "{name}");
            assert!(speaker(&judgment.citations, "SP 7"), "{name}");
        }

        let early: Vec<_> = rules
            .iter()
            .filter(|r| matches!(r.trigger, Trigger::ExitCriterionMetEarly { .. }))
            .collect();
        assert!(!early.is_empty(), "{name}");
        for r in &early {
            assert_eq!(r.adjustment, Adjustment::StepDown, "{name}: {}", r.key);
        }
        for r in rules {
            assert!(is_design(&r.citations), "{name}: {}", r.key);
            // References resolve.
            match &r.trigger {
                Trigger::WeeksInPhase { phase, .. } => assert!(m.phase(phase).is_some()),
                Trigger::ExitCriterionMetEarly { phase, criterion } => {
                    let p = m.phase(phase).unwrap();
                    assert!(p.exit_criteria.iter().any(|c| &c.key == criterion));
                }
                _ => {}
            }
        }
    }
}

#[test]
fn every_level_is_a_starting_level() {
    for (name, m) in both() {
        for l in &m.intensity_levels {
            assert!(
                m.phases.iter().any(|p| p.starting_level == l.key),
                "{name}: {}",
                l.key
            );
        }
    }
}

// ---- skills ---------------------------------------------------------------------------------

#[test]
fn core_skills_with_their_speakers() {
    for (name, m) in both() {
        for (skill, who) in [
            ("teaching-and-feedback", "SP 8"),
            ("team-finds-own-answers", "SP 11"),
            ("building-capacity", "SP 12"),
            ("reading-readiness", "SP 7"),
            ("team-and-patient-experience", "SP 32"),
        ] {
            let s = m.skill(&key(skill)).unwrap();
            assert_eq!(s.tier, SkillTier::Core, "{name}: {skill}");
            assert!(s.disciplines.is_empty(), "{name}: {skill}");
            assert!(speaker(&s.citations, who), "{name}: {skill} by {who}");
        }
        assert!(
            m.skill(&key("building-capacity"))
                .unwrap()
                .description
                .contains("coaching and content")
        );
        assert!(
            m.skill(&key("team-and-patient-experience"))
                .unwrap()
                .description
                .contains("front desk")
        );
        let diplomacy = m.skill(&key("diplomacy-and-liaison")).unwrap();
        assert_eq!(diplomacy.tier, SkillTier::Core);
        assert!(diplomacy.disciplines.is_empty());
        assert!(diplomacy.description.contains("health plan"));
        assert!(cites(
            &diplomacy.citations,
            Evidence::Reported,
            HENWOOD,
            "Discussion"
        ));
        assert_eq!(m.core_skills().count(), 6, "{name}");
        assert!(m.core_skills().all(|s| !s.gap));
    }
}

#[test]
fn specialty_skills_name_their_disciplines() {
    for (name, m) in both() {
        let credibility = m.skill(&key("physician-credibility")).unwrap();
        assert_eq!(credibility.tier, SkillTier::Specialty);
        assert_eq!(credibility.disciplines, [Discipline::Medical]);
        assert!(speaker(&credibility.citations, "SP 10"), "{name}");
        assert!(credibility.description.contains("speaks the same language"));

        let review = m.skill(&key("systematic-case-review")).unwrap();
        assert_eq!(review.tier, SkillTier::Specialty);
        assert!(speaker(&review.citations, "SP 13"), "{name}");
        // Not tied to one discipline, though reported of an MD coach.
        assert!(review.disciplines.len() >= 2);
        assert!(review.disciplines.contains(&Discipline::Medical));
        assert!(review.disciplines.contains(&Discipline::BehavioralHealth));
        assert!(!review.gap);
    }
}

#[test]
fn clinic_logistics_is_a_gap_sites_requested() {
    for (name, m) in both() {
        let gaps: Vec<_> = m.skills.iter().filter(|s| s.gap).collect();
        assert_eq!(gaps.len(), 1, "{name}");
        let s = gaps[0];
        assert_eq!(s.key.as_str(), "clinic-logistics");
        assert_eq!(s.tier, SkillTier::Specialty);
        assert!(!s.disciplines.is_empty());
        for what in ["spatial layout", "room size", "refrigerated medication"] {
            assert!(s.description.contains(what), "{name}: {what}");
        }
        assert!(cites(
            &s.citations,
            Evidence::ParticipantReport,
            HENWOOD,
            "Results"
        ));
    }
}

// ---- qualifications -------------------------------------------------------------------------

#[test]
fn qualifications_with_their_evidence() {
    for (name, m) in both() {
        let q = &m.qualifications;

        let t = q.transformation_experience.as_ref().unwrap();
        assert!(
            cites(&t.citations, Evidence::Reported, HENWOOD, "Introduction"),
            "{name}"
        );

        let degree = q.minimum_degree.as_ref().unwrap();
        assert_eq!(degree.degree, Degree::Masters);
        assert_eq!(degree.requirement, Requirement::Recommended);
        assert!(
            cites(&degree.citations, Evidence::Cited, "ahrq", "Discussion"),
            "{name}"
        );

        let years = q.health_care_experience.as_ref().unwrap();
        assert_eq!(years.requirement, Requirement::Recommended);
        assert!(years.years.get() > 0);
        assert!(
            cites(&years.citations, Evidence::Cited, "ahrq", "Discussion"),
            "{name}"
        );
        assert!(
            design(&years.citations, "no number of years").is_some(),
            "{name}"
        );

        let integrated = q.integrated_care_experience.as_ref().unwrap();
        assert_eq!(integrated.requirement, Requirement::Recommended);
        assert!(cites(
            &integrated.citations,
            Evidence::Reported,
            HENWOOD,
            "Discussion"
        ));
        assert!(
            integrated.citations[0]
                .rationale
                .as_deref()
                .unwrap()
                .contains("team-based model")
        );

        let core = q.core_skills.as_ref().unwrap();
        assert_eq!(core.requirement, Requirement::Required);
        assert!(is_design(&core.citations));
    }
}

// ---- pairing --------------------------------------------------------------------------------

#[test]
fn dyads_pair_behavioral_health_with_medical_and_visit_jointly() {
    for (name, m) in both() {
        let p = &m.pairing;
        assert_eq!(
            p.disciplines,
            [Discipline::BehavioralHealth, Discipline::Medical]
        );
        assert!(p.joint_visits, "{name}");
        assert_eq!(p.caseload_warning_above, None, "{name}");
        let why = design(&p.citations, "caseload_warning_above").unwrap();
        assert!(
            why.contains("Baskerville") && why.contains("not a threshold"),
            "{why}"
        );
        assert!(
            cites(&p.citations, Evidence::Reported, HENWOOD, "Discussion"),
            "{name}"
        );
    }
}

#[test]
fn launch_requires_dyads_only_for_selected_organizations() {
    let p = &bhicci_launch().pairing;
    assert_eq!(p.required_for, DyadRequirement::SelectedOrganizations);
    assert!(cites(
        &p.citations,
        Evidence::Reported,
        HENWOOD,
        "Introduction"
    ));
    assert!(cites(&p.citations, Evidence::Reported, HENWOOD, "Results"));
    let intro = p
        .citations
        .iter()
        .find(|c| c.locator.as_deref() == Some("Introduction"))
        .unwrap();
    assert!(
        intro
            .rationale
            .as_deref()
            .unwrap()
            .contains("\"sometimes\"")
    );
    let results = p
        .citations
        .iter()
        .find(|c| c.locator.as_deref() == Some("Results"))
        .unwrap();
    assert!(
        results
            .rationale
            .as_deref()
            .unwrap()
            .contains("two large health systems")
    );
}

#[test]
fn late_requires_dyads_for_all_sites() {
    let p = &bhicci_late().pairing;
    assert_eq!(p.required_for, DyadRequirement::AllSites);
    assert!(speaker(&p.citations, "SP 4"));
    let sp4 = p
        .citations
        .iter()
        .find(|c| c.locator.as_deref() == Some("Results, SP 4"))
        .unwrap();
    assert!(sp4.rationale.as_deref().unwrap().contains("buddy system"));
}

// ---- logistics ------------------------------------------------------------------------------

#[test]
fn coaches_meet_the_implementation_team_monthly() {
    for (name, m) in both() {
        let x = meeting(m, MeetingKind::ImplementationTeam).unwrap();
        assert_eq!(
            x.cadence,
            Cadence::PerPeriod(Frequency {
                count: 1.try_into().unwrap(),
                per: Period::Month
            }),
            "{name}"
        );
        assert!(x.attendees.contains(&Attendee::AllCoaches));
        assert!(x.attendees.contains(&Attendee::ImplementationTeam));
        assert!(
            cites(&x.citations, Evidence::Reported, HENWOOD, "Introduction"),
            "{name}"
        );
    }
}

#[test]
fn late_adds_a_weekly_two_hour_standardization_meeting() {
    assert!(meeting(bhicci_launch(), MeetingKind::CoachStandardization).is_none());
    let x = meeting(bhicci_late(), MeetingKind::CoachStandardization).unwrap();
    assert_eq!(
        x.cadence,
        Cadence::PerPeriod(Frequency {
            count: 1.try_into().unwrap(),
            per: Period::Week
        })
    );
    assert_eq!(x.minutes.map(Minutes::get), Some(120));
    assert_eq!(x.attendees, [Attendee::AllCoaches]);
    assert!(speaker(&x.citations, "SP 4"));
    let sp4 = x
        .citations
        .iter()
        .find(|c| c.locator.as_deref() == Some("Results, SP 4"))
        .unwrap();
    assert!(
        sp4.rationale
            .as_deref()
            .unwrap()
            .contains("to promote standardization")
    );
}

#[test]
fn dyads_huddle_check_in_and_debrief_each_visit() {
    for (name, m) in both() {
        for kind in [
            MeetingKind::PreVisitHuddle,
            MeetingKind::MidVisitCheckIn,
            MeetingKind::PostVisitDebrief,
        ] {
            let x = meeting(m, kind).unwrap_or_else(|| panic!("{name}: {}", kind.as_str()));
            assert_eq!(x.cadence, Cadence::PerVisit, "{name}: {}", kind.as_str());
            assert_eq!(x.attendees, [Attendee::VisitingCoaches]);
            assert!(speaker(&x.citations, "SP 11"), "{name}: {}", kind.as_str());
            let sp11 = x
                .citations
                .iter()
                .find(|c| c.locator.as_deref() == Some("Results, SP 11"))
                .unwrap();
            assert!(
                sp11.rationale
                    .as_deref()
                    .unwrap()
                    .contains("thinking the same thing")
            );
        }
        assert!(
            meeting(m, MeetingKind::MidVisitCheckIn)
                .unwrap()
                .name
                .contains("lunch")
        );
    }
}

#[test]
fn meeting_lengths_not_in_the_paper_are_design() {
    for (name, m) in both() {
        for x in &m.logistics.meetings {
            if x.kind == MeetingKind::CoachStandardization {
                continue; // two hours: SP 4
            }
            if x.minutes.is_some() {
                assert!(
                    design(&x.citations, "no length").is_some(),
                    "{name}: {}",
                    x.key
                );
            }
        }
    }
}

#[test]
fn shifting_feedback_is_the_rationale_of_the_consistency_meetings() {
    for (name, m) in both() {
        let with_sp75: Vec<_> = m
            .logistics
            .meetings
            .iter()
            .filter(|x| speaker(&x.citations, "SP 75"))
            .collect();
        assert_eq!(with_sp75.len(), 1, "{name}");
        let x = with_sp75[0];
        assert!(matches!(
            x.kind,
            MeetingKind::CoachStandardization | MeetingKind::ImplementationTeam
        ));
        assert!(x.attendees.contains(&Attendee::AllCoaches));
        let c = x
            .citations
            .iter()
            .find(|c| c.locator.as_deref() == Some("Results, SP 75"))
            .unwrap();
        assert!(
            c.rationale
                .as_deref()
                .unwrap()
                .contains("shifting feedback")
        );
        // No rule of its own: no titration rule cites it.
        for r in &m.titration.rules {
            assert!(!speaker(&r.citations, "SP 75"));
        }
    }
    assert_eq!(
        meeting(bhicci_late(), MeetingKind::CoachStandardization)
            .map(|x| speaker(&x.citations, "SP 75")),
        Some(true)
    );
}

#[test]
fn email_answered_within_24_hours_as_one_supervisors_report() {
    for (name, m) in both() {
        let r = &m.logistics.response_time;
        assert_eq!(r.hours.get(), 24, "{name}");
        assert!(speaker(&r.citations, "SP 54"), "{name}");
        let c = &r.citations[0];
        assert!(
            c.locator
                .as_deref()
                .unwrap()
                .contains("one supervisor about her coach")
        );
        assert!(c.rationale.as_deref().unwrap().contains("not a standard"));
    }
}

// ---- collaborative, measures, figures -------------------------------------------------------

#[test]
fn breakthrough_series_with_semiannual_learning_sessions() {
    for (name, m) in both() {
        let c = &m.collaborative;
        assert!(c.model.contains("IHI Breakthrough Series"), "{name}");
        assert_eq!(c.learning_sessions.count.get(), 1);
        assert_eq!(c.learning_sessions.per, Period::HalfYear);
        assert_eq!(c.learning_sessions.per_year(), 2);
        assert!(cites(
            &c.citations,
            Evidence::Reported,
            HENWOOD,
            "Introduction"
        ));
        assert!(
            c.citations[0]
                .rationale
                .as_deref()
                .unwrap()
                .contains("added on top")
        );
    }
}

#[test]
fn initiative_outcomes_are_measures_of_the_initiative_not_of_coaching() {
    for (name, m) in both() {
        for (k, kind, better) in [
            ("screening-rates", MeasureKind::Process, Better::Higher),
            ("depressive-symptoms", MeasureKind::Clinical, Better::Lower),
            (
                "systolic-blood-pressure",
                MeasureKind::Clinical,
                Better::Lower,
            ),
            ("hba1c", MeasureKind::Clinical, Better::Lower),
            ("bmi", MeasureKind::Clinical, Better::Lower),
            (
                "patient-satisfaction",
                MeasureKind::Experience,
                Better::Higher,
            ),
            ("costs", MeasureKind::Cost, Better::Lower),
            ("integration", MeasureKind::Integration, Better::Higher),
        ] {
            let x = m.measures.iter().find(|x| x.key.as_str() == k).unwrap();
            assert_eq!(x.scope, MeasureScope::Initiative, "{name}: {k}");
            assert_eq!((x.kind, x.better), (kind, better), "{name}: {k}");
            assert!(
                cites(&x.citations, Evidence::Cited, "gilmer", "Introduction"),
                "{name}: {k}"
            );
        }
        let dose: Vec<_> = m
            .measures
            .iter()
            .filter(|x| x.kind == MeasureKind::Dose)
            .collect();
        assert!(!dose.is_empty());
        for x in dose {
            assert_eq!(x.scope, MeasureScope::Coaching, "{name}: {}", x.key);
        }
        let hours = m
            .measures
            .iter()
            .find(|x| x.key.as_str() == "in-person-facilitator-hours")
            .unwrap();
        assert!(cites(&hours.citations, Evidence::Cited, "evidencenow", ""));
    }
}

#[test]
fn published_figures_are_derived_or_cited() {
    for (name, m) in both() {
        let fig = |k: &str| m.figures.iter().find(|f| f.key.as_str() == k).unwrap();
        let range = |k: &str| {
            let f = fig(k);
            (
                f.value.get(),
                f.low.map(Quantity::get),
                f.high.map(Quantity::get),
                f.unit.as_str(),
            )
        };
        assert_eq!(
            range("facilitation-months"),
            (12, Some(2), Some(26), "months"),
            "{name}"
        );
        assert_eq!(
            range("practices-per-facilitator"),
            (11, Some(3), Some(40), "practices")
        );
        assert_eq!(range("meeting-hours"), (1, None, None, "hours"));
        assert_eq!(range("contact-hours"), (15, None, None, "hours"));
        for k in [
            "facilitation-months",
            "practices-per-facilitator",
            "meeting-hours",
            "contact-hours",
        ] {
            let c = &fig(k).citations;
            assert!(
                cites(c, Evidence::Derived, "baskerville-2012", ""),
                "{name}: {k}"
            );
            assert!(
                c[0].rationale
                    .as_deref()
                    .unwrap()
                    .contains("computed from the study table")
            );
        }
        let disruption = fig("practices-with-disruption");
        assert_eq!(disruption.value.get(), 50);
        assert!(cites(
            &disruption.citations,
            Evidence::Cited,
            "evidencenow",
            ""
        ));
        assert!(
            disruption.citations[0]
                .rationale
                .as_deref()
                .unwrap()
                .contains("not associated with participation")
        );
        for f in &m.figures {
            assert!(
                f.citations
                    .iter()
                    .all(|c| matches!(c.evidence, Evidence::Derived | Evidence::Cited)),
                "{name}: {}",
                f.key
            );
        }
    }
}

// ---- the two versions differ only where BHICCI changed --------------------------------------

#[test]
fn versions_differ_only_in_pairing_meetings_and_joint_visits() {
    let mut launch = bhicci_launch().clone();
    let late = bhicci_late();
    launch.title.clone_from(&late.title);
    launch.version = late.version.clone();
    launch.description.clone_from(&late.description);
    launch.pairing = late.pairing.clone();
    launch.logistics = late.logistics.clone();
    launch.intensity_levels = late.intensity_levels.clone();
    assert_eq!(&launch, late);
}
