//! Validation alone of the program bench's synthetic programs, for profiling it at one size:
//! the program of SITES sites (benches/support/synthetic.rs, the default mix) is generated and
//! parsed, then validated against the synthetic manual ROUNDS times, each round timed.
//!
//! `cargo run --release --features cli --example synthetic_validation -- SITES [ROUNDS]`
//!
//! Under valgrind, only validation counted:
//! `valgrind --tool=callgrind --cache-sim=yes --toggle-collect='*validate_versions*'
//! target/release/examples/synthetic_validation 100000` (docs/performance.md).

use std::error::Error;
use std::hint::black_box;
use std::time::Instant;

use practice_coaching::Program;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |at: usize, default: usize| -> Result<usize, Box<dyn Error>> {
        Ok(match args.get(at) {
            Some(n) => n.replace('_', "").parse()?,
            None => default,
        })
    };
    let sites = number(0, 10_000)?;
    let rounds = number(1, 1)?;
    let manual = synthetic::manual();
    let json = synthetic::program(sites, synthetic::SEED, synthetic::Mix::DEFAULT);
    let program = Program::from_json(&json)?;
    for round in 1..=rounds {
        let start = Instant::now();
        let report = black_box(&program).validate(&manual);
        let took = start.elapsed();
        println!(
            "sites {sites}, round {round}: validated in {:.1} ms, findings: {}",
            took.as_secs_f64() * 1e3,
            if report.is_empty() { "none" } else { "some" }
        );
    }
    Ok(())
}
