//! The manual's phrase book: numbers, periods, lengths and doses in plain words, and the
//! manual's own things (phases, levels, triggers, teams, qualification checks) named in
//! sentences. The rendered manual, the reports and the FHIR export all say things through it,
//! so one thing reads the same wherever it is shown.

use std::fmt::Write as _;

use crate::Length;
use crate::manual::{
    Adjustment, Attendee, Cadence, Channel, Citation, DegreeLevel, Described, Direction, Dose,
    Evidence, Figure, Floor, Frequency, Headcount, Milestone, Per, Period, PhaseLength,
    Prescription, QualificationCheck, Requirement, ResponseTime, TeamRequirement, TeamRule,
    Trigger, Vocabulary,
};
use crate::program::ContactMode;
use crate::{Key, Manual};

/// A small number in words (`one` to `twelve`), larger ones in digits.
pub(crate) fn number(n: u64) -> String {
    const WORDS: [&str; 13] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    usize::try_from(n)
        .ok()
        .and_then(|i| WORDS.get(i))
        .map_or_else(|| n.to_string(), |w| (*w).to_owned())
}

/// How many times: `once`, `twice`, `three times`.
pub(crate) fn times(n: u64) -> String {
    match n {
        1 => "once".to_owned(),
        2 => "twice".to_owned(),
        n => format!("{} times", number(n)),
    }
}

/// `once to three times`, written `one to three times`; `up to three times` from zero.
pub(crate) fn times_range(min: u64, max: u64) -> String {
    if min == max {
        times(min)
    } else if min == 0 {
        format!("up to {}", times(max))
    } else {
        format!("{} to {} times", number(min), number(max))
    }
}

/// What counts are per, as words after a count: `a week`, `over the phase`.
pub(crate) const fn per(per: Per) -> &'static str {
    match per {
        Per::Week => "a week",
        Per::Month => "a month",
        Per::Quarter => "a quarter",
        Per::HalfYear => "every six months",
        Per::Year => "a year",
        Per::Phase => "over the phase",
        Per::Relationship => "over the whole relationship",
    }
}

/// A calendar period as words after a count.
pub(crate) const fn period(period: Period) -> &'static str {
    match period {
        Period::Week => "a week",
        Period::Month => "a month",
        Period::Quarter => "a quarter",
        Period::HalfYear => "every six months",
        Period::Year => "a year",
    }
}

/// How often: `once a week`.
pub(crate) fn frequency(f: Frequency) -> String {
    format!("{} {}", times(u64::from(f.count.get())), period(f.per))
}

/// A length of a contact or meeting: `half a day`, `two hours`, `45 minutes`.
pub(crate) fn minutes(m: u16) -> String {
    match m {
        30 => "half an hour".to_owned(),
        60 => "an hour".to_owned(),
        90 => "an hour and a half".to_owned(),
        240 => "half a day".to_owned(),
        480 => "a full day".to_owned(),
        m if m >= 120 && m % 60 == 0 => format!("{} hours", number(u64::from(m / 60))),
        m => format!("{m} minutes"),
    }
}

/// A length of time: `six months`, `one week`.
pub(crate) fn length(l: Length) -> String {
    match l {
        Length::Weeks(w) => plural(u64::from(w.get()), "week"),
        Length::Months(m) => plural(u64::from(m.get()), "month"),
    }
}

/// A phase's planned length: `six months`, `one to two years` as `12 months to 24 months`,
/// `up to 15 months` (a minimum of zero), `at least three months` (no maximum).
pub(crate) fn phase_length(l: PhaseLength) -> String {
    match l.max {
        Some(max) if max == l.min => length(max),
        Some(max) if l.min.is_zero() => format!("up to {}", length(max)),
        Some(max) => format!("{} to {}", length(l.min), length(max)),
        None if l.min.is_zero() => "open-ended, its length not stated".to_owned(),
        None => format!("at least {}", length(l.min)),
    }
}

/// A number of people or teams: `three`, `five to eight`.
pub(crate) fn headcount(h: &Headcount) -> String {
    let (min, max) = (u64::from(h.min.get()), u64::from(h.max.get()));
    if min == max {
        number(min)
    } else {
        format!("{} to {}", number(min), number(max))
    }
}

/// A caseload threshold's sites and how they are counted: `20 active sites at once`, `21
/// sites over the whole program`.
pub(crate) fn caseload(c: &crate::manual::CaseloadThreshold) -> String {
    let n = u64::from(c.sites.get());
    match c.counted {
        crate::manual::CaseloadSpan::AtOneTime => format!("{} at once", plural(n, "active site")),
        crate::manual::CaseloadSpan::OverProgram => {
            format!("{} over the whole program", plural(n, "site"))
        }
    }
}

/// `one visit`, `two visits`.
pub(crate) fn plural(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("one {noun}")
    } else {
        format!("{} {noun}s", number(n))
    }
}

/// `1`, or `1 to 3`.
pub(crate) fn range(min: u64, max: u64) -> String {
    if min == max {
        min.to_string()
    } else {
        format!("{min} to {max}")
    }
}

/// A channel's name: `in person`, `remote`.
pub(crate) const fn channel(c: Channel) -> &'static str {
    match c {
        Channel::InPerson => "in person",
        Channel::Remote => "remote",
    }
}

/// A channel's contact, singular: `in-person visit`, `remote contact`.
pub(crate) const fn contact(c: Channel) -> &'static str {
    match c {
        Channel::InPerson => "in-person visit",
        Channel::Remote => "remote contact",
    }
}

/// The planned value a figure describes: `the planned length of a relationship`.
pub(crate) fn described(d: &Described) -> String {
    match d {
        Described::RelationshipMonths => "the planned length of a relationship".to_owned(),
        Described::RelationshipContacts => "planned contacts over a relationship".to_owned(),
        Described::RelationshipContactHours => {
            "planned contact hours over a relationship".to_owned()
        }
        Described::ContactMinutes(c) => format!("the length of one {}", contact(*c)),
        Described::SitesPerCoach => "the caseload threshold".to_owned(),
        Described::ContactsPerYear(c) => format!("planned {}s a year", contact(*c)),
        Described::ContactHoursPerYear(c) => {
            format!("planned hours of {}s a year", contact(*c))
        }
    }
}

/// What a figure is compared with, the manual's value and the tolerance: `the planned length
/// of a relationship (here 11 to 27; within a factor of 2)`; `nothing` where it describes no
/// value.
pub(crate) fn compared(manual: &Manual, figure: &Figure) -> String {
    let Some(d) = &figure.describes else {
        return "nothing".to_owned();
    };
    let here = d
        .planned(manual)
        .map_or_else(|| "not planned here".to_owned(), |p| format!("here {p}"));
    let factor = figure
        .tolerance
        .map_or_else(|| Figure::DEFAULT_TOLERANCE.to_string(), |t| t.to_string());
    format!("{} ({here}; within a factor of {factor})", described(d))
}

/// A contact mode as words after a verb: `in person`, `by video`.
pub(crate) const fn mode(m: ContactMode) -> &'static str {
    match m {
        ContactMode::InPerson => "in person",
        ContactMode::Video => "by video",
        ContactMode::Phone => "by phone",
        ContactMode::Email => "by email",
    }
}

/// The remote modes of a prescription: `by video, phone or email`; empty for none (in person
/// needs no word).
pub(crate) fn modes(modes: &[ContactMode]) -> String {
    let names: Vec<String> = modes
        .iter()
        .filter(|m| **m != ContactMode::InPerson)
        .map(|m| m.as_str().to_owned())
        .collect();
    if names.is_empty() {
        String::new()
    } else {
        format!("by {}", join(&names, "or"))
    }
}

/// A prescription in plain words: "one in-person visit a month of up to half a day, two
/// coaches at each"; "remote contact one to three times a week".
pub(crate) fn prescription(p: &Prescription) -> String {
    let (min, max) = (
        u64::from(p.min_contacts.get()),
        u64::from(p.max_contacts.get()),
    );
    let mut out = match p.channel {
        Channel::InPerson => {
            let count = if min == max {
                number(min)
            } else if min == 0 {
                format!("up to {}", number(max))
            } else {
                format!("{} to {}", number(min), number(max))
            };
            let noun = if max == 1 {
                "in-person visit"
            } else {
                "in-person visits"
            };
            format!("{count} {noun} {}", per(p.per))
        }
        Channel::Remote => format!("remote contact {} {}", times_range(min, max), per(p.per)),
    };
    if let Some(interval) = p.interval {
        let every = if interval.min == interval.max {
            length(interval.max)
        } else {
            format!(
                "{} to {}",
                number(u64::from(interval.min.amount())),
                length(interval.max)
            )
        };
        let _ = write!(out, " (one every {every})");
    }
    let by = modes(&p.modes);
    if !by.is_empty() {
        let _ = write!(out, " {by}");
    }
    out.push_str(&contact_length(p));
    let coaches = p.coaches_per_contact.get();
    if coaches > 1 {
        let _ = write!(out, ", {} coaches at each", number(u64::from(coaches)));
    }
    out
}

fn contact_length(p: &Prescription) -> String {
    let get = |m: Option<crate::Minutes>| m.map(crate::Minutes::get);
    match (
        get(p.min_minutes),
        get(p.typical_minutes),
        get(p.max_minutes),
    ) {
        (_, Some(t), Some(m)) if t == m => format!(" of up to {}", minutes(m)),
        (_, Some(t), Some(m)) => format!(" of about {} (up to {})", minutes(t), minutes(m)),
        (Some(lo), None, Some(hi)) => format!(" of {} to {}", minutes(lo), minutes(hi)),
        (_, None, Some(m)) => format!(" of up to {}", minutes(m)),
        (_, Some(t), None) => format!(" of about {}", minutes(t)),
        (Some(lo), None, None) => format!(" of at least {}", minutes(lo)),
        (None, None, None) => String::new(),
    }
}

/// A year's dose on one channel: "12 in-person visits (up to 48.0 hours)".
pub(crate) fn annual(c: Channel, dose: Dose) -> String {
    let noun = match c {
        Channel::InPerson => "in-person visits",
        Channel::Remote => "remote contacts",
    };
    let mut out = format!("{} {noun}", range(dose.min_contacts, dose.max_contacts));
    match (dose.min_minutes, dose.max_minutes) {
        (Some(lo), Some(hi)) if lo == hi => {
            let _ = write!(out, " ({} hours)", Dose::hours(hi));
        }
        (Some(lo), Some(hi)) => {
            let _ = write!(out, " ({} to {} hours)", Dose::hours(lo), Dose::hours(hi));
        }
        (None, Some(hi)) => {
            let _ = write!(out, " (up to {} hours)", Dose::hours(hi));
        }
        _ => {}
    }
    out
}

/// A vocabulary term's name, or its key where the manual does not declare it.
/// Inside a sentence, a name's first letter is lower-cased unless the name starts with an
/// abbreviation (`MD coach` stays, `Behavioral health` reads `behavioral health`).
pub(crate) fn term(manual: &Manual, vocabulary: Vocabulary, key: &Key) -> String {
    let name = manual
        .vocabularies
        .name(vocabulary, key)
        .map_or_else(|| key.to_string(), str::to_owned);
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            first.to_lowercase().chain(name.chars().skip(1)).collect()
        }
        _ => name,
    }
}

/// A titration floor in words: `1 in-person visit a month and 2 remote contacts a month`.
pub(crate) fn floor(floor: &Floor) -> String {
    let parts: Vec<String> = floor
        .contacts
        .iter()
        .map(|c| {
            format!(
                "{} {}",
                plural(u64::from(c.min_contacts.get()), contact(c.channel)),
                period(c.per)
            )
        })
        .collect();
    join(&parts, "and")
}

/// Names joined as `a`, `a and b`, `a, b and c` (or `or`).
pub(crate) fn join(items: &[String], last: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., tail] => format!("{} {last} {tail}", init.join(", ")),
    }
}

/// A degree level in words.
pub(crate) const fn degree(level: DegreeLevel) -> &'static str {
    match level {
        DegreeLevel::Secondary => "a secondary-school diploma",
        DegreeLevel::Associate => "an associate degree",
        DegreeLevel::Bachelors => "a bachelor's degree",
        DegreeLevel::Masters => "a master's degree",
        DegreeLevel::Doctorate => "a doctorate",
    }
}

/// `required`, `recommended`, `not required`.
pub(crate) const fn requirement(r: Requirement) -> &'static str {
    match r {
        Requirement::Required => "required",
        Requirement::Recommended => "recommended",
        Requirement::NotRequired => "not required",
    }
}

/// `more` or `less`.
pub(crate) const fn direction(d: Direction) -> &'static str {
    match d {
        Direction::More => "more",
        Direction::Less => "less",
    }
}

/// Who takes part in an activity.
pub(crate) fn attendee(manual: &Manual, a: &Attendee) -> String {
    match a {
        Attendee::Role(key) => term(manual, Vocabulary::Roles, key),
        Attendee::SiteTeam => "the site's coaches".to_owned(),
        Attendee::AllCoaches => "all coaches".to_owned(),
        Attendee::ImplementationTeam => "the implementation team".to_owned(),
        Attendee::Evaluators => "evaluators".to_owned(),
        Attendee::CareTeam => "the site's care team".to_owned(),
    }
}

/// When an activity happens: "once a week, for the whole program"; "after each in-person
/// visit made jointly".
pub(crate) fn cadence(manual: &Manual, c: &Cadence) -> String {
    match c {
        Cadence::Every {
            frequency: f,
            scope,
            starts,
            until_end_of,
        } => {
            let scope = match scope {
                crate::manual::Scope::Program => "for the whole program",
                crate::manual::Scope::Site => "at each site",
            };
            let from = match starts {
                None => String::new(),
                Some(crate::manual::SeriesStart::PhaseEntry(phase)) => {
                    format!(", from its entry into {}", phase_name(manual, phase))
                }
                Some(crate::manual::SeriesStart::Milestone(key)) => format!(
                    ", from the milestone {}",
                    manual
                        .milestone(key)
                        .map_or_else(|| key.to_string(), |m| m.name.clone())
                ),
            };
            let until = until_end_of.as_ref().map_or_else(String::new, |phase| {
                format!(" until the end of {}", phase_name(manual, phase))
            });
            format!("{}, {scope}{from}{until}", frequency(*f))
        }
        Cadence::AroundContact {
            when,
            channel,
            joint_only,
        } => {
            let what = channel.map_or("contact", contact);
            let joint = if *joint_only { " made jointly" } else { "" };
            format!("{} each {what}{joint}", when.as_str())
        }
        Cadence::AtMilestone(key) => {
            let name = manual
                .milestone(key)
                .map_or_else(|| key.to_string(), |m| m.name.clone());
            format!("at the milestone “{name}”")
        }
    }
}

/// How long an activity lasts: `two hours`, `30 minutes to an hour`, or empty.
pub(crate) fn span(min: Option<crate::Minutes>, max: Option<crate::Minutes>) -> String {
    match (min.map(crate::Minutes::get), max.map(crate::Minutes::get)) {
        (Some(a), Some(b)) if a == b => minutes(a),
        (Some(a), Some(b)) => format!("{} to {}", minutes(a), minutes(b)),
        (Some(a), None) => format!("at least {}", minutes(a)),
        (None, Some(b)) => format!("up to {}", minutes(b)),
        (None, None) => String::new(),
    }
}

/// What a value rests on where its citations give only a participant's report, or only cited or
/// derived evidence: " (this rests only on a participant's report)". Empty where any citation
/// is `reported` (the source's own finding) or `design` (marked as a design choice where it is
/// shown), and where there are no citations.
pub(crate) fn rests_only_on(citations: &[Citation]) -> String {
    rests_only_on_kinds(&citations.iter().map(|c| c.evidence).collect::<Vec<_>>())
}

/// [`rests_only_on`] from the evidence kinds alone.
pub(crate) fn rests_only_on_kinds(kinds: &[Evidence]) -> String {
    let has = |kind: Evidence| kinds.contains(&kind);
    if kinds.is_empty() || has(Evidence::Reported) || has(Evidence::Design) {
        return String::new();
    }
    let parts: Vec<String> = [
        (Evidence::ParticipantReport, "a participant's report"),
        (Evidence::Cited, "what the source cites from another work"),
        (Evidence::Derived, "figures derived from published data"),
    ]
    .into_iter()
    .filter(|(kind, _)| has(*kind))
    .map(|(_, words)| words.to_owned())
    .collect();
    format!(" (this rests only on {})", join(&parts, "and"))
}

/// How soon written questions are answered, as the evidence allows: a rule where a source
/// reports it or the manual sets it, a report where one participant's report is all there is
/// ("one participant reported written questions answered within 24 hours").
pub(crate) fn response_time(r: &ResponseTime) -> String {
    let hours = plural(u64::from(r.hours.get()), "hour");
    let only_reports = !r.citations.is_empty()
        && r.citations
            .iter()
            .all(|c| c.evidence == Evidence::ParticipantReport);
    if only_reports {
        format!(
            "One participant reported written questions answered within {hours}: a report, not a standard"
        )
    } else {
        format!(
            "Written questions are answered within {hours}{}",
            rests_only_on(&r.citations)
        )
    }
}

/// A year's dose of one prescription, `per` after the count: "12 in-person visits a year (up to
/// 48.0 hours; up to 96.0 coach-hours, two coaches at each)". Hours read as a cap where the
/// contact length is one.
pub(crate) fn annual_of(p: &Prescription, dose: Dose, per: &str) -> String {
    let capped = p.max_minutes.is_some()
        && p.typical_minutes
            .is_none_or(|t| p.max_minutes.is_some_and(|m| m == t));
    let noun = match p.channel {
        Channel::InPerson => "in-person visits",
        Channel::Remote => "remote contacts",
    };
    let mut out = format!("{} {noun}", range(dose.min_contacts, dose.max_contacts));
    if capped && let Some(m) = p.max_minutes {
        let _ = write!(out, " of up to {}", minutes(m.get()));
    }
    out.push_str(per);
    let mut hours = match (dose.min_minutes, dose.max_minutes) {
        (Some(lo), Some(hi)) if lo == hi && !capped => format!("{} hours", Dose::hours(hi)),
        (Some(lo), Some(hi)) if !capped => {
            format!("{} to {} hours", Dose::hours(lo), Dose::hours(hi))
        }
        (_, Some(hi)) => format!("up to {} hours", Dose::hours(hi)),
        _ => String::new(),
    };
    let coaches = p.coaches_per_contact.get();
    if coaches > 1
        && let Some(coach) = dose.max_coach_minutes
    {
        let _ = write!(
            hours,
            "; up to {} coach-hours, {} coaches at each",
            Dose::hours(coach),
            number(u64::from(coaches))
        );
    }
    if !hours.is_empty() {
        let _ = write!(out, " ({hours})");
    }
    out
}

/// An intensity level by its name, or its key where the manual has no such level.
pub(crate) fn level_name(manual: &Manual, key: &Key) -> String {
    manual
        .level(key)
        .map_or_else(|| key.to_string(), |l| l.name.clone())
}

/// A phase by its name, or its key where the manual has no such phase.
pub(crate) fn phase_name(manual: &Manual, key: &Key) -> String {
    manual
        .phase(key)
        .map_or_else(|| key.to_string(), |p| p.name.clone())
}

/// A skill by its name, or its key where the manual has no such skill.
pub(crate) fn skill_name(manual: &Manual, key: &Key) -> String {
    manual
        .skill(key)
        .map_or_else(|| key.to_string(), |s| s.name.clone())
}

/// When a milestone falls, counted `from` an anchor in words: "six months after the
/// relationship starts, then every six months, twice in all".
pub(crate) fn milestone(m: &Milestone, from: &str) -> String {
    let zero = match m.offset {
        Length::Weeks(w) => w.get() == 0,
        Length::Months(n) => n.get() == 0,
    };
    let mut out = if zero {
        format!("when {from}")
    } else {
        format!("{} after {from}", length(m.offset))
    };
    if let Some(every) = m.every {
        let _ = write!(out, ", then every {}", length(every));
        match m.times {
            Some(n) => {
                let _ = write!(out, ", {} in all", times(u64::from(n.get())));
            }
            None => out.push_str(", until the end"),
        }
    }
    if let Some(d) = &m.description {
        let _ = write!(out, ": {d}");
    }
    out
}

/// A titration rule's trigger as a clause: "after 12 weeks in the phase “Engagement”".
pub(crate) fn trigger(manual: &Manual, t: &Trigger) -> String {
    let criterion = |phase: &Key, key: &Key| {
        manual
            .phase(phase)
            .and_then(|p| p.exit_criterion(key))
            .map_or_else(|| key.to_string(), |c| c.description.clone())
    };
    match t {
        Trigger::WeeksInPhase { phase, weeks } => format!(
            "after {} in the phase “{}”",
            plural(u64::from(weeks.get()), "week"),
            phase_name(manual, phase)
        ),
        Trigger::ExitCriterionMetEarly {
            phase,
            criterion: c,
        } => format!(
            "when the exit criterion “{}” of “{}” is met before the phase's planned minimum",
            criterion(phase, c),
            phase_name(manual, phase)
        ),
        Trigger::ParticipantPreference { direction: d } => {
            format!("when the site asks for {} coaching", direction(*d))
        }
        Trigger::CoachJudgment { direction: d } => {
            format!("when the coach judges the team ready for {}", direction(*d))
        }
        Trigger::Disruption => {
            "when the site has a disruption (a change of ownership or EHR, losing a clinician)"
                .to_owned()
        }
        Trigger::DeliveredBelowMinimum { weeks } => format!(
            "when delivered contacts stay below the prescribed minimum for {}",
            plural(u64::from(weeks.get()), "week")
        ),
        Trigger::MeasureCrossedTarget {
            phase,
            criterion: c,
            direction,
        } => format!(
            "when the measure of “{}” ({}) {} its target",
            criterion(phase, c),
            phase_name(manual, phase),
            if *direction == Direction::More {
                "reaches"
            } else {
                "falls back from"
            }
        ),
    }
}

/// A titration rule's adjustment as a verb phrase: "go to the level “Maintenance”".
pub(crate) fn adjustment(manual: &Manual, a: &Adjustment) -> String {
    match a {
        Adjustment::SetLevel { level } => {
            format!("go to the level “{}”", level_name(manual, level))
        }
        other => other.to_string(),
    }
}

/// The team's roles in words: "one behavioral health coach (from behavioral health) and one
/// MD coach (from medicine)".
pub(crate) fn team_roles(manual: &Manual, rule: &TeamRule) -> String {
    let roles: Vec<String> = rule
        .roles
        .iter()
        .map(|r| {
            let mut s = format!(
                "{} {}",
                number(u64::from(r.count.get())),
                term(manual, Vocabulary::Roles, &r.role)
            );
            let mut notes = Vec::new();
            if !r.disciplines.is_empty() {
                let d: Vec<String> = r
                    .disciplines
                    .iter()
                    .map(|k| term(manual, Vocabulary::Disciplines, k))
                    .collect();
                notes.push(format!("from {}", join(&d, "or")));
            }
            if r.point_of_contact {
                notes.push("the site's regular point of contact".to_owned());
            }
            if !notes.is_empty() {
                let _ = write!(s, " ({})", notes.join("; "));
            }
            s
        })
        .collect();
    join(&roles, "and")
}

/// A team rule's sites and roles: "every site: one behavioral health coach (from behavioral
/// health) and one MD coach (from medicine)".
pub(crate) fn team_rule(manual: &Manual, rule: &TeamRule) -> String {
    format!(
        "{}: {}",
        team_requirement(manual, &rule.required_for),
        team_roles(manual, rule)
    )
}

/// Which sites need a team, in words.
pub(crate) fn team_requirement(manual: &Manual, r: &TeamRequirement) -> String {
    match r {
        TeamRequirement::NoSites => "no site".to_owned(),
        TeamRequirement::AllSites => "every site".to_owned(),
        TeamRequirement::SelectedOrganizations => "sites of selected organizations".to_owned(),
        TeamRequirement::SiteKinds(kinds) => {
            let k: Vec<String> = kinds
                .iter()
                .map(|k| term(manual, Vocabulary::SiteKinds, k))
                .collect();
            format!("sites of the kinds {}", join(&k, "and"))
        }
    }
}

/// `s` with its first letter lower-cased.
pub(crate) fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// `s` with its first letter upper-cased, to start a sentence.
pub(crate) fn capital(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// An experience kind in words: its name where it says experience, else `experience of` it.
pub(crate) fn experience(manual: &Manual, kind: &Key) -> String {
    let name = term(manual, Vocabulary::ExperienceKinds, kind);
    if name.to_lowercase().contains("experience") {
        name
    } else {
        format!("experience of {name}")
    }
}

/// A qualification check in words.
pub(crate) fn check(manual: &Manual, c: &QualificationCheck) -> String {
    match c {
        QualificationCheck::MinimumDegree { level } => {
            format!("{} or higher", degree(*level))
        }
        QualificationCheck::ExperienceYears { kind, years } => format!(
            "at least {} of {}",
            plural(u64::from(years.get()), "year"),
            experience(manual, kind)
        ),
        QualificationCheck::ExperienceHeld { kind } => experience(manual, kind),
        QualificationCheck::CertificationHeld { certification } => {
            term(manual, Vocabulary::Certifications, certification)
        }
        QualificationCheck::DisciplineHeld { any_of } => {
            let d: Vec<String> = any_of
                .iter()
                .map(|k| term(manual, Vocabulary::Disciplines, k))
                .collect();
            format!("a background in {}", join(&d, "or"))
        }
        QualificationCheck::TrainingHours { hours } => format!(
            "at least {} of coaching training",
            plural(u64::from(hours.get()), "hour")
        ),
        QualificationCheck::CoreSkills => "every core skill of this manual".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_words() {
        assert_eq!(times_range(1, 3), "one to three times");
        assert_eq!(times_range(1, 1), "once");
        assert_eq!(minutes(240), "half a day");
        assert_eq!(minutes(120), "two hours");
        assert_eq!(minutes(45), "45 minutes");
        assert_eq!(
            join(&["a".into(), "b".into(), "c".into()], "and"),
            "a, b and c"
        );
    }
}
