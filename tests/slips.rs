//! An author's slips, planted one at a time in copies of the embedded manuals: each is reported
//! at the value that went wrong, and nothing is reported on the manuals as published.

use practice_coaching::manual::{
    Anchor, Channel, Citation, Described, Figure, FigureGroup, Milestone, Per, Quartiles, Spread,
};
use practice_coaching::{Decimal, Key, Length, Manual, Report, reference};

/// The codes of the checks that catch slips.
const SLIP_RULES: [&str; 7] = [
    "figure-far-from-manual",
    "phase-never-left",
    "phase-out-of-order",
    "activity-channel-unprescribed",
    "milestone-after-relationship",
    "figure-sd-without-value",
    "figure-tolerance-below-one",
];

fn key(text: &str) -> Key {
    text.parse().expect("a key")
}

fn decimal(value: f64) -> Decimal {
    Decimal::from_f64(value).expect("a decimal")
}

fn months(n: u16) -> Length {
    Length::Months(n.try_into().expect("months"))
}

fn weeks(n: u16) -> Length {
    Length::Weeks(n.try_into().expect("weeks"))
}

/// A single published value describing `describes`, cited as a design choice of the test.
fn figure(name: &str, value: f64, unit: &str, describes: Described) -> Figure {
    Figure {
        key: key(name),
        name: name.to_owned(),
        value: Some(decimal(value)),
        low: None,
        high: None,
        spread: None,
        groups: Vec::new(),
        tolerance: None,
        unit: unit.to_owned(),
        describes: Some(describes),
        citations: vec![Citation::design("A figure of the test.")],
    }
}

/// Where `key` sits among the manual's figures.
fn figure_at(manual: &Manual, key: &str) -> String {
    let i = manual
        .figures
        .iter()
        .position(|f| f.key.as_str() == key)
        .expect("the figure");
    format!("/figures/{i}/describes")
}

fn listing(report: &Report) -> String {
    report
        .diagnostics()
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

fn assert_reported(report: &Report, code: &str, path: &str) {
    assert!(
        report.contains(code, path),
        "expected {code} at {path}, got:\n{}",
        listing(report)
    );
}

fn assert_silent(report: &Report, code: &str) {
    assert!(
        report.diagnostics().iter().all(|d| d.rule.code() != code),
        "expected no {code}, got:\n{}",
        listing(report)
    );
}

#[test]
fn the_checks_for_slips_are_silent_on_every_embedded_manual_and_sample_program() {
    for (name, manual) in reference::manuals() {
        let report = manual.validate();
        for code in SLIP_RULES {
            assert_silent(&report, code);
        }
        assert!(report.is_empty(), "{name}:\n{}", listing(&report));
    }
    for (name, program, manual) in reference::sample_programs() {
        let report = program.validate(manual);
        for code in SLIP_RULES {
            assert_silent(&report, code);
        }
        assert!(report.is_empty(), "{name}:\n{}", listing(&report));
    }
}

// ---------------------------------------------------------------------------------------------
// Item 1: single values are compared, within a tolerance.

#[test]
fn visits_a_week_beside_visits_a_practice_year_are_far() {
    // EvidenceNOW links one cooperative's 13 visits of a one-year protocol to the in-person
    // visits it plans a year: 11.2 to 12.7, within a factor of 2.
    let published = reference::evidencenow();
    let at = figure_at(published, "protocol-visits");
    assert_silent(&published.validate(), "figure-far-from-manual");
    // The monthly level's one visit a month typed as one a week.
    let mut manual = published.clone();
    manual.intensity_levels[1].prescriptions[0].per = Per::Week;
    let report = manual.validate();
    assert_reported(&report, "figure-far-from-manual", &at);
    let finding = report
        .diagnostics()
        .iter()
        .find(|d| d.path == at)
        .expect("the finding");
    assert!(
        finding
            .message
            .contains("where `protocol-visits` reports 13; expected 6.5 to 26"),
        "{}",
        finding.message
    );
}

#[test]
fn a_remote_dose_of_35_a_week_beside_35_contacts_a_year_is_far() {
    let mut published = reference::evidencenow().clone();
    published.figures.push(figure(
        "remote-a-year",
        35.0,
        "remote contacts a year",
        Described::ContactsPerYear(Channel::Remote),
    ));
    // Every level plans one to four remote contacts a month: about 12 to 37 a year.
    assert_silent(&published.validate(), "figure-far-from-manual");
    let at = figure_at(&published, "remote-a-year");
    let mut manual = published.clone();
    let remote = &mut manual.intensity_levels[0].prescriptions[1];
    remote.min_contacts = 35.try_into().expect("a count");
    remote.max_contacts = 35.try_into().expect("a count");
    remote.per = Per::Week;
    assert_reported(&manual.validate(), "figure-far-from-manual", &at);
}

#[test]
fn a_caseload_of_80_beside_8_sites_per_coach_is_far() {
    let mut published = reference::evidencenow().clone();
    published.figures.push(figure(
        "eight-per-coach",
        8.0,
        "practices",
        Described::SitesPerCoach,
    ));
    published.caseload.as_mut().expect("a caseload").sites = 12.try_into().expect("sites");
    assert_silent(&published.validate(), "figure-far-from-manual");
    let at = figure_at(&published, "eight-per-coach");
    let mut manual = published.clone();
    manual.caseload.as_mut().expect("a caseload").sites = 80.try_into().expect("sites");
    assert_reported(&manual.validate(), "figure-far-from-manual", &at);
}

/// AHRQ 2009 as one twelve-month phase of 48 calls, beside 48 calls a practice-year.
fn calls_over_a_year() -> Manual {
    let mut manual = reference::ahrq_2009().clone();
    manual.phases.truncate(1);
    manual.phases[0].length.min = months(12);
    manual.phases[0].length.max = Some(months(12));
    let calls = &mut manual.intensity_levels[0].prescriptions[1];
    calls.min_contacts = 48.try_into().expect("a count");
    calls.max_contacts = 48.try_into().expect("a count");
    calls.per = Per::Phase;
    manual.figures.push(figure(
        "calls-a-year",
        48.0,
        "calls a practice-year",
        Described::ContactsPerYear(Channel::Remote),
    ));
    manual
}

#[test]
fn a_twelve_month_phase_typed_as_twelve_weeks_is_far_from_contacts_a_year() {
    let published = calls_over_a_year();
    assert_silent(&published.validate(), "figure-far-from-manual");
    let at = figure_at(&published, "calls-a-year");
    let mut manual = published.clone();
    manual.phases[0].length.min = weeks(12);
    manual.phases[0].length.max = Some(weeks(12));
    // 48 calls in twelve weeks: 208 a year.
    assert_reported(&manual.validate(), "figure-far-from-manual", &at);
}

#[test]
fn a_figure_may_set_its_own_tolerance() {
    let mut manual = reference::evidencenow().clone();
    let at = figure_at(&manual, "protocol-visits");
    let i = manual
        .figures
        .iter()
        .position(|f| f.key.as_str() == "protocol-visits")
        .expect("the figure");
    // 11.2 to 12.7 visits a year beside 13: within a factor of 1.05, not of 1.01.
    manual.figures[i].tolerance = Some(decimal(1.05));
    assert_silent(&manual.validate(), "figure-far-from-manual");
    manual.figures[i].tolerance = Some(decimal(1.01));
    assert_reported(&manual.validate(), "figure-far-from-manual", &at);
    manual.figures[i].tolerance = Some(decimal(0.9));
    let report = manual.validate();
    assert_reported(
        &report,
        "figure-tolerance-below-one",
        &format!("/figures/{i}/tolerance"),
    );
    // A tolerance that cannot be read compares nothing.
    assert_silent(&report, "figure-far-from-manual");
}

#[test]
fn a_published_spread_or_a_group_widens_what_is_close() {
    let mut manual = reference::evidencenow().clone();
    manual.figures.push(figure(
        "eight-per-coach",
        8.0,
        "practices",
        Described::SitesPerCoach,
    ));
    let i = manual.figures.len() - 1;
    let at = format!("/figures/{i}/describes");
    // A caseload of 20 beside 8: more than twice as many.
    assert_reported(&manual.validate(), "figure-far-from-manual", &at);
    // Within a factor of 2 of one standard deviation above the mean.
    manual.figures[i].spread = Some(Spread::Sd(decimal(3.0)));
    assert_silent(&manual.validate(), "figure-far-from-manual");
    // Or of the third quartile.
    manual.figures[i].spread = Some(Spread::Iqr(Quartiles {
        q1: decimal(6.0),
        q3: decimal(10.5),
    }));
    assert_silent(&manual.validate(), "figure-far-from-manual");
    // Or within the min-max, which is not stretched.
    manual.figures[i].spread = None;
    manual.figures[i].high = Some(decimal(20.0));
    assert_silent(&manual.validate(), "figure-far-from-manual");
    manual.figures[i].high = Some(decimal(19.0));
    assert_reported(&manual.validate(), "figure-far-from-manual", &at);
    // A group whose value is close enough: the manual may follow that network.
    manual.figures[i].high = None;
    manual.figures[i].groups = vec![
        FigureGroup {
            name: "Urban network".to_owned(),
            value: Some(decimal(6.0)),
            low: None,
            high: None,
            spread: None,
            citations: vec![Citation::design("A group of the test.")],
        },
        FigureGroup {
            name: "Rural network".to_owned(),
            value: Some(decimal(12.0)),
            low: None,
            high: None,
            spread: None,
            citations: vec![Citation::design("A group of the test.")],
        },
    ];
    assert_silent(&manual.validate(), "figure-far-from-manual");
    manual.figures[i].groups.pop();
    let report = manual.validate();
    assert_reported(&report, "figure-far-from-manual", &at);
    let message = &report
        .diagnostics()
        .iter()
        .find(|d| d.path == at)
        .expect("the finding")
        .message;
    assert!(
        message.contains(
            "the manual plans 20.0 practices where `eight-per-coach` reports 8; Urban network: 6; expected 4 to 16 or 3 to 12 (within a factor of 2"
        ),
        "{message}"
    );
}

#[test]
fn the_default_tolerance_is_documented_as_two() {
    assert!((Figure::DEFAULT_TOLERANCE - 2.0).abs() < f64::EPSILON);
    let f = figure("f", 1.0, "x", Described::SitesPerCoach);
    assert!((f.tolerance() - 2.0).abs() < f64::EPSILON);
}

// ---------------------------------------------------------------------------------------------
// Items 3 to 6: phases never left, activities never held, milestones never reached, phases
// out of order.

#[test]
fn a_phase_that_can_never_be_left_blocks_the_next() {
    let published = reference::bhicci_late();
    // Sustainment is open-ended but last, and has exit criteria.
    assert_silent(&published.validate(), "phase-never-left");
    let mut manual = published.clone();
    manual.phases[2].length.max = None;
    manual.phases[2].exit_criteria.clear();
    let report = manual.validate();
    assert_reported(&report, "phase-never-left", "/phases/3");
    assert_reported(&report, "phase-exit-criteria-missing", "/phases/2");
    // A maximum, or an exit criterion, lets the phase end.
    let mut bounded = manual.clone();
    bounded.phases[2].length.max = Some(months(18));
    assert_silent(&bounded.validate(), "phase-never-left");
    let mut exits = manual;
    exits.phases[2].exit_criteria = published.phases[2].exit_criteria.clone();
    assert_silent(&exits.validate(), "phase-never-left");
}

#[test]
fn a_debrief_after_visits_in_a_manual_of_calls_only_is_never_held() {
    let published = reference::bhicci_late();
    assert_silent(&published.validate(), "activity-channel-unprescribed");
    let mut manual = published.clone();
    for level in &mut manual.intensity_levels {
        level
            .prescriptions
            .retain(|p| p.channel != Channel::InPerson);
    }
    let report = manual.validate();
    let debrief = manual
        .activities
        .iter()
        .position(|a| a.key.as_str() == "post-visit-debrief")
        .expect("the debrief");
    assert_reported(
        &report,
        "activity-channel-unprescribed",
        &format!("/activities/{debrief}/cadence/around_contact/channel"),
    );
}

/// A milestone `offset` after the relationship's start.
fn milestone(name: &str, offset: Length) -> Milestone {
    Milestone {
        key: key(name),
        name: name.to_owned(),
        description: None,
        anchor: Anchor::RelationshipStart,
        offset,
        every: None,
        times: None,
        citations: vec![Citation::design("A milestone of the test.")],
    }
}

#[test]
fn a_milestone_after_the_longest_relationship_is_never_reached() {
    // AHRQ 2009's phases add up to at most 11 months.
    let mut manual = reference::ahrq_2009().clone();
    manual
        .milestones
        .push(milestone("eighteen-months", months(18)));
    let at = format!("/milestones/{}/offset", manual.milestones.len() - 1);
    assert_reported(&manual.validate(), "milestone-after-relationship", &at);
    manual.milestones.last_mut().expect("one").offset = months(11);
    assert_silent(&manual.validate(), "milestone-after-relationship");
    // Silent where a phase is open-ended: BHICCI's sustainment.
    let mut open = reference::bhicci_late().clone();
    open.milestones
        .push(milestone("eighteen-months", months(18)));
    assert_silent(&open.validate(), "milestone-after-relationship");
    // EvidenceNOW's follow-up one month into sustainment, typed as twelve.
    let mut manual = reference::evidencenow().clone();
    assert_silent(&manual.validate(), "milestone-after-relationship");
    manual.milestones[1].offset = months(12);
    assert_reported(
        &manual.validate(),
        "milestone-after-relationship",
        "/milestones/1/offset",
    );
}

#[test]
fn a_repeat_that_runs_past_the_longest_relationship_is_reported_at_its_count() {
    let mut manual = reference::ahrq_2009().clone();
    let mut review = milestone("review", months(2));
    review.every = Some(months(3));
    review.times = Some(3.try_into().expect("a count"));
    manual.milestones.push(review);
    // Months 2, 5 and 8: within 11 months.
    assert_silent(&manual.validate(), "milestone-after-relationship");
    manual.milestones[0].times = Some(4.try_into().expect("a count"));
    // Month 11 could be longer than 11 months of phases only if months were longer: silent.
    assert_silent(&manual.validate(), "milestone-after-relationship");
    manual.milestones[0].times = Some(5.try_into().expect("a count"));
    assert_reported(
        &manual.validate(),
        "milestone-after-relationship",
        "/milestones/0/times",
    );
}

#[test]
fn phases_out_of_order_are_found_by_measure_keys_only() {
    // BHICCI's entry criteria name no measure: swapping two phases says nothing.
    let mut manual = reference::bhicci_late().clone();
    manual.phases.swap(1, 2);
    assert_silent(&manual.validate(), "phase-out-of-order");
    // Implementation enters on the integration that assessment's exit criterion measures.
    let mut manual = reference::bhicci_late().clone();
    manual.phases[2].entry_criteria[0].measure = Some(key("integration"));
    assert_silent(&manual.validate(), "phase-out-of-order");
    manual.phases.swap(1, 2);
    assert_reported(
        &manual.validate(),
        "phase-out-of-order",
        "/phases/1/entry_criteria/0/measure",
    );
}

#[test]
fn a_group_is_checked_as_a_figure_is_and_cited_on_its_own() {
    let mut manual = reference::evidencenow().clone();
    let i = manual.figures.len();
    let mut f = figure("by-network", 10.0, "practices", Described::SitesPerCoach);
    f.value = None;
    let group = |name: &str| FigureGroup {
        name: name.to_owned(),
        value: Some(decimal(10.0)),
        low: None,
        high: None,
        spread: None,
        citations: vec![Citation::design("A group of the test.")],
    };
    f.groups = vec![group("North"), group("South"), group("East"), group("West")];
    manual.figures.push(f);
    // A figure of groups only is whole.
    assert!(
        manual.validate().is_empty(),
        "{}",
        listing(&manual.validate())
    );
    let groups = &mut manual.figures[i].groups;
    groups[0].low = Some(decimal(12.0));
    groups[1].value = None;
    groups[1].spread = Some(Spread::Sd(decimal(2.0)));
    groups[2].value = None;
    groups[3].citations.clear();
    let report = manual.validate();
    let at = format!("/figures/{i}/groups");
    assert_reported(&report, "figure-range-inverted", &format!("{at}/0/value"));
    assert_reported(
        &report,
        "figure-sd-without-value",
        &format!("{at}/1/spread/sd"),
    );
    assert_reported(&report, "figure-empty", &format!("{at}/2"));
    assert_reported(&report, "citations-missing", &format!("{at}/3/citations"));
    // Groups that cannot be read compare nothing.
    assert_silent(&report, "figure-far-from-manual");
}
