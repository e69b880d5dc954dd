//! Program parsing and validation at 1k, 10k, 50k and 100k sites, each site with a coaching
//! relationship, titration decisions and contacts (field mix in `support/synthetic.rs`): the
//! typed parse alone, the parse with full validation against the synthetic manual, validation
//! alone, and a `serde_json::Value` parse with `jsonschema` validation against the program
//! schema. Also prints how much heap the parsed program holds next to its JSON, and, as a
//! cross-check of the ratios that does not depend on the load staying constant, the first three
//! cases timed interleaved in one loop. A last group doubles one input dimension at a time
//! (contacts, decisions, assignments, teams, name lengths) at 10k sites: the time per JSON byte
//! should not grow with any of them.
//!
//! `cargo bench --bench program`; `PROGRAM_BENCH_SITES=1000,10000` limits the sizes (the
//! dimension group runs when 10,000 is among them). Results are in docs/performance.md. Run as a
//! test (`cargo test --bench program`), only the 1k programs are generated and checked.

mod support;
use support::counting;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkGroup, Criterion, SamplingMode, Throughput, measurement::WallTime};
use jsonschema::Validator;
use practice_coaching::schema::program_schema;
use practice_coaching::{Manual, Program};
use serde_json::Value;
use synthetic::Mix;

#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;

const SIZES: [usize; 4] = [1_000, 10_000, 50_000, 100_000];

/// The size at which each input dimension is doubled.
const DIMENSION_SITES: usize = 10_000;

/// Each input dimension doubled from the default mix, one at a time.
const DIMENSIONS: [(&str, Mix); 5] = [
    (
        "contacts",
        Mix {
            contacts: 2 * Mix::DEFAULT.contacts,
            ..Mix::DEFAULT
        },
    ),
    (
        "decisions",
        Mix {
            decisions: 2 * Mix::DEFAULT.decisions,
            ..Mix::DEFAULT
        },
    ),
    (
        "assignments",
        Mix {
            earlier: 2 * Mix::DEFAULT.earlier,
            ..Mix::DEFAULT
        },
    ),
    (
        "teams",
        Mix {
            sites_per_team: Mix::DEFAULT.sites_per_team / 2,
            ..Mix::DEFAULT
        },
    ),
    (
        "names",
        Mix {
            name_copies: 2 * Mix::DEFAULT.name_copies,
            ..Mix::DEFAULT
        },
    ),
];

fn main() {
    // `cargo bench` passes `--bench`; without it criterion runs each bench once as a test.
    let benchmarking = std::env::args().any(|a| a == "--bench");
    let sizes: Vec<usize> = match std::env::var("PROGRAM_BENCH_SITES") {
        Ok(list) if benchmarking => list
            .split(',')
            .map(|n| {
                n.trim()
                    .parse()
                    .expect("PROGRAM_BENCH_SITES: sizes separated by commas")
            })
            .collect(),
        _ if benchmarking => SIZES.to_vec(),
        _ => SIZES[..1].to_vec(),
    };
    let manual = synthetic::manual();
    let report = manual.validate();
    assert!(
        report.is_empty(),
        "the synthetic manual has findings: {report:#?}"
    );
    let validator = schema_validator();
    let mut criterion = Criterion::default().configure_from_args();
    for &sites in &sizes {
        let json = synthetic::program(sites, synthetic::SEED, Mix::DEFAULT);
        check(sites, Mix::DEFAULT, &json, &manual, &validator);
        memory(sites, &json);
        if benchmarking {
            interleaved(sites, &json, &manual);
        }
        bench(&mut criterion, sites, &json, &manual, &validator);
    }
    let dimension_sites = if benchmarking {
        sizes.contains(&DIMENSION_SITES).then_some(DIMENSION_SITES)
    } else {
        Some(SIZES[0])
    };
    if let Some(sites) = dimension_sites {
        dimensions(&mut criterion, sites, &manual, &validator);
    }
    criterion.final_summary();
}

/// The program schema's validator, built once, asserting formats (`uuid`, `date`,
/// `date-time`). The schema is generated from the types, as `docs/schemas/` is.
fn schema_validator() -> Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .should_ignore_unknown_formats(false)
        .build(&program_schema())
        .expect("the schema compiles")
}

/// Outside any timing: the generated program parses with the expected counts, validates without
/// a finding, and meets the schema.
fn check(sites: usize, mix: Mix, json: &[u8], manual: &Manual, validator: &Validator) {
    let program = Program::from_json(json)
        .unwrap_or_else(|e| panic!("synthetic program of {sites} sites: {e}"));
    let shape = synthetic::Shape::of(sites, mix);
    assert_eq!(program.sites.len(), shape.sites);
    assert_eq!(program.organizations.len(), shape.organizations);
    assert_eq!(program.coaches.len(), shape.coaches);
    assert_eq!(program.teams.len(), shape.teams);
    assert_eq!(program.assignments.len(), shape.assignments);
    assert_eq!(program.relationships.len(), shape.relationships);
    let contacts: usize = program.relationships.iter().map(|r| r.contacts.len()).sum();
    assert_eq!(contacts, shape.contacts);
    let decisions: usize = program
        .relationships
        .iter()
        .map(|r| r.titration.len())
        .sum();
    assert_eq!(decisions, shape.decisions);
    let report = program.validate(manual);
    assert!(
        report.is_empty(),
        "synthetic program of {sites} sites has findings: {:#?}",
        report.diagnostics().iter().take(5).collect::<Vec<_>>()
    );
    let value: Value = serde_json::from_slice(json).expect("JSON");
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .take(5)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "synthetic program of {sites} sites fails the schema: {errors:?}"
    );
    let compact = synthetic::minify(json);
    assert_eq!(
        Program::from_json(&compact).expect("compact parses"),
        program,
        "the compact form reads the same"
    );
}

/// Prints the heap held by the parsed program (and, for comparison, by a `Value`) next to the
/// JSON's length, with the part of it that is spare capacity of the top-level lists (serde
/// grows a `Vec` by doubling: the JSON does not say how long an array is).
#[allow(clippy::cast_precision_loss)] // ratios of byte counts far below 2^52
fn memory(sites: usize, json: &[u8]) {
    let compact = synthetic::minify(json).len();
    let (program, parsed) = counting::measure(|| Program::from_json(json).expect("parses"));
    let spare = spare(&program.organizations)
        + spare(&program.sites)
        + spare(&program.coaches)
        + spare(&program.teams)
        + spare(&program.assignments)
        + spare(&program.relationships)
        + program
            .relationships
            .iter()
            .map(|r| spare(&r.contacts) + spare(&r.titration) + spare(&r.met) + spare(&r.phases))
            .sum::<usize>();
    drop(program);
    // serde's derived parse, called directly, gives each key text of its own.
    let (unshared, apart) =
        counting::measure(|| serde_json::from_slice::<Program>(json).expect("parses"));
    drop(unshared);
    let (value, tree) = counting::measure(|| serde_json::from_slice::<Value>(json).expect("JSON"));
    drop(value);
    let pretty = json.len();
    println!(
        "memory: sites {sites}: JSON {pretty} B pretty, {compact} B compact; parsed program {} B in {} blocks (peak while parsing {} B), {:.3} of pretty, {:.3} of compact; of which {spare} B spare list capacity; read by serde_json::from_slice, keys apart: {} B in {} blocks, {:.3} of pretty; Value {} B, {:.2} of pretty",
        parsed.live_bytes,
        parsed.live_blocks,
        parsed.peak_bytes,
        parsed.live_bytes as f64 / pretty as f64,
        parsed.live_bytes as f64 / compact as f64,
        apart.live_bytes,
        apart.live_blocks,
        apart.live_bytes as f64 / pretty as f64,
        tree.live_bytes,
        tree.live_bytes as f64 / pretty as f64,
    );
}

/// Bytes allocated for a list beyond its length.
fn spare<T>(list: &Vec<T>) -> usize {
    (list.capacity() - list.len()) * size_of::<T>()
}

/// Outside criterion, a cross-check of the ratios: the typed parse (`Program::from_json`),
/// parse + validation and validation alone, interleaved in one loop so that a change in machine
/// load (or in this process's memory layout) hits all three alike; prints the medians. The
/// loop also times serde's derived parse called directly (`serde_json::from_slice`), which
/// reads the same program without sharing equal keys' text.
#[allow(clippy::cast_precision_loss)] // ratios of durations far below 2^52 ns
fn interleaved(sites: usize, json: &[u8], manual: &Manual) {
    let rounds = (2_000_000 / sites).max(15);
    let program = Program::from_json(json).expect("parses");
    let mut times: [Vec<Duration>; 4] = Default::default();
    for _ in 0..rounds {
        let start = Instant::now();
        black_box(Program::from_json(black_box(json)).expect("parses"));
        times[0].push(start.elapsed());
        let start = Instant::now();
        let parsed = Program::from_json(black_box(json)).expect("parses");
        black_box(parsed.validate(manual));
        drop(parsed);
        times[1].push(start.elapsed());
        let start = Instant::now();
        black_box(black_box(&program).validate(manual));
        times[2].push(start.elapsed());
        let start = Instant::now();
        black_box(serde_json::from_slice::<Program>(black_box(json)).expect("parses"));
        times[3].push(start.elapsed());
    }
    let [parse, parse_validate, validate, serde] = times.map(|mut t| {
        t.sort_unstable();
        t[t.len() / 2].as_secs_f64() * 1e3
    });
    println!(
        "interleaved: sites {sites}, {rounds} rounds, medians: typed parse {parse:.3} ms, parse + validate {parse_validate:.3} ms, validate alone {validate:.3} ms; (b)/(a) {:.3}, (c)/(a) {:.3}; serde_json::from_slice {serde:.3} ms, (b)/it {:.3}",
        parse_validate / parse,
        validate / parse,
        parse_validate / serde,
    );
}

/// Sampling for one size: flat sampling (every sample the same number of iterations, so the
/// estimate is the mean time per iteration) with fewer samples for the big inputs.
fn configure(group: &mut BenchmarkGroup<'_, WallTime>, sites: usize) {
    let (samples, measurement) = match sites {
        0..=1_000 => (100, 5),
        1_001..=10_000 => (50, 8),
        10_001..=50_000 => (20, 15),
        _ => (10, 25),
    };
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(samples)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(measurement));
}

fn bench(
    criterion: &mut Criterion,
    sites: usize,
    json: &[u8],
    manual: &Manual,
    validator: &Validator,
) {
    let mut group = criterion.benchmark_group(format!("sites_{sites}"));
    configure(&mut group, sites);
    group.throughput(Throughput::Bytes(json.len() as u64));

    group.bench_function("typed_parse", |b| {
        b.iter(|| Program::from_json(black_box(json)).expect("parses"));
    });
    group.bench_function("parse_validate", |b| {
        b.iter(|| {
            let program = Program::from_json(black_box(json)).expect("parses");
            program.validate(manual)
        });
    });
    let program = Program::from_json(json).expect("parses");
    group.bench_function("validate", |b| {
        b.iter(|| black_box(&program).validate(manual));
    });
    group.bench_function("value_jsonschema", |b| {
        b.iter(|| {
            let value: Value = serde_json::from_slice(black_box(json)).expect("JSON");
            validator.is_valid(&value)
        });
    });
    group.finish();
}

/// Parse + validation and validation alone with the default mix and with each dimension
/// doubled, at `sites` sites; throughput in JSON bytes, so a dimension that costs more per byte
/// than the rest shows as a lower throughput.
fn dimensions(criterion: &mut Criterion, sites: usize, manual: &Manual, validator: &Validator) {
    let mut group = criterion.benchmark_group(format!("dimensions_{sites}"));
    configure(&mut group, sites);
    let mixes = std::iter::once(("default", Mix::DEFAULT)).chain(DIMENSIONS);
    for (name, mix) in mixes {
        let json = synthetic::program(sites, synthetic::SEED, mix);
        check(sites, mix, &json, manual, validator);
        group.throughput(Throughput::Bytes(json.len() as u64));
        group.bench_function(format!("{name}/parse_validate"), |b| {
            b.iter(|| {
                let program = Program::from_json(black_box(&json)).expect("parses");
                program.validate(manual)
            });
        });
        let program = Program::from_json(&json).expect("parses");
        group.bench_function(format!("{name}/validate"), |b| {
            b.iter(|| black_box(&program).validate(manual));
        });
    }
    group.finish();
}
