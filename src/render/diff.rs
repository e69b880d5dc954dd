//! What changed between two manuals, in words.

use std::fmt::Write as _;

use super::words;
use crate::Manual;
use crate::manual::{Activity, Channel, Phase, Qualification, TeamRequirement, Vocabulary};

/// How the sentences speak: of a change between two versions of one manual ("was added",
/// "is now ... (was: ...)"), or of a difference between two manuals ("only idocc has", "is ...
/// in idocc (... in evidencenow)"), where nothing changed into anything.
struct Voice {
    /// The old manual's id, where the two manuals differ.
    old: Option<String>,
    /// The new manual's id.
    new: String,
}

impl Voice {
    fn of(old: &Manual, new: &Manual) -> Self {
        Self {
            old: (old.id != new.id).then(|| old.id.to_string()),
            new: new.id.to_string(),
        }
    }

    /// `thing` (`the phase “X”`) is new: "The phase “X” was added: WORDS." or "Only NEW has the
    /// phase “X”: WORDS."
    fn added(&self, thing: &str, words: &str) -> String {
        let words = words.trim_end_matches('.');
        let tail = if words.is_empty() {
            ".".to_owned()
        } else {
            format!(": {words}.")
        };
        match &self.old {
            None => format!("{} was added{tail}", words::capital(thing)),
            Some(_) => format!("Only {} has {thing}{tail}", self.new),
        }
    }

    /// `thing` is gone: "The phase “X” was removed." or "Only OLD has the phase “X”."
    fn removed(&self, thing: &str) -> String {
        match &self.old {
            None => format!("{} was removed.", words::capital(thing)),
            Some(old) => format!("Only {old} has {thing}."),
        }
    }

    /// `subject` differs: "SUBJECT is now NOW (was: WAS)." or "SUBJECT is NOW in NEW (WAS in
    /// OLD)."
    fn changed(&self, subject: &str, now: &str, was: &str) -> String {
        match &self.old {
            None => format!("{} is now {now} (was: {was}).", words::capital(subject)),
            Some(old) => format!(
                "{} is {now} in {} ({was} in {old}).",
                words::capital(subject),
                self.new
            ),
        }
    }

    /// Whether the two are versions of one manual.
    fn versions(&self) -> bool {
        self.old.is_none()
    }
}

/// What changed from `old` to `new`, one sentence a change: the version, the team rule,
/// phases, intensity levels, titration rules, skills, qualifications, activities, milestones,
/// measures, materials, the manual's terms and its caseload, in words rather than fields
/// ("every site now needs a team of one behavioral health coach and one MD coach (was: sites of
/// selected organizations)"). Empty when nothing a coach would notice changed.
///
/// Two different manuals (other ids) are compared the same way, in words of difference rather
/// than change: "Only idocc has the phase “Year 1: intensive”", "Teams: a single coach at every
/// site in idocc (every site coached by a team of ... in ahrq-2009)".
#[must_use]
pub fn diff(old: &Manual, new: &Manual) -> Vec<String> {
    let mut out = Vec::new();
    let voice = Voice::of(old, new);
    if !voice.versions() {
        out.push(format!(
            "This compares two different manuals: “{}” ({} {}) and “{}” ({} {}).",
            old.title, old.id, old.version, new.title, new.id, new.version
        ));
    } else if old.version != new.version {
        out.push(format!(
            "The version went from {} to {}.",
            old.version, new.version
        ));
    }
    team(&voice, old, new, &mut out);
    phases(&voice, old, new, &mut out);
    levels(&voice, old, new, &mut out);
    rules(&voice, old, new, &mut out);
    named(
        &voice,
        "skill",
        &keyed(old, &old.skills, |s| {
            (s.key.to_string(), s.name.clone(), skill_words(s))
        }),
        &keyed(new, &new.skills, |s| {
            (s.key.to_string(), s.name.clone(), skill_words(s))
        }),
        &mut out,
    );
    qualifications(&voice, old, new, &mut out);
    named(
        &voice,
        "activity",
        &keyed(old, &old.activities, |a| {
            (a.key.to_string(), a.name.clone(), activity_words(old, a))
        }),
        &keyed(new, &new.activities, |a| {
            (a.key.to_string(), a.name.clone(), activity_words(new, a))
        }),
        &mut out,
    );
    named(
        &voice,
        "milestone",
        &keyed(old, &old.milestones, |m| {
            (m.key.to_string(), m.name.clone(), offset_words(m))
        }),
        &keyed(new, &new.milestones, |m| {
            (m.key.to_string(), m.name.clone(), offset_words(m))
        }),
        &mut out,
    );
    named(
        &voice,
        "measure",
        &keyed(old, &old.measures, |m| {
            (m.key.to_string(), m.name.clone(), m.unit.clone())
        }),
        &keyed(new, &new.measures, |m| {
            (m.key.to_string(), m.name.clone(), m.unit.clone())
        }),
        &mut out,
    );
    named(
        &voice,
        "material",
        &keyed(old, &old.materials, |m| {
            (m.key.to_string(), m.name.clone(), m.description.clone())
        }),
        &keyed(new, &new.materials, |m| {
            (m.key.to_string(), m.name.clone(), m.description.clone())
        }),
        &mut out,
    );
    components(&voice, old, new, &mut out);
    strata(&voice, old, new, &mut out);
    context(&voice, old, new, &mut out);
    response_time(&voice, old, new, &mut out);
    terms(&voice, old, new, &mut out);
    caseload(&voice, old, new, &mut out);
    out
}

/// Components, by key: offered to every site or to some.
fn components(voice: &Voice, old: &Manual, new: &Manual, out: &mut Vec<String>) {
    let item = |c: &crate::manual::Component| {
        let offered = match c.offered {
            crate::manual::Offered::AllSites => "offered to every site",
            crate::manual::Offered::SomeSites => "offered to some sites",
        };
        (c.key.to_string(), c.name.clone(), offered.to_owned())
    };
    named(
        voice,
        "component",
        &keyed(old, &old.components, item),
        &keyed(new, &new.components, item),
        out,
    );
}

/// Strata, by key: the phase they set the entry of, and its months.
fn strata(voice: &Voice, old: &Manual, new: &Manual, out: &mut Vec<String>) {
    fn item(m: &Manual, s: &crate::manual::Stratum) -> Item {
        let months: Vec<String> = s.months.iter().map(|n| n.get().to_string()).collect();
        (
            s.key.to_string(),
            s.name.clone(),
            format!(
                "entering “{}” in month {}",
                words::phase_name(m, &s.enters),
                words::join(&months, "or")
            ),
        )
    }
    named(
        voice,
        "stratum",
        &keyed(old, &old.strata, |s| item(old, s)),
        &keyed(new, &new.strata, |s| item(new, s)),
        out,
    );
}

/// The goal and the setting, where either changed.
fn context(voice: &Voice, old: &Manual, new: &Manual, out: &mut Vec<String>) {
    let goal = |m: &Manual| {
        m.goal
            .as_ref()
            .map(|g| g.text.trim_end_matches('.').to_owned() + &words::rests_only_on(&g.citations))
    };
    let setting = |m: &Manual| {
        m.setting.as_ref().map(|s| {
            [
                ("region", &s.region),
                ("population", &s.population),
                ("payer or sponsor", &s.payer),
            ]
            .into_iter()
            .filter_map(|(what, value)| value.as_ref().map(|v| format!("{what}: {v}")))
            .collect::<Vec<_>>()
            .join("; ")
        })
    };
    for (what, was, now) in [
        ("goal", goal(old), goal(new)),
        ("setting", setting(old), setting(new)),
    ] {
        match (was, now, &voice.old) {
            (None, Some(now), None) => out.push(format!("A {what} was stated: {now}.")),
            (Some(was), None, None) => {
                out.push(format!("The {what} was removed (was: {was})."));
            }
            (Some(was), Some(now), None) if was != now => {
                out.push(format!("The {what} is now: {now} (was: {was})."));
            }
            (None, Some(now), Some(_)) => {
                out.push(format!("Only {} states a {what}: {now}.", voice.new));
            }
            (Some(was), None, Some(old)) => {
                out.push(format!("Only {old} states a {what}: {was}."));
            }
            (Some(was), Some(now), Some(old)) if was != now => out.push(format!(
                "The {what} differs. In {}: {now}. In {old}: {was}.",
                voice.new
            )),
            _ => {}
        }
    }
}

/// How soon written questions are answered, in the words the evidence allows.
fn response_time(voice: &Voice, old: &Manual, new: &Manual, out: &mut Vec<String>) {
    let said = |m: &Manual| {
        m.response_time
            .as_ref()
            .map(|r| words::lower_first(&words::response_time(r)))
    };
    match (said(old), said(new)) {
        (None, Some(now)) => out.push(voice.added("a response time", &now)),
        (Some(was), None) if voice.versions() => {
            out.push(format!("The response time was removed (was: {was})."));
        }
        (Some(was), None) => out.push(voice.removed(&format!("a response time ({was})"))),
        (Some(was), Some(now)) if was != now && voice.versions() => {
            out.push(format!("The response time is now: {now} (was: {was})."));
        }
        (Some(was), Some(now)) if was != now => {
            out.push(voice.changed("the response time", &now, &was));
        }
        _ => {}
    }
}

/// (key, name, description in words) of each item.
type Item = (String, String, String);

fn keyed<T>(_manual: &Manual, items: &[T], f: impl Fn(&T) -> Item) -> Vec<Item> {
    items.iter().map(f).collect()
}

/// Added, removed and changed items of one kind, matched by key.
fn named(voice: &Voice, kind: &str, old: &[Item], new: &[Item], out: &mut Vec<String>) {
    for (key, name, words_new) in new {
        match old.iter().find(|(k, _, _)| k == key) {
            None => out.push(voice.added(&format!("the {kind} “{name}”"), words_new)),
            Some((_, old_name, words_old)) => {
                if old_name != name {
                    out.push(match &voice.old {
                        None => format!("The {kind} “{old_name}” is now called “{name}”."),
                        Some(old) => format!(
                            "The {kind} `{key}` is called “{name}” in {} (“{old_name}” in {old}).",
                            voice.new
                        ),
                    });
                }
                if words_old != words_new {
                    out.push(voice.changed(&format!("the {kind} “{name}”"), words_new, words_old));
                }
            }
        }
    }
    for (key, name, _) in old {
        if !new.iter().any(|(k, _, _)| k == key) {
            out.push(voice.removed(&format!("the {kind} “{name}”")));
        }
    }
}

fn skill_words(s: &crate::manual::Skill) -> String {
    let tier = match s.tier {
        crate::manual::SkillTier::Core => "a core skill",
        crate::manual::SkillTier::Specialty => "a specialty skill",
    };
    let mut out = if s.gap {
        format!("{tier}, marked as a gap sites asked to have filled")
    } else {
        tier.to_owned()
    };
    out.push_str(&words::rests_only_on(&s.citations));
    out
}

fn activity_words(manual: &Manual, a: &Activity) -> String {
    let who: Vec<String> = a
        .attendees
        .iter()
        .map(|x| words::attendee(manual, x))
        .collect();
    let mut s = format!(
        "{}, {}",
        words::cadence(manual, &a.cadence),
        words::join(&who, "and")
    );
    let span = words::span(a.min_minutes, a.max_minutes);
    if !span.is_empty() {
        let _ = write!(s, ", {span} each");
    }
    s.push_str(&words::rests_only_on(&a.citations));
    s
}

/// The team shape in words: a single coach at every site, or who is coached by which team.
pub(super) fn team_words(manual: &Manual) -> String {
    match &manual.team {
        None => "a single coach at every site".to_owned(),
        Some(rule) => format!(
            "{} coached by a team of {}{}",
            words::team_requirement(manual, &rule.required_for),
            words::team_roles(manual, rule),
            if rule.joint_contacts {
                " making contacts together"
            } else {
                ""
            }
        ),
    }
}

fn team(voice: &Voice, old: &Manual, new: &Manual, out: &mut Vec<String>) {
    match (&old.team, &new.team) {
        (Some(a), Some(b))
            if voice.versions() && a.required_for != b.required_for && a.roles == b.roles =>
        {
            let who = words::team_requirement(new, &b.required_for);
            let verb = if matches!(b.required_for, crate::manual::TeamRequirement::AllSites) {
                "every site now needs".to_owned()
            } else {
                format!("now {who} need")
            };
            out.push(format!(
                "{} a team of {} (was: {}).",
                words::capital(&verb),
                words::team_roles(new, b),
                words::team_requirement(old, &a.required_for)
            ));
            if a.joint_contacts != b.joint_contacts {
                out.push(if b.joint_contacts {
                    "A team's coaches now make their contacts together.".to_owned()
                } else {
                    "A team's coaches no longer need to make their contacts together.".to_owned()
                });
            }
        }
        _ => {
            let (was, now) = (team_words(old), team_words(new));
            match &voice.old {
                _ if was == now => {}
                None => out.push(format!("Teams: now {now} (was: {was}).")),
                Some(old) => out.push(format!("Teams: {now} in {} ({was} in {old}).", voice.new)),
            }
        }
    }
}

fn phase_words(manual: &Manual, p: &Phase) -> String {
    let length = words::phase_length(p.length);
    let level = manual
        .level(&p.starting_level)
        .map_or_else(|| p.starting_level.to_string(), |l| l.name.clone());
    format!(
        "{length}, starting at “{level}”, with {} and {}",
        words::plural(p.entry_criteria.len() as u64, "entry criterion"),
        words::plural(p.exit_criteria.len() as u64, "exit criterion")
    )
    .replace("criterions", "criteria")
}

fn phases(voice: &Voice, old: &Manual, new: &Manual, out: &mut Vec<String>) {
    named(
        voice,
        "phase",
        &keyed(old, &old.phases, |p| {
            (p.key.to_string(), p.name.clone(), phase_words(old, p))
        }),
        &keyed(new, &new.phases, |p| {
            (p.key.to_string(), p.name.clone(), phase_words(new, p))
        }),
        out,
    );
    let order = |m: &Manual| {
        m.phases
            .iter()
            .map(|p| p.key.to_string())
            .collect::<Vec<_>>()
    };
    let (a, b) = (order(old), order(new));
    if a.len() == b.len() && a != b && b.iter().all(|k| a.contains(k)) {
        out.push(match &voice.old {
            None => "The phases now come in a different order.".to_owned(),
            Some(old) => format!(
                "The phases come in a different order in {} and {old}.",
                voice.new
            ),
        });
    }
}

fn levels(voice: &Voice, old: &Manual, new: &Manual, out: &mut Vec<String>) {
    let key_name =
        |l: &crate::manual::IntensityLevel| (l.key.to_string(), l.name.clone(), String::new());
    named(
        voice,
        "intensity level",
        &keyed(old, &old.intensity_levels, key_name),
        &keyed(new, &new.intensity_levels, key_name),
        out,
    );
    for level in &new.intensity_levels {
        let Some(was) = old.level(&level.key) else {
            continue;
        };
        for channel in Channel::ALL {
            let (a, b) = (was.prescription(channel), level.prescription(channel));
            let words_of = |l: &crate::manual::IntensityLevel| {
                let p = l.prescription(channel);
                match p {
                    _ if l.not_reported.contains(&channel) => {
                        format!("{} not reported", words::channel(channel))
                    }
                    None => format!("no {}", words::channel(channel)),
                    Some(p) => words::prescription(p) + &words::rests_only_on(&p.citations),
                }
            };
            match (a, b) {
                (Some(a), Some(b)) if only_coaches_differ(a, b) => {
                    out.push(match &voice.old {
                        None => format!(
                            "At the level “{}”, each {} is now made by {} (was: {}).",
                            level.name,
                            words::contact(channel),
                            coaches_where(new, b, channel),
                            coaches_where(old, a, channel)
                        ),
                        Some(old_name) => format!(
                            "At the level “{}”, each {} is made by {} in {} ({} in {old_name}).",
                            level.name,
                            words::contact(channel),
                            coaches_where(new, b, channel),
                            voice.new,
                            coaches_where(old, a, channel)
                        ),
                    });
                }
                _ if words_of(was) != words_of(level) => out.push(voice.changed(
                    &format!("at the level “{}”, the dose", level.name),
                    &words_of(level),
                    &words_of(was),
                )),
                _ => {}
            }
        }
    }
}

/// Who makes each contact under `p`, with the scope the manual's team rule gives it: where
/// the rule makes a team's contacts joint, a visit prescribed to one coach still meant the
/// team's coaches together at the sites the rule covers (BHICCI's launch visits at the two
/// large systems), and a prescription of several coaches binds only those sites. A remote
/// contact of one coach is one coach's everywhere, as the plan has it.
fn coaches_where(manual: &Manual, p: &crate::manual::Prescription, channel: Channel) -> String {
    let n = p.coaches_per_contact.get();
    let coaches = match n {
        1 => "one coach".to_owned(),
        n => format!("{} coaches", words::number(u64::from(n))),
    };
    let Some(rule) = manual.team.as_ref().filter(|t| t.joint_contacts) else {
        return coaches;
    };
    if n == 1 && channel != Channel::InPerson {
        return coaches;
    }
    let scope = words::team_requirement(manual, &rule.required_for);
    match (&rule.required_for, n) {
        (TeamRequirement::NoSites, _) => coaches,
        (TeamRequirement::AllSites, 1) => {
            format!("one coach (a team's coaches together at {scope})")
        }
        (TeamRequirement::AllSites, _) => format!("{coaches} at {scope}"),
        (_, 1) => format!("one coach, a team's coaches together at {scope}"),
        (_, _) => format!("{coaches} at {scope}, one coach elsewhere"),
    }
}

fn rules(voice: &Voice, old: &Manual, new: &Manual, out: &mut Vec<String>) {
    let rule = |m: &Manual, r: &crate::manual::TitrationRule| {
        (
            r.key.to_string(),
            words::trigger(m, &r.trigger),
            words::adjustment(m, &r.adjustment),
        )
    };
    named(
        voice,
        "titration rule",
        &keyed(old, old.titration_rules(), |r| rule(old, r)),
        &keyed(new, new.titration_rules(), |r| rule(new, r)),
        out,
    );
    let floor = |m: &Manual| {
        m.titration
            .as_ref()
            .and_then(|t| t.floor.as_ref())
            .map(|f| {
                let parts: Vec<String> = f
                    .contacts
                    .iter()
                    .map(|c| {
                        format!(
                            "{} {}",
                            words::plural(
                                u64::from(c.min_contacts.get()),
                                words::contact(c.channel)
                            ),
                            words::period(c.per)
                        )
                    })
                    .collect();
                words::join(&parts, "and")
            })
    };
    match (floor(old), floor(new)) {
        (a, b) if a == b => {}
        (None, Some(b)) if voice.versions() => out.push(format!(
            "A floor was added: no level prescribes less than {b}."
        )),
        (Some(_), None) if voice.versions() => {
            out.push("The floor under every level was removed.".to_owned());
        }
        (Some(a), Some(b)) if voice.versions() => {
            out.push(format!("No level now prescribes less than {b} (was: {a})."));
        }
        (a, b) => out.push(voice.changed(
            "the floor under every level",
            &b.unwrap_or_else(|| "none".to_owned()),
            &a.unwrap_or_else(|| "none".to_owned()),
        )),
    }
    let interval = |m: &Manual| {
        m.titration
            .as_ref()
            .and_then(|t| t.min_weeks_between_changes.as_ref())
            .map(|i| words::plural(u64::from(i.weeks.get()), "week"))
    };
    if interval(old) != interval(new) {
        let show = |w: Option<String>| w.unwrap_or_else(|| "none".to_owned());
        out.push(voice.changed(
            "the shortest time between two dose changes",
            &show(interval(new)),
            &show(interval(old)),
        ));
    }
}

fn qualification_words(m: &Manual, q: &Qualification) -> String {
    let mut s = words::check(m, &q.check);
    if let Some(role) = &q.role {
        let _ = write!(s, " for the {}", words::term(m, Vocabulary::Roles, role));
    }
    s
}

fn qualifications(voice: &Voice, old: &Manual, new: &Manual, out: &mut Vec<String>) {
    let same = |a: &Qualification, b: &Qualification| a.check == b.check && a.role == b.role;
    for q in &new.qualifications {
        let what = qualification_words(new, q);
        match (old.qualifications.iter().find(|o| same(o, q)), &voice.old) {
            (None, None) => out.push(format!(
                "{} is now recorded as {}.",
                words::capital(&what),
                words::requirement(q.requirement)
            )),
            (None, Some(_)) => out.push(format!(
                "Only {} records {what}, as {}.",
                voice.new,
                words::requirement(q.requirement)
            )),
            (Some(o), _) if o.requirement != q.requirement => out.push(voice.changed(
                &what,
                words::requirement(q.requirement),
                words::requirement(o.requirement),
            )),
            (Some(_), _) => {}
        }
    }
    for o in &old.qualifications {
        if !new.qualifications.iter().any(|q| same(o, q)) {
            out.push(match &voice.old {
                None => format!(
                    "{} is no longer listed (was: {}).",
                    words::capital(&qualification_words(old, o)),
                    words::requirement(o.requirement)
                ),
                Some(old_id) => format!(
                    "Only {old_id} records {}, as {}.",
                    qualification_words(old, o),
                    words::requirement(o.requirement)
                ),
            });
        }
    }
}

fn terms(voice: &Voice, old: &Manual, new: &Manual, out: &mut Vec<String>) {
    for v in Vocabulary::ALL {
        let kind = v.as_str().replace('_', " ");
        let (a, b): (Vec<_>, Vec<_>) = (
            old.vocabularies.entries(v).collect(),
            new.vocabularies.entries(v).collect(),
        );
        for (key, name) in &b {
            if !a.iter().any(|(k, _)| k == key) {
                out.push(match &voice.old {
                    None => format!("“{name}” was added to the manual's {kind}."),
                    Some(_) => format!("Only {} has “{name}” among its {kind}.", voice.new),
                });
            }
        }
        for (key, name) in &a {
            if !b.iter().any(|(k, _)| k == key) {
                out.push(match &voice.old {
                    None => format!("“{name}” was removed from the manual's {kind}."),
                    Some(old) => format!("Only {old} has “{name}” among its {kind}."),
                });
            }
        }
    }
}

fn caseload(voice: &Voice, old: &Manual, new: &Manual, out: &mut Vec<String>) {
    let sites = |m: &Manual| m.caseload.as_ref().map(|c| (c.sites.get(), c.counted));
    let words_of = |m: &Manual| {
        m.caseload
            .as_ref()
            .map_or_else(|| "none".to_owned(), words::caseload)
    };
    match (sites(old), sites(new)) {
        (a, b) if a == b => {}
        _ if !voice.versions() => {
            out.push(voice.changed("the caseload threshold", &words_of(new), &words_of(old)));
        }
        (_, Some(_)) => out.push(format!(
            "A coach is now flagged above {} (was: {}).",
            new.caseload
                .as_ref()
                .map(words::caseload)
                .unwrap_or_default(),
            old.caseload
                .as_ref()
                .map_or_else(|| "no threshold".to_owned(), words::caseload)
        )),
        (Some(_), None) => out.push("The caseload threshold was removed.".to_owned()),
        (None, None) => {}
    }
}

fn offset_words(m: &crate::manual::Milestone) -> String {
    if m.offset.is_zero() {
        "at its start".to_owned()
    } else {
        format!("{} after its start", words::length(m.offset))
    }
}

/// Whether two prescriptions differ only in the coaches at each contact (and their evidence).
fn only_coaches_differ(a: &crate::manual::Prescription, b: &crate::manual::Prescription) -> bool {
    let mut same = b.clone();
    same.coaches_per_contact = a.coaches_per_contact;
    same.citations.clone_from(&a.citations);
    a.coaches_per_contact != b.coaches_per_contact && &same == a
}
