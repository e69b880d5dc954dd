//! `progress PROGRAM [--manual FILE] [--as-of DATE] [--format table|csv|json]`: each stay in a
//! phase, against the manual's planned length and the phase's exit criteria.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use practice_coaching::status::{Progress, Stay, StayStatus};
use practice_coaching::{Date, DocumentKind, Length, Manual, Program};

use serde::Serialize;

use crate::input::{Input, is_stdin, shown_name};
use crate::output::{Fatal, Output, columns, error_line, word_wrapped};
use crate::validate::{embedded_manual, embedded_manuals, parse_date, read_manual, today};
use crate::{EXIT_INVALID, EXIT_OK};

/// Arguments of `progress`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The program (JSON); `-` reads standard input.
    program: PathBuf,
    /// The manual to read it against (default: the embedded manual the program names).
    #[arg(long, value_name = "FILE")]
    manual: Option<PathBuf>,
    /// The day progress is read as of, YYYY-MM-DD; what is recorded later is left out. By
    /// default, today in the system's time zone.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<Date>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

impl Args {
    /// Whether JSON was asked for.
    pub fn json(&self) -> bool {
        self.format == Format::Json
    }
}

/// Output formats of `progress` and `roster`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A readable table.
    Table,
    /// A tidy CSV table, one row per record (docs/data-dictionary.md).
    Csv,
    /// JSON.
    Json,
}

/// Runs `progress`: exit 0 with the stays printed, 1 where the manual has validation errors
/// (nothing printed) or the program has (printed, and said), 2 where an input cannot be read.
pub fn run(args: &Args, input: Input, out: &mut Output) -> Result<u8, Fatal> {
    let Inputs {
        program,
        manual,
        as_of,
        checked,
    } = read_inputs(
        "progress",
        &args.program,
        args.manual.as_deref(),
        args.as_of,
        input,
    )?;
    let progress = program.progress(&manual, as_of);
    match args.format {
        Format::Json => out.json(&WithChecked {
            reading: &progress,
            checked: &checked,
        }),
        Format::Csv => write_csv(out, |w| progress.write_csv(w)),
        Format::Table => table(&progress, &manual, out),
    }
    Ok(checked.status(EXIT_OK))
}

/// A read-out as JSON with the count of the program's validation errors beside its members.
#[derive(Serialize)]
pub struct WithChecked<'a, T: Serialize> {
    #[serde(flatten)]
    pub reading: &'a T,
    #[serde(flatten)]
    pub checked: &'a Checked,
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

fn table(progress: &Progress, manual: &Manual, out: &mut Output) {
    out.line(&format!(
        "Progress through the phases of {} {}, as of {}",
        manual.id, manual.version, progress.as_of
    ));
    out.line("");
    if progress.stays.is_empty() {
        out.line("No relationship has started.");
        return;
    }
    // One heading per relationship, its stays indented below, so that rows fit 80 columns; a
    // stay is left the day before the next is entered.
    let mut rows: Vec<[String; 5]> = vec![[
        "  Phase".to_owned(),
        "Entered".to_owned(),
        "Stay / plan".to_owned(),
        "Criteria".to_owned(),
        "Status".to_owned(),
    ]];
    rows.extend(progress.stays.iter().map(|s| {
        [
            format!(
                "  {}",
                clipped(if s.phase_name.is_empty() {
                    s.phase.as_str()
                } else {
                    &s.phase_name
                })
            ),
            s.entered.to_string(),
            stay_against_plan(s),
            if s.criteria_total == 0 {
                "-".to_owned()
            } else {
                format!("{}/{}", s.criteria_met.len(), s.criteria_total)
            },
            status(s),
        ]
    }));
    let lines = columns(&rows);
    let mut lines = lines.iter();
    if let Some(header) = lines.next() {
        out.line(header);
    }
    let mut previous: Option<(&practice_coaching::EntityId, Date)> = None;
    for (stay, line) in progress.stays.iter().zip(lines) {
        // A relationship's stays follow one another; a new one starts where the site changes or
        // the entry goes back in time.
        if previous.is_none_or(|(site, entered)| *site != stay.site || stay.entered <= entered) {
            out.line(&stay.site_name);
        }
        previous = Some((&stay.site, stay.entered));
        out.line(line);
    }
    out.line("");
    let stalled = progress.stalled().count();
    let current = progress.stays.iter().filter(|s| s.left.is_none()).count();
    let left_open: usize = progress.sites.iter().map(|s| s.left_open).sum();
    let text = format!(
        "{} stays of {} relationships; {current} current, {stalled} stalled, {left_open} left \
         with exit criteria open.",
        progress.stays.len(),
        progress.sites.len()
    );
    for line in word_wrapped(&text, "") {
        out.line(&line);
    }
    out.line("Stalled: past the planned maximum with exit criteria still open. Completed: left");
    out.line("for a later phase with every exit criterion met.");
}

/// The stay's length in the unit of the plan (months against months, weeks against weeks), and
/// the plan: `13 mo / 6-18 mo`, `5 wk / 4-8 wk`.
fn stay_against_plan(stay: &Stay) -> String {
    let short = |l: Length| match l {
        Length::Weeks(_) => format!("{} wk", l.amount()),
        Length::Months(_) => format!("{} mo", l.amount()),
    };
    let Some(min) = stay.planned_min else {
        return format!("{} wk", stay.weeks);
    };
    let so_far = match min {
        Length::Weeks(_) => format!("{} wk", stay.weeks),
        Length::Months(_) => format!("{} mo", stay.months),
    };
    let plan = match stay.planned_max {
        Some(max) if max.unit() == min.unit() => {
            format!("{}-{}", min.amount(), short(max))
        }
        Some(max) => format!("{}-{}", short(min), short(max)),
        None => format!("{}+", short(min)),
    };
    format!("{so_far} / {plan}")
}

/// The most characters of a phase name a table shows.
const PHASE_NAME_WIDTH: usize = 24;

/// `name`, cut to [`PHASE_NAME_WIDTH`] characters with an ellipsis where longer.
fn clipped(name: &str) -> Cow<'_, str> {
    if name.chars().count() <= PHASE_NAME_WIDTH {
        return Cow::Borrowed(name);
    }
    let mut cut: String = name.chars().take(PHASE_NAME_WIDTH - 1).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    Cow::Owned(cut)
}

fn status(stay: &Stay) -> String {
    match (stay.status, &stay.reason) {
        (StayStatus::Regressed, Some(reason)) => format!("regressed: {reason}"),
        (StayStatus::Left, _) => format!(
            "left with open: {}",
            stay.criteria_open
                .iter()
                .map(practice_coaching::Key::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        (status, _) => status.as_str().replace('_', " "),
    }
}
