//! `render MANUAL [--format md|html] [--out FILE] [--diff OLD]`: a manual for people to read.

use std::path::{Path, PathBuf};

use practice_coaching::{DocumentKind, Manual, reference, render};

use crate::input::{Input, is_stdin, shown_name};
use crate::output::{Fatal, Output, error_line};
use crate::write::OutFile;
use crate::{EXIT_INVALID, EXIT_OK};

/// Arguments of `render`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The manual: a JSON file, `-` for standard input, or an embedded manual's name
    /// (bhicci-launch, bhicci-late, evidencenow, ahrq-2009) where no such file exists.
    manual: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Md)]
    format: Format,
    #[command(flatten)]
    out_file: OutFile,
    /// Add what changed since OLD, a manual given the same ways as MANUAL.
    #[arg(long, value_name = "OLD")]
    diff: Option<PathBuf>,
}

/// Output formats of `render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown (CommonMark with GFM tables).
    Md,
    /// One standalone HTML file: inline CSS, a dose chart, no script, nothing loaded.
    Html,
}

/// The manual at `path`, or the embedded manual of that name where no such file exists, for
/// subcommand `command`.
pub fn load(path: &Path, command: &str, input: Input) -> Result<Manual, Fatal> {
    let embedded = reference::manuals()
        .into_iter()
        .find(|(name, _)| path.as_os_str() == *name);
    if let Some((_, manual)) = embedded.filter(|_| !is_stdin(path) && !path.exists()) {
        return Ok(manual.clone());
    }
    let name = shown_name(path);
    let unreadable = |error| Fatal::message(format!("{name}: {error}"));
    let bytes = input.read(path)?.map_err(unreadable)?;
    match DocumentKind::detect(&bytes) {
        Ok(DocumentKind::Program) => Err(Fatal::usage(
            command,
            format!("{name} is a program; expected a manual"),
        )),
        Ok(DocumentKind::Manual) => Manual::from_json(&bytes).map_err(unreadable),
        Err(error) => Err(unreadable(error)),
    }
}

/// Whether `manual` validates; its errors are printed on standard error when it does not.
pub fn valid(manual: &Manual, path: &Path) -> bool {
    let report = manual.validate();
    if !report.has_errors() {
        return true;
    }
    let name = shown_name(path);
    for finding in report.errors() {
        error_line(&format!("{name}: {finding}"));
    }
    error_line(&format!(
        "{name} has {} validation error(s); fix them first",
        report.errors().count()
    ));
    false
}

/// Runs `render`: exit 0 with the rendered manual, 1 when a manual has validation errors
/// (nothing is rendered), 2 for usage, I/O or parse failures.
pub fn run(args: &Args, input: Input, out: &mut Output) -> Result<u8, Fatal> {
    if is_stdin(&args.manual) && args.diff.as_deref().is_some_and(is_stdin) {
        return Err(Fatal::usage(
            "render",
            "MANUAL and --diff cannot both read standard input (`-`)",
        ));
    }
    let manual = load(&args.manual, "render", input)?;
    let old = args
        .diff
        .as_ref()
        .map(|p| load(p, "render", input))
        .transpose()?;
    if !valid(&manual, &args.manual) {
        return Ok(EXIT_INVALID);
    }
    if let (Some(old), Some(path)) = (&old, &args.diff)
        && !valid(old, path)
    {
        return Ok(EXIT_INVALID);
    }
    let text = match args.format {
        Format::Md => {
            let mut text = render::markdown(&manual);
            if let Some(old) = &old {
                text.push('\n');
                text.push_str(&render::diff_markdown(old, &manual));
            }
            text
        }
        Format::Html => render::html(&manual, old.as_ref()),
    };
    let mut reads = vec![args.manual.as_path()];
    reads.extend(args.diff.as_deref());
    args.out_file.write_text(&reads, &text, out)?;
    Ok(EXIT_OK)
}
