//! Manuals side by side: phases, dose a year by channel, team shape, caseload, the
//! collaborative, components, strata and the mix of evidence, one column a manual.

use super::doc::{self, Block, text};
use super::words;
use crate::Manual;
use crate::manual::{Channel, Collaborative, Evidence, IntensityLevel, LearningSessions, Offered};

/// One row of a comparison: what is compared, and its value in each manual, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Row {
    /// What the row compares, e.g. `Phases`.
    pub aspect: &'static str,
    /// The value in each manual, in the order the manuals were given.
    pub values: Vec<String>,
}

/// `manuals` side by side, one row an aspect and one value a manual: the manual, its phases,
/// its dose a year in person and remotely at each level, team shape, caseload, collaborative,
/// components, strata and its citations by kind of evidence.
///
/// ```
/// use practice_coaching::{reference, render};
///
/// let rows = render::compare(&[reference::idocc(), reference::heart_health_now()]);
/// let in_person = rows.iter().find(|r| r.aspect == "In person a year").unwrap();
/// assert!(in_person.values[0].contains("13 to 17 in-person visits"));
/// assert!(in_person.values[1].contains("not reported"));
/// ```
#[must_use]
pub fn compare(manuals: &[&Manual]) -> Vec<Row> {
    let row = |aspect: &'static str, value: fn(&Manual) -> String| Row {
        aspect,
        values: manuals.iter().map(|m| value(m)).collect(),
    };
    vec![
        row("Manual", |m| {
            format!("{} ({} {})", m.title, m.id, m.version)
        }),
        row("Phases", phases),
        row("In person a year", |m| dose(m, Channel::InPerson)),
        row("Remote a year", |m| dose(m, Channel::Remote)),
        row("Team", super::diff::team_words),
        row("Caseload", |m| {
            m.caseload
                .as_ref()
                .map_or_else(|| "no threshold".to_owned(), words::caseload)
        }),
        row("Collaborative", |m| {
            m.collaborative
                .as_ref()
                .map_or_else(|| "none".to_owned(), collaborative)
        }),
        row("Components", components),
        row("Strata", strata),
        row("Evidence", evidence),
    ]
}

/// The comparison as Markdown: a heading and a table, one column a manual.
#[must_use]
pub fn compare_markdown(manuals: &[&Manual]) -> String {
    doc::to_markdown(&blocks(manuals)) + "\n"
}

/// The comparison as a standalone HTML page, like a rendered manual's.
#[must_use]
pub fn compare_html(manuals: &[&Manual]) -> String {
    super::html::page("Manuals side by side", &doc::to_html_body(&blocks(manuals)))
}

fn blocks(manuals: &[&Manual]) -> Vec<Block> {
    let ids: Vec<String> = manuals.iter().map(|m| m.id.to_string()).collect();
    let mut head = vec![String::new()];
    head.extend(ids.iter().cloned());
    vec![
        Block::Heading(1, "Manuals side by side".to_owned()),
        Block::Para(vec![text(format!(
            "{} compared: phases, dose a year at each level (a channel whose dose the sources do not report says so), team shape, caseload, learning collaborative, components, strata, and how many citations each kind of evidence gives.",
            words::join(&ids, "and")
        ))]),
        Block::Table {
            head,
            rows: compare(manuals)
                .into_iter()
                .map(|r| {
                    std::iter::once(vec![text(r.aspect)])
                        .chain(r.values.into_iter().map(|v| vec![text(v)]))
                        .collect()
                })
                .collect(),
        },
    ]
}

fn phases(m: &Manual) -> String {
    let each: Vec<String> = m
        .phases
        .iter()
        .map(|p| format!("{} ({})", p.name, words::phase_length(p.length)))
        .collect();
    format!("{}: {}", m.phases.len(), each.join("; "))
}

/// Each level's dose a year on `channel`.
fn dose(m: &Manual, channel: Channel) -> String {
    let each: Vec<String> = m
        .intensity_levels
        .iter()
        .map(|l| format!("{}: {}", l.name, level_dose(l, channel)))
        .collect();
    each.join("; ")
}

fn level_dose(level: &IntensityLevel, channel: Channel) -> String {
    if level.not_reported.contains(&channel) {
        return "not reported".to_owned();
    }
    match level.prescription(channel) {
        None => "none".to_owned(),
        Some(p) => match p.annual() {
            Some(dose) => words::annual(channel, dose),
            None => format!(
                "{} {}",
                words::annual(channel, p.times(1)),
                words::per(p.per)
            ),
        },
    }
}

fn collaborative(c: &Collaborative) -> String {
    let sessions = match &c.learning_sessions {
        LearningSessions::Every(f) => format!("learning sessions {}", words::frequency(*f)),
        LearningSessions::Dated(dates) => {
            words::plural(dates.len() as u64, "dated learning session")
        }
        LearningSessions::Count(n) => words::plural(u64::from(n.get()), "learning session"),
    };
    let mut parts = vec![c.model.clone(), sessions];
    for (what, count) in [
        ("members of each site's team at each", &c.delegates),
        ("faculty shared by every team", &c.faculty),
        ("site teams", &c.teams),
    ] {
        if let Some(count) = count {
            parts.push(format!("{} {what}", words::headcount(count)));
        }
    }
    parts.join("; ")
}

fn components(m: &Manual) -> String {
    if m.components.is_empty() {
        return "none listed".to_owned();
    }
    let some = m
        .components
        .iter()
        .filter(|c| c.offered == Offered::SomeSites)
        .count() as u64;
    let all = m.components.len() as u64 - some;
    format!("{all} offered to every site, {some} to some")
}

fn strata(m: &Manual) -> String {
    if m.strata.is_empty() {
        return "none".to_owned();
    }
    let each: Vec<String> = m
        .strata
        .iter()
        .map(|s| {
            let months: Vec<String> = s.months.iter().map(|n| n.get().to_string()).collect();
            format!(
                "{} enter {} in month {}",
                s.name,
                words::lower_first(&words::phase_name(m, &s.enters)),
                words::join(&months, "or")
            )
        })
        .collect();
    each.join("; ")
}

/// How many citations each kind of evidence gives, over every cited object of the manual.
fn evidence(m: &Manual) -> String {
    let kinds = [
        Evidence::Reported,
        Evidence::ParticipantReport,
        Evidence::Cited,
        Evidence::Derived,
        Evidence::Design,
    ];
    let mut counts = [0_u64; 5];
    for (_, citations) in m.cited_objects() {
        for c in citations {
            if let Some(count) = kinds
                .iter()
                .position(|k| *k == c.evidence)
                .and_then(|i| counts.get_mut(i))
            {
                *count += 1;
            }
        }
    }
    let parts: Vec<String> = kinds
        .iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| format!("{n} {}", k.as_str().replace('_', " ")))
        .collect();
    parts.join(", ")
}
