//! Valid manuals built by construction: unique keys by counter, references picked with
//! `prop::sample::Index`, levels built from the least intensive upward by non-negative
//! increments, the floor at or below the least intensive level.

use practice_coaching::manual::*;
use practice_coaching::*;
use proptest::prelude::*;
use proptest::sample::Index;

pub fn key(text: &str) -> Key {
    Key::new(text).expect("generated keys are lower-kebab")
}

fn count(n: u16) -> ContactCount {
    ContactCount::new(n).expect("within bounds")
}

fn minutes(n: u16) -> Minutes {
    Minutes::new(n).expect("within bounds")
}

fn weeks(n: u16) -> Weeks {
    Weeks::new(n).expect("within bounds")
}

fn cite(kind: usize) -> Vec<Citation> {
    let citation = match kind % 3 {
        0 => Citation {
            source: None,
            evidence: Evidence::Design,
            locator: None,
            rationale: Some("a generated design choice".into()),
        },
        1 => Citation {
            source: Some(key("source-0")),
            evidence: Evidence::Reported,
            locator: Some("Introduction".into()),
            rationale: None,
        },
        _ => Citation {
            source: Some(key("source-0")),
            evidence: Evidence::Derived,
            locator: None,
            rationale: Some("computed from the source's table".into()),
        },
    };
    vec![citation]
}

const DISCIPLINES: [Discipline; 5] = [
    Discipline::BehavioralHealth,
    Discipline::Medical,
    Discipline::Nursing,
    Discipline::PublicHealth,
    Discipline::PracticeOperations,
];
const PERIODS: [Period; 5] = [
    Period::Week,
    Period::Month,
    Period::Quarter,
    Period::HalfYear,
    Period::Year,
];

/// One level's increments over the level below it (in-person, remote contacts a month; minutes).
type LevelStep = (u16, u16, u16, u16, u16);
type PhaseShape = (u16, Option<u16>, Index, Vec<Index>, usize, Option<Index>);
type RuleShape = (usize, Index, Index, Index, usize, bool, bool, u16);

fn levels(steps: &[LevelStep], cite_kind: usize) -> Vec<IntensityLevel> {
    // Build least intensive first, then reverse: the document lists most intensive first.
    let (mut in_person, mut in_person_extra, mut remote, mut remote_extra, mut length) =
        (1u16, 0u16, 1u16, 0u16, 60u16);
    let mut out: Vec<IntensityLevel> = Vec::new();
    for (i, (a, b, c, d, e)) in steps.iter().enumerate() {
        if i > 0 {
            in_person += a;
            in_person_extra += b;
            remote += c;
            remote_extra += d;
            length = (length + e).min(1440);
        }
        let prescription = |channel, min: u16, extra: u16, with_minutes: bool| Prescription {
            channel,
            min_contacts: count(min),
            max_contacts: count(min + extra),
            per: Period::Month,
            min_minutes: with_minutes.then(|| minutes(30)),
            max_minutes: with_minutes.then(|| minutes(length.max(30))),
            coaches_per_contact: CoachesPerContact::new(1 + u16::from(with_minutes))
                .expect("1 or 2"),
            citations: cite(cite_kind + i),
        };
        out.push(IntensityLevel {
            key: key(&format!("level-{i}")),
            name: format!("Level {i}"),
            description: "generated".into(),
            prescriptions: vec![
                prescription(Channel::InPerson, in_person, in_person_extra, true),
                prescription(Channel::Remote, remote, remote_extra, false),
            ],
            citations: cite(cite_kind),
        });
    }
    out.reverse();
    out
}

fn phases(
    shapes: &[PhaseShape],
    levels: &[IntensityLevel],
    skills: &[Skill],
    measures: &[Measure],
) -> Vec<Phase> {
    shapes
        .iter()
        .enumerate()
        .map(
            |(i, (min, extra, level, skill_picks, exits, measure))| Phase {
                key: key(&format!("phase-{i}")),
                name: format!("Phase {i}"),
                purpose: "generated".into(),
                min_weeks: weeks(*min),
                max_weeks: extra.map(|e| weeks(min + e)),
                starting_level: levels[level.index(levels.len())].key.clone(),
                entry_criteria: vec![],
                exit_criteria: (0..*exits)
                    .map(|j| Criterion {
                        key: key(&format!("criterion-{j}")),
                        description: "generated".into(),
                        measure: measure
                            .as_ref()
                            .filter(|_| j == 0)
                            .map(|m| measures[m.index(measures.len())].key.clone()),
                        target: None,
                    })
                    .collect(),
                skills: skill_picks
                    .iter()
                    .map(|s| skills[s.index(skills.len())].key.clone())
                    .collect(),
                citations: cite(i),
            },
        )
        .collect()
}

fn rules(shapes: &[RuleShape], phases: &[Phase], levels: &[IntensityLevel]) -> Vec<TitrationRule> {
    shapes
        .iter()
        .enumerate()
        .map(
            |(i, (trigger, phase, criterion, level, adjustment, reason, overrides, w))| {
                let phase = &phases[phase.index(phases.len())];
                let direction = if i % 2 == 0 {
                    Direction::Less
                } else {
                    Direction::More
                };
                let trigger = match trigger % 6 {
                    0 => Trigger::WeeksInPhase {
                        phase: phase.key.clone(),
                        weeks: weeks(*w),
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
                    _ => Trigger::DeliveredBelowMinimum { weeks: weeks(*w) },
                };
                let adjustment = match adjustment % 5 {
                    0 => Adjustment::StepUp,
                    1 => Adjustment::StepDown,
                    2 => Adjustment::SetLevel {
                        level: levels[level.index(levels.len())].key.clone(),
                    },
                    3 => Adjustment::Hold,
                    _ => Adjustment::Review,
                };
                TitrationRule {
                    key: key(&format!("rule-{i}")),
                    trigger,
                    adjustment,
                    reason_required: *reason,
                    overrides_interval: *overrides,
                    citations: cite(i),
                }
            },
        )
        .collect()
}

fn skills(core: usize, specialty: &[Vec<Index>]) -> Vec<Skill> {
    let core = (0..core).map(|i| Skill {
        key: key(&format!("core-skill-{i}")),
        name: format!("Core skill {i}"),
        tier: SkillTier::Core,
        description: "generated".into(),
        disciplines: vec![],
        gap: false,
        citations: cite(i),
    });
    let specialty = specialty.iter().enumerate().map(|(i, picks)| {
        let mut disciplines: Vec<Discipline> = picks
            .iter()
            .map(|p| DISCIPLINES[p.index(DISCIPLINES.len())])
            .collect();
        disciplines.sort();
        disciplines.dedup();
        Skill {
            key: key(&format!("specialty-skill-{i}")),
            name: format!("Specialty skill {i}"),
            tier: SkillTier::Specialty,
            description: "generated".into(),
            disciplines,
            gap: i % 2 == 1,
            citations: cite(i),
        }
    });
    core.chain(specialty).collect()
}

fn measures(n: usize) -> Vec<Measure> {
    (0..n)
        .map(|i| Measure {
            key: key(&format!("measure-{i}")),
            name: format!("Measure {i}"),
            kind: [
                MeasureKind::Clinical,
                MeasureKind::Process,
                MeasureKind::Dose,
            ][i % 3],
            scope: if i % 2 == 0 {
                MeasureScope::Initiative
            } else {
                MeasureScope::Coaching
            },
            unit: "percent".into(),
            better: if i % 2 == 0 {
                Better::Higher
            } else {
                Better::Lower
            },
            citations: cite(i),
        })
        .collect()
}

fn meetings(shapes: &[(usize, usize, Option<u16>)]) -> Vec<Meeting> {
    let kinds = [
        MeetingKind::PostVisitDebrief,
        MeetingKind::PreVisitHuddle,
        MeetingKind::MidVisitCheckIn,
        MeetingKind::CoachStandardization,
        MeetingKind::ImplementationTeam,
    ];
    shapes
        .iter()
        .enumerate()
        .map(|(i, (kind, period, length))| Meeting {
            key: key(&format!("meeting-{i}")),
            name: format!("Meeting {i}"),
            kind: kinds[kind % kinds.len()],
            cadence: if *period >= PERIODS.len() {
                Cadence::PerVisit
            } else {
                Cadence::PerPeriod(Frequency {
                    count: TimesPerPeriod::new(1).expect("1"),
                    per: PERIODS[*period],
                })
            },
            minutes: length.map(minutes),
            attendees: vec![Attendee::AllCoaches],
            citations: cite(i),
        })
        .collect()
}

fn figures(shapes: &[(u16, u16, u16)]) -> Vec<Figure> {
    shapes
        .iter()
        .enumerate()
        .map(|(i, (value, below, above))| Figure {
            key: key(&format!("figure-{i}")),
            name: format!("Figure {i}"),
            value: Quantity::new(*value).expect("bounded"),
            low: Some(Quantity::new(value - below.min(value)).expect("bounded")),
            high: Some(Quantity::new(value + above).expect("bounded")),
            unit: "months".into(),
            citations: cite(i),
        })
        .collect()
}

fn titration(
    (floor_in_person, floor_period): (u16, usize),
    rules: Vec<TitrationRule>,
) -> Titration {
    Titration {
        floor: Floor {
            // The least level has at least one contact a month on both channels.
            contacts: vec![FloorContact {
                channel: Channel::InPerson,
                min_contacts: count(floor_in_person),
                per: PERIODS[1 + floor_period % 4],
            }],
            citations: cite(1),
        },
        min_weeks_between_changes: ChangeInterval {
            weeks: weeks(4),
            citations: cite(0),
        },
        rules,
    }
}

fn collaborative() -> Collaborative {
    Collaborative {
        model: "Breakthrough Series".into(),
        learning_sessions: Frequency {
            count: TimesPerPeriod::new(1).expect("1"),
            per: Period::HalfYear,
        },
        citations: cite(1),
    }
}

fn qualifications() -> Qualifications {
    Qualifications {
        minimum_degree: Some(DegreeCheck {
            degree: Degree::Masters,
            requirement: Requirement::Recommended,
            citations: cite(1),
        }),
        health_care_experience: None,
        transformation_experience: Some(QualificationCheck {
            requirement: Requirement::Required,
            citations: cite(1),
        }),
        integrated_care_experience: None,
        core_skills: Some(QualificationCheck {
            requirement: Requirement::Required,
            citations: cite(0),
        }),
    }
}

fn pairing(pair: Index, required_for: usize, joint_visits: bool) -> Pairing {
    let pairs = [
        [Discipline::BehavioralHealth, Discipline::Medical],
        [Discipline::Nursing, Discipline::BehavioralHealth],
        [Discipline::PracticeOperations, Discipline::Medical],
    ];
    Pairing {
        disciplines: pairs[pair.index(pairs.len())].to_vec(),
        required_for: match required_for {
            0 => DyadRequirement::AllSites,
            1 => DyadRequirement::SelectedOrganizations,
            _ => DyadRequirement::SiteKinds(vec![SiteKind::Fqhc, SiteKind::PainManagement]),
        },
        joint_visits,
        caseload_warning_above: None,
        citations: cite(1),
    }
}

/// Any valid manual: validation finds no error (warnings may occur).
pub fn arb_manual() -> impl Strategy<Value = Manual> {
    let level_steps = prop::collection::vec((0u16..3, 0u16..3, 0u16..3, 0u16..3, 0u16..60), 1..=4);
    let phase_shapes = prop::collection::vec(
        (
            0u16..30,
            prop::option::of(0u16..30),
            any::<Index>(),
            prop::collection::vec(any::<Index>(), 0..3),
            1usize..3,
            prop::option::of(any::<Index>()),
        ),
        1..=4,
    );
    let rule_shapes = prop::collection::vec(
        (
            0usize..6,
            any::<Index>(),
            any::<Index>(),
            any::<Index>(),
            0usize..5,
            any::<bool>(),
            any::<bool>(),
            0u16..520,
        ),
        0..6,
    );
    let skill_shapes = (
        1usize..4,
        prop::collection::vec(prop::collection::vec(any::<Index>(), 1..3), 0..3),
    );
    let sections = (
        1usize..4,
        prop::collection::vec((0usize..5, 0usize..6, prop::option::of(0u16..=1440)), 0..5),
        prop::collection::vec((0u16..1000, 0u16..100, 0u16..100), 0..3),
        (
            any::<Index>(),
            0usize..3,
            any::<bool>(),
            0usize..3,
            0u16..=720,
        ),
        (0u16..2, 0usize..5),
    );
    (
        level_steps,
        phase_shapes,
        rule_shapes,
        skill_shapes,
        sections,
    )
        .prop_map(
            |(
                steps,
                phase_shapes,
                rule_shapes,
                (core, specialty),
                (measure_count, meeting_shapes, figure_shapes, dyads, floor),
            )| {
                let levels = levels(&steps, dyads.3);
                let skills = skills(core, &specialty);
                let measures = measures(measure_count);
                let phases = phases(&phase_shapes, &levels, &skills, &measures);
                let rules = rules(&rule_shapes, &phases, &levels);
                let (pair, required_for, joint, _, hours) = dyads;
                Manual {
                    schema: None,
                    id: key("generated"),
                    title: "Generated manual".into(),
                    version: semver::Version::new(1, 0, 0),
                    description: "generated".into(),
                    sources: vec![Source {
                        key: key("source-0"),
                        citation: "A source.".into(),
                        doi: None,
                        url: None,
                    }],
                    phases,
                    intensity_levels: levels,
                    titration: titration(floor, rules),
                    skills,
                    qualifications: qualifications(),
                    pairing: pairing(pair, required_for, joint),
                    logistics: Logistics {
                        meetings: meetings(&meeting_shapes),
                        response_time: ResponseTime {
                            hours: Hours::new(hours).expect("bounded"),
                            citations: cite(1),
                        },
                    },
                    collaborative: collaborative(),
                    measures,
                    figures: figures(&figure_shapes),
                }
            },
        )
}
