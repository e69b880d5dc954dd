//! Valid manuals built by construction, over the whole model-2 shape.
//!
//! A proptest strategy draws a *shape* (counts, flags, small numbers and `prop::sample::Index`
//! picks); [`build`] turns it into a manual that validation accepts with no error and no
//! warning:
//!
//! - keys unique by counter; every reference (vocabulary keys, levels, skills, measures, exit
//!   criteria, milestones, phases) picked from what is declared with an `Index`;
//! - every object holding values carries one or two citations of a valid kind (`reported`,
//!   `participant_report`, `cited` and `derived` name a declared source, `derived` and `design`
//!   give a rationale); vocabulary terms and degrees carry citations or none;
//! - 1 to 6 phases with lengths in weeks or months (the maximum absent, or not shorter than the
//!   minimum: in the same unit, at least as many; across units, down to the least validation
//!   accepts, or for programs so that every start date can keep it), each with exit criteria;
//! - 1 to 5 intensity levels built from the least intensive upward, on one or both channels,
//!   counts per every `Per`; each level dominates the next wherever the two are comparable
//!   (more contacts a year when both count per period, more per phase or relationship when both
//!   count per the same), minutes never decreasing and within plausible lengths (in person
//!   15-600, remote 5-240), the same minute members at every level of a channel;
//! - every level reachable: a phase's starting level, or the target of a titration rule;
//!   without titration rules, the phases' starting levels cover the levels;
//! - optional sections present and absent: titration (floor at or below every level's periodic
//!   dose, interval, rules of every trigger and adjustment with no rule shadowed and weeks
//!   within the phase's maximum), team rule (roles with counts, at most one point of contact,
//!   each `required_for`, joint contacts only with in-person contacts of two coaches or more),
//!   qualifications (every check, each requirement, optionally for a role; for programs, a
//!   minimum degree at most the highest declared), caseload, activities (every cadence),
//!   milestones (both anchors, once or repeating), materials, collaborative (cadence or dated
//!   sessions in order), response time, measures, figures (values within their own range, with
//!   or without a spread, groups and a tolerance; a figure describes a manual value only where
//!   its range contains that value and its value is among the manual's own).

use practice_coaching::manual::*;
use practice_coaching::*;
use proptest::prelude::*;
use proptest::sample::Index;

/// A key the test writes by hand.
pub fn key(text: &str) -> Key {
    Key::new(text).expect("generated keys are lower-kebab")
}

fn count(n: u64) -> ContactCount {
    ContactCount::new(u16::try_from(n).expect("small")).expect("at most 1000 contacts")
}

fn minutes(n: u16) -> Minutes {
    Minutes::new(n).expect("within bounds")
}

fn weeks(n: u16) -> Weeks {
    Weeks::new(n).expect("within bounds")
}

fn coaches(n: u32) -> CoachCount {
    CoachCount::new(u16::try_from(n).expect("small")).expect("1 to 10 coaches")
}

fn times(n: u16) -> TimesPerPeriod {
    TimesPerPeriod::new(n).expect("1 to 1000")
}

/// Every `Per`, periods first.
pub const PERS: [Per; 7] = [
    Per::Week,
    Per::Month,
    Per::Quarter,
    Per::HalfYear,
    Per::Year,
    Per::Phase,
    Per::Relationship,
];

/// Every calendar period.
pub const PERIODS: [Period; 5] = [
    Period::Week,
    Period::Month,
    Period::Quarter,
    Period::HalfYear,
    Period::Year,
];

const DEGREE_LEVELS: [DegreeLevel; 5] = [
    DegreeLevel::Secondary,
    DegreeLevel::Associate,
    DegreeLevel::Bachelors,
    DegreeLevel::Masters,
    DegreeLevel::Doctorate,
];

/// Texts appended to generated names, so names carry quotes, escapes and non-ASCII text
/// through the round trips.
const FLAVORS: [&str; 8] = [
    "",
    " \u{201c}quoted\u{201d}",
    " (\u{e9}, \u{f1}, \u{4e2d})",
    " \"in quotes\"",
    " back\\slash",
    " tab\there",
    " \u{1f642}",
    " line\nbreak",
];

/// What the program generator needs of a manual.
#[derive(Debug, Clone, Copy, Default)]
pub struct ManualConfig {
    /// At least this many site kinds (a program needs one for its sites).
    pub min_site_kinds: usize,
    /// Only what programs can meet: phase lengths every start date can keep, a minimum degree
    /// no higher than a declared degree.
    pub for_programs: bool,
}

/// One citation's shape: the evidence kind (0 reported, 1 participant report, 2 cited,
/// 3 derived, 4 design), the source picked, and whether optional members are given.
type CiteShape = (u8, Index, bool);

/// How many entries each vocabulary declares, and the levels of the degrees.
#[derive(Debug, Clone)]
struct VocabShape {
    disciplines: usize,
    roles: usize,
    degrees: Vec<usize>,
    certifications: usize,
    experience_kinds: usize,
    site_kinds: usize,
    activity_kinds: usize,
    measure_kinds: usize,
    /// Per term, in turn: whether it has a description, whether it carries citations.
    decorations: Vec<(bool, bool)>,
}

/// A specialty skill: disciplines and roles picked, and whether it is a gap.
type SpecialtyShape = (Vec<Index>, Vec<Index>, bool);

/// One channel at one level: whether it is added at this level (it stays at every more
/// intensive level), the `Per` (index into [`PERS`]), the base count, extra between minimum and
/// maximum, and the minutes increments over the level below (minimum, typical, maximum).
type ChannelStep = (bool, usize, u16, u16, (u16, u16, u16));

/// One level: both channels' steps and a pick of coaches per contact for each.
type LevelShape = ([ChannelStep; 2], [Index; 2]);

/// Minute members a channel gives at every level (typical, minimum, maximum) and the least
/// level's starting minutes (minimum, typical above it, maximum above that).
type MinutesShape = ((bool, bool, bool), (u16, u16, u16));

/// A phase: minimum (months or weeks, value), maximum (none, or months or weeks and extra),
/// starting level, entry criteria, exit criteria as (measure pick, target given), skills.
type PhaseShape = (
    (bool, u16),
    Option<(bool, u16)>,
    Index,
    usize,
    Vec<(Option<Index>, bool)>,
    Vec<Index>,
);

/// A titration rule: trigger kind (0..7), phase, criterion, direction, weeks, adjustment kind
/// (0..6), level, reason required, overrides interval.
type RuleShape = (u8, Index, Index, bool, u16, u8, Index, bool, bool);

/// The titration section: floor (per channel: given, period, share of the least dose),
/// interval in weeks, rules.
type TitrationShape = (Option<[(bool, usize, u8); 2]>, Option<u16>, Vec<RuleShape>);

/// A team role: role, count, disciplines, skills.
type RoleShape = (Index, u16, Vec<Index>, Vec<Index>);

/// The team rule: roles, point of contact, `required_for` kind with site kinds, joint
/// contacts, the policy for coaches without an experience kind (experience, requirement).
type TeamShape = (
    Vec<RoleShape>,
    Option<Index>,
    (u8, Vec<Index>),
    bool,
    Option<(Index, u8)>,
);

/// A qualification: check kind (0..7), picks, a number, requirement (0..3), role.
type QualificationShape = (u8, Index, Vec<Index>, u16, u8, Option<Index>);

/// An activity: kind, attendees (kind 0..6 with a role pick), minimum minutes and extra up to
/// the maximum, cadence kind (0..3), frequency (count, period), scope, when, channel, joint
/// only, milestone.
type ActivityShape = (
    Index,
    Vec<(u8, Index)>,
    (Option<u16>, Option<u16>),
    u8,
    (u16, usize),
    bool,
    u8,
    Option<bool>,
    bool,
    Index,
);

/// A milestone: anchored at the relationship's start or a phase's entry (phase pick), offset,
/// repeat, times, description.
type MilestoneShape = (
    Option<Index>,
    (bool, u16),
    Option<(bool, u16)>,
    Option<u16>,
    bool,
);

/// The collaborative: sessions at a cadence (count, period) or dated (gaps in days).
type CollaborativeShape = Result<(u16, usize), Vec<u16>>;

/// A figure: value (ten-thousandths), distance below to `low` and above to `high` (none for
/// an open end), and what it describes (0..5; 5 and above: nothing).
/// A figure: value, distance below and above it to its low and high, what it describes, its
/// spread (none, a standard deviation or quartiles, and how wide), how many groups and its
/// tolerance in ten-thousandths.
type FigureShape = (
    u64,
    Option<u64>,
    Option<u64>,
    u8,
    (u8, u64),
    usize,
    Option<u64>,
);

/// Everything drawn for one manual.
#[derive(Debug, Clone)]
pub struct ManualShape {
    version: (u64, u64, u64, bool),
    schema: bool,
    sources: Vec<(bool, bool)>,
    cites: Vec<Vec<CiteShape>>,
    flavor: usize,
    vocab: VocabShape,
    core_skills: usize,
    specialty: Vec<SpecialtyShape>,
    measures: Vec<(Index, bool, Option<bool>)>,
    levels: Vec<LevelShape>,
    minutes: [MinutesShape; 2],
    phases: Vec<PhaseShape>,
    titration: Option<TitrationShape>,
    team: Option<TeamShape>,
    qualifications: Vec<QualificationShape>,
    caseload: Option<u16>,
    activities: Vec<ActivityShape>,
    milestones: Vec<MilestoneShape>,
    materials: Vec<bool>,
    collaborative: Option<CollaborativeShape>,
    response_time: Option<u16>,
    figures: Vec<FigureShape>,
}

fn arb_vocab(config: ManualConfig) -> impl Strategy<Value = VocabShape> {
    (
        0usize..=4,
        0usize..=4,
        prop::collection::vec(0usize..5, 0..=3),
        0usize..=3,
        0usize..=3,
        config.min_site_kinds..=config.min_site_kinds.max(3),
        0usize..=3,
        0usize..=3,
        prop::collection::vec(any::<(bool, bool)>(), 8),
    )
        .prop_map(
            |(
                disciplines,
                roles,
                degrees,
                certifications,
                experience_kinds,
                site_kinds,
                activity_kinds,
                measure_kinds,
                decorations,
            )| VocabShape {
                disciplines,
                roles,
                degrees,
                certifications,
                experience_kinds,
                site_kinds,
                activity_kinds,
                measure_kinds,
                decorations,
            },
        )
}

fn arb_channel_step() -> impl Strategy<Value = ChannelStep> {
    (
        prop::bool::weighted(0.3),
        // Periods most of the time, per phase or relationship now and then.
        prop_oneof![4 => 0usize..5, 1 => 5usize..7],
        0u16..=2,
        0u16..=2,
        (0u16..=15, 0u16..=30, 0u16..=30),
    )
}

fn arb_minutes() -> impl Strategy<Value = MinutesShape> {
    (
        any::<(bool, bool, bool)>(),
        (0u16..=45, 0u16..=90, 0u16..=90),
    )
}

fn arb_phase() -> impl Strategy<Value = PhaseShape> {
    (
        (any::<bool>(), 1u16..=12),
        prop::option::weighted(0.7, (any::<bool>(), 0u16..=12)),
        any::<Index>(),
        0usize..=2,
        prop::collection::vec((prop::option::of(any::<Index>()), any::<bool>()), 1..=3),
        prop::collection::vec(any::<Index>(), 0..=3),
    )
}

fn arb_rule() -> impl Strategy<Value = RuleShape> {
    (
        0u8..7,
        any::<Index>(),
        any::<Index>(),
        any::<bool>(),
        0u16..=60,
        0u8..6,
        any::<Index>(),
        any::<bool>(),
        any::<bool>(),
    )
}

fn arb_titration() -> impl Strategy<Value = TitrationShape> {
    (
        prop::option::of([
            (any::<bool>(), 0usize..5, any::<u8>()),
            (any::<bool>(), 0usize..5, any::<u8>()),
        ]),
        prop::option::of(0u16..=12),
        prop::collection::vec(arb_rule(), 0..=7),
    )
}

fn arb_team() -> impl Strategy<Value = TeamShape> {
    (
        prop::collection::vec(
            (
                any::<Index>(),
                1u16..=2,
                prop::collection::vec(any::<Index>(), 0..=2),
                prop::collection::vec(any::<Index>(), 0..=2),
            ),
            1..=3,
        ),
        prop::option::of(any::<Index>()),
        (0u8..4, prop::collection::vec(any::<Index>(), 0..=2)),
        any::<bool>(),
        prop::option::of((any::<Index>(), 0u8..3)),
    )
}

fn arb_activity() -> impl Strategy<Value = ActivityShape> {
    (
        any::<Index>(),
        prop::collection::vec((0u8..6, any::<Index>()), 1..=3),
        (prop::option::of(1u16..=120), prop::option::of(0u16..=120)),
        0u8..3,
        (1u16..=3, 0usize..5),
        any::<bool>(),
        0u8..3,
        prop::option::of(any::<bool>()),
        any::<bool>(),
        any::<Index>(),
    )
}

fn arb_length(max: u16) -> impl Strategy<Value = (bool, u16)> {
    (any::<bool>(), 0u16..=max)
}

fn arb_milestone() -> impl Strategy<Value = MilestoneShape> {
    (
        prop::option::of(any::<Index>()),
        arb_length(12),
        prop::option::of((any::<bool>(), 1u16..=12)),
        prop::option::of(1u16..=4),
        any::<bool>(),
    )
}

fn arb_collaborative() -> impl Strategy<Value = CollaborativeShape> {
    prop_oneof![
        (1u16..=2, 0usize..5).prop_map(Ok),
        prop::collection::vec(1u16..=200, 0..=4).prop_map(Err),
    ]
}

fn arb_figure() -> impl Strategy<Value = FigureShape> {
    (
        // Up to 100,000 with four decimals.
        0u64..=1_000_000_000,
        prop::option::of(0u64..=100_000_000),
        prop::option::of(0u64..=100_000_000),
        0u8..9,
        (0u8..3, 0u64..=100_000_000),
        0usize..=2,
        // A factor from 1 to 5.
        prop::option::of(10_000u64..=50_000),
    )
}

/// The shape of any manual under `config`.
pub fn arb_shape(config: ManualConfig) -> impl Strategy<Value = ManualShape> {
    let identity = (
        (0u64..3, 0u64..10, 0u64..10, any::<bool>()),
        any::<bool>(),
        prop::collection::vec(any::<(bool, bool)>(), 0..=3),
        prop::collection::vec(
            prop::collection::vec((0u8..5, any::<Index>(), any::<bool>()), 1..=2),
            16,
        ),
        0usize..FLAVORS.len(),
    );
    let vocabulary = (
        arb_vocab(config),
        1usize..=3,
        prop::collection::vec(
            (
                prop::collection::vec(any::<Index>(), 0..=2),
                prop::collection::vec(any::<Index>(), 0..=2),
                any::<bool>(),
            ),
            0..=3,
        ),
        prop::collection::vec(
            (
                any::<Index>(),
                any::<bool>(),
                prop::option::of(any::<bool>()),
            ),
            0..=3,
        ),
    );
    let dose = (
        prop::collection::vec(
            (
                [arb_channel_step(), arb_channel_step()],
                [any::<Index>(), any::<Index>()],
            ),
            1..=5,
        ),
        [arb_minutes(), arb_minutes()],
        prop::collection::vec(arb_phase(), 1..=6),
        prop::option::weighted(0.7, arb_titration()),
    );
    let sections = (
        prop::option::of(arb_team()),
        prop::collection::vec(
            (
                0u8..7,
                any::<Index>(),
                prop::collection::vec(any::<Index>(), 1..=2),
                0u16..=200,
                0u8..3,
                prop::option::of(any::<Index>()),
            ),
            0..=6,
        ),
        prop::option::of(1u16..=20),
        prop::collection::vec(arb_activity(), 0..=4),
        prop::collection::vec(arb_milestone(), 0..=3),
    );
    let more = (
        prop::collection::vec(any::<bool>(), 0..=2),
        prop::option::of(arb_collaborative()),
        prop::option::of(0u16..=72),
        prop::collection::vec(arb_figure(), 0..=4),
    );
    (identity, vocabulary, dose, sections, more).prop_map(
        |(
            (version, schema, sources, cites, flavor),
            (vocab, core_skills, specialty, measures),
            (levels, minutes, phases, titration),
            (team, qualifications, caseload, activities, milestones),
            (materials, collaborative, response_time, figures),
        )| ManualShape {
            version,
            schema,
            sources,
            cites,
            flavor,
            vocab,
            core_skills,
            specialty,
            measures,
            levels,
            minutes,
            phases,
            titration,
            team,
            qualifications,
            caseload,
            activities,
            milestones,
            materials,
            collaborative,
            response_time,
            figures,
        },
    )
}

/// Any valid manual.
pub fn arb_manual() -> impl Strategy<Value = Manual> {
    arb_manual_with(ManualConfig::default())
}

/// Any valid manual meeting `config`.
pub fn arb_manual_with(config: ManualConfig) -> impl Strategy<Value = Manual> {
    arb_shape(config).prop_map(move |shape| build(&shape, config))
}

/// Hands out citations and names while a manual is built.
struct Builder<'s> {
    shape: &'s ManualShape,
    sources: Vec<Key>,
    next_cite: usize,
    next_text: usize,
}

impl Builder<'_> {
    /// The next object's citations, one or two, each valid for the manual's sources.
    fn cite(&mut self) -> Vec<Citation> {
        let shapes = &self.shape.cites[self.next_cite % self.shape.cites.len()];
        self.next_cite += 1;
        shapes
            .iter()
            .map(|(kind, source, optional)| {
                let source = (!self.sources.is_empty())
                    .then(|| self.sources[source.index(self.sources.len())].clone());
                let kind = if source.is_none() { 4 } else { *kind };
                let optional = *optional;
                match (kind, source) {
                    (0, Some(source)) => Citation {
                        locator: optional.then(|| "Introduction".to_owned()),
                        ..Citation::reported(&source, "Introduction")
                    },
                    (1, Some(source)) => Citation::participant(&source, "Results, SP 11"),
                    (2, Some(source)) => Citation {
                        rationale: optional.then(|| "Why this source was read so.".to_owned()),
                        ..Citation::cited(&source, "Discussion, ref 16")
                    },
                    (3, Some(source)) => Citation {
                        locator: optional.then(|| "Table 2".to_owned()),
                        ..Citation::derived(&source, "Table 2", "The median of the table's rows.")
                    },
                    // A design choice may name the source it weighed, or none.
                    (_, source) => Citation {
                        source: source.filter(|_| optional),
                        ..Citation::design("A generated design choice.")
                    },
                }
            })
            .collect()
    }

    /// A readable name: `base`, a counter, and now and then text that needs escaping.
    fn text(&mut self, base: &str) -> String {
        let n = self.next_text;
        self.next_text += 1;
        let flavor = FLAVORS[(self.shape.flavor + n * 3) % FLAVORS.len()];
        format!("{base} {n}{flavor}")
    }
}

/// Distinct picks from `items`, in the order first picked.
fn pick_distinct<T: Clone + PartialEq>(items: &[T], picks: &[Index]) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    if items.is_empty() {
        return out;
    }
    for pick in picks {
        let item = &items[pick.index(items.len())];
        if !out.contains(item) {
            out.push(item.clone());
        }
    }
    out
}

fn pick<T: Clone>(items: &[T], pick: Index) -> Option<T> {
    (!items.is_empty()).then(|| items[pick.index(items.len())].clone())
}

fn length((months, n): (bool, u16)) -> Length {
    if months {
        Length::Months(Months::new(n).expect("at most 120"))
    } else {
        Length::Weeks(weeks(n))
    }
}

/// Keys for a vocabulary: the common keys where there are enough, then numbered ones.
fn vocabulary_keys(common: &[&str], prefix: &str, n: usize) -> Vec<Key> {
    (0..n)
        .map(|i| match common.get(i) {
            Some(k) => key(k),
            None => key(&format!("{prefix}-{i}")),
        })
        .collect()
}

fn terms(b: &mut Builder<'_>, keys: &[Key], what: &str, decoration: &mut usize) -> Vec<Term> {
    keys.iter()
        .map(|k| {
            let decorations = &b.shape.vocab.decorations;
            let (described, cited) = decorations[*decoration % decorations.len()];
            *decoration += 1;
            Term {
                key: k.clone(),
                name: b.text(what),
                description: described.then(|| format!("What `{k}` covers.")),
                citations: if cited { b.cite() } else { Vec::new() },
            }
        })
        .collect()
}

/// The vocabularies' keys, for picking references.
struct Keys {
    disciplines: Vec<Key>,
    roles: Vec<Key>,
    degrees: Vec<(Key, DegreeLevel)>,
    certifications: Vec<Key>,
    experience_kinds: Vec<Key>,
    site_kinds: Vec<Key>,
    activity_kinds: Vec<Key>,
    measure_kinds: Vec<Key>,
}

fn vocabularies(b: &mut Builder<'_>) -> (Vocabularies, Keys) {
    let v = &b.shape.vocab;
    let keys = Keys {
        disciplines: vocabulary_keys(
            &["behavioral-health", "medical", "nursing", "public-health"],
            "discipline",
            v.disciplines,
        ),
        roles: vocabulary_keys(
            &[
                "bh-coach",
                "md-coach",
                "technical-specialist",
                "facilitator",
            ],
            "role",
            v.roles,
        ),
        degrees: v
            .degrees
            .iter()
            .enumerate()
            .map(|(i, level)| (key(&format!("degree-{i}")), DEGREE_LEVELS[*level]))
            .collect(),
        certifications: vocabulary_keys(&["lcsw", "cpf"], "certification", v.certifications),
        experience_kinds: vocabulary_keys(
            &["health-care", "practice-transformation", "integrated-care"],
            "experience",
            v.experience_kinds,
        ),
        site_kinds: vocabulary_keys(
            &["fqhc", "specialty-behavioral-health", "pain-management"],
            "site-kind",
            v.site_kinds,
        ),
        activity_kinds: vocabulary_keys(
            &["huddle", "debrief", "standardization-meeting"],
            "activity-kind",
            v.activity_kinds,
        ),
        measure_kinds: vocabulary_keys(
            &["clinical", "process", "integration"],
            "measure-kind",
            v.measure_kinds,
        ),
    };
    let mut d = 0;
    let vocabularies = Vocabularies {
        disciplines: terms(b, &keys.disciplines, "Discipline", &mut d),
        roles: terms(b, &keys.roles, "Role", &mut d),
        degrees: keys
            .degrees
            .iter()
            .map(|(k, level)| {
                let decorations = &b.shape.vocab.decorations;
                let (_, cited) = decorations[d % decorations.len()];
                d += 1;
                Degree {
                    key: k.clone(),
                    name: b.text("Degree"),
                    level: *level,
                    citations: if cited { b.cite() } else { Vec::new() },
                }
            })
            .collect(),
        certifications: terms(b, &keys.certifications, "Certification", &mut d),
        experience_kinds: terms(b, &keys.experience_kinds, "Experience", &mut d),
        site_kinds: terms(b, &keys.site_kinds, "Site kind", &mut d),
        activity_kinds: terms(b, &keys.activity_kinds, "Activity kind", &mut d),
        measure_kinds: terms(b, &keys.measure_kinds, "Measure kind", &mut d),
    };
    (vocabularies, keys)
}

fn skills(b: &mut Builder<'_>, keys: &Keys) -> Vec<Skill> {
    let mut out: Vec<Skill> = (0..b.shape.core_skills)
        .map(|i| Skill {
            key: key(&format!("core-skill-{i}")),
            name: b.text("Core skill"),
            tier: SkillTier::Core,
            description: "Expected of every coach.".into(),
            disciplines: vec![],
            roles: vec![],
            gap: false,
            citations: b.cite(),
        })
        .collect();
    for (i, (discipline_picks, role_picks, gap)) in b.shape.specialty.iter().enumerate() {
        let mut disciplines = pick_distinct(&keys.disciplines, discipline_picks);
        let roles = pick_distinct(&keys.roles, role_picks);
        if disciplines.is_empty() && roles.is_empty() {
            // A specialty skill names who holds it; with no role picked, the first discipline.
            let Some(first) = keys.disciplines.first() else {
                continue;
            };
            disciplines.push(first.clone());
        }
        out.push(Skill {
            key: key(&format!("specialty-skill-{i}")),
            name: b.text("Specialty skill"),
            tier: SkillTier::Specialty,
            description: "Held by some coaches.".into(),
            disciplines,
            roles,
            gap: *gap,
            citations: b.cite(),
        });
    }
    out
}

fn measures(b: &mut Builder<'_>, keys: &Keys) -> Vec<Measure> {
    if keys.measure_kinds.is_empty() {
        return Vec::new();
    }
    b.shape
        .measures
        .iter()
        .enumerate()
        .map(|(i, (kind, initiative, better))| Measure {
            key: key(&format!("measure-{i}")),
            name: b.text("Measure"),
            kind: keys.measure_kinds[kind.index(keys.measure_kinds.len())].clone(),
            scope: if *initiative {
                MeasureScope::Initiative
            } else {
                MeasureScope::Coaching
            },
            unit: "percent of patients".into(),
            // Every outcome, and none, across the measures of a manual.
            implementation_outcome: ImplementationOutcome::ALL.get(i % 9).copied(),
            better: better.map(|higher| {
                if higher {
                    Better::Higher
                } else {
                    Better::Lower
                }
            }),
            citations: b.cite(),
        })
        .collect()
}

/// The plausible contact lengths of a channel, in minutes.
const fn plausible(channel: Channel) -> (u16, u16) {
    match channel {
        Channel::InPerson => (15, 600),
        // `Channel` is non-exhaustive: remote, and any channel added later.
        _ => (5, 240),
    }
}

/// One channel's prescription at the level below, as built.
#[derive(Debug, Clone, Copy)]
struct Below {
    per: Per,
    min: u64,
    max: u64,
    minutes: (u16, u16, u16),
}

/// The least count per `per` that gives at least `count` per `below` (plus `more`): a year's
/// worth when both are periods, the same count when both are the same phase or relationship
/// count. Incomparable pairs need nothing.
fn at_least(below: Per, count: u64, more: u64, per: Per) -> u64 {
    match (below.period(), per.period()) {
        (Some(low), Some(high)) => (count * low.per_year() + more).div_ceil(high.per_year()),
        (None, None) if below == per => count + more,
        _ => 0,
    }
}

/// Levels from the least intensive upward, then reversed into document order. Coaches per
/// contact are one here; [`set_coaches`] sets them once the team rule is known.
fn levels(b: &mut Builder<'_>, n_levels: usize) -> Vec<IntensityLevel> {
    let shape = b.shape;
    let mut below: [Option<Below>; 2] = [None, None];
    let mut out: Vec<IntensityLevel> = Vec::new();
    for (i, (steps, _)) in shape.levels.iter().take(n_levels).enumerate() {
        // The channel with strictly more than the level below: the first present there.
        let strict = below.iter().position(Option::is_some);
        let mut prescriptions = Vec::new();
        for (c, channel) in Channel::ALL.into_iter().enumerate() {
            let (added, per, base, extra, (dmin, dtyp, dmax)) = steps[c];
            // A channel once prescribed stays at every more intensive level; the least level
            // has the in-person channel unless only the remote one is drawn.
            let present = below[c].is_some() || added || (i == 0 && c == 0 && !steps[1].0);
            if !present {
                continue;
            }
            let mut per = PERS[per];
            let (lo, hi) = plausible(channel);
            let (min, max) = match below[c] {
                None => (u64::from(base), u64::from(base + extra)),
                Some(low) => {
                    // A shorter period where a longer one would need too many contacts.
                    if at_least(low.per, low.max, 0, per) > 300 {
                        per = Per::Week;
                    }
                    let more = u64::from(strict == Some(c));
                    let min = at_least(low.per, low.min, more, per) + u64::from(base / 2);
                    let max = (min + u64::from(extra)).max(at_least(low.per, low.max, 0, per));
                    (min, max)
                }
            };
            let ((typical, least, most), (start_min, start_typ, start_max)) = shape.minutes[c];
            // Minutes never decrease upward, and stay plausible: minimum <= typical <= maximum.
            let span = match below[c] {
                None => {
                    let a = lo + start_min;
                    let t = (a + start_typ).min(hi);
                    (a, t, (t + start_max).min(hi))
                }
                Some(low) => {
                    let (a, t, m) = low.minutes;
                    let a = (a + dmin).min(hi);
                    let t = (t + dtyp).max(a).min(hi);
                    (a, t, (m + dmax).max(t).min(hi))
                }
            };
            below[c] = Some(Below {
                per,
                min,
                max,
                minutes: span,
            });
            prescriptions.push(Prescription {
                channel,
                min_contacts: count(min),
                max_contacts: count(max),
                per,
                interval: None,
                typical_minutes: typical.then(|| minutes(span.1)),
                min_minutes: least.then(|| minutes(span.0)),
                max_minutes: most.then(|| minutes(span.2)),
                coaches_per_contact: CoachCount::MIN_VALUE,
                modes: Vec::new(),
                citations: b.cite(),
            });
        }
        out.push(IntensityLevel {
            key: key(&format!("level-{i}")),
            name: b.text("Level"),
            description: "How much coaching a site receives at this level.".into(),
            prescriptions,
            not_reported: Vec::new(),
            // Every other level also sets part of its dose per site.
            tailored: (i % 2 == 1).then(|| Tailored {
                description: "Extra hours agreed with each site and logged.".into(),
                citations: b.cite(),
            }),
            citations: b.cite(),
        });
    }
    out.reverse();
    out
}

/// Coaches per contact: one without a team rule; with one, up to the team's size, and at
/// least two in person where contacts are joint.
fn set_coaches(levels: &mut [IntensityLevel], shape: &ManualShape, team: Option<&TeamRule>) {
    let Some(team) = team else {
        return;
    };
    let size = team.size();
    let count = levels.len();
    for (i, level) in levels.iter_mut().enumerate() {
        // Document order is reversed from the shapes.
        let (_, picks) = &shape.levels[count - 1 - i];
        for p in &mut level.prescriptions {
            let c = usize::from(p.channel == Channel::Remote);
            let least = if team.joint_contacts && p.channel == Channel::InPerson {
                2
            } else {
                1
            };
            let choices = usize::try_from(size + 1 - least).expect("small");
            let extra = u32::try_from(picks[c].index(choices)).expect("small");
            p.coaches_per_contact = coaches(least + extra);
        }
    }
}

/// A phase's planned length: the minimum, and a maximum (where there is one) in one unit or
/// the other. In the minimum's unit, at least as many; in the other, as short as validation
/// accepts (its longest span covers the minimum's shortest), or, for programs, so that every
/// start date has an end inside the range (its shortest span covers the minimum's longest: a
/// month is 28 to 31 days).
fn phase_length(min: (bool, u16), max: Option<(bool, u16)>, every_start: bool) -> PhaseLength {
    let min_length = length(min);
    let max = max.map(|(months, extra)| {
        let least = if months == min.0 {
            u32::from(min.1)
        } else if every_start {
            min_length.max_days().div_ceil(if months { 28 } else { 7 })
        } else {
            min_length.min_days().div_ceil(if months { 31 } else { 7 })
        };
        length((months, u16::try_from(least).expect("small") + extra))
    });
    PhaseLength {
        min: min_length,
        max,
    }
}

fn phases(
    b: &mut Builder<'_>,
    config: ManualConfig,
    levels: &[IntensityLevel],
    skills: &[Skill],
    measures: &[Measure],
    cover: bool,
) -> Vec<Phase> {
    let shape = b.shape;
    let level_keys: Vec<Key> = levels.iter().map(|l| l.key.clone()).collect();
    let skill_keys: Vec<Key> = skills.iter().map(|s| s.key.clone()).collect();
    let measure_keys: Vec<Key> = measures.iter().map(|m| m.key.clone()).collect();
    shape
        .phases
        .iter()
        .enumerate()
        .map(|(i, (min, max, level, entries, exits, skill_picks))| {
            // Covering the levels: the first phases start at each level in turn, from the
            // least intensive, the rest anywhere.
            let starting_level = if cover && i < level_keys.len() {
                level_keys[level_keys.len() - 1 - i].clone()
            } else {
                level_keys[level.index(level_keys.len())].clone()
            };
            let criterion =
                |j: usize, prefix: &str, measure: Option<Key>, target: bool| Criterion {
                    key: key(&format!("{prefix}-{j}")),
                    description: format!("What holds at the {prefix} {j}."),
                    target: (target && measure.is_some()).then(|| "at least 80%".to_owned()),
                    measure,
                };
            Phase {
                key: key(&format!("phase-{i}")),
                name: b.text("Phase"),
                purpose: "What the phase is for.".into(),
                length: phase_length(*min, *max, config.for_programs),
                starting_level,
                entry_criteria: (0..*entries)
                    .map(|j| criterion(j, "entry", None, false))
                    .collect(),
                exit_criteria: exits
                    .iter()
                    .enumerate()
                    .map(|(j, (measure, target))| {
                        let measure = measure.as_ref().and_then(|m| pick(&measure_keys, *m));
                        criterion(j, "exit", measure, *target)
                    })
                    .collect(),
                skills: pick_distinct(&skill_keys, skill_picks),
                citations: b.cite(),
            }
        })
        .collect()
}

/// The most weeks a weeks-in-phase trigger may wait in `phase`: its planned maximum.
fn weeks_limit(phase: &Phase) -> u16 {
    phase.length.max.map_or(Weeks::MAX, |max| {
        u16::try_from(max.max_days() / 7)
            .expect("small")
            .min(Weeks::MAX)
    })
}

/// Titration rules with no rule shadowed: each trigger appears once, and triggers that fire
/// from a number of weeks on are ordered from the longest wait to the shortest within their
/// family (a shorter wait listed first would fire for every longer one).
fn rules(
    b: &mut Builder<'_>,
    shapes: &[RuleShape],
    phases: &[Phase],
    levels: &[IntensityLevel],
) -> Vec<TitrationRule> {
    let mut triggers = triggers(shapes, phases);
    set_trigger_weeks(&mut triggers, phases);
    triggers
        .into_iter()
        .enumerate()
        .map(|(i, (trigger, shape))| {
            let (_, _, _, _, _, adjustment, level, reason, overrides) = shape;
            let adjustment = match adjustment {
                0 => Adjustment::StepUp,
                1 => Adjustment::StepDown,
                2 => Adjustment::SetLevel {
                    level: levels[level.index(levels.len())].key.clone(),
                },
                3 => Adjustment::Hold,
                4 => Adjustment::Review,
                _ => Adjustment::AdvancePhase,
            };
            TitrationRule {
                key: key(&format!("rule-{i}")),
                trigger,
                adjustment,
                reason_required: *reason,
                overrides_interval: *overrides,
                citations: b.cite(),
            }
        })
        .collect()
}

/// The trigger each rule shape draws, with its shape: a trigger drawn before is left out,
/// except those that fire from a number of weeks on (their weeks are set afterwards).
fn triggers<'s>(shapes: &'s [RuleShape], phases: &[Phase]) -> Vec<(Trigger, &'s RuleShape)> {
    let mut triggers: Vec<(Trigger, &RuleShape)> = Vec::new();
    for shape in shapes {
        let (kind, phase, criterion, more, _, _, _, _, _) = shape;
        let phase = &phases[phase.index(phases.len())];
        let direction = if *more {
            Direction::More
        } else {
            Direction::Less
        };
        let trigger = match kind {
            0 => Trigger::WeeksInPhase {
                phase: phase.key.clone(),
                weeks: weeks(0),
            },
            1 => Trigger::ExitCriterionMetEarly {
                phase: phase.key.clone(),
                criterion: phase.exit_criteria[criterion.index(phase.exit_criteria.len())]
                    .key
                    .clone(),
            },
            2 => Trigger::ParticipantPreference { direction },
            3 => Trigger::CoachJudgment { direction },
            4 => Trigger::Disruption,
            5 => Trigger::DeliveredBelowMinimum { weeks: weeks(0) },
            _ => {
                // A measure can cross only a criterion's target that has a measure.
                let measured: Vec<&Criterion> = phase
                    .exit_criteria
                    .iter()
                    .filter(|c| c.measure.is_some())
                    .collect();
                let Some(c) = pick(&measured, *criterion) else {
                    continue;
                };
                Trigger::MeasureCrossedTarget {
                    phase: phase.key.clone(),
                    criterion: c.key.clone(),
                    direction,
                }
            }
        };
        let weekly = matches!(
            trigger,
            Trigger::WeeksInPhase { .. } | Trigger::DeliveredBelowMinimum { .. }
        );
        if weekly || !triggers.iter().any(|(t, _)| *t == trigger) {
            triggers.push((trigger, shape));
        }
    }
    triggers
}

/// The weeks of the triggers that fire from a number of weeks on: within each family (a
/// phase's weeks in phase; delivered below minimum), distinct and decreasing in list order; a
/// family with more rules than distinct weeks loses some.
fn set_trigger_weeks(triggers: &mut Vec<(Trigger, &RuleShape)>, phases: &[Phase]) {
    let family = |t: &Trigger| match t {
        Trigger::WeeksInPhase { phase, .. } => Some(Some(phase.clone())),
        Trigger::DeliveredBelowMinimum { .. } => Some(None),
        _ => None,
    };
    let mut families: Vec<Option<Key>> = triggers.iter().filter_map(|(t, _)| family(t)).collect();
    families.dedup();
    let mut keep = vec![true; triggers.len()];
    let mut seen: Vec<Option<Key>> = Vec::new();
    for f in families {
        if seen.contains(&f) {
            continue;
        }
        seen.push(f.clone());
        let limit = f
            .as_ref()
            .and_then(|p| phases.iter().find(|ph| &ph.key == p))
            .map_or(60, weeks_limit);
        let members: Vec<usize> = (0..triggers.len())
            .filter(|&n| family(&triggers[n].0).as_ref() == Some(&f))
            .collect();
        let mut values: Vec<u16> = members
            .iter()
            .map(|&n| triggers[n].1.4 % (limit + 1))
            .collect();
        values.sort_unstable_by(|a, b| b.cmp(a));
        values.dedup();
        for (slot, &n) in members.iter().enumerate() {
            match values.get(slot) {
                Some(&w) => match &mut triggers[n].0 {
                    Trigger::WeeksInPhase { weeks: v, .. }
                    | Trigger::DeliveredBelowMinimum { weeks: v } => *v = weeks(w),
                    _ => unreachable!("a weeks family"),
                },
                None => keep[n] = false,
            }
        }
    }
    let mut kept = keep.iter();
    triggers.retain(|_| *kept.next().expect("one flag each"));
}

/// Makes every level reachable: for each level no phase starts at and no rule sets, an exit
/// criterion of the first phase met early sets it (a trigger no other rule has).
fn reach_every_level(
    b: &mut Builder<'_>,
    phases: &mut [Phase],
    levels: &[IntensityLevel],
    rules: &mut Vec<TitrationRule>,
) {
    for level in levels {
        let starts = phases.iter().any(|p| p.starting_level == level.key);
        let set = rules
            .iter()
            .any(|r| matches!(&r.adjustment, Adjustment::SetLevel { level: l } if *l == level.key));
        if starts || set {
            continue;
        }
        let criterion = key(&format!("reach-{}", level.key));
        phases[0].exit_criteria.push(Criterion {
            key: criterion.clone(),
            description: format!("Ready for `{}`.", level.key),
            measure: None,
            target: None,
        });
        let n = rules.len();
        rules.push(TitrationRule {
            key: key(&format!("rule-{n}")),
            trigger: Trigger::ExitCriterionMetEarly {
                phase: phases[0].key.clone(),
                criterion,
            },
            adjustment: Adjustment::SetLevel {
                level: level.key.clone(),
            },
            reason_required: n.is_multiple_of(2),
            overrides_interval: n.is_multiple_of(3),
            citations: b.cite(),
        });
    }
}

/// A floor at or below every level that counts the channel per period; a channel some level
/// does not prescribe has no floor.
fn floor(
    b: &mut Builder<'_>,
    shape: &[(bool, usize, u8); 2],
    levels: &[IntensityLevel],
) -> Option<Floor> {
    let mut contacts = Vec::new();
    for (c, channel) in Channel::ALL.into_iter().enumerate() {
        let (given, period, share) = shape[c];
        if !given || levels.iter().any(|l| l.prescription(channel).is_none()) {
            continue;
        }
        let least = levels
            .iter()
            .filter_map(|l| l.annual(channel))
            .map(|d| d.min_contacts)
            .min()
            .unwrap_or(12);
        let per = PERIODS[period];
        let most = least / per.per_year();
        contacts.push(FloorContact {
            channel,
            min_contacts: count(most * u64::from(share) / 255),
            per,
        });
    }
    (!contacts.is_empty()).then(|| Floor {
        contacts,
        citations: b.cite(),
    })
}

fn team(b: &mut Builder<'_>, keys: &Keys, skills: &[Skill]) -> Option<TeamRule> {
    let (roles, contact, (required, kinds), joint, policy) = b.shape.team.as_ref()?;
    if keys.roles.is_empty() {
        return None;
    }
    let skill_keys: Vec<Key> = skills.iter().map(|s| s.key.clone()).collect();
    let mut team_roles: Vec<TeamRole> = Vec::new();
    for (role, n, disciplines, role_skills) in roles {
        let role = keys.roles[role.index(keys.roles.len())].clone();
        if team_roles.iter().any(|r| r.role == role) {
            continue;
        }
        team_roles.push(TeamRole {
            role,
            count: CoachCount::new(*n).expect("1 or 2"),
            disciplines: pick_distinct(&keys.disciplines, disciplines),
            skills: pick_distinct(&skill_keys, role_skills),
            point_of_contact: false,
        });
    }
    if let Some(contact) = contact {
        let n = team_roles.len();
        team_roles[contact.index(n)].point_of_contact = true;
    }
    let size: u32 = team_roles.iter().map(|r| u32::from(r.count.get())).sum();
    let required_for = match required {
        0 => TeamRequirement::NoSites,
        1 => TeamRequirement::AllSites,
        2 => TeamRequirement::SelectedOrganizations,
        _ => TeamRequirement::SiteKinds(pick_distinct(&keys.site_kinds, kinds)),
    };
    let for_coaches_without = policy.as_ref().and_then(|(experience, requirement)| {
        let experience = pick(&keys.experience_kinds, *experience)?;
        Some(ExperienceTeamPolicy {
            experience,
            requirement: requirement_of(*requirement),
            citations: b.cite(),
        })
    });
    Some(TeamRule {
        roles: team_roles,
        required_for,
        // Joint contacts need two coaches at least.
        joint_contacts: *joint && size >= 2,
        for_coaches_without,
        citations: b.cite(),
    })
}

fn requirement_of(n: u8) -> Requirement {
    match n {
        0 => Requirement::Required,
        1 => Requirement::Recommended,
        _ => Requirement::NotRequired,
    }
}

fn qualifications(b: &mut Builder<'_>, keys: &Keys, config: ManualConfig) -> Vec<Qualification> {
    let mut out: Vec<Qualification> = Vec::new();
    // For programs, at most the highest level declared; otherwise any level, declared or not.
    let highest = if config.for_programs {
        keys.degrees.iter().map(|(_, level)| *level).max()
    } else {
        Some(DegreeLevel::Doctorate)
    };
    for (kind, a, any, n, requirement, role) in &b.shape.qualifications {
        let check = match kind {
            0 => {
                let Some(highest) = highest else { continue };
                let top = DEGREE_LEVELS
                    .iter()
                    .position(|l| *l == highest)
                    .expect("a level");
                QualificationCheck::MinimumDegree {
                    level: DEGREE_LEVELS[a.index(top + 1)],
                }
            }
            1 => QualificationCheck::ExperienceYears {
                kind: match pick(&keys.experience_kinds, *a) {
                    Some(k) => k,
                    None => continue,
                },
                years: Years::new(n % 15).expect("bounded"),
            },
            2 => QualificationCheck::ExperienceHeld {
                kind: match pick(&keys.experience_kinds, *a) {
                    Some(k) => k,
                    None => continue,
                },
            },
            3 => QualificationCheck::CertificationHeld {
                certification: match pick(&keys.certifications, *a) {
                    Some(k) => k,
                    None => continue,
                },
            },
            4 => {
                let any_of = pick_distinct(&keys.disciplines, any);
                if any_of.is_empty() {
                    continue;
                }
                QualificationCheck::DisciplineHeld { any_of }
            }
            5 => QualificationCheck::TrainingHours {
                hours: TrainingHours::new(*n).expect("bounded"),
            },
            _ => QualificationCheck::CoreSkills,
        };
        let role = role.as_ref().and_then(|r| pick(&keys.roles, *r));
        if out.iter().any(|q| q.check == check && q.role == role) {
            continue;
        }
        out.push(Qualification {
            check,
            requirement: requirement_of(*requirement),
            role,
            citations: b.cite(),
        });
    }
    out
}

fn milestones(b: &mut Builder<'_>, phases: &[Phase]) -> Vec<Milestone> {
    b.shape
        .milestones
        .iter()
        .enumerate()
        .map(|(i, (phase, offset, every, times_, described))| {
            let from = phase.map_or(0, |p| p.index(phases.len()));
            let mut milestone = Milestone {
                key: key(&format!("milestone-{i}")),
                name: b.text("Milestone"),
                description: described.then(|| "An interview with the care team.".to_owned()),
                anchor: match phase {
                    Some(_) => Anchor::PhaseEntry(phases[from].key.clone()),
                    None => Anchor::RelationshipStart,
                },
                offset: length(*offset),
                every: every.map(length),
                times: times_.filter(|_| every.is_some()).map(times),
                citations: b.cite(),
            };
            within_planned_phases(&mut milestone, &phases[from..]);
            milestone
        })
        .collect()
}

/// Moves a milestone that could fall after the longest relationship the phases from its anchor
/// plan (each at its maximum) to the anchor itself, and lets a repeat that could run past it
/// repeat until the end instead; phases without a maximum plan no longest relationship.
fn within_planned_phases(milestone: &mut Milestone, phases: &[Phase]) {
    let Some(rest) = phases
        .iter()
        .map(|p| p.length.max.map(Length::min_days))
        .sum::<Option<u32>>()
    else {
        return;
    };
    let last = |m: &Milestone| {
        let repeats = m.times.map_or(0, |t| u32::from(t.get()) - 1);
        m.offset.max_days() + m.every.map_or(0, Length::max_days) * repeats
    };
    if milestone.offset.max_days() > rest {
        milestone.offset = Length::Weeks(weeks(0));
    }
    if last(milestone) > rest {
        milestone.times = None;
    }
}

fn activities(
    b: &mut Builder<'_>,
    keys: &Keys,
    (team, levels): (Option<&TeamRule>, &[IntensityLevel]),
    (phases, milestones): (&[Phase], &[Milestone]),
) -> Vec<Activity> {
    if keys.activity_kinds.is_empty() {
        return Vec::new();
    }
    let joint_team = team.is_some_and(|t| t.joint_contacts);
    let milestone_keys: Vec<Key> = milestones.iter().map(|m| m.key.clone()).collect();
    b.shape
        .activities
        .iter()
        .enumerate()
        .map(
            |(
                i,
                (
                    kind,
                    attendees,
                    (least, extra),
                    cadence,
                    (n, period),
                    site,
                    when,
                    channel,
                    joint,
                    milestone,
                ),
            )| {
                let mut people: Vec<Attendee> = Vec::new();
                for (a, role) in attendees {
                    let attendee = match a {
                        0 => match pick(&keys.roles, *role) {
                            Some(r) => Attendee::Role(r),
                            None => Attendee::SiteTeam,
                        },
                        1 => Attendee::SiteTeam,
                        2 => Attendee::AllCoaches,
                        3 => Attendee::ImplementationTeam,
                        4 => Attendee::Evaluators,
                        _ => Attendee::CareTeam,
                    };
                    if !people.contains(&attendee) {
                        people.push(attendee);
                    }
                }
                // A site's series may start at a phase entry or a milestone and stop at a
                // phase's end; which, from the draws the other cadences use.
                let phase = |at: usize| phases.get(at % phases.len().max(1)).map(|p| p.key.clone());
                let starts = match (*site, usize::from(*when)) {
                    (true, 1) => phase(i).map(SeriesStart::PhaseEntry),
                    (true, 2) => pick(&milestone_keys, *milestone).map(SeriesStart::Milestone),
                    _ => None,
                };
                let every = Cadence::Every {
                    frequency: Frequency {
                        count: times(*n),
                        per: PERIODS[*period],
                    },
                    scope: if *site { Scope::Site } else { Scope::Program },
                    starts,
                    until_end_of: (*site && channel.is_some()).then(|| phase(i + 1)).flatten(),
                };
                let cadence = match cadence {
                    0 => every,
                    1 => Cadence::AroundContact {
                        when: [Around::Before, Around::During, Around::After][usize::from(*when)],
                        // Only a channel some level prescribes: an activity around another is
                        // never held.
                        channel: channel
                            .map(|remote| {
                                if remote {
                                    Channel::Remote
                                } else {
                                    Channel::InPerson
                                }
                            })
                            .filter(|c| levels.iter().any(|l| l.prescription(*c).is_some())),
                        joint_only: *joint && joint_team,
                    },
                    _ => match pick(&milestone_keys, *milestone) {
                        Some(m) => Cadence::AtMilestone(m),
                        None => every,
                    },
                };
                Activity {
                    key: key(&format!("activity-{i}")),
                    name: b.text("Activity"),
                    kind: keys.activity_kinds[kind.index(keys.activity_kinds.len())].clone(),
                    attendees: people,
                    min_minutes: least.map(minutes),
                    max_minutes: extra.map(|e| minutes(least.unwrap_or(1) + e)),
                    cadence,
                    implementation_outcome: ImplementationOutcome::ALL.get((i + 4) % 9).copied(),
                    citations: b.cite(),
                }
            },
        )
        .collect()
}

fn collaborative(b: &mut Builder<'_>) -> Option<Collaborative> {
    let shape = b.shape.collaborative.as_ref()?;
    let learning_sessions = match shape {
        Ok((n, period)) => LearningSessions::Every(Frequency {
            count: times(*n),
            per: PERIODS[*period],
        }),
        Err(gaps) => {
            let mut day = Date::new("2015-09-15").expect("a date").as_naive();
            LearningSessions::Dated(
                gaps.iter()
                    .map(|gap| {
                        day = day
                            .checked_add_days(chrono::Days::new(u64::from(*gap)))
                            .expect("in range");
                        Date::from_naive(day).expect("writable")
                    })
                    .collect(),
            )
        }
    };
    Some(Collaborative {
        model: b.text("Breakthrough Series"),
        learning_sessions,
        // Headcounts present with a cadence, absent with dated sessions.
        delegates: shape.is_ok().then(|| Headcount {
            min: SiteCount::new(3).expect("bounded"),
            max: SiteCount::new(3).expect("bounded"),
            citations: b.cite(),
        }),
        faculty: shape.is_ok().then(|| Headcount {
            min: SiteCount::new(5).expect("bounded"),
            max: SiteCount::new(8).expect("bounded"),
            citations: b.cite(),
        }),
        teams: None,
        citations: b.cite(),
    })
}

fn decimal(ten_thousandths: u64) -> Decimal {
    Decimal::from_ten_thousandths(ten_thousandths).expect("bounded")
}

fn figures(b: &mut Builder<'_>, manual: &Manual) -> Vec<Figure> {
    const SCALE: f64 = 10_000.0;
    let channel = |i: usize| {
        if i.is_multiple_of(2) {
            Channel::InPerson
        } else {
            Channel::Remote
        }
    };
    b.shape
        .figures
        .iter()
        .enumerate()
        .map(
            |(i, (value, below, above, describes, (spread, width), groups, tolerance))| {
                let describes = match describes {
                    0 => Some(Described::RelationshipMonths),
                    1 => Some(Described::RelationshipContacts),
                    2 => Some(Described::RelationshipContactHours),
                    3 => Some(Described::ContactMinutes(channel(i))),
                    4 => Some(Described::SitesPerCoach),
                    5 => Some(Described::ContactsPerYear(channel(i))),
                    6 => Some(Described::ContactHoursPerYear(channel(i))),
                    _ => None,
                };
                let (mut low, mut high) = (
                    below.map(|d| value.saturating_sub(d)),
                    above.map(|d| value + d),
                );
                let mut value = *value;
                if let Some(Planned {
                    low: manual_low,
                    high: manual_high,
                    ..
                }) = describes.as_ref().and_then(|d| d.planned(manual))
                {
                    // A range reaching from below the manual's value to above it (a unit of
                    // margin against rounding), and a value among the manual's own, so the
                    // manual stays within any tolerance of it.
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    let (l, h, v) = (
                        ((manual_low - 1.0).max(0.0) * SCALE) as u64,
                        ((manual_high + 1.0) * SCALE).ceil() as u64,
                        (manual_low * SCALE).ceil() as u64,
                    );
                    low = low.map(|x| x.min(l));
                    high = high.map(|x| x.max(h));
                    value = v;
                }
                // The value lies within its own range.
                let value = value.max(low.unwrap_or(0)).min(high.unwrap_or(u64::MAX));
                let spread = match spread {
                    1 => Some(Spread::Sd(decimal(*width))),
                    2 => Some(Spread::Iqr(Quartiles {
                        q1: decimal(value.saturating_sub(width / 2)),
                        q3: decimal(value + width / 2),
                    })),
                    _ => None,
                };
                let groups = (0..*groups)
                    .map(|g| FigureGroup {
                        name: format!("Group {g}"),
                        value: Some(decimal(value + *width * g as u64)),
                        low: None,
                        high: None,
                        spread: None,
                        citations: b.cite(),
                    })
                    .collect();
                Figure {
                    key: key(&format!("figure-{i}")),
                    name: b.text("Figure"),
                    value: Some(decimal(value)),
                    low: low.map(decimal),
                    high: high.map(decimal),
                    spread,
                    groups,
                    tolerance: tolerance.map(decimal),
                    unit: "months".into(),
                    describes,
                    citations: b.cite(),
                }
            },
        )
        .collect()
}

/// The sources a shape declares, some with a DOI or a URL.
fn sources(shape: &ManualShape) -> Vec<Source> {
    shape
        .sources
        .iter()
        .enumerate()
        .map(|(i, (doi, url))| Source {
            key: key(&format!("source-{i}")),
            citation: format!("Author {i}. A published work. Journal. 2020;{i}(2):15."),
            doi: doi.then(|| format!("10.{}/journal.{i}", 1000 + i)),
            url: url.then(|| format!("https://example.org/works/{i}")),
        })
        .collect()
}

/// The materials a shape declares, some with a location.
fn materials(b: &mut Builder<'_>) -> Vec<Material> {
    let shape = b.shape;
    shape
        .materials
        .iter()
        .enumerate()
        .map(|(i, located)| Material {
            key: key(&format!("material-{i}")),
            name: b.text("Material"),
            description: "A form the coaching hands out.".into(),
            location: located.then(|| format!("https://example.org/materials/{i}")),
            citations: b.cite(),
        })
        .collect()
}

/// Components, one a material of the shape (a component is present and absent as materials
/// are): offered to every site where the material has a location, else to some.
fn components(b: &mut Builder<'_>) -> Vec<Component> {
    let shape = b.shape;
    shape
        .materials
        .iter()
        .enumerate()
        .map(|(i, to_all)| Component {
            key: key(&format!("component-{i}")),
            name: b.text("Component"),
            description: "Something sites receive.".into(),
            offered: if *to_all {
                Offered::AllSites
            } else {
                Offered::SomeSites
            },
            citations: b.cite(),
        })
        .collect()
}

/// The version a shape gives, with a pre-release where it asks for one.
fn version(shape: &ManualShape) -> semver::Version {
    let (major, minor, patch, pre) = shape.version;
    let mut version = semver::Version::new(major, minor, patch);
    if pre {
        version.pre = semver::Prerelease::new("rc.1").expect("a pre-release");
    }
    version
}

/// Builds the manual a shape describes.
pub fn build(shape: &ManualShape, config: ManualConfig) -> Manual {
    let sources = sources(shape);
    let mut b = Builder {
        shape,
        sources: sources.iter().map(|s| s.key.clone()).collect(),
        next_cite: 0,
        next_text: 0,
    };
    let (vocabularies, keys) = vocabularies(&mut b);
    let skills = skills(&mut b, &keys);
    let measures = measures(&mut b, &keys);
    let rule_shapes: &[RuleShape] = shape.titration.as_ref().map_or(&[], |t| t.2.as_slice());
    // Without titration rules, the phases' starting levels must cover every level: no more
    // levels than phases.
    let cover = rule_shapes.is_empty();
    let level_count = if cover {
        shape.levels.len().min(shape.phases.len())
    } else {
        shape.levels.len()
    };
    let mut intensity_levels = levels(&mut b, level_count);
    let mut phases = phases(&mut b, config, &intensity_levels, &skills, &measures, cover);
    let titration = shape.titration.as_ref().map(|(floor_shape, interval, _)| {
        let mut rules = rules(&mut b, rule_shapes, &phases, &intensity_levels);
        if !cover {
            reach_every_level(&mut b, &mut phases, &intensity_levels, &mut rules);
        }
        Titration {
            floor: floor_shape
                .as_ref()
                .and_then(|f| floor(&mut b, f, &intensity_levels)),
            min_weeks_between_changes: interval.map(|w| ChangeInterval {
                weeks: weeks(w),
                citations: b.cite(),
            }),
            rules,
        }
    });
    let team = team(&mut b, &keys, &skills);
    set_coaches(&mut intensity_levels, shape, team.as_ref());
    let qualifications = qualifications(&mut b, &keys, config);
    let caseload = shape.caseload.map(|sites| CaseloadThreshold {
        sites: SiteCount::new(sites).expect("bounded"),
        counted: practice_coaching::manual::CaseloadSpan::AtOneTime,
        citations: b.cite(),
    });
    let milestones = milestones(&mut b, &phases);
    let around = (team.as_ref(), intensity_levels.as_slice());
    let activities = activities(&mut b, &keys, around, (&phases, &milestones));
    let materials = materials(&mut b);
    let collaborative = collaborative(&mut b);
    let response_time = shape.response_time.map(|hours| ResponseTime {
        hours: Hours::new(hours).expect("bounded"),
        citations: b.cite(),
    });
    let (major, minor, patch, pre) = shape.version;
    let version = version(shape);
    let mut manual = Manual {
        schema: shape
            .schema
            .then(|| "urn:practice-coaching:schema:manual:2".to_owned()),
        id: key("generated"),
        title: b.text("Generated manual"),
        version,
        description: "A manual generated for property tests.".into(),
        // Goal, setting and the version replaced: each present and absent across versions.
        goal: (major % 2 == 0).then(|| Goal {
            text: b.text("Goal"),
            citations: b.cite(),
        }),
        setting: (minor % 2 == 0).then(|| Setting {
            region: Some(b.text("Region")),
            population: pre.then(|| b.text("Population")),
            payer: (patch % 2 == 0).then(|| b.text("Payer")),
            citations: b.cite(),
        }),
        replaces: (patch > 0).then(|| Replaces {
            version: semver::Version::new(major, minor, patch - 1),
            changes: vec![b.text("Change")],
            citations: b.cite(),
        }),
        sources,
        vocabularies,
        phases,
        strata: Vec::new(),
        intensity_levels,
        titration,
        skills,
        qualifications,
        team,
        caseload,
        activities,
        milestones,
        components: components(&mut b),
        materials,
        collaborative,
        response_time,
        measures,
        figures: Vec::new(),
    };
    manual.figures = figures(&mut b, &manual);
    manual
}
