//! `compare MANUAL MANUAL... [--format md|html] [--out FILE]`: manuals side by side.

use std::path::PathBuf;

use practice_coaching::{Manual, render};

use crate::input::{Input, is_stdin};
use crate::output::{Fatal, Output};
use crate::render::{Format, load, valid};
use crate::write::Destination;
use crate::{EXIT_INVALID, EXIT_OK};

/// Arguments of `compare`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Two or more manuals: JSON files, `-` for standard input (once), or embedded manuals'
    /// names (see `reference --list`) where no such file exists.
    #[arg(required = true, num_args = 2..)]
    manuals: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Md)]
    format: Format,
    /// Write to FILE instead of standard output; an existing FILE is kept unless --force, and
    /// a link or an input of the command is never written.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Replace the --out FILE when it exists.
    #[arg(long, requires = "out")]
    force: bool,
}

/// Runs `compare`: exit 0 with the table, 1 when a manual has validation errors (nothing is
/// written), 2 for usage, I/O or parse failures.
pub fn run(args: &Args, input: Input, out: &mut Output) -> Result<u8, Fatal> {
    if args.manuals.iter().filter(|p| is_stdin(p)).count() > 1 {
        return Err(Fatal::usage(
            "compare",
            "standard input (`-`) can be read once only",
        ));
    }
    let manuals: Vec<Manual> = args
        .manuals
        .iter()
        .map(|p| load(p, "compare", input))
        .collect::<Result<_, _>>()?;
    for (manual, path) in manuals.iter().zip(&args.manuals) {
        if !valid(manual, path) {
            return Ok(EXIT_INVALID);
        }
    }
    let refs: Vec<&Manual> = manuals.iter().collect();
    let text = match args.format {
        Format::Md => render::compare_markdown(&refs),
        Format::Html => render::compare_html(&refs),
    };
    match &args.out {
        Some(path) => {
            let reads: Vec<&std::path::Path> = args.manuals.iter().map(PathBuf::as_path).collect();
            Destination {
                flag: "--out",
                force: args.force,
                reads: &reads,
            }
            .write(path, text.as_bytes())?;
        }
        None => out.push(&text),
    }
    Ok(EXIT_OK)
}
