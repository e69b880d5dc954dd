//! `compare MANUAL MANUAL... [--format md|html] [--out FILE]`: manuals side by side.

use std::path::PathBuf;

use practice_coaching::{Manual, render};

use crate::input::{Input, is_stdin};
use crate::output::{Fatal, Output};
use crate::render::{Format, load, valid};
use crate::write::OutFile;
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
    #[command(flatten)]
    out_file: OutFile,
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
    let reads: Vec<&std::path::Path> = args.manuals.iter().map(PathBuf::as_path).collect();
    args.out_file.write_text(&reads, &text, out)?;
    Ok(EXIT_OK)
}
