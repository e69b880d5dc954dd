//! Delivered against prescribed, from a contact log a spreadsheet or REDCap exported: the log
//! is read through its column mapping, each bad row reported with its line and code, the rest
//! scored against the manual, and the periods written as a tidy CSV for R or pandas.
//! Run with `cargo run --example fidelity_from_csv [LOG.csv MAPPING.json]`; without arguments
//! it reads the REDCap-like export of the BHICCI sample program in tests/data/logs.

use std::fs::File;
use std::io::BufReader;

use practice_coaching::contact_log::{Mapping, read_csv};

use practice_coaching::fidelity::{Scorer, Window};
use practice_coaching::{Date, reference};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (log, mapping) = match args.as_slice() {
        [log, mapping] => (log.clone(), mapping.clone()),
        _ => (
            "tests/data/logs/redcap-encounters.csv".to_owned(),
            "tests/data/logs/redcap-encounters.mapping.json".to_owned(),
        ),
    };
    let program = reference::bhicci_sample_program();
    let manual = reference::bhicci_late();
    let mapping = Mapping::from_json(&std::fs::read(&mapping)?)?;
    let as_of: Date = "2018-09-01".parse()?;

    let mut scorer = Scorer::new(manual, program, Window::as_of(as_of));
    let mut rows = read_csv(manual, program, BufReader::new(File::open(&log)?), &mapping);
    rows.header()?;
    for row in rows {
        match row {
            Ok(row) => scorer.add(&row.record),
            // A bad row is never dropped silently: it says where and why.
            Err(problem) => eprintln!("{log}: {problem}"),
        }
    }
    let fidelity = scorer.finish();

    for channel in &fidelity.summary.channels {
        println!(
            "{}: {} contacts; {} of {} complete periods reached the minimum",
            channel.channel.as_str(),
            channel.contacts,
            channel.met + channel.above,
            channel.complete_periods
        );
    }
    for shortfall in fidelity.shortfalls.iter().filter(|s| s.ongoing) {
        let site = program.sites.iter().find(|s| s.id == shortfall.site);
        println!(
            "{} is short on {} for {} weeks",
            site.map_or("a site", |s| s.name.as_str()),
            shortfall.channel.as_str(),
            shortfall.weeks
        );
    }
    let out = std::env::temp_dir().join("delivered-periods.csv");
    fidelity.write_csv(program, File::create(&out)?)?;
    println!("periods written to {}", out.display());
    Ok(())
}
