//! `validate FILE [--manual FILE] [--format human|json]`: detect, parse, validate, print.

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use practice_coaching::{Diagnostic, DocumentKind, Manual, ParseError, Program, Report, reference};
use serde::Serialize;

use crate::input::{Input, is_stdin, shown_name};
use crate::output::{Fatal, Output, columns};
use crate::{EXIT_INVALID, EXIT_OK};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The manual or program to validate, as JSON; `-` reads standard input.
    pub file: PathBuf,
    /// For a program: the manual to check it against. By default, the embedded reference
    /// manual with the id and version the program's `manual` member names.
    #[arg(long, value_name = "FILE")]
    pub manual: Option<PathBuf>,
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

/// The outcome of `validate`, the same for both formats.
enum Outcome {
    /// The document parsed and was validated.
    Validated {
        kind: DocumentKind,
        manual: ManualInfo,
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
    if args.manual.as_deref().is_some_and(is_stdin) && is_stdin(&args.file) {
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
            if args.manual.is_some() {
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
            // The manual named by --manual, or the embedded one the program names.
            let owned;
            let (manual, embedded) = if let Some(path) = &args.manual {
                owned = read_manual(path, "validate", input)?;
                (&owned, None)
            } else {
                let (name, manual) = embedded_manual(&program, &args.file)?;
                (manual, Some(name))
            };
            let info = ManualInfo::of(manual, embedded);
            Ok(Outcome::Validated {
                kind,
                manual: info,
                report: program.validate(manual),
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

/// The embedded reference manual a program names.
pub fn embedded_manual(
    program: &Program,
    file: &Path,
) -> Result<(&'static str, &'static Manual), Fatal> {
    let wanted = &program.manual;
    if let Some(found) = reference::find_manual(&wanted.id, &wanted.version) {
        return Ok(found);
    }
    let embedded: Vec<String> = reference::manuals()
        .iter()
        .map(|(_, m)| format!("{} {}", m.id, m.version))
        .collect();
    Err(Fatal::message(format!(
        "{}: the program follows manual {} {}, which is not embedded (embedded: {}); \
         pass the manual with --manual FILE",
        shown_name(file),
        wanted.id,
        wanted.version,
        embedded.join(", ")
    )))
}

fn human(outcome: &Outcome, name: &str, out: &mut Output) {
    // A document that does not parse is reported on standard error only (see `run`).
    let Outcome::Validated {
        kind,
        manual,
        report,
    } = outcome
    else {
        return;
    };
    let rows: Vec<[String; 4]> = report
        .diagnostics()
        .iter()
        .map(|d| {
            [
                d.severity.as_str().to_owned(),
                d.rule.code().to_owned(),
                if d.path.is_empty() {
                    "(document)".to_owned()
                } else {
                    d.path.clone()
                },
                d.message.clone(),
            ]
        })
        .collect();
    for row in columns(&rows) {
        out.line(&row);
    }
    let context = match (kind, manual.embedded) {
        (DocumentKind::Manual, _) => format!("manual {} {}", manual.id, manual.version),
        (DocumentKind::Program, Some(embedded)) => format!(
            "program checked against manual {} {}, embedded {embedded}",
            manual.id, manual.version
        ),
        (DocumentKind::Program, None) => {
            format!(
                "program checked against manual {} {}",
                manual.id, manual.version
            )
        }
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

fn json(outcome: &Outcome, path: &Path, out: &mut Output) {
    let file = path.to_string_lossy().into_owned();
    let file_bytes = path_bytes(path);
    let report = match outcome {
        Outcome::Validated {
            kind,
            manual,
            report,
        } => JsonReport {
            file,
            file_bytes,
            kind: Some(kind.as_str()),
            manual: Some(manual),
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
            valid: false,
            errors: 0,
            warnings: 0,
            suppressed: 0,
            diagnostics: &[],
            parse_error: Some(JsonParseError {
                code: error.code.as_str(),
                line: error.line,
                column: error.column,
                pointer: &error.pointer,
                message: &error.message,
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
