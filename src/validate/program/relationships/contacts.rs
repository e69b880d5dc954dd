//! Contacts: who made them, whether they were assigned, what they worked on, the activities
//! held around them, how long they lasted, whether they came after the question they answer,
//! and whether one is logged twice.

use std::hash::BuildHasher as _;

use foldhash::{HashMap, HashMapExt, HashSet};

use super::super::InForce;
use super::super::assignments::Assignments;
use super::super::entities::Index;
use super::decisions::Levels;
use crate::manual::{Activity, Channel, IntensityLevel};
use crate::program::{Contact, Organization, Program, Relationship, Site, Stretch, stretch_on};
use crate::validate::check_listed_once;
use crate::validate::report::Findings;
use crate::{EntityId, Key, Manual, Rule};

/// What contacts are checked against, read once for the whole program.
pub(super) struct Contacts<'a> {
    program: &'a Program,
    in_force: &'a InForce<'a>,
    index: &'a Index,
    assignments: &'a Assignments<'a>,
    /// What each manual in force offers contacts, read once per manual.
    terms: Vec<Terms<'a>>,
}

/// What one manual offers contacts.
struct Terms<'a> {
    manual: &'a Manual,
    /// The manual's skills, for topics.
    skills: HashSet<&'a Key>,
    /// The manual's activities around contacts, which a contact may list.
    around: Vec<&'a Activity>,
    /// Those the program records, which a contact they go with should list (one it does not
    /// record is never missing), for each channel and whether the contact is joint: listed
    /// once here, not sorted out for every contact.
    expected: Vec<((Channel, bool), Vec<&'a Activity>)>,
}

impl<'a> Terms<'a> {
    fn new(manual: &'a Manual, program: &'a Program) -> Self {
        let recorded: Vec<&Activity> = manual.recorded_around_contacts(program).collect();
        let expected = Channel::ALL
            .into_iter()
            .flat_map(|channel| [(channel, false), (channel, true)])
            .map(|(channel, joint)| {
                let going = recorded.iter().filter(|a| a.goes_with(channel, joint));
                ((channel, joint), going.copied().collect())
            })
            .collect();
        Self {
            manual,
            skills: manual.skills.iter().map(|s| &s.key).collect(),
            around: manual.activities_around_contacts().collect(),
            expected,
        }
    }

    /// The recorded activities that go with a contact on `channel`, joint or not, in the
    /// manual's order.
    fn expected(&self, channel: Channel, joint: bool) -> &[&'a Activity] {
        self.expected
            .iter()
            .find(|(with, _)| *with == (channel, joint))
            .map_or(&[], |(_, activities)| activities)
    }
}

impl<'a> Contacts<'a> {
    pub(super) fn new(
        program: &'a Program,
        in_force: &'a InForce<'a>,
        index: &'a Index,
        assignments: &'a Assignments<'a>,
    ) -> Self {
        Self {
            program,
            in_force,
            index,
            assignments,
            terms: in_force
                .manuals()
                .into_iter()
                .map(|m| Terms::new(m, program))
                .collect(),
        }
    }

    /// What the manual in force on `date` offers contacts.
    fn terms_on(&self, date: crate::Date) -> Option<&Terms<'a>> {
        let manual = self.in_force.on(date);
        self.terms.iter().find(|t| std::ptr::eq(t.manual, manual))
    }

    /// Checks every contact of `relationship`, whose site is `site` where the program lists
    /// it.
    pub(super) fn check(
        &self,
        relationship: &Relationship,
        site: Option<ListedSite<'_>>,
        levels: &Levels<'_>,
        at: &str,
        findings: &mut Findings,
    ) {
        // Contacts already logged, by start, mode and an order-free hash of their coaches; a
        // hit is confirmed against the earlier contact's coaches, so no list is copied. Most
        // relationships log a few contacts: scanning the earlier ones beats building a map.
        const SCANNED: usize = 16;
        let contacts = &relationship.contacts;
        let mut seen: HashMap<(crate::ContactTime, crate::program::ContactMode, u64), usize> =
            HashMap::with_capacity(if contacts.len() > SCANNED {
                contacts.len()
            } else {
                0
            });
        let mut levels = LevelsInForce { levels, last: None };
        for (j, contact) in contacts.iter().enumerate() {
            // Pointers are built only for findings: most contacts have none.
            let here = || format!("{at}/contacts/{j}");
            self.check_contact(contact, site, &mut levels, &here, findings);
            let logged_before = if contacts.len() <= SCANNED {
                contacts
                    .iter()
                    .take(j)
                    .any(|earlier| same_contact(earlier, contact))
            } else {
                let coaches_hash = contact
                    .coaches
                    .iter()
                    .map(|c| foldhash::fast::FixedState::with_seed(0).hash_one(c))
                    .fold(0u64, u64::wrapping_add);
                let key = (contact.start, contact.mode, coaches_hash);
                let hit = seen
                    .get(&key)
                    .and_then(|&k| contacts.get(k))
                    .is_some_and(|earlier| same_contact(earlier, contact));
                if !hit {
                    seen.insert(key, j);
                }
                hit
            };
            if logged_before {
                findings.push(
                    Rule::ContactDuplicate,
                    here(),
                    format!("a contact by the same coaches, {} at {}, is already logged; expected each contact once", mode_name(contact), contact.start),
                );
            }
        }
    }

    /// Checks that each coach of a contact at `site` was assigned to it that day.
    fn check_assigned(
        &self,
        contact: &Contact,
        site: ListedSite<'_>,
        date: crate::Date,
        here: &dyn Fn() -> String,
        findings: &mut Findings,
    ) {
        let assigned = stretch_on(site.stretches, date).map_or(&[][..], |s| &s.coaches[..]);
        let site = site.id;
        for (k, coach) in contact.coaches.iter().enumerate() {
            if !assigned.contains(coach)
                && !self
                    .assignments
                    .unassigned_because(site, date, *coach)
                    .is_some_and(|(rule, path)| findings.follows((rule, &path)))
            {
                let coach = self.index.coach_name(self.program, *coach);
                findings.push_caused(
                    Rule::ContactCoachUnassigned,
                    format!("{}/coaches/{k}", here()),
                    format!("coach `{coach}` was not assigned to the site on {date}; a visiting coach belongs in `guests`"),
                    format!("coach `{coach}` made contacts at site `{}` on days no assignment gives them the site: add the assignment, or list them in `guests`", self.index.site_name(self.program, site)),
                );
            }
        }
    }

    /// Checks one contact; `here` writes its pointer.
    fn check_contact(
        &self,
        contact: &Contact,
        site: Option<ListedSite<'_>>,
        levels: &mut LevelsInForce<'a>,
        here: &dyn Fn() -> String,
        findings: &mut Findings,
    ) {
        let date = contact.start.date();
        check_travel(contact, here, findings);
        let Some(terms) = self.terms_on(date) else {
            return;
        };
        if let Some(asked) = contact.asked
            && asked > contact.start
        {
            findings.push(
                Rule::ContactAnsweredBeforeAsked,
                format!("{}/asked", here()),
                format!(
                    "the question was asked at {asked}, after the contact that answers it started at {}; expected `asked` at or before `start`",
                    contact.start
                ),
            );
        }
        if contact.coaches.is_empty() {
            findings.push(
                Rule::ContactCoachesNone,
                format!("{}/coaches", here()),
                "the contact names no coach; expected the coaches who made it".to_owned(),
            );
        }
        if contact.guests.is_empty() {
            check_listed_once(&contact.coaches, || format!("{}/coaches", here()), findings);
        } else {
            let everyone: Vec<EntityId> = contact
                .coaches
                .iter()
                .chain(&contact.guests)
                .copied()
                .collect();
            check_listed_once(&everyone, || format!("{}/coaches", here()), findings);
        }
        if let Some(site) = site {
            self.check_assigned(contact, site, date, here, findings);
        }
        for (k, guest) in contact.guests.iter().enumerate() {
            if !self.index.coaches.contains_key(guest) {
                findings.push(
                    Rule::ContactGuestUnknown,
                    format!("{}/guests/{k}", here()),
                    format!("coach {guest} is not among the program's coaches"),
                );
            }
        }
        for (k, topic) in contact.topics.iter().enumerate() {
            if !terms.skills.contains(topic) {
                findings.push(
                    Rule::ContactTopicUnknown,
                    format!("{}/topics/{k}", here()),
                    format!("topic `{topic}` is not a skill of the manual"),
                );
            }
        }
        check_listed_once(&contact.topics, || format!("{}/topics", here()), findings);
        check_listed_once(
            &contact.activities,
            || format!("{}/activities", here()),
            findings,
        );
        check_activities(contact, terms, here, findings);
        if let Some(level) = levels.on(date, terms.manual, site) {
            check_against_level(level, contact, here, findings);
        }
    }
}

/// A relationship's site, where the program lists it: its id, its record, its organization's
/// (where the program lists it) and its assignments in date order.
#[derive(Clone, Copy)]
pub(super) struct ListedSite<'p> {
    pub(super) id: EntityId,
    pub(super) record: &'p Site,
    pub(super) organization: Option<&'p Organization>,
    pub(super) stretches: &'p [Stretch],
}

/// The level in force on each contact's day, as the manual in force that day has it: looked up
/// again only where the level or the manual changes from one contact to the next, so that a
/// relationship's contacts find their level once per stay, not each.
struct LevelsInForce<'l> {
    levels: &'l Levels<'l>,
    /// The level of the latest contact.
    last: Option<LevelInForce<'l>>,
}

impl<'l> LevelsInForce<'l> {
    fn on(
        &mut self,
        date: crate::Date,
        manual: &'l Manual,
        site: Option<ListedSite<'_>>,
    ) -> Option<LevelInForce<'l>> {
        let key = self.levels.on(date)?;
        Some(match self.last {
            Some(last) if last.is_for(key, manual) => last,
            _ => *self.last.insert(LevelInForce::new(key, manual, site)),
        })
    }
}

/// The level in force on a contact's day, as the manual in force that day has it.
#[derive(Clone, Copy)]
struct LevelInForce<'l> {
    key: &'l Key,
    manual: &'l Manual,
    level: Option<&'l IntensityLevel>,
    /// Whether the team rule covers the site, where the site is known.
    team_site: Option<bool>,
}

impl<'l> LevelInForce<'l> {
    fn new(key: &'l Key, manual: &'l Manual, site: Option<ListedSite<'_>>) -> Self {
        Self {
            key,
            manual,
            level: manual.level(key),
            team_site: site.map(|s| manual.team_site(s.record, s.organization)),
        }
    }

    /// Whether this is `key` in `manual` (the same values, not only equal ones).
    fn is_for(&self, key: &Key, manual: &Manual) -> bool {
        std::ptr::eq(self.key, key) && std::ptr::eq(self.manual, manual)
    }
}

/// What the level in force asks of a contact: the most minutes, and the coaches of a joint
/// contact.
fn check_against_level(
    in_force: LevelInForce<'_>,
    contact: &Contact,
    here: &dyn Fn() -> String,
    findings: &mut Findings,
) {
    let Some(level) = in_force.level else {
        return;
    };
    if let Some(team_site) = in_force.team_site {
        check_joint(in_force.manual, level, team_site, contact, here, findings);
    }
    let allowed = level
        .prescription(contact.mode.channel())
        .and_then(|p| p.max_minutes);
    if let Some(max) = allowed
        && contact.minutes > max
    {
        findings.push(
            Rule::ContactMinutesAboveMaximum,
            format!("{}/minutes", here()),
            format!(
                "{} minutes {}; the level in force allows up to {max}",
                contact.minutes,
                mode_name(contact)
            ),
        );
    }
}

/// A contact by fewer coaches (guests included) than its own prescription asks for, where
/// the team rule covers the site and makes contacts joint: on every channel, each against
/// the prescription of its channel under the level in force.
fn check_joint(
    manual: &Manual,
    level: &IntensityLevel,
    team_site: bool,
    contact: &Contact,
    here: &dyn Fn() -> String,
    findings: &mut Findings,
) {
    let Some(asked) = manual.joint_coaches_at(level, contact.mode.channel(), team_site) else {
        return;
    };
    let made = contact.coach_count();
    // A contact naming no coach is `contact-coaches-none` already.
    if made == 0 || made >= usize::from(asked) {
        return;
    }
    findings.push(
        Rule::ContactFewerCoaches,
        format!("{}/coaches", here()),
        format!(
            "{made} of {asked} coaches made the contact {}; the level `{}` asks for {asked} per contact, and the team rule makes contacts at the site joint",
            mode_name(contact),
            level.key
        ),
    );
}

/// Travel is kept apart for in-person visits; on a remote contact, zero minutes says there was
/// none, and more is a mistake.
fn check_travel(contact: &Contact, here: &dyn Fn() -> String, findings: &mut Findings) {
    if let Some(travel) = contact.travel_minutes
        && travel.get() > 0
        && contact.mode.channel() == Channel::Remote
    {
        findings.push(
            Rule::ContactTravelRemote,
            format!("{}/travel_minutes", here()),
            format!(
                "{travel} minutes of travel on a contact {}; expected travel only for in-person visits, and none here",
                mode_name(contact)
            ),
        );
    }
}

/// Whether two lists hold the same coaches, in any order (lists of a few).
/// The same contact logged again: the same start, mode and coaches, in any order.
fn same_contact(earlier: &Contact, contact: &Contact) -> bool {
    earlier.start == contact.start
        && earlier.mode == contact.mode
        && same_coaches(&earlier.coaches, &contact.coaches)
}

fn same_coaches(a: &[EntityId], b: &[EntityId]) -> bool {
    a.len() == b.len()
        && a.iter()
            .all(|c| a.iter().filter(|x| *x == c).count() == b.iter().filter(|x| *x == c).count())
}

fn mode_name(contact: &Contact) -> &'static str {
    match contact.mode {
        crate::program::ContactMode::InPerson => "in person",
        crate::program::ContactMode::Video => "by video",
        crate::program::ContactMode::Phone => "by phone",
        crate::program::ContactMode::Email => "by email",
    }
}

/// Activities recorded must be the manual's around-contact activities; those the manual plans
/// around a contact like this one should be recorded.
fn check_activities(
    contact: &Contact,
    terms: &Terms<'_>,
    here: &dyn Fn() -> String,
    findings: &mut Findings,
) {
    let expected = terms.expected(contact.mode.channel(), contact.is_joint());
    // Most contacts list just the activities that go with them, in the manual's order: each
    // is then one the manual holds around contacts, and none is missing.
    if contact
        .activities
        .iter()
        .eq(expected.iter().map(|a| &a.key))
    {
        return;
    }
    for (k, activity) in contact.activities.iter().enumerate() {
        if !terms.around.iter().any(|a| &a.key == activity) {
            findings.push(
                Rule::ContactActivityUnknown,
                format!("{}/activities/{k}", here()),
                format!(
                    "activity `{activity}` is not an activity the manual holds around contacts"
                ),
            );
        }
    }
    let is_missing = |a: &&&Activity| !contact.activities.contains(&a.key);
    // The list is made only for a finding.
    if expected.iter().any(|a| is_missing(&a)) {
        let missing: Vec<&str> = expected
            .iter()
            .filter(is_missing)
            .map(|a| a.key.as_str())
            .collect();
        // A contact that records no activity has no `activities` member to point at.
        let path = if contact.activities.is_empty() {
            here()
        } else {
            format!("{}/activities", here())
        };
        findings.push(
            Rule::ContactActivityMissing,
            path,
            format!(
                "the contact records no {}; the manual plans it around such contacts",
                missing.join(", ")
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::program::ContactMode;

    /// Every list of up to three of the manual's activities around contacts and one it does
    /// not hold, in every order, on both channels, by one coach and by two: the findings are
    /// those of each activity looked for in the manual and each expected one in the list,
    /// whether or not the list is just the expected ones in the manual's order.
    #[test]
    fn activities_are_read_alike_in_any_order() {
        let manual = Manual::from_json(synthetic::MANUAL_JSON.as_bytes()).unwrap();
        let json = synthetic::program(1, synthetic::SEED, synthetic::Mix::DEFAULT);
        let program = Program::from_json(&json).unwrap();
        let terms = Terms::new(&manual, &program);
        let mut keys: Vec<Key> = manual
            .activities_around_contacts()
            .map(|a| a.key.clone())
            .collect();
        keys.push(Key::new("not-held").unwrap());
        let mut lists: Vec<Vec<Key>> = vec![Vec::new()];
        for _ in 0..3 {
            let longer: Vec<Vec<Key>> = lists
                .iter()
                .flat_map(|list| {
                    keys.iter()
                        .filter(|k| !list.contains(k))
                        .map(|k| [list.clone(), vec![k.clone()]].concat())
                })
                .collect();
            lists.extend(longer);
        }
        lists.sort();
        lists.dedup();
        let mut contact = program.relationships[0].contacts[0].clone();
        let coach = contact.coaches[0];
        let mut checked_fast = 0;
        for mode in [ContactMode::InPerson, ContactMode::Video] {
            for guests in [Vec::new(), vec![coach]] {
                for list in &lists {
                    contact.mode = mode;
                    contact.guests.clone_from(&guests);
                    contact.activities.clone_from(list);
                    let mut findings = Findings::default();
                    check_activities(&contact, &terms, &|| "/c".to_owned(), &mut findings);
                    let found: Vec<(String, String, String)> = findings
                        .finish()
                        .diagnostics()
                        .iter()
                        .map(|d| (d.rule.code().to_owned(), d.path.clone(), d.message.clone()))
                        .collect();
                    let (channel, joint) = (mode.channel(), contact.is_joint());
                    let mut want: Vec<(String, String, String)> = list
                        .iter()
                        .enumerate()
                        .filter(|(_, k)| !manual.activities_around_contacts().any(|a| &a.key == *k))
                        .map(|(i, k)| {
                            (
                                "contact-activity-unknown".to_owned(),
                                format!("/c/activities/{i}"),
                                format!("activity `{k}` is not an activity the manual holds around contacts"),
                            )
                        })
                        .collect();
                    let missing: Vec<&str> = manual
                        .recorded_around_contacts(&program)
                        .filter(|a| a.goes_with(channel, joint) && !list.contains(&a.key))
                        .map(|a| a.key.as_str())
                        .collect();
                    if !missing.is_empty() {
                        let path = if list.is_empty() {
                            "/c"
                        } else {
                            "/c/activities"
                        };
                        want.push((
                            "contact-activity-missing".to_owned(),
                            path.to_owned(),
                            format!(
                                "the contact records no {}; the manual plans it around such contacts",
                                missing.join(", ")
                            ),
                        ));
                    }
                    assert_eq!(found, want, "{mode:?}, joint {joint}, {list:?}");
                    if list
                        .iter()
                        .eq(terms.expected(channel, joint).iter().map(|a| &a.key))
                    {
                        checked_fast += 1;
                    }
                }
            }
        }
        // In each of the four cases one list is just the expected ones (for a visit by one
        // coach, the empty list: the manual's activities around visits are for joint ones).
        assert_eq!(checked_fast, 4);
    }
}
