//! The manual as a document, in the order a coach needs it.

use std::fmt::Write as _;

use super::chart;
use super::doc::{Block, Inline, doi_url, safe_url, text};
use super::sourced::Sourced;
use super::words;
use foldhash::HashSet;

use crate::Manual;
use crate::manual::{
    Anchor, Better, Channel, Citation, Estimate, Evidence, LearningSessions, MeasureScope, Phase,
    Requirement, SkillTier, TeamRequirement, Vocabulary,
};

/// The citation marks of one value: `1 reported`, `design`, each once.
fn cites(manual: &Sourced<'_>, citations: &[Citation]) -> Vec<Inline> {
    // Marks are told apart by source number and kind; a set keeps many citations of one value
    // from being compared with each other.
    let mut seen: HashSet<(Option<usize>, Evidence)> = HashSet::default();
    let mut out = Vec::new();
    for citation in citations {
        let target = citation.source.as_ref().and_then(|key| manual.number(key));
        let kind = match citation.evidence {
            Evidence::Reported => "reported",
            Evidence::ParticipantReport => "participant",
            Evidence::Cited => "cited",
            Evidence::Derived => "derived",
            Evidence::Design => "design",
        };
        let (label, mark) = match (target, citation.evidence) {
            (_, Evidence::Design) | (None, _) => (kind.to_owned(), None),
            (Some(n), _) => (format!("{n} {kind}"), Some(n)),
        };
        if seen.insert((mark, citation.evidence)) {
            out.push(Inline::Cite { label, target });
        }
    }
    out
}

/// Inlines of `words`, which already say what they rest on, followed by the marks of
/// `citations`.
fn said(manual: &Sourced<'_>, words: impl Into<String>, citations: &[Citation]) -> Vec<Inline> {
    let mut out = vec![text(words)];
    out.extend(cites(manual, citations));
    out
}

/// Inlines of `words` followed by the marks of `citations`; where these give only a
/// participant's report, or only cited or derived evidence, the words say so.
fn cited(manual: &Sourced<'_>, words: impl Into<String>, citations: &[Citation]) -> Vec<Inline> {
    let mut said: String = words.into();
    let rests = words::rests_only_on(citations);
    if !rests.is_empty() {
        // The remark goes before a closing full stop.
        match said.strip_suffix('.') {
            Some(bare) => said = format!("{bare}{rests}."),
            None => said.push_str(&rests),
        }
    }
    let mut out = vec![text(said)];
    out.extend(cites(manual, citations));
    out
}

/// The goal, the setting and the version replaced, where the manual states them.
fn context(manual: &Sourced<'_>, out: &mut Vec<Block>) {
    let mut items = Vec::new();
    if let Some(goal) = &manual.goal {
        items.push(cited(
            manual,
            format!("Goal: {}.", goal.text.trim_end_matches('.')),
            &goal.citations,
        ));
    }
    if let Some(setting) = &manual.setting {
        for (what, value) in [
            ("Region", &setting.region),
            ("Population", &setting.population),
            ("Payer or sponsor", &setting.payer),
        ] {
            if let Some(value) = value {
                items.push(cited(
                    manual,
                    format!("{what}: {}.", value.trim_end_matches('.')),
                    &setting.citations,
                ));
            }
        }
    }
    if !items.is_empty() {
        out.push(Block::List(items));
    }
    if let Some(r) = &manual.replaces {
        out.push(Block::Para(cited(
            manual,
            format!("This version replaces version {}. What changed:", r.version),
            &r.citations,
        )));
        out.push(Block::List(
            r.changes.iter().map(|c| vec![text(c.clone())]).collect(),
        ));
    }
}

/// Every block of the rendered manual.
pub(crate) fn document(manual: &Manual) -> Vec<Block> {
    let manual = &Sourced::new(manual);
    let mut out = vec![
        Block::Heading(1, manual.title.clone()),
        Block::Para(vec![
            text(format!("Version {}, manual ", manual.version)),
            Inline::Code(manual.id.to_string()),
            text("."),
        ]),
        Block::Para(vec![text(manual.description.clone())]),
    ];
    context(manual, &mut out);
    out.push(Block::Para(vec![
            text(
                "Its TIDieR checklist, and its levels and activities specified as implementation strategies, are filled from this manual by ",
            ),
            Inline::Code("practice-coaching report tidier".to_owned()),
            text(" and "),
            Inline::Code("report proctor".to_owned()),
            text(", each statement with its source and what is missing said so."),
        ]));
    phases(manual, &mut out);
    strata(manual, &mut out);
    levels(manual, &mut out);
    titration(manual, &mut out);
    team(manual, &mut out);
    qualifications(manual, &mut out);
    activities(manual, &mut out);
    skills(manual, &mut out);
    measures(manual, &mut out);
    components(manual, &mut out);
    materials(manual, &mut out);
    figures(manual, &mut out);
    glossary(manual, &mut out);
    references(manual, &mut out);
    out
}

fn criteria(manual: &Sourced<'_>, phase: &Phase, exit: bool) -> Vec<Vec<Inline>> {
    let list = if exit {
        &phase.exit_criteria
    } else {
        &phase.entry_criteria
    };
    list.iter()
        .map(|c| {
            let mut s = c.description.clone();
            if let Some(measure) = &c.measure {
                let name = manual
                    .measures
                    .iter()
                    .find(|m| &m.key == measure)
                    .map_or_else(|| measure.to_string(), |m| m.name.clone());
                let _ = write!(s, " (measure: {name}");
                if let Some(target) = &c.target {
                    let _ = write!(s, ", target {target}");
                }
                s.push(')');
            }
            vec![text(s)]
        })
        .collect()
}

fn phase_block(manual: &Sourced<'_>, n: usize, phase: &Phase, out: &mut Vec<Block>) {
    out.push(Block::Heading(3, format!("Phase {n}: {}", phase.name)));
    out.push(Block::Para(cited(
        manual,
        phase.purpose.clone(),
        &phase.citations,
    )));
    let length = match phase.length.max {
        None if !phase.length.min.is_zero() => format!(
            "Planned length: at least {}, open-ended",
            words::length(phase.length.min)
        ),
        _ => format!("Planned length: {}", words::phase_length(phase.length)),
    };
    let mut items = vec![
        vec![text(length)],
        vec![text(format!(
            "Starts at the level: {}",
            words::level_name(manual, &phase.starting_level)
        ))],
    ];
    if !phase.skills.is_empty() {
        let names: Vec<String> = phase
            .skills
            .iter()
            .map(|k| words::skill_name(manual, k))
            .collect();
        items.push(vec![text(format!(
            "Leans on: {}",
            words::join(&names, "and")
        ))]);
    }
    for m in &manual.milestones {
        if m.anchor == Anchor::PhaseEntry(phase.key.clone()) {
            let mut item = vec![Inline::Strong(format!("Milestone: {}", m.name))];
            item.extend(cited(
                manual,
                format!(", {}", words::milestone(m, "entering the phase")),
                &m.citations,
            ));
            items.push(item);
        }
    }
    out.push(Block::List(items));
    for (exit, title) in [(false, "Entry criteria:"), (true, "Exit criteria:")] {
        let list = criteria(manual, phase, exit);
        if !list.is_empty() {
            out.push(Block::Para(vec![Inline::Strong(title.to_owned())]));
            out.push(Block::List(list));
        }
    }
}

fn phases(manual: &Sourced<'_>, out: &mut Vec<Block>) {
    out.push(Block::Heading(2, "Phases".to_owned()));
    out.push(Block::Para(vec![text(format!(
        "A coaching relationship goes through {} in order.",
        words::plural(manual.phases.len() as u64, "phase")
    ))]));
    for (i, phase) in manual.phases.iter().enumerate() {
        phase_block(manual, i + 1, phase, out);
    }
    let overall: Vec<Vec<Inline>> = manual
        .milestones
        .iter()
        .filter(|m| m.anchor == Anchor::RelationshipStart)
        .map(|m| {
            let mut item = vec![Inline::Strong(m.name.clone())];
            item.extend(cited(
                manual,
                format!(": {}", words::milestone(m, "the relationship starts")),
                &m.citations,
            ));
            item
        })
        .collect();
    if !overall.is_empty() {
        out.push(Block::Heading(
            3,
            "Milestones of the relationship".to_owned(),
        ));
        out.push(Block::List(overall));
    }
}

/// Groups of sites that enter a phase in months of their own.
fn strata(manual: &Sourced<'_>, out: &mut Vec<Block>) {
    if manual.strata.is_empty() {
        return;
    }
    out.push(Block::Heading(
        3,
        "Strata: when sites enter a phase".to_owned(),
    ));
    let items = manual
        .strata
        .iter()
        .map(|s| {
            let months: Vec<String> = s.months.iter().map(|m| m.get().to_string()).collect();
            let mut item = vec![Inline::Strong(s.name.clone())];
            item.extend(cited(
                manual,
                format!(
                    ": {} Sites of this stratum enter “{}” in month {} of their relationship.",
                    s.description,
                    words::phase_name(manual, &s.enters),
                    words::join(&months, "or")
                ),
                &s.citations,
            ));
            item
        })
        .collect();
    out.push(Block::List(items));
}

/// What sites receive, offered to all or to some.
fn components(manual: &Sourced<'_>, out: &mut Vec<Block>) {
    if manual.components.is_empty() {
        return;
    }
    out.push(Block::Heading(2, "Components".to_owned()));
    out.push(Block::Para(vec![text(
        "What sites receive. A component offered to some sites is recorded on each relationship offered it, with the day it was received where the site took it up.",
    )]));
    let items = manual
        .components
        .iter()
        .map(|c| {
            let offered = match c.offered {
                crate::manual::Offered::AllSites => "offered to every site",
                crate::manual::Offered::SomeSites => "offered to some sites",
            };
            let mut item = vec![Inline::Strong(c.name.clone())];
            item.extend(cited(
                manual,
                format!(" ({offered}): {}", c.description),
                &c.citations,
            ));
            item
        })
        .collect();
    out.push(Block::List(items));
}

fn level_row(level: &crate::manual::IntensityLevel) -> Vec<Vec<Inline>> {
    let mut row = vec![vec![text(level.name.clone())]];
    let mut minutes = 0_u64;
    let mut unknown = Vec::new();
    for channel in Channel::ALL {
        if level.not_reported.contains(&channel) {
            unknown.push(words::channel(channel));
            row.push(vec![text("not reported")]);
            continue;
        }
        let cell = if let Some(d) = level.annual(channel) {
            if let Some(m) = d.max_minutes {
                minutes = minutes.saturating_add(m);
            } else if d.max_contacts > 0 {
                unknown.push(words::channel(channel));
            }
            level
                .prescription(channel)
                .map_or_else(|| words::annual(channel, d), |p| words::annual_of(p, d, ""))
        } else {
            let p = level.prescription(channel);
            let over = p.map_or("", |p| words::per(p.per));
            unknown.push(words::channel(channel));
            p.map_or_else(String::new, |p| {
                format!("{} {over}", words::annual(channel, p.times(1)))
            })
        };
        row.push(vec![text(cell)]);
    }
    let names: Vec<String> = unknown.iter().map(|s| (*s).to_owned()).collect();
    let total = match (minutes, names.is_empty()) {
        (m, true) => format!("up to {}", crate::manual::Dose::hours(m)),
        (0, false) => "not counted per year".to_owned(),
        (m, false) => format!(
            "up to {}, plus {} contacts without hours",
            crate::manual::Dose::hours(m),
            words::join(&names, "and")
        ),
    };
    row.push(vec![text(total)]);
    row
}

fn levels(manual: &Sourced<'_>, out: &mut Vec<Block>) {
    out.push(Block::Heading(2, "Dose: intensity levels".to_owned()));
    out.push(Block::Para(vec![text(
        "Levels are listed from most to least intensive; stepping up or down moves along this list. A channel a level does not list gets no contacts.",
    )]));
    for level in &manual.intensity_levels {
        out.push(Block::Heading(3, level.name.clone()));
        out.push(Block::Para(cited(
            manual,
            level.description.clone(),
            &level.citations,
        )));
        let mut items: Vec<Vec<Inline>> = level
            .prescriptions
            .iter()
            .map(|p| {
                cited(
                    manual,
                    words::capital(&words::prescription(p)),
                    &p.citations,
                )
            })
            .collect();
        items.extend(level.not_reported.iter().map(|c| {
            cited(
                manual,
                format!(
                    "{}: the sources name this channel but report no dose, so none is prescribed here.",
                    words::capital(words::channel(*c))
                ),
                &level.citations,
            )
        }));
        let year: Vec<String> = Channel::ALL
            .into_iter()
            .filter(|c| level.prescription(*c).is_some())
            .filter_map(|c| {
                Some(words::annual_of(
                    level.prescription(c)?,
                    level.annual(c)?,
                    "",
                ))
            })
            .collect();
        if !year.is_empty() {
            items.push(vec![text(format!(
                "Over a year: {}",
                words::join(&year, "and")
            ))]);
        }
        if let Some(tailored) = &level.tailored {
            items.push(cited(
                manual,
                format!("Tailored to each site: {}", tailored.description),
                &tailored.citations,
            ));
        }
        out.push(Block::List(items));
    }
    out.push(Block::Heading(3, "Levels over a year".to_owned()));
    out.push(Block::Table {
        head: vec![
            "Level".to_owned(),
            "In person a year".to_owned(),
            "Remote a year".to_owned(),
            "Contact hours a year".to_owned(),
        ],
        rows: manual.intensity_levels.iter().map(level_row).collect(),
    });
    chart::section(manual, out);
}

fn titration(manual: &Sourced<'_>, out: &mut Vec<Block>) {
    let Some(t) = &manual.titration else {
        return;
    };
    out.push(Block::Heading(
        2,
        "Titration: how the dose changes".to_owned(),
    ));
    let mut items = Vec::new();
    if let Some(floor) = &t.floor {
        items.push(cited(
            manual,
            format!("No level prescribes less than {}.", words::floor(floor)),
            &floor.citations,
        ));
    }
    if let Some(interval) = &t.min_weeks_between_changes {
        items.push(cited(
            manual,
            format!(
                "Two changes of dose are at least {} apart, unless a rule says it may come sooner.",
                words::plural(u64::from(interval.weeks.get()), "week")
            ),
            &interval.citations,
        ));
    }
    if !items.is_empty() {
        out.push(Block::List(items));
    }
    if t.rules.is_empty() {
        return;
    }
    out.push(Block::Para(vec![text(
        "The rules, in order; the first whose trigger matches applies:",
    )]));
    let rules = t
        .rules
        .iter()
        .map(|r| {
            let mut s = words::capital(&words::trigger(manual, &r.trigger));
            let _ = write!(s, ": {}.", words::adjustment(manual, &r.adjustment));
            if r.reason_required {
                s.push_str(" The reason is recorded.");
            }
            if r.overrides_interval {
                s.push_str(" This may come sooner than the interval between changes.");
            }
            cited(manual, s, &r.citations)
        })
        .collect();
    out.push(Block::List(rules));
}

fn team(manual: &Sourced<'_>, out: &mut Vec<Block>) {
    out.push(Block::Heading(2, "Teams and roles".to_owned()));
    let mut items = Vec::new();
    if let Some(rule) = &manual.team {
        let who = match &rule.required_for {
            TeamRequirement::NoSites => "No site needs a team; where a site has one, it is".to_owned(),
            TeamRequirement::SelectedOrganizations => {
                "Sites of organizations selected for it (the program flags them) are coached by a team; other sites may have a single coach. A team is".to_owned()
            }
            other => format!("{} is coached by a team:", words::capital(&words::team_requirement(manual, other))),
        };
        let joint = if rule.joint_contacts {
            " The team's coaches make their contacts together."
        } else {
            " The team's coaches may make contacts separately."
        };
        items.push(cited(
            manual,
            format!("{who} {}.{joint}", words::team_roles(manual, rule)),
            &rule.citations,
        ));
        if let Some(policy) = &rule.for_coaches_without {
            items.push(cited(
                manual,
                format!(
                    "A team is {} for a coach without {}.",
                    words::requirement(policy.requirement),
                    words::experience(manual, &policy.experience)
                ),
                &policy.citations,
            ));
        }
    } else {
        items.push(vec![text("Each site is coached by a single coach.")]);
    }
    if let Some(caseload) = &manual.caseload {
        items.push(cited(
            manual,
            format!(
                "A coach with more than {} is flagged with a warning.",
                words::caseload(caseload)
            ),
            &caseload.citations,
        ));
    }
    out.push(Block::List(items));
}

fn qualifications(manual: &Sourced<'_>, out: &mut Vec<Block>) {
    if manual.qualifications.is_empty() {
        return;
    }
    out.push(Block::Heading(2, "Qualifications".to_owned()));
    for (requirement, title) in [
        (Requirement::Required, "Required"),
        (Requirement::Recommended, "Recommended"),
        (Requirement::NotRequired, "Deliberately not required"),
    ] {
        let items: Vec<Vec<Inline>> = manual
            .qualifications
            .iter()
            .filter(|q| q.requirement == requirement)
            .map(|q| {
                let mut s = words::capital(&words::check(manual, &q.check));
                if let Some(role) = &q.role {
                    let _ = write!(
                        s,
                        " (for the {})",
                        words::term(manual, Vocabulary::Roles, role)
                    );
                }
                s.push('.');
                let why: Vec<&str> = q
                    .citations
                    .iter()
                    .filter_map(|c| c.rationale.as_deref())
                    .collect();
                if !why.is_empty() {
                    let _ = write!(s, " Why: {}", why.join(" "));
                }
                cited(manual, s, &q.citations)
            })
            .collect();
        if !items.is_empty() {
            out.push(Block::Heading(3, title.to_owned()));
            out.push(Block::List(items));
        }
    }
}

fn activities(manual: &Sourced<'_>, out: &mut Vec<Block>) {
    if manual.activities.is_empty()
        && manual.collaborative.is_none()
        && manual.response_time.is_none()
    {
        return;
    }
    out.push(Block::Heading(2, "Activities".to_owned()));
    if !manual.activities.is_empty() {
        let rows = manual
            .activities
            .iter()
            .map(|a| {
                let who: Vec<String> = a
                    .attendees
                    .iter()
                    .map(|x| words::attendee(manual, x))
                    .collect();
                let span = words::span(a.min_minutes, a.max_minutes);
                vec![
                    cited(manual, a.name.clone(), &a.citations),
                    vec![text(words::join(&who, "and"))],
                    vec![text(words::cadence(manual, &a.cadence))],
                    vec![text(if span.is_empty() {
                        "not set".to_owned()
                    } else {
                        span
                    })],
                ]
            })
            .collect();
        out.push(Block::Table {
            head: ["Activity", "Who", "When", "How long"]
                .map(str::to_owned)
                .to_vec(),
            rows,
        });
    }
    let mut items = Vec::new();
    if let Some(r) = &manual.response_time {
        items.push(said(
            manual,
            format!("{}.", words::response_time(r)),
            &r.citations,
        ));
    }
    if let Some(c) = &manual.collaborative {
        let when = match &c.learning_sessions {
            LearningSessions::Every(f) => words::frequency(*f),
            LearningSessions::Dated(dates) => {
                let d: Vec<String> = dates.iter().map(ToString::to_string).collect();
                format!("on {}", words::join(&d, "and"))
            }
            LearningSessions::Count(n) => format!(
                "{} in all (their dates and spacing are not reported)",
                words::number(u64::from(n.get()))
            ),
        };
        items.push(cited(
            manual,
            format!(
                "Coaching sits in a learning collaborative ({}), with learning sessions {when}.",
                c.model
            ),
            &c.citations,
        ));
        for (what, count) in [
            (
                "members of each site's team attend each session",
                &c.delegates,
            ),
            ("faculty serve every team at once", &c.faculty),
            ("site teams take part in one collaborative", &c.teams),
        ] {
            if let Some(count) = count {
                items.push(cited(
                    manual,
                    format!("{} {what}.", words::capital(&words::headcount(count))),
                    &count.citations,
                ));
            }
        }
        if let Some((low, high)) = c.attendances() {
            items.push(vec![Inline::Text(format!(
                "Each site's team thus makes {} attendances at learning sessions over the collaborative (delegates times sessions).",
                words::range(low, high)
            ))]);
        }
    }
    if !items.is_empty() {
        out.push(Block::List(items));
    }
}

fn skills(manual: &Sourced<'_>, out: &mut Vec<Block>) {
    out.push(Block::Heading(2, "Skills".to_owned()));
    if manual.skills.is_empty() {
        out.push(Block::Para(vec![text(
            "The sources this manual is built from name no coaching skills, so none is listed: a gap, not a finding that none is needed.",
        )]));
    }
    for (tier, title) in [
        (SkillTier::Core, "Core skills, expected of every coach"),
        (SkillTier::Specialty, "Specialty skills"),
    ] {
        let items: Vec<Vec<Inline>> = manual
            .skills
            .iter()
            .filter(|s| s.tier == tier)
            .map(|s| {
                let mut item = vec![Inline::Strong(s.name.clone())];
                let mut held = Vec::new();
                held.extend(
                    s.disciplines
                        .iter()
                        .map(|k| words::term(manual, Vocabulary::Disciplines, k)),
                );
                held.extend(
                    s.roles
                        .iter()
                        .map(|k| words::term(manual, Vocabulary::Roles, k)),
                );
                let mut w = String::new();
                if !held.is_empty() {
                    let _ = write!(w, " (held by coaches of {})", words::join(&held, "or"));
                }
                let _ = write!(w, ": {}", s.description);
                if s.gap {
                    w.push_str(" Gap: sites asked for this help and coaching did not provide it.");
                }
                item.extend(cited(manual, w, &s.citations));
                item
            })
            .collect();
        if !items.is_empty() {
            out.push(Block::Heading(3, title.to_owned()));
            out.push(Block::List(items));
        }
    }
}

fn measures(manual: &Sourced<'_>, out: &mut Vec<Block>) {
    if manual.measures.is_empty() {
        return;
    }
    out.push(Block::Heading(2, "Measures".to_owned()));
    let rows = manual
        .measures
        .iter()
        .map(|m| {
            let about = match m.scope {
                MeasureScope::Initiative => "the whole initiative",
                MeasureScope::Coaching => "coaching itself",
            };
            let better = match m.better {
                Some(Better::Higher) => "higher",
                Some(Better::Lower) => "lower",
                None => "neither",
            };
            vec![
                cited(manual, m.name.clone(), &m.citations),
                vec![text(words::term(manual, Vocabulary::MeasureKinds, &m.kind))],
                vec![text(about)],
                vec![text(m.unit.clone())],
                vec![text(better)],
            ]
        })
        .collect();
    out.push(Block::Table {
        head: ["Measure", "Kind", "Speaks of", "Unit", "Better"]
            .map(str::to_owned)
            .to_vec(),
        rows,
    });
}

fn materials(manual: &Sourced<'_>, out: &mut Vec<Block>) {
    if manual.materials.is_empty() {
        return;
    }
    out.push(Block::Heading(2, "Materials".to_owned()));
    let items = manual
        .materials
        .iter()
        .map(|m| {
            let mut item = vec![
                Inline::Strong(m.name.clone()),
                text(format!(": {}", m.description)),
            ];
            if let Some(location) = &m.location {
                item.push(text(" Where: "));
                match safe_url(location) {
                    Some(href) => item.push(Inline::Link {
                        text: location.clone(),
                        href,
                    }),
                    None => item.push(text(location.clone())),
                }
                item.push(text("."));
            }
            item.extend(cites(manual, &m.citations));
            item
        })
        .collect();
    out.push(Block::List(items));
}

fn figures(manual: &Sourced<'_>, out: &mut Vec<Block>) {
    if manual.figures.is_empty() {
        return;
    }
    out.push(Block::Heading(2, "Published figures".to_owned()));
    let value = |e: Estimate| {
        let value = e
            .value
            .map_or_else(|| "not given".to_owned(), |v| v.to_string());
        match e.spread {
            Some(spread) => format!("{value} ({spread})"),
            None => value,
        }
    };
    let range = |e: Estimate| match (e.low, e.high) {
        (Some(l), Some(h)) => format!("{l} to {h}"),
        (Some(l), None) => format!("from {l}"),
        (None, Some(h)) => format!("up to {h}"),
        (None, None) => "not given".to_owned(),
    };
    let mut rows = Vec::new();
    for f in &manual.figures {
        rows.push(vec![
            cited(manual, f.name.clone(), &f.citations),
            vec![text(value(f.estimate()))],
            vec![text(range(f.estimate()))],
            vec![text(f.unit.clone())],
            vec![text(words::compared(manual, f))],
        ]);
        // Each group on its own row under its figure, with its own citations.
        for g in &f.groups {
            rows.push(vec![
                cited(manual, format!("{}, {}", f.name, g.name), &g.citations),
                vec![text(value(g.estimate()))],
                vec![text(range(g.estimate()))],
                vec![text(f.unit.clone())],
                vec![text("as above")],
            ]);
        }
    }
    out.push(Block::Table {
        head: ["Figure", "Value", "Range", "Unit", "Compared with"]
            .map(str::to_owned)
            .to_vec(),
        rows,
    });
}

fn glossary(manual: &Sourced<'_>, out: &mut Vec<Block>) {
    out.push(Block::Heading(2, "The manual's terms".to_owned()));
    out.push(Block::Para(vec![
        text("The names this manual gives its own disciplines, roles, degrees and other kinds; programs refer to them by key. The crate's general terms (phase, intensity level, titration, evidence) are explained in "),
        Inline::Link { text: "docs/glossary.md".to_owned(), href: "glossary.md".to_owned() },
        text("."),
    ]));
    let v = &manual.vocabularies;
    for vocabulary in Vocabulary::ALL {
        let items: Vec<Vec<Inline>> = if vocabulary == Vocabulary::Degrees {
            v.degrees
                .iter()
                .map(|d| {
                    vec![
                        text(format!("{} ", d.name)),
                        Inline::Code(d.key.to_string()),
                        text(format!(", counts as {}", words::degree(d.level))),
                    ]
                })
                .collect()
        } else {
            v.entries(vocabulary)
                .map(|(key, name)| vec![text(format!("{name} ")), Inline::Code(key.to_string())])
                .collect()
        };
        if !items.is_empty() {
            out.push(Block::Heading(
                3,
                words::capital(&vocabulary.as_str().replace('_', " ")),
            ));
            out.push(Block::List(items));
        }
    }
}

fn references(manual: &Sourced<'_>, out: &mut Vec<Block>) {
    out.push(Block::Heading(2, "References".to_owned()));
    out.push(Block::Para(vec![text(
        "Each value is followed by its evidence: a number refers to the list below, with the kind of evidence (reported by the authors, a participant's report quoted in the source, cited from another work, or derived from published data); design marks a choice of the manual's authors, with its rationale in the JSON.",
    )]));
    let items = manual
        .sources
        .iter()
        .map(|s| {
            let mut item = vec![text(s.citation.clone())];
            if let Some(doi) = &s.doi {
                item.push(text(" doi: "));
                match doi_url(doi) {
                    Some(href) => item.push(Inline::Link {
                        text: doi.clone(),
                        href,
                    }),
                    None => item.push(text(doi.clone())),
                }
            }
            // A DOI given as the address links to doi.org; validation refuses any other
            // address that is not http or https, which could not be linked safely.
            let href =
                |u: &str| safe_url(u).or_else(|| crate::manual::url_doi(u).and_then(doi_url));
            if let Some((url, href)) = s.url.as_ref().and_then(|u| Some((u, href(u)?))) {
                item.push(text(" "));
                item.push(Inline::Link {
                    text: url.clone(),
                    href,
                });
            }
            item
        })
        .collect();
    out.push(Block::References(items));
}
