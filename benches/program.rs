//! Program parsing and validation at 1k, 10k, 50k and 100k sites: the typed parse alone, the
//! parse with full validation against the late BHICCI manual, validation alone, and a
//! `serde_json::Value` parse with `jsonschema` validation against the committed schema. Also
//! prints how much heap the parsed program holds next to its JSON, and, as a cross-check of
//! the ratios that does not depend on the load staying constant, the first three cases timed
//! interleaved in one loop.
//!
//! `cargo bench --bench program`; results and the field mix are in docs/performance.md.
//! Run as a test (`cargo test --benches`), only the 1k size is generated and checked.

#[path = "support/counting.rs"]
mod counting;
#[path = "support/synthetic.rs"]
mod synthetic;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkGroup, Criterion, SamplingMode, Throughput, measurement::WallTime};
use jsonschema::Validator;
use practice_coaching::reference::bhicci_late;
use practice_coaching::{Manual, Program};
use serde_json::Value;

#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;

const SIZES: [usize; 4] = [1_000, 10_000, 50_000, 100_000];

const SCHEMA_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/docs/schemas/program.schema.json"
);

fn main() {
    // `cargo bench` passes `--bench`; without it criterion runs each bench once as a test.
    let benchmarking = std::env::args().any(|a| a == "--bench");
    let sizes = if benchmarking {
        &SIZES[..]
    } else {
        &SIZES[..1]
    };
    let manual = bhicci_late();
    let validator = schema_validator();
    let mut criterion = Criterion::default().configure_from_args();
    for &sites in sizes {
        let json = synthetic::program(sites, synthetic::SEED, manual);
        check(sites, &json, manual, &validator);
        memory(sites, &json);
        if benchmarking {
            interleaved(sites, &json, manual);
        }
        bench(&mut criterion, sites, &json, manual, &validator);
    }
    criterion.final_summary();
}

/// The program schema's validator, built once, asserting formats (`uuid`, `date`).
fn schema_validator() -> Validator {
    let text = std::fs::read(SCHEMA_PATH)
        .unwrap_or_else(|e| panic!("reading {SCHEMA_PATH}: {e}; the bench needs the schema"));
    let schema: Value = serde_json::from_slice(&text).expect("the schema is JSON");
    jsonschema::options()
        .should_validate_formats(true)
        .should_ignore_unknown_formats(false)
        .build(&schema)
        .expect("the schema compiles")
}

/// Outside any timing: the generated program parses, validates without a finding, and meets
/// the schema.
fn check(sites: usize, json: &[u8], manual: &Manual, validator: &Validator) {
    let program = Program::from_json(json)
        .unwrap_or_else(|e| panic!("synthetic program of {sites} sites: {e}"));
    let shape = synthetic::Shape::of(sites);
    assert_eq!(program.sites.len(), shape.sites);
    assert_eq!(program.organizations.len(), shape.organizations);
    assert_eq!(program.coaches.len(), shape.coaches);
    assert_eq!(program.dyads.len(), shape.dyads);
    assert_eq!(program.assignments.len(), shape.assignments);
    let report = program.validate(manual);
    assert!(
        report.is_empty(),
        "synthetic program of {sites} sites has findings: {:?}",
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
        + spare(&program.dyads)
        + spare(&program.assignments)
        + spare(&program.relationships);
    drop(program);
    let (value, tree) = counting::measure(|| serde_json::from_slice::<Value>(json).expect("JSON"));
    drop(value);
    let pretty = json.len();
    println!(
        "memory: sites {sites}: JSON {pretty} B pretty, {compact} B compact; parsed program {} B in {} blocks, {:.3} of pretty, {:.3} of compact; of which {spare} B spare list capacity; Value {} B, {:.2} of pretty",
        parsed.live_bytes,
        parsed.live_blocks,
        parsed.live_bytes as f64 / pretty as f64,
        parsed.live_bytes as f64 / compact as f64,
        tree.live_bytes,
        tree.live_bytes as f64 / pretty as f64,
    );
}

/// Bytes allocated for a list beyond its length.
fn spare<T>(list: &Vec<T>) -> usize {
    (list.capacity() - list.len()) * size_of::<T>()
}

/// Outside criterion, a cross-check of the ratios: the typed parse, parse + validation and
/// validation alone, interleaved in one loop so that a change in machine load (or in this
/// process's memory layout) hits all three alike; prints the medians.
#[allow(clippy::cast_precision_loss)] // ratios of durations far below 2^52 ns
fn interleaved(sites: usize, json: &[u8], manual: &Manual) {
    let rounds = (2_000_000 / sites).max(15);
    let program = Program::from_json(json).expect("parses");
    let mut times: [Vec<Duration>; 3] = Default::default();
    for _ in 0..rounds {
        let start = Instant::now();
        black_box(serde_json::from_slice::<Program>(black_box(json)).expect("parses"));
        times[0].push(start.elapsed());
        let start = Instant::now();
        let parsed = Program::from_json(black_box(json)).expect("parses");
        black_box(parsed.validate(manual));
        drop(parsed);
        times[1].push(start.elapsed());
        let start = Instant::now();
        black_box(black_box(&program).validate(manual));
        times[2].push(start.elapsed());
    }
    let [parse, parse_validate, validate] = times.map(|mut t| {
        t.sort_unstable();
        t[t.len() / 2].as_secs_f64() * 1e3
    });
    println!(
        "interleaved: sites {sites}, {rounds} rounds, medians: typed parse {parse:.3} ms, parse + validate {parse_validate:.3} ms, validate alone {validate:.3} ms; (b)/(a) {:.3}, (c)/(a) {:.3}",
        parse_validate / parse,
        validate / parse
    );
}

/// Sampling for one size: flat sampling (every sample the same number of iterations, so the
/// estimate is the mean time per iteration) with fewer samples for the big inputs, so the
/// whole run takes about five minutes on two cores.
fn configure(group: &mut BenchmarkGroup<'_, WallTime>, sites: usize) {
    let (samples, measurement) = match sites {
        0..=1_000 => (100, 5),
        1_001..=10_000 => (50, 8),
        10_001..=50_000 => (30, 12),
        _ => (20, 18),
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
        b.iter(|| serde_json::from_slice::<Program>(black_box(json)).expect("parses"));
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
