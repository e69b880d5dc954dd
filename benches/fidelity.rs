//! Reading a contact log and scoring it: 1,000,000 CSV rows against 10,000 relationships of
//! the synthetic program (its own contacts, repeated), read with the crate's reader (sites and
//! coaches resolved, every cell checked) and counted into each relationship's prescription
//! periods, against the floor of reading the same bytes with the `csv` crate alone; and
//! 500,000 rows, for linearity; each read on one thread, and in two halves at once
//! (`Scorer::add_csv`, both cores); each reading is timed, not the freeing of its result. Also
//! prints the heap the read-and-score holds at its peak for both sizes: it should not grow
//! with rows.
//!
//! `cargo bench --bench fidelity`. Run as a test (`cargo test --bench fidelity`), it generates
//! a log of 10,000 rows against 1,000 relationships, checks that every row is counted, and runs
//! each case once. Results are in docs/performance.md.

mod support;
use support::counting;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Bencher, Criterion, SamplingMode, Throughput};
use practice_coaching::contact_log::{Mapping, ReadLimits, read_csv, write_csv};
use practice_coaching::fidelity::{Fidelity, Scorer, Window};
use practice_coaching::{Manual, Program};
use synthetic::Mix;

#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;

/// The day the logs are read as of: after every synthetic relationship's last contact.
const AS_OF: &str = "2020-01-01";

fn main() {
    let benchmarking = std::env::args().any(|a| a == "--bench");
    let (sites, sizes): (usize, &[usize]) = if benchmarking {
        (10_000, &[500_000, 1_000_000])
    } else {
        (1_000, &[10_000])
    };
    let manual = synthetic::manual();
    let json = synthetic::program(sites, synthetic::SEED, Mix::DEFAULT);
    let recorded = Program::from_json(&json).expect("the synthetic program parses");
    let logs: Vec<(usize, Vec<u8>)> = sizes
        .iter()
        .map(|&rows| (rows, log(&recorded, rows)))
        .collect();
    // The log alone is scored: the program's own contacts are left out of it.
    let mut program = recorded;
    for relationship in &mut program.relationships {
        relationship.contacts.clear();
    }
    let mapping = Mapping::default();
    let window = Window::as_of(AS_OF.parse().expect("a date"));
    for (rows, bytes) in &logs {
        let fidelity = read_and_score(bytes, &mapping, &program, &manual, window);
        let counted: u64 = fidelity.periods.iter().map(|p| u64::from(p.contacts)).sum();
        assert_eq!(
            counted + fidelity.unscored.total(),
            *rows as u64,
            "every row is read and counted or reported"
        );
        assert!(
            counted * 10 >= *rows as u64 * 9,
            "most rows fall in a period: {counted}, {:?}",
            fidelity.unscored
        );
        let mut reader = read_csv(&manual, &program, bytes.as_slice(), &mapping);
        assert!(
            reader
                .by_ref()
                .all(|row| row.is_ok_and(|row| row.repeats.is_none()))
        );
        assert!(reader.account().adds_up());
        assert_eq!(
            read_in_halves(bytes, &mapping, &program, &manual, window),
            fidelity,
            "the halves read as one thread reads"
        );
        let (_, usage) =
            counting::measure(|| read_and_score(bytes, &mapping, &program, &manual, window));
        let (_, halves) =
            counting::measure(|| read_in_halves(bytes, &mapping, &program, &manual, window));
        // The reader alone: its buffers and the fingerprints of distinct contacts.
        let (_, reading) = counting::measure(|| {
            read_csv(&manual, &program, bytes.as_slice(), &mapping)
                .flatten()
                .count()
        });
        println!(
            "memory: {rows} rows read alone (every contact distinct): peak {} B",
            reading.peak_bytes
        );
        println!(
            "memory: {rows} rows ({} B of CSV) against {sites} relationships: peak {} B, held after {} B in {} blocks",
            bytes.len(),
            usage.peak_bytes,
            usage.live_bytes,
            usage.live_blocks
        );
        println!(
            "memory: {rows} rows read in halves: peak {} B",
            halves.peak_bytes
        );
    }
    let mut criterion = Criterion::default().configure_from_args();
    let mut group = criterion.benchmark_group("contact_log");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(if benchmarking { 20 } else { 1 }));
    // What every reading costs whatever the log: each relationship's periods planned, judged and
    // gathered.
    group.bench_function("periods_alone/0", |b| {
        timed_without_drop(b, || Scorer::new(&manual, &program, window).finish());
    });
    for (rows, bytes) in &logs {
        group.throughput(Throughput::Elements(*rows as u64));
        group.bench_function(format!("csv_crate_alone/{rows}"), |b| {
            b.iter(|| csv_floor(black_box(bytes)));
        });
        group.bench_function(format!("read_and_score/{rows}"), |b| {
            timed_without_drop(b, || {
                read_and_score(black_box(bytes), &mapping, &program, &manual, window)
            });
        });
        group.bench_function(format!("read_and_score_halves/{rows}"), |b| {
            timed_without_drop(b, || {
                read_in_halves(black_box(bytes), &mapping, &program, &manual, window)
            });
        });
    }
    group.finish();
    criterion.final_summary();
}

/// Times `run`, not the freeing of what it returns: a reading of hundreds of thousands of
/// periods is dropped after each timed run (about 20 ms at a million rows, timed apart in
/// docs/performance.md).
fn timed_without_drop<O>(b: &mut Bencher<'_>, mut run: impl FnMut() -> O) {
    b.iter_batched(|| (), |()| run(), BatchSize::PerIteration);
}

/// The floor: every record of the CSV read by the `csv` crate, nothing checked.
fn csv_floor(bytes: &[u8]) -> usize {
    let mut reader = csv::Reader::from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let mut fields = 0;
    while reader.read_byte_record(&mut record).expect("CSV") {
        fields += record.len();
    }
    fields
}

fn read_and_score(
    bytes: &[u8],
    mapping: &Mapping,
    program: &Program,
    manual: &Manual,
    window: Window,
) -> Fidelity {
    let mut scorer = Scorer::new(manual, program, window);
    // Bad rows are the reader's to report; none are generated here.
    for row in read_csv(manual, program, bytes, mapping).flatten() {
        scorer.add(&row.record);
    }
    scorer.finish()
}

/// The same, the log read in two halves at once.
fn read_in_halves(
    bytes: &[u8],
    mapping: &Mapping,
    program: &Program,
    manual: &Manual,
    window: Window,
) -> Fidelity {
    let mut scorer = Scorer::new(manual, program, window);
    let open = || Ok(std::io::Cursor::new(bytes));
    scorer
        .add_csv(open, mapping, ReadLimits::default(), |_| {})
        .expect("the header names every column");
    scorer.finish()
}

/// A log of `rows` contacts: the synthetic program's own (four per relationship, one in three
/// in person by both coaches with the huddle, check-in and debrief, the rest remote by one,
/// each with topics), repeated until there are `rows`, each repetition a minute later than the
/// one before, so that no row repeats another (the reader keeps a fingerprint of each distinct
/// contact), in the crate's own columns.
fn log(program: &Program, rows: usize) -> Vec<u8> {
    let records = synthetic::repeated_contacts(program, rows);
    let mut out = Vec::with_capacity(rows * 200);
    write_csv(&mut out, &records).expect("written");
    out
}
