//! Reading a contact log: 1,000,000 CSV rows, in the crate's own columns, against a synthetic
//! program of 10,000 sites (field mix in `support/synthetic.rs`). The rows are the program's
//! own contacts (four per relationship: by two coaches in person, by one remotely, with
//! topics and the activities held), written with `write_csv` and repeated until a million.
//! Also times `csv`'s parse of the same bytes alone, the floor under any reader.
//!
//! `cargo bench --bench contact_logs`. Run as a test (`cargo test --bench contact_logs`), only
//! 10,000 rows are generated, read and checked.

#[path = "support/synthetic.rs"]
mod synthetic;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput};
use practice_coaching::Program;
use practice_coaching::fidelity::{LogRecord, Mapping, read_csv, write_csv};
use synthetic::Mix;

const SITES: usize = 10_000;
const ROWS: usize = 1_000_000;

fn main() {
    // `cargo bench` passes `--bench`; without it criterion runs each bench once as a test.
    let benchmarking = std::env::args().any(|a| a == "--bench");
    let rows = if benchmarking { ROWS } else { ROWS / 100 };
    let manual = synthetic::manual();
    let json = synthetic::program(SITES, synthetic::SEED, Mix::DEFAULT);
    let program = Program::from_json(&json).expect("the synthetic program parses");
    let contacts: Vec<LogRecord> = LogRecord::contacts_of(&program).collect();
    let mut csv = Vec::new();
    write_csv(&mut csv, contacts.iter().cycle().take(rows)).expect("written");
    println!(
        "{rows} rows, {} MB, against {SITES} sites",
        csv.len() / 1_000_000
    );
    let mapping = Mapping::default();
    let read = || {
        read_csv(csv.as_slice(), &mapping, &program, &manual).fold(0u64, |minutes, row| {
            match row.expect("every row reads").record {
                LogRecord::Contact { contact, .. } => minutes + contact.coach_minutes(),
                _ => minutes,
            }
        })
    };
    assert!(read() > 0);
    let mut criterion = Criterion::default().configure_from_args();
    let mut group = criterion.benchmark_group("contact_logs");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20))
        .throughput(Throughput::Elements(rows as u64));
    group.bench_function(format!("read_csv/{rows}"), |b| b.iter(|| black_box(read())));
    group.bench_function(format!("csv_alone/{rows}"), |b| {
        b.iter(|| {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(csv.as_slice());
            let mut record = csv::ByteRecord::new();
            let mut fields = 0usize;
            while reader.read_byte_record(&mut record).expect("csv") {
                fields += record.len();
            }
            black_box(fields)
        });
    });
    group.finish();
    criterion.final_summary();
}
