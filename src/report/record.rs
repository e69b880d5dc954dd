//! What a program's record adds to the TIDieR checklist: the contacts recorded by mode, the
//! sites by kind, tailoring as delivered (item 9), the manual versions followed (item 10) and
//! the fidelity summary (item 12).

use std::fmt::Write as _;

use super::item::{Entry, Item, Pointer};
use crate::fidelity::{ChannelSummary, Fidelity};
use crate::manual::Vocabulary;
use crate::program::{ContactMode, DecisionMaker, Relationship};
use crate::render::words;
use crate::{Date, Manual, Program};

/// A program's record read as of a day, with its fidelity reading.
pub(super) struct Record<'a> {
    /// The program.
    pub(super) program: &'a Program,
    /// The day read as of.
    pub(super) as_of: Date,
    /// Delivered against prescribed as of that day.
    pub(super) scored: &'a Fidelity,
}

/// The contacts a program recorded up to `as_of`, by mode: "Recorded up to 2016-12-31: 40 in
/// person, 12 by video, 30 by phone".
pub(super) fn modes_recorded(program: &Program, as_of: Date) -> Option<String> {
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

const fn decided_by(who: DecisionMaker) -> &'static str {
    match who {
        DecisionMaker::Coach => "the coach",
        DecisionMaker::Coaches => "the coaches",
        DecisionMaker::Supervisor => "a supervisor",
        DecisionMaker::Sponsor => "the sponsor",
        DecisionMaker::Site => "the site",
    }
}

/// Item 10: changes to the intervention itself, the manual's versions: the version this manual
/// replaces with what changed, and, with a record, the versions the program followed.
pub(super) fn modifications(manual: &Manual, record: Option<(&Program, Date)>) -> Item {
    const NUMBER: u8 = 10;
    const NAME: &str = "Modifications";
    let mut out = Vec::new();
    if let Some(r) = &manual.replaces {
        out.push(Entry::cited(
            format!(
                "Version {} of the manual replaces version {}",
                manual.version, r.version
            ),
            Pointer::manual("/replaces"),
            &r.citations,
        ));
        for (i, change) in r.changes.iter().enumerate() {
            out.push(Entry::cited(
                format!("Changed since version {}: {}", r.version, change),
                Pointer::manual(format!("/replaces/changes/{i}")),
                &r.citations,
            ));
        }
    }
    if let Some((program, as_of)) = record {
        out.extend(versions_followed(manual, program, as_of));
    }
    Item::new(
        NUMBER,
        NAME,
        out,
        "the manual names no version it replaces; a `replaces` member (the version replaced and what changed), or a program's record of the versions it followed (`manual.earlier`, with --program PROGRAM --as-of DATE), would fill it",
    )
}

/// The versions of the manual the program followed up to `as_of`: "From 2017-01-01 the program
/// followed the manual at versions ^2.0".
fn versions_followed(manual: &Manual, program: &Program, as_of: Date) -> Vec<Entry> {
    let reference = &program.manual;
    if reference.earlier.is_empty() {
        return vec![Entry::plain(
            format!(
                "The program followed one version of the manual throughout ({} at versions {}); it records no change of version",
                reference.id, reference.version
            ),
            Pointer::program("/manual"),
        )];
    }
    let mut out = Vec::new();
    let mut before: Option<&semver::VersionReq> = None;
    for stretch in reference.stretches() {
        if stretch.from.is_some_and(|from| from > as_of) {
            break;
        }
        let span = match (stretch.from, stretch.until) {
            (None, Some(until)) => format!("Up to {until}"),
            (Some(from), Some(until)) => format!("From {from} to {until}"),
            (Some(from), None) => format!("From {from}"),
            (None, None) => "Throughout".to_owned(),
        };
        let mut text = format!(
            "{span} the program followed the manual at versions {}",
            stretch.version
        );
        if let (Some(was), Some(r)) = (before, &manual.replaces)
            && was.matches(&r.version)
            && stretch.version.matches(&manual.version)
        {
            let _ = write!(
                text,
                ", version {} replacing {}: the changes are listed above",
                manual.version, r.version
            );
        }
        let pointer = stretch.earlier.map_or_else(
            || "/manual/version".to_owned(),
            |i| format!("/manual/earlier/{i}"),
        );
        out.push(Entry::plain(text, Pointer::program(pointer)));
        before = Some(stretch.version);
    }
    out
}

/// Item 9 as delivered: the program's titration decisions and returns to an earlier phase up to
/// `as_of`, with their reasons; a statement that there were none where the record has none.
pub(super) fn tailoring_delivered(manual: &Manual, program: &Program, as_of: Date) -> Vec<Entry> {
    let mut out = Vec::new();
    for (i, relationship) in program.relationships.iter().enumerate() {
        let site = program
            .sites
            .iter()
            .find(|s| s.id == relationship.site)
            .map_or_else(|| relationship.site.to_string(), |s| s.name.clone());
        tailoring(manual, relationship, i, &site, as_of, &mut out);
    }
    if out.is_empty() && !program.relationships.is_empty() {
        out.push(Entry::plain(
            format!(
                "As delivered: no titration decision or return to an earlier phase recorded in {} up to {as_of}",
                words::plural(program.relationships.len() as u64, "relationship")
            ),
            Pointer::program("/relationships"),
        ));
    }
    out
}

/// One relationship's tailoring up to `as_of`: its titration decisions, and its returns to an
/// earlier phase, each with its reason.
fn tailoring(
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
            "As delivered, {site}, {}: the level “{}”, decided by {}",
            d.date,
            words::level_name(manual, &d.level),
            decided_by(d.decided_by)
        );
        if let Some(key) = &d.rule {
            match manual.titration_rules().iter().find(|r| &r.key == key) {
                Some(rule) => {
                    let _ = write!(text, " (rule: {})", words::trigger(manual, &rule.trigger));
                }
                None => {
                    let _ = write!(text, " (rule {key})");
                }
            }
        }
        out.push(Entry::plain(
            with_reason(text, d.reason.as_deref()),
            Pointer::program(format!("/relationships/{i}/titration/{j}")),
        ));
    }
    // Returns to an earlier phase: a transition to a phase before the furthest reached.
    let mut furthest: Option<usize> = None;
    for (j, t) in relationship.phases.iter().enumerate() {
        if t.date > as_of {
            break;
        }
        let index = manual.phase_index(&t.phase);
        if let (Some(now), Some(before)) = (index, furthest)
            && now < before
        {
            let text = format!(
                "As delivered, {site}, {}: back to the phase “{}”",
                t.date,
                words::phase_name(manual, &t.phase)
            );
            out.push(Entry::plain(
                with_reason(text, t.reason.as_deref()),
                Pointer::program(format!("/relationships/{i}/phases/{j}")),
            ));
        }
        furthest = furthest.max(index);
    }
}

/// `text` followed by the reason recorded, or by a note that none was.
fn with_reason(mut text: String, reason: Option<&str>) -> String {
    match reason {
        Some(reason) => {
            let _ = write!(text, ": {reason}");
        }
        None => text.push_str(" (no reason recorded)"),
    }
    text
}

pub(super) fn actual(manual: &Manual, record: Option<&Record<'_>>) -> Item {
    const NUMBER: u8 = 12;
    const NAME: &str = "How well: actual";
    let Some(record) = record else {
        return Item::new(
            NUMBER,
            NAME,
            Vec::new(),
            "no program record given; a fidelity summary of a program (delivered against prescribed dose per period) would fill it (--program PROGRAM --as-of DATE, and --contacts LOG for a contact log kept beside it)",
        );
    };
    Item::new(
        NUMBER,
        NAME,
        fidelity(manual, record),
        "the record holds no coaching relationship with a period to score up to the day read; contacts recorded in relationships would fill it",
    )
}

/// "Read as of DATE: five relationships over 6.5 practice-years", with the contacts the
/// reading holds beyond the program's own, which came from a log read beside it.
fn read_as_of(program: &Program, as_of: Date, summary: &crate::fidelity::Summary) -> String {
    let mut text = format!(
        "Read as of {as_of}: {} over {:.1} practice-years",
        words::plural(summary.sites as u64, "relationship"),
        summary.practice_years
    );
    let own = program
        .relationships
        .iter()
        .map(|r| r.contacts.len() as u64)
        .sum::<u64>();
    let counted = summary
        .channels
        .iter()
        .map(|c| c.contacts)
        .sum::<u64>()
        .saturating_add(summary.unscored.total());
    let logged = counted.saturating_sub(own);
    if logged > 0 {
        let _ = write!(
            text,
            ", with {} from a contact log kept beside the program",
            words::plural(logged, "contact")
        );
    }
    text
}

/// The program's fidelity summary as of `as_of`, in statements: adherence and dose per
/// channel, runs below the minimum, activities held, contacts no period counted.
fn fidelity(manual: &Manual, record: &Record<'_>) -> Vec<Entry> {
    let (program, as_of, scored) = (record.program, record.as_of, record.scored);
    let summary = &scored.summary;
    let record = || Pointer::program("/relationships");
    let mut out = Vec::new();
    let read: Vec<&ChannelSummary> = summary
        .channels
        .iter()
        .filter(|c| c.complete_periods > 0 || c.contacts > 0 || c.unprescribed_contacts > 0)
        .collect();
    if read.is_empty() {
        return out;
    }
    out.push(Entry::plain(read_as_of(program, as_of, summary), record()));
    for c in read {
        out.push(Entry::plain(channel_statement(c), record()));
    }
    if !scored.shortfalls.is_empty() {
        let ongoing = scored.shortfalls.iter().filter(|s| s.ongoing).count();
        out.push(Entry::plain(
            format!(
                "{} of complete periods below the minimum, {} still going on",
                words::capital(&words::plural(scored.shortfalls.len() as u64, "run")),
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
        if !program.records_activity(&activity.key) {
            out.push(Entry::plain(
                format!(
                    "{}: not recorded by the program, so neither held nor missed as far as the record shows, and left out of adherence",
                    activity.name
                ),
                Pointer::program("/recorded_activities"),
            ));
        } else if expected > 0 {
            out.push(Entry::plain(
                format!(
                    "{}: held {held} of {expected} times expected",
                    activity.name
                ),
                record(),
            ));
        }
    }
    out.extend(departures(manual, program, as_of));
    let unscored = summary.unscored.total();
    if unscored > 0 {
        out.push(Entry::plain(
            format!(
                "{} recorded but counted in no period (outside the relationship or the days read, or on a channel the level prescribes nothing for)",
                words::capital(&words::plural(unscored, "contact"))
            ),
            record(),
        ));
    }
    out
}

/// One channel's reading in words: periods that reached the minimum, those too short to
/// score, the band, contacts and hours, and contacts delivered apart from the periods.
fn channel_statement(c: &ChannelSummary) -> String {
    let mut text = format!(
        "{}: {} of {} complete periods reached the prescribed minimum",
        words::capital(words::channel(c.channel)),
        c.met.saturating_add(c.above),
        c.complete_periods
    );
    if let Some(share) = c.adherence {
        let _ = write!(text, " ({:.0}%)", share * 100.0);
    }
    if c.too_short > 0 {
        let _ = write!(
            text,
            ", {} cut too short to score left out",
            words::plural(u64::from(c.too_short), "period")
        );
    }
    let _ = write!(
        text,
        ", {} within the prescribed band; {} contacts, {:.1} contact hours",
        c.met, c.contacts, c.contact_hours
    );
    if let Some(per_year) = c.hours_per_practice_year {
        let _ = write!(text, " ({per_year:.1} a practice-year)");
    }
    if c.unprescribed_contacts > 0 {
        let _ = write!(
            text,
            "; {} ({:.1} contact hours) on days the level prescribed no count (a dose tailored to each site), delivered but not scored",
            words::plural(c.unprescribed_contacts, "contact"),
            c.unprescribed_hours
        );
    }
    if c.fewer_coaches > 0 {
        let _ = write!(
            text,
            "; {} made by fewer coaches than a joint contact's prescription asks, not counted toward the minimum",
            words::plural(c.fewer_coaches, "contact")
        );
    }
    text
}

/// The program's sites by kind: "The program coaches eight sites (federally qualified health
/// center: 3; ...)"; `None` for a program without sites.
pub(super) fn sites(manual: &Manual, program: &Program) -> Option<Entry> {
    if program.sites.is_empty() {
        return None;
    }
    let mut kinds: Vec<(String, usize)> = Vec::new();
    for site in &program.sites {
        let name = words::term(manual, Vocabulary::SiteKinds, &site.kind);
        match kinds.iter_mut().find(|(k, _)| *k == name) {
            Some((_, n)) => *n += 1,
            None => kinds.push((name, 1)),
        }
    }
    let parts: Vec<String> = kinds.iter().map(|(k, n)| format!("{k}: {n}")).collect();
    Some(Entry::plain(
        format!(
            "The program coaches {} ({})",
            words::plural(program.sites.len() as u64, "site"),
            parts.join("; ")
        ),
        Pointer::program("/sites"),
    ))
}

/// Contacts up to `as_of` by a mode no prescription of their channel lists, where the manual
/// lists modes for that channel: departures in delivery, counted by mode.
fn departures(manual: &Manual, program: &Program, as_of: Date) -> Option<Entry> {
    let listed = |mode: ContactMode| {
        let channel = mode.channel();
        let prescriptions: Vec<_> = manual
            .intensity_levels
            .iter()
            .flat_map(|l| &l.prescriptions)
            .filter(|p| p.channel == channel && !p.modes.is_empty())
            .collect();
        prescriptions.is_empty() || prescriptions.iter().any(|p| p.modes.contains(&mode))
    };
    let mut counts: Vec<(ContactMode, u64)> = Vec::new();
    for contact in program
        .relationships
        .iter()
        .flat_map(|r| &r.contacts)
        .filter(|c| c.start.date() <= as_of && !listed(c.mode))
    {
        match counts.iter_mut().find(|(m, _)| *m == contact.mode) {
            Some((_, n)) => *n += 1,
            None => counts.push((contact.mode, 1)),
        }
    }
    if counts.is_empty() {
        return None;
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(mode, n)| format!("{} {}", words::plural(*n, "contact"), words::mode(*mode)))
        .collect();
    Some(Entry::plain(
        format!(
            "Departures in delivery: {} up to {as_of}, by a mode the manual does not prescribe",
            words::join(&parts, "and")
        ),
        Pointer::program("/relationships"),
    ))
}
