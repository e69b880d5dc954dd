//! Rules that depend on the day: validation as of a day (what is current), a program that
//! followed one version of its manual and then another, titration decisions against their
//! rules and the minimum interval, and what the manual's rules call for on a day, read from
//! the record.

use std::collections::BTreeSet;

use practice_coaching::manual::{Adjustment, TitrationRule, Trigger};
use practice_coaching::program::{
    Achieved, Achievement, Assignee, Assignment, EarlierVersion, TitrationDecision,
};
use practice_coaching::{Date, Key, Manual, Program, Weeks, reference};

mod common;
use common::findings::findings;

fn date(text: &str) -> Date {
    text.parse().expect("a date")
}

fn key(text: &str) -> Key {
    Key::new(text).expect("a key")
}

fn read<T>(path: &str, parse: fn(&[u8]) -> Result<T, practice_coaching::ParseError>) -> T {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn base_manual() -> Manual {
    read("tests/broken/manual-base.json", Manual::from_json)
}

fn broken_program(code: &str) -> Program {
    read(
        &format!("tests/broken/program/{code}.json"),
        Program::from_json,
    )
}

fn base_program() -> Program {
    read("tests/broken/program-base.json", Program::from_json)
}

fn timeline_manual() -> Manual {
    read("tests/data/timeline-manual.json", Manual::from_json)
}

fn timeline_program() -> Program {
    read("tests/data/timeline-program.json", Program::from_json)
}

/// The program with its contact logs kept elsewhere: delivery unknown, so no shortfall rule
/// fires and the weeks rules can be read alone.
fn without_contacts(mut program: Program) -> Program {
    for relationship in &mut program.relationships {
        relationship.contacts.clear();
    }
    program
}

fn only(code: &str, path: &str) -> BTreeSet<(String, String)> {
    BTreeSet::from([(code.to_owned(), path.to_owned())])
}

// ---------------------------------------------------------------------------------------------
// As of a day.

#[test]
fn an_assignment_dated_2099_does_not_make_a_site_current_today() {
    // Priya, without primary-care experience, coaches Lakeview alone: the broken program of
    // `coach-solo-without-experience`. Make Lakeview's coaching a team's until 2098, and her
    // coaching alone an assignment planned for 2099.
    let manual = base_manual();
    let mut program = broken_program("coach-solo-without-experience");
    let lakeview = program
        .assignments
        .iter()
        .position(|a| a.site == program.relationships[2].site)
        .expect("Lakeview's assignment");
    let westside_team = program.teams[1].id;
    let alone = program.assignments[lakeview].clone();
    program.assignments[lakeview] = Assignment {
        assignee: Assignee::Team(westside_team),
        until: Some(date("2098-12-31")),
        ..alone.clone()
    };
    program.assignments.push(Assignment {
        from: date("2099-01-01"),
        ..alone
    });
    let today = date("2025-06-02");
    let report = program.validate_as_of(&manual, today);
    assert!(report.is_empty(), "{report:#?}");
    // In 2099 the planned assignment is current.
    let report = program.validate_as_of(&manual, date("2099-06-01"));
    assert_eq!(
        findings(&report),
        only("coach-solo-without-experience", "/coaches/2")
    );
    assert!(
        report.diagnostics()[0].message.contains("on 2099-06-01"),
        "{report:#?}"
    );
    // Without a day, the record's open assignment is read.
    assert_eq!(
        findings(&program.validate(&manual)),
        only("coach-solo-without-experience", "/coaches/2")
    );
}

#[test]
fn caseload_ignores_ended_relationships_and_future_assignments() {
    // Priya coaches Main Street and Westside with her team, Lakeview alone from 2021-09-06 and
    // Hillcrest alone from 2021-10-04: four sites, one over the base manual's threshold.
    let manual = base_manual();
    let program = broken_program("caseload-over-threshold");
    let over = only("caseload-over-threshold", "/coaches/2");
    assert_eq!(findings(&program.validate(&manual)), over);
    assert_eq!(
        findings(&program.validate_as_of(&manual, date("2022-01-03"))),
        over
    );
    // Before Lakeview and Hillcrest are assigned, two sites.
    assert!(
        program
            .validate_as_of(&manual, date("2021-09-01"))
            .is_empty()
    );

    // Lakeview's relationship ends on 2022-06-30: a day later it no longer counts.
    let mut ended = program.clone();
    ended.relationships[2].end = Some(practice_coaching::program::RelationshipEnd {
        date: date("2022-06-30"),
        hand_off: "The Lakeview team carries on with its registry review.".to_owned(),
    });
    assert_eq!(
        findings(&ended.validate_as_of(&manual, date("2022-06-30"))),
        over
    );
    assert!(ended.validate_as_of(&manual, date("2022-07-01")).is_empty());

    // Hillcrest assigned from 2099: planned, not current.
    let mut planned = program.clone();
    let hillcrest = planned
        .assignments
        .iter_mut()
        .find(|a| a.from == date("2021-10-04"))
        .expect("Hillcrest's assignment");
    hillcrest.from = date("2099-01-01");
    assert!(
        planned
            .validate_as_of(&manual, date("2025-06-02"))
            .is_empty()
    );
    let report = planned.validate_as_of(&manual, date("2099-01-01"));
    assert_eq!(findings(&report), over);
    assert!(
        report.diagnostics()[0]
            .message
            .contains("coaches 4 sites on 2099-01-01"),
        "{report:#?}"
    );
}

#[test]
fn validate_reads_the_record_as_it_leaves_things() {
    // Every sample program, and the base program, give the same report without a day as on the
    // last day a date can name, when every open assignment and relationship is still running.
    let last = date("9999-12-31");
    for (name, program, manual) in reference::sample_programs() {
        assert_eq!(
            program.validate(manual),
            program.validate_as_of(manual, last),
            "{name}"
        );
    }
    let manual = base_manual();
    for code in ["caseload-over-threshold", "coach-solo-without-experience"] {
        let program = broken_program(code);
        assert_eq!(
            findings(&program.validate(&manual)),
            findings(&program.validate_as_of(&manual, last)),
            "{code}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// A program that followed one version of its manual, then another.

/// The BHICCI sample program, with Valley Behavioral Health Clinic coached by Coach D alone
/// until June 2016 and by the Valley team from July. Valley Community Clinics is not one of the
/// organizations selected for teams at launch.
fn bhicci_with_a_single_coach_until_july_2016() -> (Program, usize) {
    let mut program = reference::bhicci_sample_program().clone();
    let valley_behavioral = program
        .sites
        .iter()
        .find(|s| s.name.starts_with("Valley Behavioral"))
        .expect("the site")
        .id;
    let organization = program
        .sites
        .iter()
        .find(|s| s.id == valley_behavioral)
        .map(|s| s.organization)
        .expect("the site");
    assert!(
        program
            .organizations
            .iter()
            .any(|o| o.id == organization && !o.requires_team)
    );
    let k = program
        .assignments
        .iter()
        .position(|a| a.site == valley_behavioral)
        .expect("its assignment");
    let coach_d = program
        .coaches
        .iter()
        .find(|c| c.name.starts_with("Coach D"))
        .expect("Coach D")
        .id;
    let team = program.assignments[k].clone();
    program.assignments[k] = Assignment {
        assignee: Assignee::Coach(coach_d),
        until: Some(date("2016-06-30")),
        ..team.clone()
    };
    program.assignments.push(Assignment {
        from: date("2016-07-01"),
        ..team
    });
    (program, k)
}

fn launch_until(program: &mut Program, until: &str) {
    program.manual.earlier = vec![EarlierVersion {
        version: "^1.0".parse().expect("a requirement"),
        until: date(until),
    }];
}

#[test]
fn a_launch_stretch_allows_single_coaches_at_organizations_not_selected() {
    let (mut program, _) = bhicci_with_a_single_coach_until_july_2016();
    launch_until(&mut program, "2016-06-30");
    let both = [reference::bhicci_launch(), reference::bhicci_late()];
    let report = program.validate_versions(&both, None);
    assert!(report.is_empty(), "{report:#?}");
    let report = program.validate_versions(&both, Some(date("2016-03-01")));
    assert!(report.is_empty(), "{report:#?}");
    // The program round-trips with its earlier version.
    let json = program.to_json();
    assert!(json.contains("\"earlier\""), "{json}");
    assert_eq!(
        Program::from_json(json.as_bytes()).expect("parses"),
        program
    );
}

#[test]
fn the_same_single_coach_under_the_late_manual_is_an_error() {
    let (mut program, k) = bhicci_with_a_single_coach_until_july_2016();
    let both = [reference::bhicci_launch(), reference::bhicci_late()];
    let at = format!("/assignments/{k}/assignee");
    // The launch manual ended before the assignment began.
    launch_until(&mut program, "2015-12-31");
    let report = program.validate_versions(&both, None);
    assert_eq!(findings(&report), only("site-team-required", &at));
    let message = &report.diagnostics()[0].message;
    assert!(
        message.contains("from 2016-01-04") && message.contains("manual `bhicci` 2.0.0"),
        "{message}"
    );
    // The launch manual ended while it ran: the days under the late manual break its rule.
    launch_until(&mut program, "2016-03-31");
    let report = program.validate_versions(&both, None);
    assert_eq!(findings(&report), only("site-team-required", &at));
    assert!(
        report.diagnostics()[0].message.contains("from 2016-04-01"),
        "{report:#?}"
    );
    // Without an earlier version, the program follows the late manual throughout.
    program.manual.earlier.clear();
    assert_eq!(
        findings(&program.validate_versions(&both, None)),
        only("site-team-required", &at)
    );
    assert_eq!(
        findings(&program.validate(reference::bhicci_late())),
        only("site-team-required", &at)
    );
}

#[test]
fn earlier_versions_divide_the_program_s_time_into_stretches() {
    let mut reference = practice_coaching::program::ManualReference::new(
        key("bhicci"),
        "^2.0".parse().expect("a requirement"),
    );
    let whole: Vec<_> = reference.stretches().collect();
    assert_eq!(whole.len(), 1);
    assert_eq!(
        (whole[0].from, whole[0].until, whole[0].earlier),
        (None, None, None)
    );
    reference.earlier = vec![
        EarlierVersion {
            version: "=1.0.0".parse().expect("a requirement"),
            until: date("2016-01-31"),
        },
        EarlierVersion {
            version: "^1.0".parse().expect("a requirement"),
            until: date("2016-06-30"),
        },
    ];
    let spans: Vec<_> = reference
        .stretches()
        .map(|s| (s.from, s.until, s.version.to_string(), s.earlier))
        .collect();
    assert_eq!(
        spans,
        [
            (None, Some(date("2016-01-31")), "=1.0.0".to_owned(), Some(0)),
            (
                Some(date("2016-02-01")),
                Some(date("2016-06-30")),
                "^1.0".to_owned(),
                Some(1)
            ),
            (Some(date("2016-07-01")), None, "^2.0".to_owned(), None),
        ]
    );
    for (day, version) in [
        ("2015-01-01", "=1.0.0"),
        ("2016-01-31", "=1.0.0"),
        ("2016-02-01", "^1.0"),
        ("2016-06-30", "^1.0"),
        ("2016-07-01", "^2.0"),
    ] {
        assert_eq!(
            reference.version_on(date(day)).to_string(),
            version,
            "{day}"
        );
    }
    // Each stretch is checked against the newest manual its requirement accepts.
    let picked: Vec<(String, bool)> = reference
        .in_force(&[reference::bhicci_late(), reference::bhicci_launch()])
        .iter()
        .map(|p| (p.manual.version.to_string(), p.accepted))
        .collect();
    let pair = |v: &str, accepted| (v.to_owned(), accepted);
    assert_eq!(
        picked,
        [
            pair("1.0.0", true),
            pair("1.0.0", true),
            pair("2.0.0", true)
        ]
    );
    assert!(reference.in_force(&[]).is_empty());
    let program = reference::bhicci_sample_program();
    assert_eq!(
        findings(&program.validate_versions(&[], None)),
        only("program-manual-mismatch", "/manual/id")
    );
}

#[test]
fn an_earlier_version_no_manual_given_matches_is_a_mismatch() {
    let (mut program, _) = bhicci_with_a_single_coach_until_july_2016();
    launch_until(&mut program, "2016-06-30");
    // Only the late manual: the launch stretch cannot be checked against its own manual, and
    // is checked against the late one, whose team rule the single coach breaks.
    let report = program.validate(reference::bhicci_late());
    let want: BTreeSet<(String, String)> = [
        ("program-manual-mismatch", "/manual/earlier/0/version"),
        ("site-team-required", "/assignments/5/assignee"),
    ]
    .into_iter()
    .map(|(c, p)| (c.to_owned(), p.to_owned()))
    .collect();
    assert_eq!(findings(&report), want, "{report:#?}");
}

#[test]
fn each_dated_entry_is_checked_against_the_manual_in_force_on_its_date() {
    // A program of the base manual that followed an older version until mid-2021; the older
    // version has no `disruption-support` rule, under which Main Street's August decision was
    // made, so that decision is checked against the current version and passes; moved into
    // the older version's stretch, it names a rule that version does not have.
    let current = base_manual();
    let mut older = current.clone();
    older.version = semver::Version::new(1, 1, 0);
    older
        .titration
        .as_mut()
        .expect("titration")
        .rules
        .retain(|r| r.key.as_str() != "disruption-support");
    let mut program = base_program();
    program.manual.earlier = vec![EarlierVersion {
        version: "~1.1".parse().expect("a requirement"),
        until: date("2021-07-31"),
    }];
    let both = [&older, &current];
    assert!(program.validate_versions(&both, None).is_empty());
    program.manual.earlier[0].until = date("2021-08-02");
    assert_eq!(
        findings(&program.validate_versions(&both, None)),
        only("decision-rule-unknown", "/relationships/0/titration/1/rule")
    );
}

// ---------------------------------------------------------------------------------------------
// Titration decisions: a named rule's adjustment from the level in force, and the minimum
// interval between dose changes (tests/data/timeline-*.json: implementation from 2016-04-01
// at `standard`, stepped down to `light` under `less-when-ready` on 2016-05-16; at least four
// weeks between changes).

fn decision(on: &str, level: &str, rule: &str) -> TitrationDecision {
    TitrationDecision {
        date: date(on),
        level: key(level),
        rule: Some(key(rule)),
        reason: Some("Agreed with the site's team.".to_owned()),
        decided_by: practice_coaching::program::DecisionMaker::Coach,
    }
}

/// The findings of the timeline program with its relationship changed by `change`.
fn timeline_findings(
    change: impl FnOnce(&mut practice_coaching::program::Relationship),
) -> BTreeSet<(String, String)> {
    let mut program = timeline_program();
    change(&mut program.relationships[0]);
    findings(&program.validate(&timeline_manual()))
}

#[test]
fn a_step_down_rule_that_steps_up_is_an_error() {
    let found = timeline_findings(|r| r.titration[0].level = key("intensive"));
    let mismatch = (
        "decision-rule-mismatch",
        "/relationships/0/titration/0/level",
    );
    assert_eq!(found, only(mismatch.0, mismatch.1));
}

#[test]
fn a_review_that_changes_the_dose_is_an_error() {
    let found = timeline_findings(|r| {
        r.titration[0] = decision("2016-05-16", "light", "review-on-disruption");
    });
    let mismatch = (
        "decision-rule-mismatch",
        "/relationships/0/titration/0/level",
    );
    assert_eq!(found, only(mismatch.0, mismatch.1));
}

#[test]
fn a_review_two_weeks_before_a_step_down_changes_no_dose() {
    // Kept at `standard`: no dose change, so the step down two weeks later is measured from
    // the implementation entry six weeks before it.
    let found = timeline_findings(|r| {
        let review = decision("2016-05-02", "standard", "review-on-disruption");
        r.titration.insert(0, review);
    });
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn a_step_down_a_week_after_a_phase_entry_that_moved_the_level_is_too_soon() {
    // Implementation on 2016-04-01 moved the level from `intensive` to `standard`.
    let found = timeline_findings(|r| r.titration[0].date = date("2016-04-08"));
    let interval = ("decision-interval", "/relationships/0/titration/0/date");
    assert_eq!(found, only(interval.0, interval.1));
}

// ---------------------------------------------------------------------------------------------
// What the rules call for on a day.

fn weeks_rule(key_text: &str, phase: &str, weeks: u16, adjustment: Adjustment) -> TitrationRule {
    TitrationRule {
        key: key(key_text),
        trigger: Trigger::WeeksInPhase {
            phase: key(phase),
            weeks: Weeks::new(weeks).expect("bounded"),
        },
        adjustment,
        reason_required: false,
        overrides_interval: false,
        citations: vec![practice_coaching::manual::Citation::design("A test rule.")],
    }
}

#[test]
fn weeks_in_the_phase_are_counted_from_its_entry() {
    // Lakeview entered redesign on 2021-11-01 at `intensive`; the base manual reviews a site
    // 40 weeks into redesign.
    let manual = base_manual();
    let program = without_contacts(base_program());
    let lakeview = &program.relationships[2];
    assert_eq!(lakeview.recommend(&manual, date("2022-07-31")), None);
    let due = lakeview
        .recommend(&manual, date("2022-08-08"))
        .expect("40 weeks in");
    assert_eq!(
        due.rule.map(|r| r.key.as_str()),
        Some("long-redesign-review")
    );
    assert_eq!(
        (due.from.as_str(), due.to.as_str()),
        ("intensive", "intensive")
    );
    assert!(!due.deferred);
    assert!(
        due.explanation
            .starts_with("on 2022-08-08, 40 weeks into `redesign` (entered 2021-11-01)"),
        "{}",
        due.explanation
    );
    assert!(due.explanation.contains("rule `long-redesign-review`"));
    // Outside the relationship, nothing.
    assert_eq!(lakeview.recommend(&manual, date("2021-09-05")), None);
}

#[test]
fn a_weeks_rule_fires_once_per_phase_entry_or_dose_change() {
    let manual = base_manual();
    let mut program = without_contacts(base_program());
    // The review is held: a decision under the rule, keeping the level.
    program.relationships[2].titration.push(decision(
        "2022-08-15",
        "intensive",
        "long-redesign-review",
    ));
    assert!(program.validate(&manual).is_empty());
    let lakeview = &program.relationships[2];
    assert!(lakeview.recommend(&manual, date("2022-08-10")).is_some());
    assert_eq!(lakeview.recommend(&manual, date("2022-08-15")), None);
    assert_eq!(lakeview.recommend(&manual, date("2023-03-01")), None);

    // A dose change after it arms the rule again.
    program.relationships[2]
        .titration
        .push(decision("2022-10-03", "standard", "less-on-request"));
    assert!(program.validate(&manual).is_empty());
    let lakeview = &program.relationships[2];
    let again = lakeview
        .recommend(&manual, date("2022-10-10"))
        .expect("armed by the change");
    assert_eq!(
        again.rule.map(|r| r.key.as_str()),
        Some("long-redesign-review")
    );
    assert_eq!(again.from.as_str(), "standard");
}

#[test]
fn a_change_sooner_than_the_interval_is_deferred() {
    let mut manual = timeline_manual();
    manual
        .titration
        .as_mut()
        .expect("titration")
        .rules
        .push(weeks_rule(
            "more-after-eight-weeks",
            "implementation",
            8,
            Adjustment::StepUp,
        ));
    assert!(manual.validate().is_empty(), "{:#?}", manual.validate());
    let relationship = &without_contacts(timeline_program()).relationships[0];
    assert_eq!(relationship.recommend(&manual, date("2016-05-26")), None);
    // Eight weeks into implementation, eleven days after the step down to `light`.
    let due = relationship
        .recommend(&manual, date("2016-05-27"))
        .expect("eight weeks in");
    assert!(due.deferred);
    assert_eq!((due.from.as_str(), due.to.as_str()), ("light", "light"));
    assert!(
        due.explanation
            .contains("1 week since the dose last changed on 2016-05-16"),
        "{}",
        due.explanation
    );
    // Four weeks after the step down, it is due.
    let due = relationship
        .recommend(&manual, date("2016-06-13"))
        .expect("still due");
    assert!(!due.deferred);
    assert_eq!((due.from.as_str(), due.to.as_str()), ("light", "standard"));
}

#[test]
fn an_exit_criterion_met_before_the_phase_minimum_fires_its_rule() {
    // The base manual advances a site whose team is named before onboarding's four weeks.
    let manual = base_manual();
    let mut program = base_program();
    let lakeview = &mut program.relationships[2];
    lakeview.met.push(Achievement {
        date: date("2021-09-20"),
        what: Achieved::Criterion {
            phase: key("onboarding"),
            criterion: key("team-named"),
        },
    });
    assert_eq!(lakeview.recommend(&manual, date("2021-09-19")), None);
    let due = lakeview
        .recommend(&manual, date("2021-09-21"))
        .expect("met early");
    assert_eq!(
        due.rule.map(|r| r.key.as_str()),
        Some("onboarding-done-early")
    );
    assert_eq!(
        due.to.as_str(),
        due.from.as_str(),
        "advancing is a transition"
    );
    // Met once the minimum has passed, it is not early.
    lakeview.met.last_mut().expect("the achievement").date = date("2021-10-04");
    assert_eq!(lakeview.recommend(&manual, date("2021-10-05")), None);
}

#[test]
fn the_sample_programs_recommend_only_what_their_rules_say() {
    // Every recommendation names a rule of the manual, and moves the level as that rule does.
    for (name, program, manual) in reference::sample_programs() {
        for relationship in &program.relationships {
            let mut day = relationship.start;
            let end = relationship
                .end
                .as_ref()
                .map_or(date("2019-01-01"), |e| e.date);
            while day <= end {
                if let Some(due) = relationship.recommend(manual, day) {
                    let rule = due.rule.expect("a rule fired");
                    let target = manual.level_after(&due.from, &rule.adjustment);
                    assert!(
                        due.to == target || (due.deferred && due.to == due.from),
                        "{name}"
                    );
                }
                day = Date::from_naive(day.as_naive() + chrono::Days::new(7)).expect("a date");
            }
        }
    }
}
