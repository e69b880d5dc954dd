//! The TIDieR checklist (Hoffmann et al., BMJ 2014;348:g1687) filled from a manual and,
//! optionally, a program's record up to a day.

use std::fmt::Write as _;

use foldhash::HashMap;

use super::item::{Entry, Item, Pointer};
use super::record::{self, Record};
use super::{Checklist, ManualRef, facts};
use crate::fidelity::{Fidelity, Window};
use crate::manual::{
    Anchor, Cadence, Channel, Evidence, Figure, ImplementationOutcome, MeasureScope, Offered,
    Prescription, TeamRequirement, Vocabulary,
};
use crate::program::ContactMode;
use crate::render::words;
use crate::{Date, Key, Manual, Program};

/// The TIDieR checklist of `manual`: its twelve items, each filled from the manual (and, for
/// items 6, 7, 9, 10 and 12, from `record`: a program and the day it is read as of; item 12 is
/// the program's [fidelity summary](crate::fidelity::Summary)) or marked missing with what
/// would fill it, and the outcomes the manual names.
#[must_use]
pub fn tidier(manual: &Manual, record: Option<(&Program, Date)>) -> Checklist {
    match record {
        Some((program, as_of)) => {
            let scored = program.fidelity(manual, Window::as_of(as_of));
            checklist(
                manual,
                Some(&Record {
                    program,
                    as_of,
                    scored: &scored,
                }),
            )
        }
        None => checklist(manual, None),
    }
}

/// The TIDieR checklist of `manual` with a program's record read as of `as_of`, item 12 from
/// `scored`: a fidelity reading the caller made, e.g. with a contact log kept beside the
/// program read into a [`Scorer`](crate::fidelity::Scorer).
#[must_use]
pub fn tidier_with_reading(
    manual: &Manual,
    program: &Program,
    as_of: Date,
    scored: &Fidelity,
) -> Checklist {
    checklist(
        manual,
        Some(&Record {
            program,
            as_of,
            scored,
        }),
    )
}

fn checklist(manual: &Manual, record: Option<&Record<'_>>) -> Checklist {
    let program = record.map(|r| (r.program, r.as_of));
    let mut items = vec![
        Item::new(
            1,
            "Brief name",
            brief_name(manual),
            "a title for the manual",
        ),
        Item::new(
            2,
            "Why",
            why(manual),
            "the goal the sources state (goal), a description of the manual and the sources it draws on",
        ),
        Item::new(
            3,
            "What: materials",
            materials(manual),
            "materials: the forms, toolkits, registries and guides coaching uses or hands out, with where to find them",
        ),
        Item::new(
            4,
            "What: procedures",
            procedures(manual),
            "phases, activities or milestones",
        ),
        Item::new(
            5,
            "Who provided",
            who(manual),
            "coach roles and disciplines in vocabularies, a team rule or qualifications",
        ),
        Item::new(
            6,
            "How",
            how(manual, program),
            "prescriptions of contacts in intensity_levels",
        ),
        Item::new(
            7,
            "Where",
            place(manual, program),
            "the setting (region, population, payer) or the kinds of site coached, in vocabularies.site_kinds",
        ),
        Item::new(
            8,
            "When and how much",
            when(manual),
            "phases with planned lengths and intensity_levels with prescriptions, and published figures that describe them",
        ),
        Item::new(
            9,
            "Tailoring",
            tailoring(manual, program),
            "titration: a floor, an interval between dose changes or rules for changing the dose; a level whose dose is `tailored` to each site; or a program's titration decisions and returns to an earlier phase (--program PROGRAM --as-of DATE)",
        ),
        record::modifications(manual, program),
        Item::new(
            11,
            "How well: planned",
            planned(manual),
            "how adherence is to be assessed: records kept with each contact (an activity around contacts), or an activity or measure naming the implementation outcome `fidelity` (a meeting held for consistency, supervision, a fidelity measure)",
        ),
        record::actual(manual, record),
    ];
    let mut outcomes = outcomes(manual);
    for entry in items
        .iter_mut()
        .flat_map(|i| i.entries.iter_mut())
        .chain(outcomes.iter_mut())
    {
        facts::say_evidence(entry);
    }
    Checklist {
        manual: ManualRef::of(manual),
        as_of: record.map(|r| r.as_of),
        items,
        outcomes,
    }
}

fn brief_name(manual: &Manual) -> Vec<Entry> {
    if manual.title.trim().is_empty() {
        return Vec::new();
    }
    vec![Entry::plain(
        format!(
            "{} (manual {}, version {})",
            manual.title, manual.id, manual.version
        ),
        Pointer::manual("/title"),
    )]
}

fn why(manual: &Manual) -> Vec<Entry> {
    let mut out = Vec::new();
    if let Some(goal) = &manual.goal {
        out.push(Entry::cited(
            format!("Goal: {}", goal.text),
            Pointer::manual("/goal"),
            &goal.citations,
        ));
    }
    if !manual.description.trim().is_empty() {
        out.push(Entry::plain(
            manual.description.clone(),
            Pointer::manual("/description"),
        ));
    }
    // The kinds of evidence the manual draws from each source, wherever it cites it: one pass
    // over the citations, each kind kept once per source.
    let mut kinds: HashMap<&Key, Vec<Evidence>> = HashMap::default();
    for (_, citations) in manual.cited_objects() {
        for citation in citations {
            if let Some(key) = &citation.source {
                let of_source = kinds.entry(key).or_default();
                if !of_source.contains(&citation.evidence) {
                    of_source.push(citation.evidence);
                }
            }
        }
    }
    for (i, source) in manual.sources.iter().enumerate() {
        out.push(Entry::of_kinds(
            format!("Draws on {}", source.citation),
            Pointer::manual(format!("/sources/{i}")),
            kinds.get(&source.key).into_iter().flatten().copied(),
        ));
    }
    out
}

fn materials(manual: &Manual) -> Vec<Entry> {
    manual
        .materials
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut text = format!("{}: {}", m.name, m.description);
            if let Some(location) = &m.location {
                let _ = write!(text, " Where: {location}");
            }
            Entry::cited(
                text,
                Pointer::manual(format!("/materials/{i}")),
                &m.citations,
            )
        })
        .collect()
}

fn procedures(manual: &Manual) -> Vec<Entry> {
    let mut out = Vec::new();
    for (i, phase) in manual.phases.iter().enumerate() {
        let mut text = format!("Phase {}, {}: {}", i + 1, phase.name, phase.purpose);
        let exits: Vec<String> = phase
            .exit_criteria
            .iter()
            .map(|c| c.description.trim_end_matches('.').to_owned())
            .collect();
        if !exits.is_empty() {
            let _ = write!(text, " It ends when: {}.", exits.join("; "));
        }
        out.push(Entry::cited(
            text,
            Pointer::manual(format!("/phases/{i}")),
            &phase.citations,
        ));
    }
    for (i, m) in manual.milestones.iter().enumerate() {
        let from = match &m.anchor {
            Anchor::RelationshipStart => "the relationship starts".to_owned(),
            Anchor::PhaseEntry(phase) => {
                format!("entering the phase “{}”", words::phase_name(manual, phase))
            }
        };
        out.push(Entry::cited(
            format!("Milestone {}: {}", m.name, words::milestone(m, &from)),
            Pointer::manual(format!("/milestones/{i}")),
            &m.citations,
        ));
    }
    for (i, a) in manual.activities.iter().enumerate() {
        out.push(Entry::cited(
            facts::activity(manual, a),
            Pointer::manual(format!("/activities/{i}")),
            &a.citations,
        ));
    }
    if let Some(c) = &manual.collaborative {
        out.push(Entry::cited(
            format!("Coaching sits in a learning collaborative: {}", c.model),
            Pointer::manual("/collaborative"),
            &c.citations,
        ));
    }
    for (i, c) in manual.components.iter().enumerate() {
        let offered = match c.offered {
            Offered::AllSites => "offered to every site",
            Offered::SomeSites => "offered to some sites",
        };
        out.push(Entry::cited(
            format!("Component {} ({offered}): {}", c.name, c.description),
            Pointer::manual(format!("/components/{i}")),
            &c.citations,
        ));
    }
    out
}

fn who(manual: &Manual) -> Vec<Entry> {
    let mut out = Vec::new();
    if let Some(rule) = &manual.team {
        let joint = if rule.joint_contacts {
            ", making their contacts together"
        } else {
            ""
        };
        out.push(Entry::cited(
            format!("A team coaches {}{joint}", words::team_rule(manual, rule)),
            Pointer::manual("/team"),
            &rule.citations,
        ));
    }
    for (vocabulary, what) in [
        (Vocabulary::Roles, "Coach role"),
        (Vocabulary::Disciplines, "Discipline"),
    ] {
        let terms = match vocabulary {
            Vocabulary::Roles => &manual.vocabularies.roles,
            _ => &manual.vocabularies.disciplines,
        };
        for (i, term) in terms.iter().enumerate() {
            let mut text = format!("{what}: {}", term.name);
            if let Some(d) = &term.description {
                let _ = write!(text, " ({d})");
            }
            out.push(Entry::cited(
                text,
                Pointer::manual(format!("/vocabularies/{}/{i}", vocabulary.as_str())),
                &term.citations,
            ));
        }
    }
    for (i, q) in manual.qualifications.iter().enumerate() {
        let mut text = format!(
            "{}: {}",
            words::capital(words::requirement(q.requirement)),
            words::check(manual, &q.check)
        );
        if let Some(role) = &q.role {
            let _ = write!(
                text,
                " (for the {})",
                words::term(manual, Vocabulary::Roles, role)
            );
        }
        out.push(Entry::cited(
            text,
            Pointer::manual(format!("/qualifications/{i}")),
            &q.citations,
        ));
    }
    out
}

/// How contacts on `channel` are made, from every prescription of it; `None` where no level
/// prescribes the channel.
fn channel_entry(manual: &Manual, channel: Channel) -> Option<Entry> {
    let levels = manual.intensity_levels.len();
    let prescribed: Vec<(usize, usize)> = manual
        .intensity_levels
        .iter()
        .enumerate()
        .flat_map(|(i, l)| {
            l.prescriptions
                .iter()
                .enumerate()
                .filter(move |(_, p)| p.channel == channel)
                .map(move |(j, _)| (i, j))
        })
        .collect();
    let Some(&(first_level, first)) = prescribed.first() else {
        return unreported_channel_entry(manual, channel);
    };
    let used: Vec<&Prescription> = prescribed
        .iter()
        .filter_map(|&(i, j)| manual.intensity_levels.get(i)?.prescriptions.get(j))
        .collect();
    let citations: Vec<_> = used
        .iter()
        .flat_map(|p| p.citations.iter().cloned())
        .collect();
    let most = used
        .iter()
        .map(|p| p.coaches_per_contact.get())
        .max()
        .unwrap_or(1);
    let mut modes: Vec<ContactMode> = Vec::new();
    for p in &used {
        for mode in &p.modes {
            if !modes.contains(mode) {
                modes.push(*mode);
            }
        }
    }
    let mut text = format!(
        "{}: {}s",
        words::capital(words::channel(channel)),
        words::contact(channel)
    );
    let by = words::modes(&modes);
    if !by.is_empty() {
        let _ = write!(text, " {by}");
    }
    let _ = write!(
        text,
        ", prescribed at {} of {levels} levels",
        prescribed.len()
    );
    if most > 1 {
        let _ = write!(
            text,
            "; up to {} coaches at each",
            words::number(u64::from(most))
        );
    }
    Some(Entry::cited(
        text,
        Pointer::manual(format!(
            "/intensity_levels/{first_level}/prescriptions/{first}"
        )),
        &citations,
    ))
}

/// A channel no level prescribes but some level names with its dose not reported: how contact
/// is made is known, how much is not.
fn unreported_channel_entry(manual: &Manual, channel: Channel) -> Option<Entry> {
    let (i, level, j) = manual
        .intensity_levels
        .iter()
        .enumerate()
        .find_map(|(i, l)| {
            let j = l.not_reported.iter().position(|c| *c == channel)?;
            Some((i, l, j))
        })?;
    Some(Entry::cited(
        format!(
            "{}: {}s, their dose not reported",
            words::capital(words::channel(channel)),
            words::contact(channel)
        ),
        Pointer::manual(format!("/intensity_levels/{i}/not_reported/{j}")),
        &level.citations,
    ))
}

fn how(manual: &Manual, record: Option<(&Program, Date)>) -> Vec<Entry> {
    let mut out: Vec<Entry> = Channel::ALL
        .into_iter()
        .filter_map(|channel| channel_entry(manual, channel))
        .collect();
    if let Some(rule) = &manual.team {
        let text = if rule.required_for == TeamRequirement::NoSites {
            "No site needs a team of coaches".to_owned()
        } else if rule.joint_contacts {
            format!(
                "Jointly: a team of {} at {} makes its contacts together",
                words::number(u64::from(rule.size())),
                words::team_requirement(manual, &rule.required_for)
            )
        } else {
            format!(
                "A team of {} at {}, whose coaches may make contacts separately",
                words::number(u64::from(rule.size())),
                words::team_requirement(manual, &rule.required_for)
            )
        };
        out.push(Entry::cited(
            text,
            Pointer::manual("/team"),
            &rule.citations,
        ));
    }
    if let Some(r) = &manual.response_time {
        out.push(Entry::cited(
            words::response_time(r),
            Pointer::manual("/response_time"),
            &r.citations,
        ));
    }
    if let Some((program, as_of)) = record
        && let Some(text) = record::modes_recorded(program, as_of)
    {
        out.push(Entry::plain(text, Pointer::program("/relationships")));
    }
    out
}

fn place(manual: &Manual, record: Option<(&Program, Date)>) -> Vec<Entry> {
    let mut out = Vec::new();
    if let Some(setting) = &manual.setting {
        for (member, what, value) in [
            ("region", "Region", &setting.region),
            ("population", "Population", &setting.population),
            ("payer", "Payer or sponsor", &setting.payer),
        ] {
            if let Some(value) = value {
                out.push(Entry::cited(
                    format!("{what}: {value}"),
                    Pointer::manual(format!("/setting/{member}")),
                    &setting.citations,
                ));
            }
        }
    }
    out.extend(
        manual
            .vocabularies
            .site_kinds
            .iter()
            .enumerate()
            .map(|(i, term)| {
                let mut text = format!("Site kind: {}", term.name);
                if let Some(d) = &term.description {
                    let _ = write!(text, " ({d})");
                }
                Entry::cited(
                    text,
                    Pointer::manual(format!("/vocabularies/site_kinds/{i}")),
                    &term.citations,
                )
            }),
    );
    if let Some((program, _)) = record {
        out.extend(record::sites(manual, program));
    }
    out
}

fn when(manual: &Manual) -> Vec<Entry> {
    let mut out = Vec::new();
    for (i, phase) in manual.phases.iter().enumerate() {
        let length = words::phase_length(phase.length);
        out.push(Entry::cited(
            format!(
                "Phase {}, {}: {length}, starting at the level “{}”",
                i + 1,
                phase.name,
                words::level_name(manual, &phase.starting_level)
            ),
            Pointer::manual(format!("/phases/{i}/length")),
            &phase.citations,
        ));
    }
    for (i, s) in manual.strata.iter().enumerate() {
        let months: Vec<String> = s.months.iter().map(|m| m.get().to_string()).collect();
        out.push(Entry::cited(
            format!(
                "Stratum “{}”: its sites enter the phase “{}” in month {} of their relationship",
                s.name,
                words::phase_name(manual, &s.enters),
                words::join(&months, "or")
            ),
            Pointer::manual(format!("/strata/{i}")),
            &s.citations,
        ));
    }
    for (i, level) in manual.intensity_levels.iter().enumerate() {
        let citations = facts::level_citations(level);
        out.push(Entry::cited(
            format!("Level “{}”: {}", level.name, facts::level_dose(level)),
            Pointer::manual(format!("/intensity_levels/{i}")),
            &citations,
        ));
    }
    out.extend(published_beside_plan(manual));
    out
}

/// The published figures that describe a value the manual plans, with their spread and
/// groups, the manual's own value and whether it stays within the figure's tolerance.
fn published_beside_plan(manual: &Manual) -> Vec<Entry> {
    let mut out = Vec::new();
    for (i, figure) in manual.figures.iter().enumerate() {
        let Some(described) = &figure.describes else {
            continue;
        };
        let mut text = format!(
            "Published beside {}: {}",
            words::described(described),
            figure.name
        );
        let own = figure.estimate();
        if !own.is_empty() {
            let _ = write!(text, ", {own} {}", figure.unit);
        }
        for g in &figure.groups {
            let _ = write!(text, "; {}: {} {}", g.name, g.estimate(), figure.unit);
        }
        if let Some(planned) = described.planned(manual) {
            let close = figure.bands().any(|b| b.meets(planned));
            let factor = figure
                .tolerance
                .map_or_else(|| Figure::DEFAULT_TOLERANCE.to_string(), |t| t.to_string());
            let verdict = if close { "within" } else { "beyond" };
            let _ = write!(
                text,
                "; the manual plans {planned} {}, {verdict} the figure's tolerance (its range, or a factor of {factor} around its value and spread)",
                figure.unit
            );
        }
        let kinds = figure
            .citations
            .iter()
            .chain(figure.groups.iter().flat_map(|g| &g.citations))
            .map(|c| c.evidence);
        out.push(Entry::of_kinds(
            text,
            Pointer::manual(format!("/figures/{i}")),
            kinds,
        ));
    }
    out
}

fn tailoring(manual: &Manual, record: Option<(&Program, Date)>) -> Vec<Entry> {
    let mut out: Vec<Entry> = manual
        .intensity_levels
        .iter()
        .enumerate()
        .filter_map(|(i, level)| {
            let tailored = level.tailored.as_ref()?;
            Some(Entry::cited(
                format!(
                    "Level “{}”: the dose is tailored to each site: {}",
                    level.name, tailored.description
                ),
                Pointer::manual(format!("/intensity_levels/{i}/tailored")),
                &tailored.citations,
            ))
        })
        .collect();
    out.extend(titration(manual));
    if let Some((program, as_of)) = record {
        out.extend(record::tailoring_delivered(manual, program, as_of));
    }
    out
}

fn titration(manual: &Manual) -> Vec<Entry> {
    let Some(t) = &manual.titration else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(floor) = &t.floor {
        out.push(Entry::cited(
            format!("No level prescribes less than {}", words::floor(floor)),
            Pointer::manual("/titration/floor"),
            &floor.citations,
        ));
    }
    if let Some(interval) = &t.min_weeks_between_changes {
        out.push(Entry::cited(
            format!(
                "Two changes of dose are at least {} apart",
                words::plural(u64::from(interval.weeks.get()), "week")
            ),
            Pointer::manual("/titration/min_weeks_between_changes"),
            &interval.citations,
        ));
    }
    for (i, rule) in t.rules.iter().enumerate() {
        let mut text = format!(
            "{}: {}",
            words::capital(&words::trigger(manual, &rule.trigger)),
            words::adjustment(manual, &rule.adjustment)
        );
        if rule.reason_required {
            text.push_str("; the reason is recorded");
        }
        out.push(Entry::cited(
            text,
            Pointer::manual(format!("/titration/rules/{i}")),
            &rule.citations,
        ));
    }
    out
}

/// How adherence was to be assessed and kept up: what is recorded with each contact, and the
/// activities and measures that name fidelity as the outcome they serve or inform.
fn planned(manual: &Manual) -> Vec<Entry> {
    let mut out = Vec::new();
    for (i, a) in manual.activities.iter().enumerate() {
        let around = matches!(a.cadence, Cadence::AroundContact { .. });
        let fidelity = a.implementation_outcome == Some(ImplementationOutcome::Fidelity);
        let lead = match (around, fidelity) {
            (true, true) => "Recorded with each contact, for fidelity",
            (true, false) => "Recorded with each contact",
            (false, true) => "For fidelity",
            (false, false) => continue,
        };
        out.push(Entry::cited(
            format!("{lead}: {}", facts::activity(manual, a)),
            Pointer::manual(format!("/activities/{i}")),
            &a.citations,
        ));
    }
    for (i, m) in manual.measures.iter().enumerate() {
        if m.implementation_outcome == Some(ImplementationOutcome::Fidelity) {
            out.push(Entry::cited(
                format!("A measure of fidelity: {} ({})", m.name, m.unit),
                Pointer::manual(format!("/measures/{i}")),
                &m.citations,
            ));
        }
    }
    out
}

/// The measures the manual names, whatever they speak of: TIDieR has no item for outcomes, so
/// they follow the checklist.
fn outcomes(manual: &Manual) -> Vec<Entry> {
    manual
        .measures
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let about = match m.scope {
                MeasureScope::Coaching => "a measure of coaching itself",
                MeasureScope::Initiative => {
                    "a measure of the whole initiative, not of coaching alone"
                }
            };
            let mut text = format!("{} ({}): {about}", m.name, m.unit);
            if let Some(outcome) = m.implementation_outcome {
                let _ = write!(text, "; it informs {}", outcome.name());
            }
            Entry::cited(
                text,
                Pointer::manual(format!("/measures/{i}")),
                &m.citations,
            )
        })
        .collect()
}
