//! Reading a contact log and scoring it: 1,000,000 CSV rows against 10,000 relationships of
//! the synthetic program, read with the crate's reader (sites and coaches resolved, every cell
//! checked) and counted into each relationship's prescription periods, against the floor of
//! reading the same bytes with the `csv` crate alone; and 500,000 rows, for linearity. Also
//! prints the heap the read-and-score holds at its peak for both sizes: it should not grow
//! with rows.
//!
//! `cargo bench --bench fidelity`. Run as a test (`cargo test --bench fidelity`), it generates
//! a log of 10,000 rows against 1,000 relationships, checks that every row is counted, and runs
//! each case once. Results are in docs/performance.md.

#[path = "support/counting.rs"]
mod counting;
#[path = "support/synthetic.rs"]
mod synthetic;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput};
use practice_coaching::fidelity::log::{LogRecord, Mapping, read_csv, write_csv};
use practice_coaching::fidelity::{Fidelity, Scorer, Window};
use practice_coaching::program::{Contact, ContactMode, Initiator};
use practice_coaching::{ContactTime, Date, Manual, Minutes, Program};
use synthetic::{Mix, SplitMix64};

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
    let mut program = Program::from_json(&json).expect("the synthetic program parses");
    // The log alone is scored: the program's own contacts are left out.
    for relationship in &mut program.relationships {
        relationship.contacts.clear();
    }
    let mapping = Mapping::default();
    let window = Window::as_of(AS_OF.parse().expect("a date"));
    let logs: Vec<(usize, Vec<u8>)> = sizes
        .iter()
        .map(|&rows| (rows, log(&program, rows)))
        .collect();
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
        let (_, usage) =
            counting::measure(|| read_and_score(bytes, &mapping, &program, &manual, window));
        println!(
            "memory: {rows} rows ({} B of CSV) against {sites} relationships: peak {} B, held after {} B in {} blocks",
            bytes.len(),
            usage.peak_bytes,
            usage.live_bytes,
            usage.live_blocks
        );
    }
    let mut criterion = Criterion::default().configure_from_args();
    let mut group = criterion.benchmark_group("contact_log");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(if benchmarking { 20 } else { 1 }));
    for (rows, bytes) in &logs {
        group.throughput(Throughput::Elements(*rows as u64));
        group.bench_function(format!("csv_crate_alone/{rows}"), |b| {
            b.iter(|| csv_floor(black_box(bytes)));
        });
        group.bench_function(format!("read_and_score/{rows}"), |b| {
            b.iter(|| read_and_score(black_box(bytes), &mapping, &program, &manual, window));
        });
    }
    group.finish();
    criterion.final_summary();
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
    let mut scorer = Scorer::new(program, manual, window);
    // Bad rows are the reader's to report; none are generated here.
    for row in read_csv(bytes, mapping, program, manual).flatten() {
        scorer.add(&row.record);
    }
    scorer.finish()
}

/// A log of `rows` contacts, each with a relationship picked at random, on a day of its first
/// three years (up to its end), by one of the program's coaches, written in the crate's own columns.
fn log(program: &Program, rows: usize) -> Vec<u8> {
    let mut random = SplitMix64::new(synthetic::SEED ^ rows as u64);
    let modes = [
        ContactMode::InPerson,
        ContactMode::Video,
        ContactMode::Phone,
        ContactMode::Email,
    ];
    let records: Vec<LogRecord> = (0..rows)
        .map(|_| {
            let relationship = &program.relationships[random.below(program.relationships.len())];
            let span = relationship.end.as_ref().map_or(3 * 365, |end| {
                usize::try_from((end.date.as_naive() - relationship.start.as_naive()).num_days())
                    .expect("an end after the start")
                    .min(3 * 365)
            });
            let day =
                relationship.start.as_naive() + chrono::Days::new(random.below(span + 1) as u64);
            let day = Date::from_naive(day).expect("a date");
            let coach = program.coaches[random.below(program.coaches.len())].id;
            let start = ContactTime::new(&format!("{day}T{:02}:30:00-05:00", 8 + random.below(9)))
                .expect("a time");
            LogRecord::Contact {
                site: relationship.site,
                contact: Contact {
                    start,
                    mode: modes[random.below(modes.len())],
                    minutes: Minutes::new(15 + 15 * u16::try_from(random.below(8)).expect("small"))
                        .expect("minutes"),
                    coaches: vec![coach],
                    guests: Vec::new(),
                    travel_minutes: None,
                    initiated_by: if random.below(5) == 0 {
                        Initiator::Site
                    } else {
                        Initiator::Coach
                    },
                    topics: Vec::new(),
                    activities: Vec::new(),
                    asked: None,
                },
            }
        })
        .collect();
    let mut out = Vec::with_capacity(rows * 120);
    write_csv(&mut out, &records).expect("written");
    out
}
