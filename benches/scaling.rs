//! One input dimension doubled at a time, where a per-item scan would make the work grow with
//! its square: each case runs at three sizes, doubling, and linear work at most doubles (2.2x
//! allows 10% for noise).
//!
//! - `citations`: the EvidenceNOW manual with as many added sources as added citations, each
//!   source cited once, the citations spread over the phases and intensity levels (8,000,
//!   16,000, 32,000): `render::markdown`, the TIDieR checklist and the Proctor specification
//!   as Markdown.
//! - `phase-skills`: the EvidenceNOW manual with 3,000, 6,000 and 12,000 added core skills, every
//!   phase listing all of them: `Manual::validate`.
//! - `name-bytes`: the EvidenceNOW sample program whose first coach's name is 1, 2 and 4 MB long,
//!   listed on 2,000 contacts of a site the coach is not assigned to (2,000 findings quoting the
//!   name): `Program::validate`.
//! - `name-findings`: the same with a 4 MB name on 1,000, 2,000 and 4,000 contacts.
//!
//! After each group, the sizes run in turn for 21 rounds (`interleaved:` lines), a cross-check
//! of the doubling ratios that a change of load on the machine hits alike.
//!
//! `cargo bench --bench scaling`; results in docs/performance.md. Run as a test
//! (`cargo test --bench scaling`), each case is built at its smallest size and run once;
//! with `SCALING_ALL_SIZES=1`, at every size.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion};
use practice_coaching::manual::{Citation, SkillTier, Source};
use practice_coaching::program::Contact;
use practice_coaching::reference::{evidencenow, evidencenow_sample_program};
use practice_coaching::{ContactTime, Key, Manual, Program, Rule, render, report};

const CITATIONS: [usize; 3] = [8_000, 16_000, 32_000];
const PHASE_SKILLS: [usize; 3] = [3_000, 6_000, 12_000];
const NAME_BYTES: [usize; 3] = [1_000_000, 2_000_000, 4_000_000];
const NAME_FINDINGS: [usize; 3] = [1_000, 2_000, 4_000];

fn main() {
    // `cargo bench` passes `--bench`; without it criterion runs each bench once as a test.
    let benchmarking = std::env::args().any(|a| a == "--bench");
    // Every size also when run as a test with `SCALING_ALL_SIZES=1`: one run of each case, to
    // count instructions under `valgrind --tool=callgrind`, which a busy machine does not move.
    let all = benchmarking || std::env::var_os("SCALING_ALL_SIZES").is_some();
    let take = if all { 3 } else { 1 };
    let mut criterion = Criterion::default().configure_from_args();

    let manuals: Vec<(usize, Manual)> = CITATIONS
        .iter()
        .take(take)
        .map(|&n| (n, cited(n)))
        .collect();
    let mut group = criterion.benchmark_group("citations");
    for (n, manual) in &manuals {
        group.bench_function(BenchmarkId::new("render", n), |b| {
            b.iter(|| render::markdown(black_box(manual)));
        });
        group.bench_function(BenchmarkId::new("tidier", n), |b| {
            b.iter(|| report::tidier(black_box(manual), None).markdown());
        });
        group.bench_function(BenchmarkId::new("proctor", n), |b| {
            b.iter(|| report::proctor(black_box(manual)).markdown());
        });
    }
    group.finish();
    if benchmarking {
        interleaved("citations/render", &manuals, |m| {
            black_box(render::markdown(black_box(m)));
        });
        interleaved("citations/tidier", &manuals, |m| {
            black_box(report::tidier(black_box(m), None).markdown());
        });
        interleaved("citations/proctor", &manuals, |m| {
            black_box(report::proctor(black_box(m)).markdown());
        });
    }

    let manuals: Vec<(usize, Manual)> = PHASE_SKILLS
        .iter()
        .take(take)
        .map(|&n| (n, skilled(n)))
        .collect();
    let mut group = criterion.benchmark_group("phase-skills");
    for (n, manual) in &manuals {
        assert!(!manual.validate().has_errors(), "{n} skills");
        group.bench_function(BenchmarkId::new("validate", n), |b| {
            b.iter(|| black_box(manual).validate());
        });
    }
    group.finish();
    if benchmarking {
        interleaved("phase-skills/validate", &manuals, |m| {
            black_box(black_box(m).validate());
        });
    }

    let programs: Vec<(usize, Program)> = NAME_BYTES
        .iter()
        .take(take)
        .map(|&bytes| (bytes, named(bytes, NAME_FINDINGS[1])))
        .collect();
    let mut group = criterion.benchmark_group("name-bytes");
    for (bytes, program) in &programs {
        check_named(program, NAME_FINDINGS[1]);
        group.bench_function(BenchmarkId::new("validate", bytes), |b| {
            b.iter(|| black_box(program).validate(evidencenow()));
        });
    }
    group.finish();
    if benchmarking {
        interleaved("name-bytes/validate", &programs, |p| {
            black_box(black_box(p).validate(evidencenow()));
        });
    }
    drop(programs);

    let programs: Vec<(usize, Program)> = NAME_FINDINGS
        .iter()
        .take(take)
        .map(|&findings| (findings, named(NAME_BYTES[2], findings)))
        .collect();
    let mut group = criterion.benchmark_group("name-findings");
    for (findings, program) in &programs {
        check_named(program, *findings);
        group.bench_function(BenchmarkId::new("validate", findings), |b| {
            b.iter(|| black_box(program).validate(evidencenow()));
        });
    }
    group.finish();
    if benchmarking {
        interleaved("name-findings/validate", &programs, |p| {
            black_box(black_box(p).validate(evidencenow()));
        });
    }

    criterion.final_summary();
}

/// The sizes of one case run in turn, round after round, so that a change of load on the
/// machine hits each alike; prints each size's median and its ratio to the size before.
fn interleaved<T>(case: &str, inputs: &[(usize, T)], run: impl Fn(&T)) {
    const ROUNDS: usize = 21;
    let mut times: Vec<Vec<Duration>> = vec![Vec::with_capacity(ROUNDS); inputs.len()];
    for _ in 0..ROUNDS {
        for ((_, input), times) in inputs.iter().zip(&mut times) {
            let start = Instant::now();
            run(input);
            times.push(start.elapsed());
        }
    }
    let mut line = format!("interleaved: {case}, {ROUNDS} rounds, medians:");
    let mut before: Option<f64> = None;
    for ((size, _), mut times) in inputs.iter().zip(times) {
        times.sort_unstable();
        let ms = times[times.len() / 2].as_secs_f64() * 1e3;
        let _ = write!(line, " {size} {ms:.3} ms");
        if let Some(before) = before {
            let _ = write!(line, " ({:.2}x)", ms / before);
        }
        line.push(';');
        before = Some(ms);
    }
    println!("{line}");
}

fn key(s: &str) -> Key {
    Key::new(s).expect("a key")
}

/// EvidenceNOW with `n` more sources, each cited once, on the phases and levels in turn.
fn cited(n: usize) -> Manual {
    let mut manual = evidencenow().clone();
    let phases = manual.phases.len();
    let levels = manual.intensity_levels.len();
    for i in 0..n {
        let source = key(&format!("source-{i}"));
        manual.sources.push(
            Source::new(
                source.as_str(),
                &format!("Author {i}. A study of practice coaching, part {i}. A journal. 2020."),
            )
            .expect("a source"),
        );
        let citation = Citation::reported(&source, &format!("page {i}"));
        if i % 2 == 0 {
            if let Some(phase) = manual.phases.get_mut(i / 2 % phases) {
                phase.citations.push(citation);
            }
        } else if let Some(level) = manual.intensity_levels.get_mut(i / 2 % levels) {
            level.citations.push(citation);
        }
    }
    assert!(!manual.validate().has_errors(), "{n} citations");
    manual
}

/// EvidenceNOW with `n` more core skills, every phase listing all of them.
fn skilled(n: usize) -> Manual {
    let mut manual = evidencenow().clone();
    let template = manual.skills.first().expect("a skill").clone();
    let keys: Vec<Key> = (0..n).map(|i| key(&format!("skill-{i}"))).collect();
    for (i, k) in keys.iter().enumerate() {
        let mut skill = template.clone();
        skill.key = k.clone();
        skill.name = format!("Skill {i}");
        skill.tier = SkillTier::Core;
        manual.skills.push(skill);
    }
    for phase in &mut manual.phases {
        phase.skills.extend(keys.iter().cloned());
    }
    manual
}

/// The EvidenceNOW sample program with its first coach named by `bytes` letters, listed on
/// `contacts` added contacts of the third site, whose assignment names another coach.
fn named(bytes: usize, contacts: usize) -> Program {
    let mut program = evidencenow_sample_program().clone();
    let coach = program.coaches.first_mut().expect("a coach");
    coach.name = "N".repeat(bytes);
    let coach = coach.id;
    let relationship = program.relationships.get_mut(2).expect("a third site");
    let template: Contact = relationship.contacts.first().expect("a contact").clone();
    for i in 0..contacts {
        // Seven minutes apart from a day inside the relationship, in its offset.
        let minutes = i * 7;
        let (day, hour, minute) = (1 + minutes / 1440, minutes / 60 % 24, minutes % 60);
        let mut contact = template.clone();
        contact.start = ContactTime::new(&format!(
            "2016-04-{:02}T{hour:02}:{minute:02}:00-06:00",
            day.min(30)
        ))
        .expect("a time");
        contact.coaches = vec![coach];
        contact.activities.clear();
        relationship.contacts.push(contact);
    }
    relationship.contacts.sort_by_key(|c| c.start);
    program
}

/// The program of [`named`] gives one `contact-coach-unassigned` per added contact.
fn check_named(program: &Program, contacts: usize) {
    let report = program.validate(evidencenow());
    let unassigned = report
        .diagnostics()
        .iter()
        .filter(|d| d.rule == Rule::ContactCoachUnassigned)
        .count();
    assert_eq!(unassigned, contacts, "{contacts} contacts");
}
