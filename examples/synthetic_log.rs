//! The fidelity bench's synthetic program and contact log as files, and the stages of reading
//! and scoring them timed one by one: for profiling (`perf record`, cachegrind) and for the
//! polars comparison in `benches/polars_peer.py`.
//!
//! - `cargo run --release --example synthetic_log -- write DIR [ROWS] [SITES]` writes
//!   `DIR/manual.json` (the synthetic manual), `DIR/program.json` (SITES relationships, 10,000
//!   by default, without contacts) and `DIR/contacts.csv` (ROWS contacts, 1,000,000 by default,
//!   in the crate's own columns: the program's own contacts repeated, each repetition a minute
//!   later, as benches/fidelity.rs makes them). Score them end to end with
//!   `practice-coaching fidelity DIR/program.json --manual DIR/manual.json --contacts
//!   DIR/contacts.csv --as-of 2020-01-01 --format csv`.
//! - `cargo run --release --example synthetic_log -- stages DIR [STAGE] [REPEAT]` reads those
//!   files and times each stage (`csv`: the `csv` crate's parse alone; `periods`: the periods
//!   with no row; `read`: the crate's reader alone; `score`: read and scored, one thread;
//!   `both`: read and scored with the periods computed on a second thread; `halves`: read and
//!   scored in two halves at once, `Scorer::add_csv`), or only STAGE, REPEAT times (1 by
//!   default), printing the best.
//! - `cargo run --example synthetic_log` with no arguments does both on 10,000 rows against 100
//!   relationships in a temporary folder, and removes it.

use std::error::Error;
use std::path::Path;
use std::time::{Duration, Instant};

use practice_coaching::contact_log::{LogRecord, Mapping, ReadLimits, read_csv, write_csv};

use practice_coaching::fidelity::{Fidelity, Scorer, Window, score_rows};
use practice_coaching::{Manual, Program};

/// The day the log is read as of: after every synthetic relationship's last contact.
const AS_OF: &str = "2020-01-01";

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |at: usize, default: usize| -> Result<usize, Box<dyn Error>> {
        Ok(match args.get(at) {
            Some(n) => n.replace('_', "").parse()?,
            None => default,
        })
    };
    match args.first().map(String::as_str) {
        Some("write") => {
            let dir = Path::new(args.get(1).ok_or("write DIR [ROWS] [SITES]")?);
            write(dir, number(2, 1_000_000)?, number(3, 10_000)?)
        }
        Some("stages") => {
            let dir = Path::new(args.get(1).ok_or("stages DIR [STAGE] [REPEAT]")?);
            let stage = args.get(2).map_or("all", String::as_str);
            stages(dir, stage, number(3, 1)?)
        }
        None => {
            // A small run of both: 10,000 rows against 100 relationships in a folder of its own.
            let dir = std::env::temp_dir().join(format!("synthetic-log-{}", std::process::id()));
            let done = write(&dir, 10_000, 100).and_then(|()| stages(&dir, "all", 1));
            let _ = std::fs::remove_dir_all(&dir);
            done
        }
        Some(_) => Err(
            "usage: synthetic_log [write DIR [ROWS] [SITES] | stages DIR [STAGE] [REPEAT]]".into(),
        ),
    }
}

fn write(dir: &Path, rows: usize, sites: usize) -> Result<(), Box<dyn Error>> {
    std::fs::create_dir_all(dir)?;
    let json = synthetic::program(sites, synthetic::SEED, synthetic::Mix::DEFAULT);
    let mut program = Program::from_json(&json)?;
    let records = synthetic::repeated_contacts(&program, rows);
    let mut out = std::io::BufWriter::new(std::fs::File::create(dir.join("contacts.csv"))?);
    write_csv(&mut out, &records)?;
    // The log alone is scored: the program's own contacts are left out of it.
    for relationship in &mut program.relationships {
        relationship.contacts.clear();
    }
    std::fs::write(dir.join("program.json"), program.to_json())?;
    std::fs::write(dir.join("manual.json"), synthetic::manual().to_json())?;
    println!(
        "{}: {rows} contacts against {sites} relationships",
        dir.display()
    );
    Ok(())
}

fn stages(dir: &Path, stage: &str, repeat: usize) -> Result<(), Box<dyn Error>> {
    let manual = Manual::from_json(&std::fs::read(dir.join("manual.json"))?)?;
    let program = Program::from_json(&std::fs::read(dir.join("program.json"))?)?;
    let bytes = std::fs::read(dir.join("contacts.csv"))?;
    let mapping = Mapping::default();
    let window = Window::as_of(AS_OF.parse()?);
    let all = stage == "all";
    let time = |name: &str, run: &dyn Fn() -> u64| {
        if !all && stage != name {
            return;
        }
        let mut best = Duration::MAX;
        let mut result = 0;
        for _ in 0..repeat.max(1) {
            let start = Instant::now();
            result = std::hint::black_box(run());
            best = best.min(start.elapsed());
        }
        println!("{name:8} {:>10.1} ms  ({result})", best.as_secs_f64() * 1e3);
    };
    time("csv", &|| {
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let mut record = csv::ByteRecord::new();
        let mut fields = 0;
        while reader.read_byte_record(&mut record).unwrap_or(false) {
            fields += record.len() as u64;
        }
        fields
    });
    time("periods", &|| {
        Scorer::new(&manual, &program, window)
            .finish()
            .periods
            .len() as u64
    });
    time("read", &|| {
        read_csv(&manual, &program, bytes.as_slice(), &mapping)
            .flatten()
            .count() as u64
    });
    // Counting alone: the rows read beforehand (held in memory, for this measurement only).
    if stage == "count" {
        let records: Vec<LogRecord> = read_csv(&manual, &program, bytes.as_slice(), &mapping)
            .flatten()
            .map(|row| row.record)
            .collect();
        time("count", &|| {
            let mut scorer = Scorer::new(&manual, &program, window);
            for record in &records {
                scorer.add(record);
            }
            counted(&scorer.finish())
        });
    }
    time("score", &|| {
        let mut scorer = Scorer::new(&manual, &program, window);
        for row in read_csv(&manual, &program, bytes.as_slice(), &mapping).flatten() {
            scorer.add(&row.record);
        }
        counted(&scorer.finish())
    });
    time("halves", &|| {
        let mut scorer = Scorer::new(&manual, &program, window);
        let open = || Ok(std::io::Cursor::new(bytes.as_slice()));
        if scorer
            .add_csv(open, &mapping, ReadLimits::default(), |_| {})
            .is_err()
        {
            return 0;
        }
        counted(&scorer.finish())
    });
    time("both", &|| {
        let rows = read_csv(&manual, &program, bytes.as_slice(), &mapping);
        counted(&score_rows(&manual, &program, window, rows, |_| {}))
    });
    Ok(())
}

/// The contacts counted in a reading's periods.
fn counted(fidelity: &Fidelity) -> u64 {
    fidelity.periods.iter().map(|p| u64::from(p.contacts)).sum()
}
