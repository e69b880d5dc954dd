//! Valid programs built by construction against a generated manual (`tests/common/manual_gen.rs`),
//! so that validation finds nothing at all:
//!
//! - ids from a counter as UUIDs; sites of the manual's site kinds in 1 to 3 organizations,
//!   some of which require a team;
//! - coaches carrying what the manual's `required` and `recommended` checks read (a degree at
//!   the highest level asked, years of each experience kind, certifications, a discipline of
//!   each list, training hours, the core skills), and more picked from the vocabularies;
//!   coaches who coach alone have the experience the team rule's policy names;
//! - with a team rule, 1 to 3 teams, each of fresh coaches filling the rule's roles as many
//!   times as it says, each qualified for its role; without one, single coaches only;
//! - each site's assignments one after another without overlap, to a team wherever the rule
//!   requires one (and now and then where it does not), the last open unless the caseload
//!   threshold would be passed;
//! - relationships starting on or after the site's first assignment, phases in the manual's
//!   order (now and then back one phase, with a reason), each completed stay within its
//!   planned range; titration decisions walked in date order against the level in force, each
//!   naming a rule whose trigger can hold then and whose adjustment it follows, or no rule and
//!   a reason, never changing the dose sooner than the manual's interval allows; contacts by
//!   coaches assigned that day (guests apart), within the level's longest contact, recording
//!   every activity the manual holds around such a contact; criteria and milestones met.

use practice_coaching::manual::*;
use practice_coaching::program::*;
use practice_coaching::*;
use proptest::prelude::*;
use proptest::sample::Index;

use super::manual_gen::{ManualConfig, arb_manual_with};

/// The `n`th id: unique by construction.
pub fn id(n: u32) -> EntityId {
    EntityId::new(&format!("00000000-0000-4000-8000-{n:012x}")).expect("hyphenated")
}

fn date(text: &str) -> Date {
    Date::new(text).expect("a date")
}

fn days_after(day: Date, days: u64) -> Date {
    Date::from_naive(
        day.as_naive()
            .checked_add_days(chrono::Days::new(days))
            .expect("in range"),
    )
    .expect("writable")
}

fn days_between(from: Date, until: Date) -> u64 {
    u64::try_from((until.as_naive() - from.as_naive()).num_days()).expect("in order")
}

/// A manual a program can be generated against (it declares a site kind), and such a program.
pub fn arb_manual_and_program() -> impl Strategy<Value = (Manual, Program)> {
    let config = ManualConfig {
        min_site_kinds: 1,
        for_programs: true,
    };
    (arb_manual_with(config), arb_program_shape()).prop_map(|(manual, shape)| {
        let program = build(&manual, &shape);
        (manual, program)
    })
}

/// The same as [`arb_manual_and_program`]: programs always come with relationships here.
pub fn arb_program_with_relationships() -> impl Strategy<Value = (Manual, Program)> {
    arb_manual_and_program()
}

/// What a coach brings beyond what the manual asks: disciplines, roles, degrees,
/// certifications, experience (kind, years), training hours, skills, employment, and whether a
/// team coach lacks the experience the team policy names.
type CoachExtra = (
    Vec<Index>,
    Vec<Index>,
    Vec<Index>,
    Vec<Index>,
    Vec<(Index, Option<u16>)>,
    Option<u16>,
    Vec<Index>,
    Option<u8>,
    bool,
);

/// One assignment: its length in days, the gap before the next, the assignee picked, and
/// whether a team is preferred where none is required.
type AssignmentShape = (u16, u16, Index, bool);

/// A titration decision: days after the previous, whether it names a rule, the rule, the level
/// (without a rule), who decided, whether a reason is given anyway.
type DecisionShape = (u16, bool, Index, Index, u8, bool);

/// A contact: day in the relationship, mode, minutes, which assigned coaches, a guest, topics,
/// travel minutes, initiator, UTC offset, whether activities beyond those asked are recorded.
type ContactShape = (
    u16,
    u8,
    u16,
    u8,
    Option<Index>,
    Vec<Index>,
    Option<u16>,
    bool,
    u8,
    bool,
);

/// Something met: day in the relationship, a milestone (else a criterion), the pick.
type MetShape = (u16, bool, Index, Index);

/// A relationship: days after the first assignment, each phase stay (where in its planned
/// range it ends, per mille; whether the transition goes back a phase), whether it ended, days
/// planned past the last transition when it did not, decisions, contacts, achievements.
type RelationshipShape = (
    u16,
    Vec<(u16, bool)>,
    bool,
    u16,
    Vec<DecisionShape>,
    Vec<ContactShape>,
    Vec<MetShape>,
);

/// A site: organization, kind, clinics, first day (days after 2015-01-01), assignments,
/// whether the last assignment stays open, its relationship.
type SiteShape = (
    Index,
    Index,
    Option<u16>,
    u16,
    Vec<AssignmentShape>,
    bool,
    Option<RelationshipShape>,
);

/// Everything drawn for one program.
#[derive(Debug, Clone)]
pub struct ProgramShape {
    exact_version: bool,
    /// Days between the ends of earlier versions followed (the same version requirement, so
    /// that the one manual of the program is in force throughout).
    earlier: Vec<u16>,
    organizations: Vec<bool>,
    teams: usize,
    solo_coaches: usize,
    extras: Vec<CoachExtra>,
    sites: Vec<SiteShape>,
}

fn arb_coach_extra() -> impl Strategy<Value = CoachExtra> {
    let picks = || prop::collection::vec(any::<Index>(), 0..=2);
    (
        picks(),
        picks(),
        picks(),
        picks(),
        prop::collection::vec((any::<Index>(), prop::option::of(0u16..=30)), 0..=2),
        prop::option::of(0u16..=300),
        picks(),
        prop::option::of(0u8..3),
        prop::bool::weighted(0.3),
    )
}

fn arb_relationship() -> impl Strategy<Value = RelationshipShape> {
    (
        0u16..=30,
        prop::collection::vec((0u16..=1000, prop::bool::weighted(0.15)), 1..=7),
        any::<bool>(),
        0u16..=400,
        prop::collection::vec(
            (
                1u16..=150,
                prop::bool::weighted(0.7),
                any::<Index>(),
                any::<Index>(),
                0u8..5,
                any::<bool>(),
            ),
            0..=5,
        ),
        prop::collection::vec(
            (
                any::<u16>(),
                0u8..4,
                any::<u16>(),
                any::<u8>(),
                prop::option::weighted(0.2, any::<Index>()),
                prop::collection::vec(any::<Index>(), 0..=2),
                prop::option::of(0u16..=120),
                any::<bool>(),
                0u8..5,
                prop::bool::weighted(0.2),
            ),
            0..=8,
        ),
        prop::collection::vec(
            (any::<u16>(), any::<bool>(), any::<Index>(), any::<Index>()),
            0..=3,
        ),
    )
}

fn arb_site() -> impl Strategy<Value = SiteShape> {
    (
        any::<Index>(),
        any::<Index>(),
        prop::option::of(1u16..=12),
        0u16..=1500,
        prop::collection::vec(
            (30u16..=500, 0u16..=30, any::<Index>(), any::<bool>()),
            1..=3,
        ),
        prop::bool::weighted(0.8),
        prop::option::weighted(0.85, arb_relationship()),
    )
}

/// The shape of any program (resolved against its manual when built).
pub fn arb_program_shape() -> impl Strategy<Value = ProgramShape> {
    (
        (any::<bool>(), prop::collection::vec(1u16..=900, 0..=2)),
        prop::collection::vec(any::<bool>(), 1..=3),
        1usize..=3,
        1usize..=4,
        prop::collection::vec(arb_coach_extra(), 6),
        prop::collection::vec(arb_site(), 0..=8),
    )
        .prop_map(
            |((exact_version, earlier), organizations, teams, solo_coaches, extras, sites)| {
                ProgramShape {
                    exact_version,
                    earlier,
                    organizations,
                    teams,
                    solo_coaches,
                    extras,
                    sites,
                }
            },
        )
}

fn pick<T: Clone>(items: &[T], pick: Index) -> Option<T> {
    (!items.is_empty()).then(|| items[pick.index(items.len())].clone())
}

fn push_new<T: PartialEq>(list: &mut Vec<T>, item: T) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// What the manual's `required` and `recommended` checks ask of every coach (checks for a role
/// are met by every coach too), and the experience a coach coaching alone should have.
#[derive(Debug, Default)]
struct Needs {
    degree: Option<Key>,
    years: Vec<(Key, Years)>,
    experience: Vec<Key>,
    certifications: Vec<Key>,
    disciplines: Vec<Vec<Key>>,
    training: Option<TrainingHours>,
    core_skills: bool,
    alone: Option<Key>,
}

impl Needs {
    fn of(manual: &Manual) -> Self {
        let mut needs = Self::default();
        let mut level: Option<DegreeLevel> = None;
        for q in &manual.qualifications {
            if q.requirement == Requirement::NotRequired {
                continue;
            }
            match &q.check {
                QualificationCheck::MinimumDegree { level: l } => level = level.max(Some(*l)),
                QualificationCheck::ExperienceYears { kind, years } => {
                    match needs.years.iter_mut().find(|(k, _)| k == kind) {
                        Some((_, y)) => *y = (*y).max(*years),
                        None => needs.years.push((kind.clone(), *years)),
                    }
                }
                QualificationCheck::ExperienceHeld { kind } => {
                    push_new(&mut needs.experience, kind.clone());
                }
                QualificationCheck::CertificationHeld { certification } => {
                    push_new(&mut needs.certifications, certification.clone());
                }
                QualificationCheck::DisciplineHeld { any_of } => {
                    needs.disciplines.push(any_of.clone());
                }
                QualificationCheck::TrainingHours { hours } => {
                    needs.training = needs.training.max(Some(*hours));
                }
                QualificationCheck::CoreSkills => needs.core_skills = true,
            }
        }
        // The highest degree declared meets any minimum the manual can ask (its generator
        // asks no more than that).
        needs.degree = level.and_then(|_| {
            manual
                .vocabularies
                .degrees
                .iter()
                .max_by_key(|d| d.level)
                .map(|d| d.key.clone())
        });
        needs.alone = manual
            .team
            .as_ref()
            .and_then(|t| t.for_coaches_without.as_ref())
            .filter(|p| p.requirement != Requirement::NotRequired)
            .map(|p| p.experience.clone());
        needs
    }
}

/// The keys of `terms`.
fn keys(terms: &[Term]) -> Vec<Key> {
    terms.iter().map(|t| t.key.clone()).collect()
}

/// A coach meeting every need, qualified for `role` where given, with extras from `extra`.
fn coach(
    manual: &Manual,
    needs: &Needs,
    n: u32,
    extra: &CoachExtra,
    role: Option<&TeamRole>,
) -> Coach {
    let v = &manual.vocabularies;
    let (
        disciplines_x,
        roles_x,
        degrees_x,
        certs_x,
        experience_x,
        training,
        skills_x,
        employment,
        lacks,
    ) = extra;
    let disciplines = coach_disciplines(v, needs, role, disciplines_x);
    let mut roles: Vec<Key> = role.map(|r| vec![r.role.clone()]).unwrap_or_default();
    for p in roles_x {
        if let Some(r) = pick(&keys(&v.roles), *p) {
            push_new(&mut roles, r);
        }
    }
    let mut degrees: Vec<Key> = needs.degree.iter().cloned().collect();
    let all_degrees: Vec<Key> = v.degrees.iter().map(|d| d.key.clone()).collect();
    for p in degrees_x {
        if let Some(d) = pick(&all_degrees, *p) {
            push_new(&mut degrees, d);
        }
    }
    let mut certifications = needs.certifications.clone();
    for p in certs_x {
        if let Some(c) = pick(&keys(&v.certifications), *p) {
            push_new(&mut certifications, c);
        }
    }
    let alone = role.is_none() || !lacks;
    let experience = coach_experience(v, needs, alone, experience_x);
    let training_hours = match (needs.training, training) {
        (Some(least), extra) => {
            Some(TrainingHours::new(least.get() + extra.unwrap_or(0)).expect("bounded"))
        }
        (None, Some(hours)) => Some(TrainingHours::new(*hours).expect("bounded")),
        (None, None) => None,
    };
    let skills = coach_skills(manual, needs, role, skills_x);
    Coach {
        id: id(n),
        name: format!("Coach {n}"),
        disciplines,
        roles,
        degrees,
        certifications,
        experience,
        training_hours,
        skills,
        employment: employment.map(|e| match e {
            0 => Employment::External,
            1 => Employment::SponsorStaff,
            _ => Employment::Internal,
        }),
        // Capacity never below what the generator assigns; a location on every other coach.
        capacity: n
            .is_multiple_of(3)
            .then(|| Capacity::new(Capacity::MAX).expect("bounded")),
        location: place(n),
    }
}

/// A location on every other entity, spread over the globe from its number, with decimals.
fn place(n: u32) -> Option<Location> {
    n.is_multiple_of(2).then(|| {
        let latitude = f64::from(n % 180) - 89.5 + f64::from(n % 7) * 0.123_456_7;
        let longitude = f64::from((n * 37) % 360) - 179.75;
        Location::new(latitude.min(90.0), longitude).expect("on Earth")
    })
}

/// A coach's disciplines: one of `role`'s where given, one of each list the manual asks for,
/// then those picked.
fn coach_disciplines(
    v: &Vocabularies,
    needs: &Needs,
    role: Option<&TeamRole>,
    picks: &[Index],
) -> Vec<Key> {
    let mut disciplines: Vec<Key> = Vec::new();
    if let Some(role) = role {
        if let Some(first) = picks.first().and_then(|p| pick(&role.disciplines, *p)) {
            disciplines.push(first);
        } else if let Some(first) = role.disciplines.first() {
            disciplines.push(first.clone());
        }
    }
    for any_of in &needs.disciplines {
        if !any_of.iter().any(|d| disciplines.contains(d)) {
            let choice = picks.last().and_then(|p| pick(any_of, *p));
            push_new(
                &mut disciplines,
                choice.unwrap_or_else(|| any_of[0].clone()),
            );
        }
    }
    let all_disciplines = keys(&v.disciplines);
    for p in picks {
        if let Some(d) = pick(&all_disciplines, *p) {
            push_new(&mut disciplines, d);
        }
    }
    disciplines
}

/// A coach's experience: the years and kinds the manual asks for, the experience a coach
/// coaching alone needs where `alone`, then those picked (more years than asked, never fewer).
fn coach_experience(
    v: &Vocabularies,
    needs: &Needs,
    alone: bool,
    picks: &[(Index, Option<u16>)],
) -> Vec<Experience> {
    let mut experience: Vec<Experience> = needs
        .years
        .iter()
        .map(|(kind, years)| Experience {
            kind: kind.clone(),
            years: Some(*years),
        })
        .collect();
    let mut held = needs.experience.clone();
    if alone {
        held.extend(needs.alone.iter().cloned());
    }
    for (p, years) in picks {
        if let Some(kind) = pick(&keys(&v.experience_kinds), *p) {
            held.push(kind.clone());
            // More years than asked, never fewer.
            if let (Some(years), Some(e)) = (years, experience.iter_mut().find(|e| e.kind == kind))
            {
                e.years = e.years.max(Some(Years::new(*years).expect("bounded")));
            } else if let Some(years) = years {
                experience.push(Experience {
                    kind,
                    years: Some(Years::new(*years).expect("bounded")),
                });
            }
        }
    }
    for kind in held {
        if !experience.iter().any(|e| e.kind == kind) {
            experience.push(Experience { kind, years: None });
        }
    }
    experience
}

/// A coach's skills: the core skills where the manual asks for them, `role`'s where given,
/// then those picked.
fn coach_skills(
    manual: &Manual,
    needs: &Needs,
    role: Option<&TeamRole>,
    picks: &[Index],
) -> Vec<Key> {
    let mut skills: Vec<Key> = Vec::new();
    if needs.core_skills {
        skills.extend(manual.core_skills().map(|s| s.key.clone()));
    }
    if let Some(role) = role {
        for s in &role.skills {
            push_new(&mut skills, s.clone());
        }
    }
    let all_skills: Vec<Key> = manual.skills.iter().map(|s| s.key.clone()).collect();
    for p in picks {
        if let Some(s) = pick(&all_skills, *p) {
            push_new(&mut skills, s);
        }
    }
    skills
}

/// One site's stretch of coaching, as assigned.
struct Stretch {
    from: Date,
    until: Option<Date>,
    coaches: Vec<EntityId>,
}

/// Hands out ids.
struct Ids(u32);

impl Ids {
    fn next(&mut self) -> u32 {
        self.0 += 1;
        self.0
    }
}

/// A program's coaches: those of its teams, then those who coach alone.
struct Staff {
    coaches: Vec<Coach>,
    teams: Vec<Team>,
    solo: Vec<EntityId>,
}

/// With a team rule, the shape's teams of fresh coaches filling the rule's roles; then the
/// coaches who coach alone.
fn staff(manual: &Manual, shape: &ProgramShape, ids: &mut Ids) -> Staff {
    let needs = Needs::of(manual);
    let mut coaches: Vec<Coach> = Vec::new();
    let extra = |n: usize| &shape.extras[n % shape.extras.len()];
    let mut teams: Vec<Team> = Vec::new();
    if let Some(rule) = &manual.team {
        for t in 0..shape.teams {
            let mut members = Vec::new();
            for role in &rule.roles {
                for _ in 0..role.count.get() {
                    let n = ids.next();
                    let c = coach(manual, &needs, n, extra(coaches.len()), Some(role));
                    members.push(TeamMember {
                        coach: c.id,
                        role: role.role.clone(),
                    });
                    coaches.push(c);
                }
            }
            let n = ids.next();
            teams.push(Team {
                id: id(n),
                name: (t % 2 == 0).then(|| format!("Team {n}")),
                members,
            });
        }
    }
    let solo: Vec<EntityId> = (0..shape.solo_coaches)
        .map(|_| {
            let n = ids.next();
            let c = coach(manual, &needs, n, extra(coaches.len()), None);
            let id = c.id;
            coaches.push(c);
            id
        })
        .collect();
    Staff {
        coaches,
        teams,
        solo,
    }
}

/// Whom sites can be assigned to, and how many open assignments each coach holds against the
/// caseload threshold.
struct Pool<'a> {
    teams: &'a [Team],
    solo: &'a [EntityId],
    threshold: Option<usize>,
    load: Vec<(EntityId, usize)>,
}

impl Pool<'_> {
    /// The teams, or the coaches who coach alone, each with its coaches.
    fn candidates(&self, team: bool) -> Vec<(Assignee, Vec<EntityId>)> {
        if team {
            self.teams
                .iter()
                .map(|t| {
                    (
                        Assignee::Team(t.id),
                        t.members.iter().map(|m| m.coach).collect(),
                    )
                })
                .collect()
        } else {
            self.solo
                .iter()
                .map(|c| (Assignee::Coach(*c), vec![*c]))
                .collect()
        }
    }

    /// Whether each of `coaches` has room for one more open assignment.
    fn room(&self, coaches: &[EntityId]) -> bool {
        self.threshold.is_none_or(|most| {
            coaches
                .iter()
                .all(|c| self.load.iter().any(|(id, n)| id == c && *n < most))
        })
    }

    /// A site's assignments one after another from `day`, as `history` draws them (to a team
    /// where `needs_team`), pushed to `assignments`; the stretches of coaching they make.
    fn assign(
        &mut self,
        site: EntityId,
        mut day: Date,
        history: &[AssignmentShape],
        open: bool,
        needs_team: bool,
        assignments: &mut Vec<Assignment>,
    ) -> Vec<Stretch> {
        let mut stretches: Vec<Stretch> = Vec::new();
        for (k, (length, gap, assignee, prefer_team)) in history.iter().enumerate() {
            let last = k + 1 == history.len();
            let team = needs_team || (*prefer_team && !self.teams.is_empty());
            // Candidates in turn from the one picked: the first with room under the caseload
            // threshold keeps the last assignment open; with none, it is closed.
            let candidates = self.candidates(team);
            let start = assignee.index(candidates.len());
            let stays_open = last && open;
            let chosen = (0..candidates.len())
                .map(|i| &candidates[(start + i) % candidates.len()])
                .find(|(_, coaches)| !stays_open || self.room(coaches));
            let (assignee, members, until) = if let Some((a, m)) = chosen {
                (
                    *a,
                    m.clone(),
                    (!stays_open).then(|| days_after(day, u64::from(*length) - 1)),
                )
            } else {
                let (a, m) = &candidates[start];
                (*a, m.clone(), Some(days_after(day, u64::from(*length) - 1)))
            };
            if until.is_none() {
                for (id, n) in &mut self.load {
                    if members.contains(id) {
                        *n += 1;
                    }
                }
            }
            assignments.push(Assignment {
                site,
                assignee,
                from: day,
                until,
            });
            stretches.push(Stretch {
                from: day,
                until,
                coaches: members,
            });
            if let Some(until) = until {
                day = days_after(until, 1 + u64::from(*gap));
            }
        }
        stretches
    }
}

/// A requirement naming `version` exactly, or accepting what is compatible with it.
fn version_requirement(version: &semver::Version, exact: bool) -> semver::VersionReq {
    let operator = if exact { "=" } else { "^" };
    let mut requirement = format!(
        "{operator}{}.{}.{}",
        version.major, version.minor, version.patch
    );
    if !version.pre.is_empty() {
        requirement.push('-');
        requirement.push_str(version.pre.as_str());
    }
    requirement.parse().expect("a version requirement")
}

/// Builds the program a shape describes, against `manual`.
pub fn build(manual: &Manual, shape: &ProgramShape) -> Program {
    let mut ids = Ids(0);
    let organizations: Vec<Organization> = shape
        .organizations
        .iter()
        .map(|requires_team| {
            let n = ids.next();
            Organization {
                id: id(n),
                name: format!("Organization {n}"),
                requires_team: *requires_team,
            }
        })
        .collect();
    let Staff {
        coaches,
        teams,
        solo,
    } = staff(manual, shape, &mut ids);
    let kinds = keys(&manual.vocabularies.site_kinds);
    let mut pool = Pool {
        teams: &teams,
        solo: &solo,
        threshold: manual.caseload.as_ref().map(|c| usize::from(c.sites.get())),
        load: coaches.iter().map(|c| (c.id, 0)).collect(),
    };
    let epoch = date("2015-01-01");
    let mut sites = Vec::new();
    let mut assignments = Vec::new();
    let mut relationships = Vec::new();
    for (s, (organization, kind, clinics, first, history, open, relationship)) in
        shape.sites.iter().enumerate()
    {
        let Some(kind) = pick(&kinds, *kind) else {
            break;
        };
        let organization = &organizations[organization.index(organizations.len())];
        let n = ids.next();
        let site = Site {
            id: id(n),
            organization: organization.id,
            name: format!("Site {s}"),
            kind: kind.clone(),
            clinic_count: clinics.map(|c| SiteCount::new(c).expect("bounded")),
            location: place(n),
            stratum: None,
        };
        let needs_team = manual
            .team
            .as_ref()
            .is_some_and(|t| t.required_for.applies_to(&kind, organization.requires_team));
        let first = days_after(epoch, u64::from(*first));
        let stretches = pool.assign(site.id, first, history, *open, needs_team, &mut assignments);
        if let Some(shape) = relationship {
            relationships.push(build_relationship(
                manual, site.id, &stretches, &coaches, shape,
            ));
        }
        sites.push(site);
    }
    Program {
        schema: Some("urn:practice-coaching:schema:program:2".to_owned()),
        manual: ManualReference {
            id: manual.id.clone(),
            version: version_requirement(&manual.version, shape.exact_version),
            earlier: shape
                .earlier
                .iter()
                .scan(epoch, |until, days| {
                    *until = days_after(*until, u64::from(*days));
                    Some(EarlierVersion {
                        version: version_requirement(&manual.version, shape.exact_version),
                        until: *until,
                    })
                })
                .collect(),
        },
        organizations,
        sites,
        coaches,
        teams,
        assignments,
        relationships,
        // Where the version is exact, the program says it records every other activity.
        recorded_activities: shape.exact_version.then(|| {
            manual
                .activities
                .iter()
                .step_by(2)
                .map(|a| a.key.clone())
                .collect()
        }),
    }
}

/// The level an adjustment leads to from the level at `index`: one up or down the list
/// (holding at either end), a named level, or the same level.
fn level_after(manual: &Manual, index: usize, adjustment: &Adjustment) -> usize {
    let last = manual.intensity_levels.len() - 1;
    match adjustment {
        Adjustment::StepUp => index.saturating_sub(1),
        Adjustment::StepDown => (index + 1).min(last),
        Adjustment::SetLevel { level } => manual.level_index(level).expect("a level"),
        _ => index,
    }
}

/// Where the relationship is on a day: the phase (position), since when, the level in force
/// (position) and the last day the level changed.
struct Walk {
    phase: usize,
    entered: Date,
    level: usize,
    last_change: Option<Date>,
}

impl Walk {
    /// Enters the phase `t` names at its starting level (a change of level where it differs,
    /// or the first), recording the level from that day in `levels`.
    fn enter(&mut self, manual: &Manual, t: &PhaseTransition, levels: &mut Vec<(Date, usize)>) {
        let phase = manual.phase_index(&t.phase).expect("a phase");
        let level = manual
            .level_index(&manual.phases[phase].starting_level)
            .expect("a level");
        if self.last_change.is_none() || self.level != level {
            self.last_change = Some(t.date);
        }
        *self = Walk {
            phase,
            entered: t.date,
            level,
            last_change: self.last_change,
        };
        levels.push((t.date, level));
    }

    /// Whether `rule`'s trigger can hold on `when`: weeks in this phase reached, a criterion of
    /// this phase, or an event that can happen any day.
    fn can_hold(&self, manual: &Manual, rule: &TitrationRule, when: Date) -> bool {
        let phase = &manual.phases[self.phase];
        match &rule.trigger {
            Trigger::WeeksInPhase { phase: p, weeks } => {
                *p == phase.key && days_between(self.entered, when) >= u64::from(weeks.get()) * 7
            }
            Trigger::ExitCriterionMetEarly { phase: p, .. }
            | Trigger::MeasureCrossedTarget { phase: p, .. } => *p == phase.key,
            _ => true,
        }
    }
}

/// One phase stay's planned end: where in the range `[min, max]` from `from` it falls, per
/// mille; an open-ended phase is given up to 26 weeks past its minimum.
fn stay_end(phase: &Phase, from: Date, per_mille: u16) -> Date {
    let least = phase.length.min.after(from).expect("in range");
    let most = phase.length.max.map_or_else(
        || days_after(least, 182),
        |max| max.after(from).expect("in range"),
    );
    days_after(
        least,
        days_between(least, most) * u64::from(per_mille) / 1000,
    )
}

const OFFSETS: [&str; 5] = ["-08:00", "-05:00", "Z", "+01:00", "+09:00"];

fn build_relationship(
    manual: &Manual,
    site: EntityId,
    stretches: &[Stretch],
    coaches: &[Coach],
    shape: &RelationshipShape,
) -> Relationship {
    let (offset, stays, ended, tail, decisions, contacts, met) = shape;
    let start = days_after(stretches[0].from, u64::from(*offset));
    let (phases, last_entry, planned_end) = phase_transitions(manual, start, stays);
    // An ended relationship's last stay ends within its range too: the end date is its last
    // day.
    let end = ended.then(|| RelationshipEnd {
        date: Date::from_naive(planned_end.as_naive().pred_opt().expect("in range"))
            .expect("writable"),
        hand_off: "The site's own quality team carries on; call the health plan's lead.".into(),
    });
    let last_day = end
        .as_ref()
        .map_or_else(|| days_after(last_entry, u64::from(*tail)), |e| e.date);
    let span = days_between(start, last_day);
    let (titration, mut achieved, levels) =
        titration_decisions(manual, start, last_day, &phases, decisions);
    let log = log_contacts(manual, start, span, stretches, coaches, &levels, contacts);
    achieved.extend(achievements(manual, start, span, met));
    let mut relationship = Relationship {
        site,
        start,
        end,
        phases,
        titration,
        met: achieved,
        contacts: log,
        components: Vec::new(),
    };
    relationship
        .met
        .extend(open_criteria_met(manual, &relationship));
    relationship
}

/// The exit criteria each stay left for a later phase has not met yet, met on its last day:
/// a generated site moves on once its criteria are met.
fn open_criteria_met(manual: &Manual, relationship: &Relationship) -> Vec<Achievement> {
    let mut out = Vec::new();
    for pair in relationship.phases.windows(2) {
        let (stay, next) = (&pair[0], &pair[1]);
        let forward = manual.phase_index(&next.phase) > manual.phase_index(&stay.phase);
        let (Some(phase), true) = (manual.phase(&stay.phase), forward) else {
            continue;
        };
        let last_day =
            Date::from_naive(next.date.as_naive().pred_opt().expect("in range")).expect("writable");
        let met: Vec<&Key> = relationship
            .criteria_met(phase, stay.date, last_day)
            .collect();
        for criterion in phase
            .exit_criteria
            .iter()
            .filter(|c| !met.contains(&&c.key))
        {
            out.push(Achievement {
                date: last_day,
                what: Achieved::Criterion {
                    phase: phase.key.clone(),
                    criterion: criterion.key.clone(),
                },
            });
        }
    }
    out
}

/// The phase transitions from `start`: the first phase on the start date; then the next in the
/// manual's order, or now and then back one with a reason; each stay ends within its planned
/// range. With them, the day of the last and the planned end of its stay.
fn phase_transitions(
    manual: &Manual,
    start: Date,
    stays: &[(u16, bool)],
) -> (Vec<PhaseTransition>, Date, Date) {
    let mut phases: Vec<PhaseTransition> = Vec::new();
    let mut position = 0usize;
    let mut day = start;
    let mut next_day = start;
    for (j, (per_mille, back)) in stays.iter().enumerate() {
        if j > 0 {
            let (to, reason) = if *back && position > 0 {
                (
                    position - 1,
                    Some("The site lost its champion; the team starts over.".to_owned()),
                )
            } else {
                (position + 1, None)
            };
            if to >= manual.phases.len() {
                break;
            }
            position = to;
            day = next_day;
            phases.push(PhaseTransition {
                date: day,
                phase: manual.phases[position].key.clone(),
                reason,
            });
        } else {
            phases.push(PhaseTransition {
                date: day,
                phase: manual.phases[0].key.clone(),
                reason: None,
            });
        }
        next_day = stay_end(&manual.phases[position], day, *per_mille);
    }
    (phases, day, next_day)
}

/// Titration decisions walked in date order with the phase entries (an entry first on a shared
/// day), up to `last_day`; the exit criteria they meet early; and the level in force from each
/// entry and decision on, in date order.
fn titration_decisions(
    manual: &Manual,
    start: Date,
    last_day: Date,
    phases: &[PhaseTransition],
    shapes: &[DecisionShape],
) -> (Vec<TitrationDecision>, Vec<Achievement>, Vec<(Date, usize)>) {
    let interval = manual
        .titration
        .as_ref()
        .and_then(|t| t.min_weeks_between_changes.as_ref())
        .map(|i| u64::from(i.weeks.get()) * 7);
    let rules = manual.titration_rules();
    let mut walk = Walk {
        phase: 0,
        entered: start,
        level: 0,
        last_change: None,
    };
    let mut entries = phases.iter().peekable();
    let mut levels: Vec<(Date, usize)> = Vec::new();
    let mut titration = Vec::new();
    let mut achieved = Vec::new();
    let mut when = start;
    for (gap, use_rule, rule, level, decided_by, reason) in shapes {
        when = days_after(when, u64::from(*gap));
        if when > last_day {
            break;
        }
        while let Some(t) = entries.next_if(|t| t.date <= when) {
            walk.enter(manual, t, &mut levels);
        }
        let rule = use_rule
            .then(|| pick(rules, *rule))
            .flatten()
            .filter(|r| walk.can_hold(manual, r, when));
        let to = match &rule {
            Some(r) => level_after(manual, walk.level, &r.adjustment),
            None => level.index(manual.intensity_levels.len()),
        };
        let changes = to != walk.level;
        let too_soon = changes
            && interval.is_some_and(|weeks| {
                walk.last_change
                    .is_some_and(|last| days_between(last, when) < weeks)
            })
            && !rule.as_ref().is_some_and(|r| r.overrides_interval);
        if too_soon {
            continue;
        }
        let needs_reason = rule.as_ref().is_none_or(|r| r.reason_required);
        if let Some(TitrationRule {
            trigger: Trigger::ExitCriterionMetEarly { phase, criterion },
            ..
        }) = &rule
        {
            achieved.push(Achievement {
                date: when,
                what: Achieved::Criterion {
                    phase: phase.clone(),
                    criterion: criterion.clone(),
                },
            });
        }
        titration.push(TitrationDecision {
            date: when,
            level: manual.intensity_levels[to].key.clone(),
            rule: rule.as_ref().map(|r| r.key.clone()),
            reason: (needs_reason || *reason).then(|| "Agreed with the site's team.".to_owned()),
            decided_by: match decided_by {
                0 => DecisionMaker::Coach,
                1 => DecisionMaker::Coaches,
                2 => DecisionMaker::Supervisor,
                3 => DecisionMaker::Sponsor,
                _ => DecisionMaker::Site,
            },
        });
        if changes {
            walk.last_change = Some(when);
        }
        walk.level = to;
        levels.push((when, to));
    }
    for t in entries {
        walk.enter(manual, t, &mut levels);
    }
    (titration, achieved, levels)
}

/// The level in force on `day`, from the levels of the entries and decisions in date order.
fn level_on(levels: &[(Date, usize)], day: Date) -> usize {
    levels
        .iter()
        .take_while(|(from, _)| *from <= day)
        .last()
        .map_or(0, |(_, level)| *level)
}

/// The contacts: each on a day some coaches are assigned, by some of them and now and then a
/// guest, within the longest contact of the level in force (`levels`), recording the
/// activities the manual holds around it.
/// A team makes a joint contact with every coach its prescription asks for: all of its own,
/// then guests where it is smaller.
fn joint_in_full(
    asked: u16,
    assigned: &[EntityId],
    others: &[EntityId],
    present: &mut Vec<EntityId>,
    guests: &mut Vec<EntityId>,
) {
    present.clear();
    present.extend_from_slice(assigned);
    guests.retain(|g| !present.contains(g));
    for other in others {
        if present.len() + guests.len() >= usize::from(asked) {
            break;
        }
        if !guests.contains(other) && !present.contains(other) {
            guests.push(*other);
        }
    }
}

fn log_contacts(
    manual: &Manual,
    start: Date,
    span: u64,
    stretches: &[Stretch],
    coaches: &[Coach],
    levels: &[(Date, usize)],
    shapes: &[ContactShape],
) -> Vec<Contact> {
    let around: Vec<(&Key, Option<Channel>, bool)> = manual
        .activities
        .iter()
        .filter_map(|a| match &a.cadence {
            Cadence::AroundContact {
                channel,
                joint_only,
                ..
            } => Some((&a.key, *channel, *joint_only)),
            _ => None,
        })
        .collect();
    let skills: Vec<Key> = manual.skills.iter().map(|s| s.key.clone()).collect();
    let mut log = Vec::new();
    for (j, contact) in shapes.iter().enumerate() {
        let (day, mode, length, mask, guest, topics, travel, by_site, offset, extra) = contact;
        let day = days_after(start, u64::from(*day) % (span + 1));
        let Some(stretch) = stretches
            .iter()
            .find(|s| s.from <= day && s.until.is_none_or(|u| day <= u))
        else {
            continue;
        };
        let assigned = &stretch.coaches;
        let mut present: Vec<EntityId> = assigned
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << (i % 8)) != 0)
            .map(|(_, c)| *c)
            .collect();
        if present.is_empty() {
            present.push(assigned[usize::from(*mask) % assigned.len()]);
        }
        let others: Vec<EntityId> = coaches
            .iter()
            .map(|c| c.id)
            .filter(|c| !present.contains(c))
            .collect();
        let mut guests: Vec<EntityId> = guest
            .as_ref()
            .and_then(|g| pick(&others, *g))
            .into_iter()
            .collect();
        let mode = match mode {
            0 => ContactMode::InPerson,
            1 => ContactMode::Video,
            2 => ContactMode::Phone,
            _ => ContactMode::Email,
        };
        let channel = mode.channel();
        let level = &manual.intensity_levels[level_on(levels, day)];
        if let Some(asked) = manual.joint_coaches(&level.key, channel, assigned.len() > 1) {
            joint_in_full(asked, assigned, &others, &mut present, &mut guests);
        }
        let prescription = level.prescription(channel);
        let longest = prescription
            .and_then(|p| p.max_minutes)
            .map_or(240, Minutes::get);
        let minutes = Minutes::new(1 + length % longest).expect("bounded");
        let joint = present.len() + guests.len() > 1;
        let mut activities: Vec<Key> = around
            .iter()
            .filter(|(_, on, joint_only)| on.is_none_or(|c| c == channel) && (!joint_only || joint))
            .map(|(key, ..)| (*key).clone())
            .collect();
        if *extra {
            // Activities the manual holds around other contacts may be recorded as well.
            for (key, ..) in &around {
                push_new(&mut activities, (*key).clone());
            }
        }
        let mut topic_keys: Vec<Key> = Vec::new();
        for t in topics {
            if let Some(k) = pick(&skills, *t) {
                push_new(&mut topic_keys, k);
            }
        }
        let at = |hour| time_on(day, hour, j % 60, *offset);
        log.push(Contact {
            // A distinct minute for each contact: no two contacts start at the same instant
            // (the offsets differ by whole hours, less than a day).
            start: at(9),
            // A question the site wrote the same morning, answered in writing.
            asked: (*by_site && mode == ContactMode::Email).then(|| at(8)),
            mode,
            minutes,
            coaches: present,
            guests,
            travel_minutes: travel
                .filter(|_| mode == ContactMode::InPerson)
                .map(|m| Minutes::new(m).expect("bounded")),
            initiated_by: if *by_site {
                Initiator::Site
            } else {
                Initiator::Coach
            },
            topics: topic_keys,
            activities,
        });
    }
    log
}

/// `day` at `hour:minute` with one of the offsets of [`OFFSETS`].
fn time_on(day: Date, hour: u8, minute: usize, offset: u8) -> ContactTime {
    format!(
        "{day}T{hour:02}:{minute:02}:00{}",
        OFFSETS[usize::from(offset) % OFFSETS.len()]
    )
    .parse()
    .expect("RFC 3339")
}

/// The milestones and criteria met, each on its day of the relationship.
fn achievements(manual: &Manual, start: Date, span: u64, shapes: &[MetShape]) -> Vec<Achievement> {
    let mut achieved = Vec::new();
    for (day, milestone, which, criterion) in shapes {
        let day = days_after(start, u64::from(*day) % (span + 1));
        let milestones: Vec<Key> = manual.milestones.iter().map(|m| m.key.clone()).collect();
        let what = if let Some(m) = pick(&milestones, *which).filter(|_| *milestone) {
            Achieved::Milestone(m)
        } else {
            let phase = &manual.phases[which.index(manual.phases.len())];
            let criteria: Vec<Key> = phase
                .entry_criteria
                .iter()
                .chain(&phase.exit_criteria)
                .map(|c| c.key.clone())
                .collect();
            Achieved::Criterion {
                phase: phase.key.clone(),
                criterion: pick(&criteria, *criterion).expect("every phase has exit criteria"),
            }
        };
        achieved.push(Achievement { date: day, what });
    }
    achieved
}
