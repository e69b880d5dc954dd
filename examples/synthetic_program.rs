//! The program bench's synthetic program and manual as files, for benchmarks outside Rust
//! (`benches/python_validate.py` times the Python package on them).
//!
//! - `cargo run --release --example synthetic_program -- DIR [SITES]` writes `DIR/manual.json`
//!   (the synthetic manual) and `DIR/program.json` (SITES sites, 10,000 by default, each with
//!   a coaching relationship, decisions and contacts: the field mix of benches/program.rs).
//! - `cargo run --example synthetic_program` with no arguments writes 100 sites to a temporary
//!   folder, checks that the program validates without a finding, and removes it.

use std::error::Error;
use std::path::Path;

use practice_coaching::Program;
use synthetic::Mix;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(dir) = args.first() {
        let sites = match args.get(1) {
            Some(n) => n.replace('_', "").parse()?,
            None => 10_000,
        };
        return write(Path::new(dir), sites);
    }
    let dir = std::env::temp_dir().join(format!("synthetic-program-{}", std::process::id()));
    let done = write(&dir, 100).and_then(|()| {
        let program = Program::from_json(&std::fs::read(dir.join("program.json"))?)?;
        let report = program.validate(&synthetic::manual());
        if report.is_empty() {
            Ok(())
        } else {
            Err(format!("the synthetic program has findings: {report:?}").into())
        }
    });
    let _ = std::fs::remove_dir_all(&dir);
    done
}

/// Writes the manual and a program of `sites` sites into `dir`, created if missing.
fn write(dir: &Path, sites: usize) -> Result<(), Box<dyn Error>> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("manual.json"), synthetic::manual().to_json())?;
    let program = synthetic::program(sites, synthetic::SEED, Mix::DEFAULT);
    std::fs::write(dir.join("program.json"), &program)?;
    println!(
        "wrote {} ({} bytes) and {}",
        dir.join("program.json").display(),
        program.len(),
        dir.join("manual.json").display()
    );
    Ok(())
}
