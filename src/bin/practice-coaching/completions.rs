//! `completions SHELL`: a script that completes the commands, options and embedded names in a
//! shell.

use clap::CommandFactory as _;

use crate::Cli;
use crate::output::Output;

/// Writes the completion script for `shell` to standard output.
pub fn run(shell: clap_complete::Shell, out: &mut Output) {
    let mut command = Cli::command();
    // Written to memory first: the generator cannot report a failed write, `Output` can.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "practice-coaching", &mut script);
    out.push(&String::from_utf8_lossy(&script));
}
