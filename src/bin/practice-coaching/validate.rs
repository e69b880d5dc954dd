//! `validate FILE [--manual FILE]... [--as-of DATE] [--format human|json]`: detect, parse,
//! validate, print.

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use practice_coaching::{
    Date, Diagnostic, DocumentKind, Manual, ParseError, Program, Report, reference,
};
use serde::Serialize;

use crate::input::{Input, is_stdin, shown_name};
use crate::output::{Fatal, Output, columns};
use crate::{EXIT_INVALID, EXIT_OK};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The manual or program to validate, as JSON; `-` reads standard input.
    pub file: PathBuf,
    /// For a program: a manual to check it against; repeat it for a program that followed
    /// several versions of its manual (`manual.earlier`). By default, the embedded reference
    /// manuals with the id and versions the program's `manual` member names.
    #[arg(long, value_name = "FILE")]
    pub manual: Vec<PathBuf>,
    /// For a program: the day the rules about what is current (caseload, a coach coaching
    /// alone) are read on, YYYY-MM-DD. By default, today in the system's time zone.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One finding a line in aligned columns, then a summary line.
    Human,
    /// One JSON object; its shape is documented in docs/cli.md.
    Json,
}

/// A date written YYYY-MM-DD, as documents write them.
pub fn parse_date(text: &str) -> Result<Date, String> {
    text.parse::<Date>().map_err(|e| e.to_string())
}

/// Today in the system's time zone: the binary reads the clock, the library never does.
pub fn today() -> Result<Date, Fatal> {
    Date::from_naive(chrono::Local::now().date_naive())
        .map_err(|e| Fatal::message(format!("today's date: {e}")))
}

/// The manual a document was checked as or against.
#[derive(Debug, Serialize)]
struct ManualInfo {
    id: String,
    version: String,
    /// The embedded reference's name when the program was checked against it.
    embedded: Option<&'static str>,
}

impl ManualInfo {
    fn of(manual: &Manual, embedded: Option<&'static str>) -> Self {
        Self {
            id: manual.id.to_string(),
            version: manual.version.to_string(),
            embedded,
        }
    }
}

/// The manual one stretch of a program's time was checked against.
#[derive(Debug, Serialize)]
struct StretchInfo {
    /// The stretch's first day; null for the first.
    from: Option<Date>,
    /// Its last day; null for the current version's.
    until: Option<Date>,
    #[serde(flatten)]
    manual: ManualInfo,
}

/// The outcome of `validate`, the same for both formats.
enum Outcome {
    /// The document parsed and was validated.
    Validated {
        kind: DocumentKind,
        /// A manual itself, or the manual of a program's current version.
        manual: ManualInfo,
        /// For a program, the manual of each stretch of its time, in order.
        manuals: Option<Vec<StretchInfo>>,
        /// For a program, the day it was validated as of.
        as_of: Option<Date>,
        report: Report,
    },
    /// The document could not be read as JSON of its kind.
    Unreadable {
        kind: Option<DocumentKind>,
        error: ParseError,
    },
}

/// `validate --format json`: the stable shape documented in docs/cli.md.
#[derive(Serialize)]
struct JsonReport<'a> {
    /// The path as given (`-` for standard input), with U+FFFD for bytes that are not UTF-8.
    file: String,
    /// The path's bytes, only where the path is not UTF-8, so a script can find the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    file_bytes: Option<Vec<u8>>,
    kind: Option<&'static str>,
    manual: Option<&'a ManualInfo>,
    manuals: Option<&'a [StretchInfo]>,
    as_of: Option<Date>,
    valid: bool,
    errors: usize,
    warnings: usize,
    /// Findings left out because they only follow from one reported.
    suppressed: usize,
    diagnostics: &'a [Diagnostic],
    parse_error: Option<JsonParseError<'a>>,
}

#[derive(Serialize)]
struct JsonParseError<'a> {
    code: &'static str,
    line: usize,
    column: usize,
    pointer: &'a str,
    message: &'a str,
}

pub fn run(args: &Args, input: Input, out: &mut Output) -> Result<u8, Fatal> {
    let stdin_manuals = args.manual.iter().filter(|m| is_stdin(m)).count();
    if stdin_manuals > 1 {
        return Err(Fatal::usage(
            "validate",
            "only one --manual can read standard input (`-`)",
        ));
    }
    if stdin_manuals > 0 && is_stdin(&args.file) {
        return Err(Fatal::usage(
            "validate",
            "FILE and --manual cannot both read standard input (`-`)",
        ));
    }
    let name = shown_name(&args.file);
    let outcome = match input.read(&args.file)? {
        Ok(bytes) => check(&bytes, args, input)?,
        Err(error) => Outcome::Unreadable { kind: None, error },
    };
    match args.format {
        Format::Human => human(&outcome, &name, out),
        Format::Json => json(&outcome, &args.file, out),
    }
    match outcome {
        Outcome::Validated { report, .. } if report.has_errors() => Ok(EXIT_INVALID),
        Outcome::Validated { .. } => Ok(EXIT_OK),
        Outcome::Unreadable { error, .. } => Err(Fatal::message(format!("{name}: {error}"))),
    }
}

/// Detects the kind, parses and validates; a program against its manual.
fn check(bytes: &[u8], args: &Args, input: Input) -> Result<Outcome, Fatal> {
    let kind = match DocumentKind::detect(bytes) {
        Ok(kind) => kind,
        Err(error) => return Ok(Outcome::Unreadable { kind: None, error }),
    };
    let unreadable = |error| Outcome::Unreadable {
        kind: Some(kind),
        error,
    };
    match kind {
        DocumentKind::Manual => {
            if !args.manual.is_empty() {
                return Err(Fatal::usage(
                    "validate",
                    format!(
                        "--manual applies to programs, but {} is a manual",
                        shown_name(&args.file)
                    ),
                ));
            }
            Ok(match Manual::from_json(bytes) {
                Ok(manual) => Outcome::Validated {
                    kind,
                    manual: ManualInfo::of(&manual, None),
                    manuals: None,
                    as_of: None,
                    report: manual.validate(),
                },
                Err(error) => unreadable(error),
            })
        }
        DocumentKind::Program => {
            let program = match Program::from_json(bytes) {
                Ok(program) => program,
                Err(error) => return Ok(unreadable(error)),
            };
            let as_of = match args.as_of {
                Some(date) => date,
                None => today()?,
            };
            // The manuals named by --manual, or the embedded ones the program names.
            let owned: Vec<Manual> = args
                .manual
                .iter()
                .map(|path| read_manual(path, "validate", input))
                .collect::<Result<_, _>>()?;
            let given: Vec<(&Manual, Option<&'static str>)> = if owned.is_empty() {
                embedded_manuals(&program, &args.file)?
                    .into_iter()
                    .map(|(name, manual)| (manual, Some(name)))
                    .collect()
            } else {
                owned.iter().map(|manual| (manual, None)).collect()
            };
            let manuals: Vec<&Manual> = given.iter().map(|(manual, _)| *manual).collect();
            let embedded = |manual: &Manual| {
                given
                    .iter()
                    .find(|(m, _)| std::ptr::eq(*m, manual))
                    .and_then(|(_, name)| *name)
            };
            // The manual of each stretch, as the library picks it.
            let picked = program.manual.in_force(&manuals);
            let current = picked
                .last()
                .map(|p| ManualInfo::of(p.manual, embedded(p.manual)))
                .ok_or_else(|| Fatal::message("no manual to check the program against"))?;
            let stretches: Vec<StretchInfo> = picked
                .iter()
                .map(|p| StretchInfo {
                    from: p.stretch.from,
                    until: p.stretch.until,
                    manual: ManualInfo::of(p.manual, embedded(p.manual)),
                })
                .collect();
            Ok(Outcome::Validated {
                kind,
                manual: current,
                manuals: Some(stretches),
                as_of: Some(as_of),
                report: program.validate_versions(&manuals, Some(as_of)),
            })
        }
    }
}

/// The manual given with `--manual` to subcommand `command`.
pub fn read_manual(path: &Path, command: &str, input: Input) -> Result<Manual, Fatal> {
    let name = shown_name(path);
    let unreadable = |error| Fatal::message(format!("--manual {name}: {error}"));
    let bytes = input.read(path)?.map_err(unreadable)?;
    let parsed = match DocumentKind::detect(&bytes) {
        Ok(DocumentKind::Program) => {
            return Err(Fatal::usage(
                command,
                format!("--manual {name} is a program; expected a manual"),
            ));
        }
        Ok(DocumentKind::Manual) => Manual::from_json(&bytes),
        Err(error) => Err(error),
    };
    parsed.map_err(unreadable)
}

/// The embedded reference manual of each version the program names, each once
/// ([`reference::manuals_for`]).
pub fn embedded_manuals(
    program: &Program,
    file: &Path,
) -> Result<Vec<(&'static str, &'static Manual)>, Fatal> {
    reference::manuals_for(program).map_err(|error| not_embedded(file, &error))
}

/// The embedded reference manual a program follows now ([`reference::manual_for`]).
pub fn embedded_manual(
    program: &Program,
    file: &Path,
) -> Result<(&'static str, &'static Manual), Fatal> {
    reference::manual_for(program).map_err(|error| not_embedded(file, &error))
}

/// The failure for a program that follows a manual version no embedded manual is.
fn not_embedded(file: &Path, error: &reference::NotEmbedded) -> Fatal {
    Fatal::message(format!(
        "{}: {error}; pass the manual with --manual FILE",
        shown_name(file)
    ))
}

fn human(outcome: &Outcome, name: &str, out: &mut Output) {
    // A document that does not parse is reported on standard error only (see `run`).
    let Outcome::Validated {
        kind,
        manual,
        manuals,
        as_of,
        report,
    } = outcome
    else {
        return;
    };
    // One line per mistake: findings sharing a rule and a cause (one missing assignment
    // behind many contacts) are counted on one line with their first pointers; JSON keeps all.
    let rows: Vec<[String; 4]> = report
        .grouped()
        .iter()
        .map(|group| {
            let first = group.first();
            let (path, message) = if group.len() == 1 {
                (pointer(&first.path), first.message.clone())
            } else {
                (
                    format!("{} and {} more", pointer(&first.path), group.len() - 1),
                    format!(
                        "{} ({} findings; first at {})",
                        first.cause(),
                        group.len(),
                        first_pointers(group.findings())
                    ),
                )
            };
            [
                first.severity.as_str().to_owned(),
                first.rule.code().to_owned(),
                path,
                message,
            ]
        })
        .collect();
    for row in columns(&rows) {
        out.line(&row);
    }
    let named = |info: &ManualInfo| match info.embedded {
        Some(embedded) => format!("{} {}, embedded {embedded}", info.id, info.version),
        None => format!("{} {}", info.id, info.version),
    };
    let context = match (kind, manuals.as_deref()) {
        (DocumentKind::Manual, _) => format!("manual {} {}", manual.id, manual.version),
        (DocumentKind::Program, Some(stretches @ [_, _, ..])) => {
            let each: Vec<String> = stretches
                .iter()
                .map(|s| {
                    let info = &s.manual;
                    let embedded = info
                        .embedded
                        .map_or_else(String::new, |name| format!(" (embedded {name})"));
                    let when = match (s.from, s.until) {
                        (_, Some(until)) => format!(" until {until}"),
                        (Some(from), None) => format!(" from {from}"),
                        (None, None) => String::new(),
                    };
                    format!("{} {}{embedded}{when}", info.id, info.version)
                })
                .collect();
            format!("program checked against manuals {}", each.join("; "))
        }
        (DocumentKind::Program, _) => format!("program checked against manual {}", named(manual)),
    };
    let context = match as_of {
        Some(as_of) => format!("{context}, as of {as_of}"),
        None => context,
    };
    let suppressed = match report.suppressed() {
        0 => String::new(),
        1 => " (1 follow-on finding suppressed)".to_owned(),
        n => format!(" ({n} follow-on findings suppressed)"),
    };
    out.line(&format!(
        "{}, {}{suppressed} in {name} ({context})",
        counted(report.errors().count(), "error"),
        counted(report.warnings().count(), "warning"),
    ));
}

/// A finding's pointer as the human output shows it.
fn pointer(path: &str) -> String {
    if path.is_empty() {
        "(document)".to_owned()
    } else {
        path.to_owned()
    }
}

/// The pointers of a group's first findings, as many as a line can hold.
fn first_pointers(findings: &[&practice_coaching::Diagnostic]) -> String {
    const SHOWN: usize = 3;
    let mut shown: Vec<String> = findings
        .iter()
        .take(SHOWN)
        .map(|d| pointer(&d.path))
        .collect();
    if findings.len() > SHOWN {
        shown.push("…".to_owned());
    }
    shown.join(", ")
}

fn json(outcome: &Outcome, path: &Path, out: &mut Output) {
    let file = path.to_string_lossy().into_owned();
    let file_bytes = path_bytes(path);
    let report = match outcome {
        Outcome::Validated {
            kind,
            manual,
            manuals,
            as_of,
            report,
        } => JsonReport {
            file,
            file_bytes,
            kind: Some(kind.as_str()),
            manual: Some(manual),
            manuals: manuals.as_deref(),
            as_of: *as_of,
            valid: !report.has_errors(),
            errors: report.errors().count(),
            warnings: report.warnings().count(),
            suppressed: report.suppressed(),
            diagnostics: report.diagnostics(),
            parse_error: None,
        },
        Outcome::Unreadable { kind, error } => JsonReport {
            file,
            file_bytes,
            kind: kind.map(DocumentKind::as_str),
            manual: None,
            manuals: None,
            as_of: None,
            valid: false,
            errors: 0,
            warnings: 0,
            suppressed: 0,
            diagnostics: &[],
            parse_error: Some(JsonParseError {
                code: error.code().code(),
                line: error.line(),
                column: error.column(),
                pointer: error.pointer(),
                message: error.message(),
            }),
        },
    };
    out.json(&report);
}

fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The bytes of a path that is not UTF-8 (on Unix, where paths are bytes); `None` otherwise.
fn path_bytes(path: &Path) -> Option<Vec<u8>> {
    if path.to_str().is_some() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        Some(path.as_os_str().as_bytes().to_vec())
    }
    #[cfg(not(unix))]
    {
        None
    }
}
