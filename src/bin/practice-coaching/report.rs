//! `report tidier MANUAL [--program PROGRAM [--as-of DATE] [--contacts FILE [--mapping FILE]]]
//! [--format md|html|csv|json]` and `report proctor MANUAL [--format ...]`: reporting
//! checklists filled from a manual.

use std::path::{Path, PathBuf};

use practice_coaching::fidelity::{Scorer, Window};
use practice_coaching::report::Provenance;
use practice_coaching::{Date, DocumentKind, Manual, Program, report};
use serde::Serialize;

use crate::fidelity::{LogOptions, read_log};
use crate::input::{Input, one_stdin, shown_name};
use crate::output::{Fatal, Output, error_line};
use crate::render::{load, valid};
use crate::validate::today;
use crate::write::OutFile;
use crate::{EXIT_INVALID, EXIT_OK};

/// Arguments of `report`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    checklist: Checklist,
}

impl Args {
    /// Whether JSON was asked for.
    pub fn json(&self) -> bool {
        let format = match &self.checklist {
            Checklist::Tidier(args) => args.format,
            Checklist::Proctor(args) => args.format,
        };
        format == Format::Json
    }
}

#[derive(Debug, clap::Subcommand)]
enum Checklist {
    /// The TIDieR checklist (Hoffmann et al., BMJ 2014): twelve items, each with its sources
    /// and evidence or marked missing; with --program, modifications from its record.
    Tidier(TidierArgs),
    /// Each intensity level and activity as an implementation strategy, specified by Proctor et
    /// al.'s seven dimensions (Implement Sci 2013).
    Proctor(ProctorArgs),
}

#[derive(Debug, clap::Args)]
struct TidierArgs {
    /// The manual: a JSON file, `-` for standard input, or an embedded manual's name
    /// (bhicci-launch, bhicci-late, evidencenow, ahrq-2009) where no such file exists.
    manual: PathBuf,
    /// A program following the manual, whose record fills tailoring as delivered (item 9), the
    /// versions followed (item 10) and fidelity (item 12).
    #[arg(long, value_name = "PROGRAM")]
    program: Option<PathBuf>,
    /// The day the program's record is read as of (YYYY-MM-DD); by default today in the
    /// system's time zone, named in the checklist.
    #[arg(long, value_name = "DATE", requires = "program")]
    as_of: Option<String>,
    /// A contact log kept beside the program, read into item 12 as `fidelity --contacts` reads
    /// it: CSV, or JSON Lines where the name ends in `.jsonl` or `.ndjson`; `-` reads CSV from
    /// standard input. Every bad row is reported on standard error and the rest counted.
    #[arg(long, value_name = "FILE", requires = "program")]
    contacts: Option<PathBuf>,
    /// How the log's columns map to a contact's fields (docs/contact-logs.md); without it, the
    /// crate's own columns.
    #[arg(long, value_name = "FILE", requires = "contacts")]
    mapping: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Md)]
    format: Format,
    #[command(flatten)]
    to: OutArgs,
}

#[derive(Debug, clap::Args)]
struct ProctorArgs {
    /// The manual, given as for `report tidier`.
    manual: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Md)]
    format: Format,
    #[command(flatten)]
    to: OutArgs,
}

/// Where a checklist goes: standard output, or a file.
#[derive(Debug, clap::Args)]
struct OutArgs {
    #[command(flatten)]
    out_file: OutFile,
    /// In Markdown and HTML, show each statement's source (a JSON Pointer) and evidence kinds
    /// right after it, rather than as numbered notes at the end.
    #[arg(long)]
    provenance: bool,
}

impl OutArgs {
    /// Where the Markdown and HTML show provenance.
    fn provenance(&self) -> Provenance {
        if self.provenance {
            Provenance::Inline
        } else {
            Provenance::Notes
        }
    }
}

/// Output formats of `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Markdown (CommonMark with GFM tables).
    Md,
    /// One standalone HTML file: inline CSS, no script, nothing loaded.
    Html,
    /// One row per statement, a missing item as one row; formula-guarded cells.
    Csv,
    /// The report as JSON, with its summary line.
    Json,
}

/// A report as JSON: its summary line, then its members.
#[derive(Serialize)]
struct WithSummary<'a, T: Serialize> {
    summary: String,
    #[serde(flatten)]
    report: &'a T,
}

/// Runs `report`: exit 0 with the report (missing items are part of it), 1 when the manual or
/// the program has validation errors (no report is made), 2 for usage, I/O or parse failures.
pub fn run(args: &Args, input: Input, out: &mut Output) -> Result<u8, Fatal> {
    match &args.checklist {
        Checklist::Tidier(args) => tidier(args, input, out),
        Checklist::Proctor(args) => {
            let manual = load(&args.manual, "report", input)?;
            if !valid(&manual, &args.manual) {
                return Ok(EXIT_INVALID);
            }
            let spec = report::proctor(&manual);
            let summary = spec.summary();
            write(
                args.format,
                (out, &args.to, &[args.manual.as_path()]),
                &WithSummary {
                    summary,
                    report: &spec,
                },
                || spec.markdown_with(args.to.provenance()),
                || spec.html_with(args.to.provenance()),
                |w| spec.write_csv(w),
            )
        }
    }
}

fn tidier(args: &TidierArgs, input: Input, out: &mut Output) -> Result<u8, Fatal> {
    one_stdin(
        "report",
        &[
            ("MANUAL", Some(args.manual.as_path())),
            ("--program", args.program.as_deref()),
            ("--contacts", args.contacts.as_deref()),
            ("--mapping", args.mapping.as_deref()),
        ],
    )?;
    let as_of = args
        .as_of
        .as_deref()
        .map(Date::new)
        .transpose()
        .map_err(|e| Fatal::usage("report", format!("--as-of: {e}")))?;
    // A program's record is read as of a day: the one given, or today, which the checklist
    // names.
    let as_of = match (as_of, &args.program) {
        (None, Some(_)) => Some(today()?),
        (as_of, _) => as_of,
    };
    let manual = load(&args.manual, "report", input)?;
    let program = args
        .program
        .as_deref()
        .map(|path| read_program(path, &manual, input))
        .transpose()?;
    if !valid(&manual, &args.manual) {
        return Ok(EXIT_INVALID);
    }
    if let (Some(program), Some(path)) = (&program, &args.program) {
        let findings = program.validate(&manual);
        if findings.has_errors() {
            let name = shown_name(path);
            for finding in findings.errors() {
                error_line(&format!("{name}: {finding}"));
            }
            error_line(&format!(
                "{name} has {} validation error(s) against {} {}; fix them first",
                findings.errors().count(),
                manual.id,
                manual.version
            ));
            return Ok(EXIT_INVALID);
        }
    }
    let record = program.as_ref().zip(as_of);
    let mut bad_rows = 0;
    let checklist = match (record, &args.contacts) {
        (Some((program, as_of)), Some(log)) => {
            let mut scorer = Scorer::new(&manual, program, Window::as_of(as_of));
            let reading = read_log(
                log,
                &LogOptions::with_default_limits(args.mapping.as_deref()),
                &mut scorer,
                (program, &manual),
            )?;
            bad_rows = reading.bad;
            report::tidier_with_reading(&manual, program, as_of, &scorer.finish())
        }
        _ => report::tidier(&manual, record),
    };
    let mut reads = vec![args.manual.as_path()];
    reads.extend(args.program.as_deref());
    reads.extend(args.contacts.as_deref());
    reads.extend(args.mapping.as_deref());
    let status = write(
        args.format,
        (out, &args.to, &reads),
        &WithSummary {
            summary: checklist.summary(),
            report: &checklist,
        },
        || checklist.markdown_with(args.to.provenance()),
        || checklist.html_with(args.to.provenance()),
        |w| checklist.write_csv(w),
    )?;
    // As `fidelity`: the report is written, and bad rows of the log make the status 1.
    Ok(if bad_rows > 0 { EXIT_INVALID } else { status })
}

/// The program at `path`, which must follow `manual`.
fn read_program(path: &Path, manual: &Manual, input: Input) -> Result<Program, Fatal> {
    let name = shown_name(path);
    let unreadable = |error| Fatal::message(format!("--program {name}: {error}"));
    let bytes = input.read(path)?.map_err(unreadable)?;
    let program = match DocumentKind::detect(&bytes) {
        Ok(DocumentKind::Manual) => {
            return Err(Fatal::usage(
                "report",
                format!("--program {name} is a manual; expected a program"),
            ));
        }
        Ok(DocumentKind::Program) => Program::from_json(&bytes).map_err(unreadable)?,
        Err(error) => return Err(unreadable(error)),
    };
    if program.manual.id != manual.id {
        return Err(Fatal::usage(
            "report",
            format!(
                "--program {name} follows the manual `{}`; expected one following `{}`",
                program.manual.id, manual.id
            ),
        ));
    }
    Ok(program)
}

/// Writes a checklist in `format` to standard output or to `--out`; exit 0 once written.
fn write<T: Serialize>(
    format: Format,
    (out, to, reads): (&mut Output, &OutArgs, &[&Path]),
    json: &T,
    markdown: impl FnOnce() -> String,
    html: impl FnOnce() -> String,
    csv: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<u8, Fatal> {
    let Some(path) = &to.out_file.out else {
        match format {
            Format::Md => out.push(&markdown()),
            Format::Html => out.push(&html()),
            Format::Json => out.json(json),
            Format::Csv => out.write_with(csv),
        }
        return Ok(EXIT_OK);
    };
    let bytes = match format {
        Format::Md => markdown().into_bytes(),
        Format::Html => html().into_bytes(),
        Format::Json => {
            // Plain data with string keys: serializing cannot fail.
            let mut bytes = serde_json::to_vec_pretty(json).unwrap_or_default();
            bytes.push(b'\n');
            bytes
        }
        Format::Csv => {
            let mut bytes = Vec::new();
            csv(&mut bytes)
                .map_err(|e| Fatal::message(format!("cannot write {}: {e}", shown_name(path))))?;
            bytes
        }
    };
    to.out_file.destination(reads).write(path, &bytes)?;
    Ok(EXIT_OK)
}
