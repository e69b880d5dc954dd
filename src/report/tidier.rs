//! The TIDieR checklist (Hoffmann et al., BMJ 2014;348:g1687) filled from a manual and,
//! optionally, a program's record up to a day.

use std::fmt::Write as _;

use super::facts;
use super::item::{Entry, Item, Pointer};
use super::{Checklist, ManualRef};
use crate::fidelity::{ChannelSummary, Window};
use crate::manual::{
    Anchor, Cadence, Channel, Evidence, Prescription, TeamRequirement, Vocabulary,
};
use crate::program::{ContactMode, DecisionMaker, Relationship};
use crate::render::{build, words};
use crate::{Date, Manual, Program};

/// The TIDieR checklist of `manual`: its twelve items, each filled from the manual (and, for
/// items 6, 7, 10 and 12, from `record`: a program and the day it is read as of; item 12 is
/// the program's [fidelity summary](crate::fidelity::Summary)) or marked missing with what
/// would fill it.
#[must_use]
pub fn tidier(manual: &Manual, record: Option<(&Program, Date)>) -> Checklist {
    let items = vec![
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
            "a description of the manual's goal and the sources it draws on",
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
            how(manual, record),
            "prescriptions of contacts in intensity_levels",
        ),
        Item::new(
            7,
            "Where",
            place(manual, record),
            "the kinds of site coached, in vocabularies.site_kinds",
        ),
        Item::new(
            8,
            "When and how much",
            when(manual),
            "phases with planned lengths and intensity_levels with prescriptions",
        ),
        Item::new(
            9,
            "Tailoring",
            tailoring(manual),
            "titration: a floor, an interval between dose changes or rules for changing the dose",
        ),
        modifications(manual, record),
        Item::new(
            11,
            "How well: planned",
            planned(manual),
            "measures, or activities recorded with each contact, that a fidelity check reads",
        ),
        actual(manual, record),
    ];
    Checklist {
        manual: ManualRef::of(manual),
        as_of: record.map(|(_, date)| date),
        items,
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
    if !manual.description.trim().is_empty() {
        out.push(Entry::plain(
            manual.description.clone(),
            Pointer::manual("/description"),
        ));
    }
    let cited = manual.cited_objects();
    for (i, source) in manual.sources.iter().enumerate() {
        // The kinds of evidence the manual draws from this source, wherever it cites it.
        let kinds: Vec<Evidence> = cited
            .iter()
            .flat_map(|(_, citations)| citations.iter())
            .filter(|c| c.source.as_ref() == Some(&source.key))
            .map(|c| c.evidence)
            .collect();
        out.push(Entry::of_kinds(
            format!("Draws on {}", source.citation),
            Pointer::manual(format!("/sources/{i}")),
            kinds,
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
                format!("entering the phase “{}”", build::phase_name(manual, phase))
            }
        };
        out.push(Entry::cited(
            format!("Milestone {}: {}", m.name, build::milestone_words(m, &from)),
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
            format!(
                "A team coaches {}: {}{joint}",
                build::team_requirement(manual, &rule.required_for),
                build::team_roles(manual, rule)
            ),
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
            build::capital(words::requirement(q.requirement)),
            build::check(manual, &q.check)
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
    let &(first_level, first) = prescribed.first()?;
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
        build::capital(words::channel(channel)),
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
                build::team_requirement(manual, &rule.required_for)
            )
        } else {
            format!(
                "A team of {} at {}, whose coaches may make contacts separately",
                words::number(u64::from(rule.size())),
                build::team_requirement(manual, &rule.required_for)
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
            format!(
                "Written questions are answered within {}",
                words::plural(u64::from(r.hours.get()), "hour")
            ),
            Pointer::manual("/response_time"),
            &r.citations,
        ));
    }
    if let Some((program, as_of)) = record
        && let Some(text) = modes_recorded(program, as_of)
    {
        out.push(Entry::plain(text, Pointer::program("/relationships")));
    }
    out
}

/// The contacts a program recorded up to `as_of`, by mode: "Recorded up to 2016-12-31: 40 in
/// person, 12 by video, 30 by phone".
fn modes_recorded(program: &Program, as_of: Date) -> Option<String> {
    let modes = [
        ContactMode::InPerson,
        ContactMode::Video,
        ContactMode::Phone,
        ContactMode::Email,
    ];
    let mut counts = [0_usize; 4];
    let mut joint = 0_usize;
    for contact in program
        .relationships
        .iter()
        .flat_map(|r| &r.contacts)
        .filter(|c| c.start.date() <= as_of)
    {
        if let Some(i) = modes.iter().position(|m| *m == contact.mode)
            && let Some(count) = counts.get_mut(i)
        {
            *count += 1;
        }
        joint += usize::from(contact.is_joint());
    }
    let total: usize = counts.iter().sum();
    if total == 0 {
        return None;
    }
    let parts: Vec<String> = modes
        .iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|(mode, n)| format!("{n} {}", words::mode(*mode)))
        .collect();
    Some(format!(
        "Contacts recorded up to {as_of}: {}; {joint} of {total} made jointly",
        words::join(&parts, "and")
    ))
}

fn place(manual: &Manual, record: Option<(&Program, Date)>) -> Vec<Entry> {
    let mut out: Vec<Entry> = manual
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
        })
        .collect();
    if let Some((program, _)) = record
        && !program.sites.is_empty()
    {
        let mut kinds: Vec<(String, usize)> = Vec::new();
        for site in &program.sites {
            let name = words::term(manual, Vocabulary::SiteKinds, &site.kind);
            match kinds.iter_mut().find(|(k, _)| *k == name) {
                Some((_, n)) => *n += 1,
                None => kinds.push((name, 1)),
            }
        }
        let parts: Vec<String> = kinds.iter().map(|(k, n)| format!("{k}: {n}")).collect();
        out.push(Entry::plain(
            format!(
                "The program coaches {} ({})",
                words::plural(program.sites.len() as u64, "site"),
                parts.join("; ")
            ),
            Pointer::program("/sites"),
        ));
    }
    out
}

fn when(manual: &Manual) -> Vec<Entry> {
    let mut out = Vec::new();
    for (i, phase) in manual.phases.iter().enumerate() {
        let length = match phase.length.max {
            Some(max) if max == phase.length.min => words::length(max),
            Some(max) => format!(
                "{} to {}",
                words::length(phase.length.min),
                words::length(max)
            ),
            None => format!("at least {}", words::length(phase.length.min)),
        };
        out.push(Entry::cited(
            format!(
                "Phase {}, {}: {length}, starting at the level “{}”",
                i + 1,
                phase.name,
                build::level_name(manual, &phase.starting_level)
            ),
            Pointer::manual(format!("/phases/{i}/length")),
            &phase.citations,
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
    out
}

fn tailoring(manual: &Manual) -> Vec<Entry> {
    let Some(t) = &manual.titration else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(floor) = &t.floor {
        let parts: Vec<String> = floor
            .contacts
            .iter()
            .map(|c| {
                format!(
                    "{} {}",
                    words::plural(u64::from(c.min_contacts.get()), words::contact(c.channel)),
                    words::period(c.per)
                )
            })
            .collect();
        out.push(Entry::cited(
            format!(
                "No level prescribes less than {}",
                words::join(&parts, "and")
            ),
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
            build::capital(&build::trigger(manual, &rule.trigger)),
            build::adjustment(manual, &rule.adjustment)
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

const fn decided_by(who: DecisionMaker) -> &'static str {
    match who {
        DecisionMaker::Coach => "the coach",
        DecisionMaker::Coaches => "the coaches",
        DecisionMaker::Supervisor => "a supervisor",
        DecisionMaker::Sponsor => "the sponsor",
        DecisionMaker::Site => "the site",
    }
}

fn modifications(manual: &Manual, record: Option<(&Program, Date)>) -> Item {
    const NUMBER: u8 = 10;
    const NAME: &str = "Modifications";
    let Some((program, as_of)) = record else {
        return Item::new(
            NUMBER,
            NAME,
            Vec::new(),
            "no program record given; a program's titration decisions and phase regressions, with their reasons, would fill it (--program PROGRAM --as-of DATE)",
        );
    };
    let mut out = Vec::new();
    for (i, relationship) in program.relationships.iter().enumerate() {
        let site = program
            .sites
            .iter()
            .find(|s| s.id == relationship.site)
            .map_or_else(|| relationship.site.to_string(), |s| s.name.clone());
        decisions(manual, relationship, i, &site, as_of, &mut out);
        regressions(manual, relationship, i, &site, as_of, &mut out);
    }
    if out.is_empty() && !program.relationships.is_empty() {
        out.push(Entry::plain(
            format!(
                "No titration decision or phase regression recorded in {} up to {as_of}",
                words::plural(program.relationships.len() as u64, "relationship")
            ),
            Pointer::program("/relationships"),
        ));
    }
    Item::new(
        NUMBER,
        NAME,
        out,
        "the program records no coaching relationship; relationships with their titration decisions and phase transitions would fill it",
    )
}

fn decisions(
    manual: &Manual,
    relationship: &Relationship,
    i: usize,
    site: &str,
    as_of: Date,
    out: &mut Vec<Entry>,
) {
    for (j, d) in relationship.titration.iter().enumerate() {
        if d.date > as_of {
            continue;
        }
        let mut text = format!(
            "{site}, {}: the level “{}”, decided by {}",
            d.date,
            build::level_name(manual, &d.level),
            decided_by(d.decided_by)
        );
        if let Some(key) = &d.rule {
            match manual.titration_rules().iter().find(|r| &r.key == key) {
                Some(rule) => {
                    let _ = write!(text, " (rule: {})", build::trigger(manual, &rule.trigger));
                }
                None => {
                    let _ = write!(text, " (rule {key})");
                }
            }
        }
        match &d.reason {
            Some(reason) => {
                let _ = write!(text, ": {reason}");
            }
            None => text.push_str(" (no reason recorded)"),
        }
        out.push(Entry::plain(
            text,
            Pointer::program(format!("/relationships/{i}/titration/{j}")),
        ));
    }
}

fn regressions(
    manual: &Manual,
    relationship: &Relationship,
    i: usize,
    site: &str,
    as_of: Date,
    out: &mut Vec<Entry>,
) {
    let mut furthest: Option<usize> = None;
    for (j, t) in relationship.phases.iter().enumerate() {
        if t.date > as_of {
            break;
        }
        let index = manual.phase_index(&t.phase);
        if let (Some(now), Some(before)) = (index, furthest)
            && now < before
        {
            let mut text = format!(
                "{site}, {}: back to the phase “{}”",
                t.date,
                build::phase_name(manual, &t.phase)
            );
            match &t.reason {
                Some(reason) => {
                    let _ = write!(text, ": {reason}");
                }
                None => text.push_str(" (no reason recorded)"),
            }
            out.push(Entry::plain(
                text,
                Pointer::program(format!("/relationships/{i}/phases/{j}")),
            ));
        }
        furthest = furthest.max(index);
    }
}

fn planned(manual: &Manual) -> Vec<Entry> {
    let mut out = Vec::new();
    for (i, a) in manual.activities.iter().enumerate() {
        if matches!(a.cadence, Cadence::AroundContact { .. }) {
            out.push(Entry::cited(
                format!("Recorded with each contact: {}", facts::activity(manual, a)),
                Pointer::manual(format!("/activities/{i}")),
                &a.citations,
            ));
        }
    }
    for (i, m) in manual.measures.iter().enumerate() {
        let about = match m.scope {
            crate::manual::MeasureScope::Coaching => "a measure of coaching itself",
            crate::manual::MeasureScope::Initiative => {
                "a measure of the whole initiative, not of coaching alone"
            }
        };
        out.push(Entry::cited(
            format!("{} ({}): {about}", m.name, m.unit),
            Pointer::manual(format!("/measures/{i}")),
            &m.citations,
        ));
    }
    out
}

fn actual(manual: &Manual, record: Option<(&Program, Date)>) -> Item {
    const NUMBER: u8 = 12;
    const NAME: &str = "How well: actual";
    let Some((program, as_of)) = record else {
        return Item::new(
            NUMBER,
            NAME,
            Vec::new(),
            "no program record given; a fidelity summary of a program (delivered against prescribed dose per period) would fill it (--program PROGRAM --as-of DATE)",
        );
    };
    Item::new(
        NUMBER,
        NAME,
        fidelity(manual, program, as_of),
        "the record holds no coaching relationship with a period to score up to the day read; contacts recorded in relationships would fill it",
    )
}

/// The program's fidelity summary as of `as_of`, in statements: adherence and dose per
/// channel, runs below the minimum, activities held, contacts no period counted.
fn fidelity(manual: &Manual, program: &Program, as_of: Date) -> Vec<Entry> {
    let scored = program.fidelity(manual, Window::as_of(as_of));
    let summary = &scored.summary;
    let record = || Pointer::program("/relationships");
    let mut out = Vec::new();
    let read: Vec<&ChannelSummary> = summary
        .channels
        .iter()
        .filter(|c| c.complete_periods > 0 || c.contacts > 0)
        .collect();
    if read.is_empty() {
        return out;
    }
    out.push(Entry::plain(
        format!(
            "Read as of {as_of}: {} over {:.1} practice-years",
            words::plural(summary.sites as u64, "relationship"),
            summary.practice_years
        ),
        record(),
    ));
    for c in read {
        let mut text = format!(
            "{}: {} of {} complete periods reached the prescribed minimum",
            build::capital(words::channel(c.channel)),
            c.met.saturating_add(c.above),
            c.complete_periods
        );
        if let Some(share) = c.adherence {
            let _ = write!(text, " ({:.0}%)", share * 100.0);
        }
        let _ = write!(
            text,
            ", {} within the prescribed band; {} contacts, {:.1} contact hours",
            c.met, c.contacts, c.contact_hours
        );
        if let Some(per_year) = c.hours_per_practice_year {
            let _ = write!(text, " ({per_year:.1} a practice-year)");
        }
        out.push(Entry::plain(text, record()));
    }
    if !scored.shortfalls.is_empty() {
        let ongoing = scored.shortfalls.iter().filter(|s| s.ongoing).count();
        out.push(Entry::plain(
            format!(
                "{} of complete periods below the minimum, {} still going on",
                build::capital(&words::plural(scored.shortfalls.len() as u64, "run")),
                words::number(ongoing as u64)
            ),
            record(),
        ));
    }
    for activity in &manual.activities {
        let (expected, held) = scored
            .activities
            .iter()
            .filter(|a| a.activity == activity.key)
            .fold((0_u64, 0_u64), |(e, h), a| {
                (e + u64::from(a.expected), h + u64::from(a.held))
            });
        if expected > 0 {
            out.push(Entry::plain(
                format!(
                    "{}: held {held} of {expected} times expected",
                    activity.name
                ),
                record(),
            ));
        }
    }
    let unscored = summary.unscored.total();
    if unscored > 0 {
        out.push(Entry::plain(
            format!(
                "{} recorded but counted in no period (outside the relationship or the days read, or on a channel the level prescribes nothing for)",
                build::capital(&words::plural(unscored, "contact"))
            ),
            record(),
        ));
    }
    out
}
