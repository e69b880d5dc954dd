//! What the read-outs of a program share (`fidelity`, `progress`, `roster`, `assign`): the
//! program, the manual it is read against, the day and the output format, read and checked one
//! way.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use practice_coaching::{Date, DocumentKind, Manual, Program};
use serde::Serialize;

use crate::input::{Input, is_stdin, shown_name};
use crate::output::{Fatal, Output, error_line};
use crate::validate::{embedded_manual, embedded_manuals, parse_date, read_manual, today};
use crate::{EXIT_INVALID, EXIT_OK};

/// The arguments `progress`, `roster` and `assign` share. Each command says what its day means
/// by rewording `--as-of` (`#[command(mut_arg("as_of", ...))]` on its own arguments).
#[derive(Debug, clap::Args)]
pub struct ReadingArgs {
    /// The program (JSON); `-` reads standard input.
    pub program: PathBuf,
    /// The manual to read it against (default: the embedded manual the program names).
    #[arg(long, value_name = "FILE")]
    pub manual: Option<PathBuf>,
    /// The day the program is read as of, YYYY-MM-DD. By default, today in the system's time
    /// zone.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

impl ReadingArgs {
    /// Whether JSON was asked for.
    pub fn json(&self) -> bool {
        self.format == Format::Json
    }

    /// The program, its manual and the day, for subcommand `command`, as [`read_inputs`] reads
    /// them.
    pub fn read(&self, command: &str, input: Input) -> Result<Inputs, Fatal> {
        read_inputs(
            command,
            &self.program,
            self.manual.as_deref(),
            self.as_of,
            input,
        )
    }
}

/// Output formats of the read-outs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A readable table.
    Table,
    /// A tidy CSV table, one row per record (docs/data-dictionary.md).
    Csv,
    /// JSON.
    Json,
}

/// A read-out as JSON with the count of the program's validation errors beside its members.
#[derive(Serialize)]
struct WithChecked<'a, T: Serialize> {
    #[serde(flatten)]
    reading: &'a T,
    #[serde(flatten)]
    checked: &'a Checked,
}

/// Prints `reading` in `format`: as JSON with the count of the program's errors beside its
/// members, as the CSV table `csv` writes, or as the readable table `table` prints. Returns the
/// exit status: 0, or 1 where the program has errors (said on standard error).
pub fn print_reading<T: Serialize>(
    out: &mut Output,
    format: Format,
    (reading, checked): (&T, &Checked),
    csv: impl FnOnce(&mut dyn std::io::Write) -> Result<(), csv::Error>,
    table: impl FnOnce(&mut Output),
) -> u8 {
    match format {
        Format::Json => out.json(&WithChecked { reading, checked }),
        Format::Csv => write_csv(out, csv),
        Format::Table => table(out),
    }
    checked.status(EXIT_OK)
}

/// What `fidelity`, `progress` and `roster` read: a program, the manual it is read against, the
/// day, and how many validation errors the program has.
pub struct Inputs {
    pub program: Program,
    pub manual: Cow<'static, Manual>,
    pub as_of: Date,
    pub checked: Checked,
}

/// How the program checked against its manual: its errors are counted, not refused, so a
/// read-out of a program being mended still shows; the command then exits 1.
#[derive(Debug, Clone, Serialize)]
pub struct Checked {
    /// The program's validation errors against the manual (and earlier versions it followed).
    pub program_errors: usize,
    /// The file as given, for the message.
    #[serde(skip)]
    name: String,
}

impl Checked {
    /// `status`, or 1 where the program has errors, said on standard error after the read-out.
    pub fn status(&self, status: u8) -> u8 {
        if self.program_errors == 0 {
            return status;
        }
        error_line(&format!(
            "{} has {} validation error(s); what is shown reads it as it is: run \
             `practice-coaching validate {}` to see them",
            self.name, self.program_errors, self.name
        ));
        status.max(EXIT_INVALID)
    }
}

/// The program at `path`, the manual (`--manual`, or the embedded one it names) and the day
/// (`--as-of`, or today), for subcommand `command`. A manual with validation errors is refused
/// (its findings on standard error, exit status 1): a read-out against a manual that breaks its
/// own rules (a maximum below its minimum) would print nonsense.
pub fn read_inputs(
    command: &str,
    path: &Path,
    manual: Option<&Path>,
    as_of: Option<Date>,
    input: Input,
) -> Result<Inputs, Fatal> {
    if is_stdin(path) && manual.is_some_and(is_stdin) {
        return Err(Fatal::usage(
            command,
            "PROGRAM and --manual cannot both read standard input (`-`)",
        ));
    }
    let name = shown_name(path);
    let bytes = input
        .read(path)?
        .map_err(|error| Fatal::message(format!("{name}: {error}")))?;
    if let Ok(DocumentKind::Manual) = DocumentKind::detect(&bytes) {
        return Err(Fatal::usage(
            command,
            format!("{name} is a manual; expected a program"),
        ));
    }
    let program =
        Program::from_json(&bytes).map_err(|error| Fatal::message(format!("{name}: {error}")))?;
    let (manual, report) = if let Some(file) = manual {
        let manual = read_manual(file, command, input)?;
        let findings = manual.validate();
        if findings.has_errors() {
            let shown = shown_name(file);
            for finding in findings.errors() {
                error_line(&format!("--manual {shown}: {finding}"));
            }
            return Err(Fatal::Invalid(format!(
                "--manual {shown} has {} validation error(s); fix them before reading a \
                 program against it",
                findings.errors().count()
            )));
        }
        let report = program.validate(&manual);
        (Cow::Owned(manual), report)
    } else {
        // A program that followed earlier versions is checked against each, as `validate`
        // does; the embedded manuals are valid.
        let all = embedded_manuals(&program, path)?;
        let manuals: Vec<&Manual> = all.iter().map(|(_, m)| *m).collect();
        let report = program.validate_versions(&manuals, None);
        (Cow::Borrowed(embedded_manual(&program, path)?.1), report)
    };
    let as_of = match as_of {
        Some(date) => date,
        None => today()?,
    };
    let checked = Checked {
        program_errors: report.errors().count(),
        name,
    };
    Ok(Inputs {
        program,
        manual,
        as_of,
        checked,
    })
}

/// Writes a CSV table through `write`; a failed write is kept as standard output's error.
pub fn write_csv(
    out: &mut Output,
    write: impl FnOnce(&mut dyn std::io::Write) -> Result<(), csv::Error>,
) {
    out.write_with(|stdout| write(stdout).map_err(std::io::Error::other));
}
