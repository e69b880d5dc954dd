//! The `practice-coaching` binary, run from the crate's root as a user would run it.

use std::process::{Command, Output};

/// Runs the binary with `args` in the crate's root and returns what it printed and its status.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_practice-coaching"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}
