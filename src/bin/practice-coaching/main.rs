//! `practice-coaching`: the library's documents, schemas, rules and validation from the command
//! line, for users outside Rust. Built with `--features cli`; docs/cli.md describes every command,
//! the exit codes and the JSON output.
//!
//! The binary is thin: reading, parsing and validating are the library's; this file only reads
//! files, dispatches and prints.

// The binary is one folder: main.rs and a file per command or concern beside it.
mod assign;
mod compare;
mod completions;
mod export;
mod failure;
mod fidelity;
mod init;
mod input;
mod output;
mod plan;
mod plan_table;
mod progress;
mod reading;
mod render;
mod report;
mod roster;
mod tour;
mod validate;
mod write;

use std::io::Write as _;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use practice_coaching::{Rule, reference};
use serde::Serialize;

use input::{DEFAULT_MAX_INPUT_BYTES, Input};
use output::{Fatal, Output, columns};

/// mimalloc rather than the system's allocator: reading a contact log in halves on two threads,
/// glibc's grows the second thread's heap a page at a time (thousands of system calls, each
/// flushing both cores' address caches); `fidelity` on a million rows took 0.8x the time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit status: success, or a valid document (warnings allowed).
pub const EXIT_OK: u8 = 0;
/// Exit status: the document has validation errors.
pub const EXIT_INVALID: u8 = 1;
/// Exit status: usage, I/O or parse failure (the same as clap's usage errors).
pub const EXIT_FAILURE: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "practice-coaching",
    version,
    about = "Practice coaching manuals and programs as validated data: validate documents, \
             plan coaching relationships, print the embedded reference manuals and sample programs, the JSON Schemas and \
             the rule catalogue.",
    after_help = "Exit status: 0 success (warnings allowed), 1 validation errors, \
                  2 usage, I/O or parse failure, or standard output that cannot be written."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// The most bytes read from any one document (FILE, PROGRAM, --manual, standard input);
    /// a larger one is refused.
    #[arg(
        long,
        global = true,
        value_name = "N",
        default_value_t = DEFAULT_MAX_INPUT_BYTES,
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    max_input_bytes: u64,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// A short tour: what a manual is, the embedded manuals side by side, a sample program
    /// checked and one site's plan.
    Tour,
    /// Print an embedded reference manual or sample program as JSON (by default the late BHICCI
    /// manual).
    Reference(ReferenceArgs),
    /// Print the JSON Schema (draft 2020-12) of a manual or a program.
    Schema {
        /// Which document's schema.
        #[arg(value_enum)]
        kind: SchemaKind,
    },
    /// Validate a manual or a program and print every finding.
    Validate(validate::Args),
    /// Plan a site's coaching relationship: phases, levels, contacts per period, visits and
    /// meetings, as a table, JSON or an iCalendar file.
    Plan(plan::Args),
    /// Render a manual for people to read, as Markdown or a standalone HTML file, optionally
    /// with what changed since an older manual.
    Render(render::Args),
    /// Put manuals side by side: phases, dose a year by channel, team shape, caseload,
    /// collaborative, components, strata and the mix of evidence, one column a manual.
    Compare(compare::Args),
    /// Fill a reporting checklist from a manual: TIDieR, or implementation strategies by
    /// Proctor et al.'s dimensions, each item with its sources or marked missing.
    Report(report::Args),
    /// Write a manual in a format other systems read: FHIR R4 for health IT.
    Export(export::Args),
    /// Delivered against prescribed per site, period and channel, from the program's record
    /// and a contact log kept beside it: adherence, shortfalls, activities held, the program
    /// in figures; as a table, tidy CSV or JSON, with SVG charts.
    Fidelity(fidelity::Args),
    /// Each stay of each relationship in a phase: how long against the manual's plan, the
    /// exit criteria met, and whether it completed, regressed, goes on, stalled or ended.
    Progress(progress::Args),
    /// Each coach's qualification checks and caseload on a day, and the sites that need a
    /// team and how each is covered.
    Roster(roster::Args),
    /// Propose a coach (or a team, where the manual's team rule asks for one) for each site
    /// without one: the least total great-circle distance, within each coach's capacity,
    /// among coaches who meet the manual's required checks.
    Assign(assign::Args),
    /// Print the rule catalogue: every code a finding can carry.
    Rules {
        /// Output format; `markdown` is the text of docs/rules.md.
        #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
        format: RulesFormat,
    },
    /// Write a document to start from: a starter manual, a copy of an embedded manual, or a
    /// program that follows an embedded manual; each validates as it is.
    Init(init::Args),
    /// Print a script that completes this tool's commands, options and embedded names in a
    /// shell.
    Completions {
        /// The shell: bash, zsh, fish, elvish or powershell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, clap::Args)]
struct ReferenceArgs {
    /// The document to print; see --list.
    #[arg(
        value_parser = reference::DOCUMENTS.map(|(name, _)| name),
        conflicts_with = "list"
    )]
    name: Option<String>,
    /// List the embedded documents.
    #[arg(long)]
    list: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SchemaKind {
    /// docs/schemas/manual.schema.json
    Manual,
    /// docs/schemas/program.schema.json
    Program,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum RulesFormat {
    /// Aligned columns, grouped by area.
    Human,
    /// An array of `{code, area, severity, summary, source}`.
    Json,
    /// The Markdown of docs/rules.md.
    Markdown,
}

impl Command {
    /// Whether the command was asked for JSON (`--format json`).
    fn json(&self) -> bool {
        match self {
            Self::Validate(args) => args.format == validate::Format::Json,
            Self::Plan(args) => args.json(),
            Self::Report(args) => args.json(),
            Self::Fidelity(args) => args.json(),
            Self::Progress(args) => args.json(),
            Self::Roster(args) => args.json(),
            Self::Assign(args) => args.json(),
            Self::Rules { format } => *format == RulesFormat::Json,
            // A FHIR bundle is JSON: a reader of it gets its failures as JSON too.
            Self::Export(_) => true,
            Self::Tour
            | Self::Reference(_)
            | Self::Schema { .. }
            | Self::Render(_)
            | Self::Compare(_)
            | Self::Init(_)
            | Self::Completions { .. } => false,
        }
    }
}

/// The document `reference` prints without a NAME: the latest manual.
const DEFAULT_REFERENCE: &str = "bhicci-late";

fn main() -> ExitCode {
    let mut out = Output::new();
    let status = match Cli::try_parse() {
        Ok(cli) => {
            let input = Input {
                max_bytes: cli.max_input_bytes,
                flag: "--max-input-bytes",
            };
            let json = cli.command.json();
            match run(cli.command, input, &mut out) {
                Ok(status) => status,
                Err(fatal) => {
                    // Whatever was written before the failure still goes out (the JSON report
                    // of a document that did not parse); where nothing was, a reader of
                    // `--format json` still gets JSON.
                    if json && out.is_unused() {
                        out.json(&fatal.json());
                    }
                    fatal.report();
                    fatal.status()
                }
            }
        }
        // Usage errors go to standard error with status 2; --help and --version to standard
        // output with status 0, where a failed write counts as for any other output.
        Err(error) => {
            if error.use_stderr() {
                let _ = error.print();
            } else {
                out.write_with(|_| error.print().and_then(|()| std::io::stdout().flush()));
            }
            u8::try_from(error.exit_code()).unwrap_or(EXIT_FAILURE)
        }
    };
    ExitCode::from(output::exit_status(out.finish(), status))
}

fn run(command: Command, input: Input, out: &mut Output) -> Result<u8, Fatal> {
    match command {
        Command::Reference(args) => reference_command(&args, out),
        Command::Schema { kind } => {
            schema_command(kind, out);
            Ok(EXIT_OK)
        }
        Command::Validate(args) => validate::run(&args, input, out),
        Command::Tour => {
            tour::run(out);
            Ok(EXIT_OK)
        }
        Command::Plan(args) => plan::run(&args, input, out),
        Command::Render(args) => render::run(&args, input, out),
        Command::Compare(args) => compare::run(&args, input, out),
        Command::Report(args) => report::run(&args, input, out),
        Command::Export(args) => export::run(&args, input, out),
        Command::Fidelity(args) => fidelity::run(&args, input, out),
        Command::Progress(args) => progress::run(&args, input, out),
        Command::Roster(args) => roster::run(&args, input, out),
        Command::Assign(args) => assign::run(&args, input, out),
        Command::Rules { format } => {
            rules_command(format, out);
            Ok(EXIT_OK)
        }
        Command::Init(args) => init::run(&args, input, out),
        Command::Completions { shell } => {
            completions::run(shell, out);
            Ok(EXIT_OK)
        }
    }
}

fn reference_command(args: &ReferenceArgs, out: &mut Output) -> Result<u8, Fatal> {
    if args.list {
        list_references(out);
        return Ok(EXIT_OK);
    }
    let name = args.name.as_deref().unwrap_or(DEFAULT_REFERENCE);
    // clap has checked the name against the same table.
    let Some((_, json)) = reference::DOCUMENTS.iter().find(|(n, _)| *n == name) else {
        return Err(Fatal::usage(
            "reference",
            format!(
                "unknown reference document `{name}`; expected one of {}",
                reference::DOCUMENTS.map(|(name, _)| name).join(", ")
            ),
        ));
    };
    // The embedded text as is (it ends with a newline).
    out.push(json);
    Ok(EXIT_OK)
}

fn list_references(out: &mut Output) {
    let mut rows: Vec<[String; 3]> = reference::manuals()
        .iter()
        .map(|(name, manual)| {
            let default = if *name == DEFAULT_REFERENCE {
                " (default)"
            } else {
                ""
            };
            [
                (*name).to_owned(),
                "manual".to_owned(),
                format!("{} {}{default}", manual.id, manual.version),
            ]
        })
        .collect();
    rows.extend(
        reference::sample_programs()
            .iter()
            .map(|(name, program, manual)| {
                [
                    (*name).to_owned(),
                    "program".to_owned(),
                    format!(
                        "follows {} {} (synthetic; checked against {})",
                        program.manual.id, program.manual.version, manual.version
                    ),
                ]
            }),
    );
    for row in columns(&rows) {
        out.line(&row);
    }
}

fn schema_command(kind: SchemaKind, out: &mut Output) {
    use practice_coaching::schema;
    let schema = match kind {
        SchemaKind::Manual => schema::manual_schema(),
        SchemaKind::Program => schema::program_schema(),
    };
    // The text of the committed docs/schemas/<kind>.schema.json, as the drift tests write it.
    out.push(&schema::to_text(&schema));
}

/// One rule in `rules --format json`.
#[derive(Serialize)]
struct RuleEntry {
    code: &'static str,
    area: &'static str,
    severity: &'static str,
    summary: &'static str,
    source: &'static str,
}

fn rules_command(format: RulesFormat, out: &mut Output) {
    match format {
        RulesFormat::Markdown => out.push(&Rule::catalogue_markdown()),
        RulesFormat::Json => {
            let entries: Vec<RuleEntry> = Rule::ALL
                .iter()
                .map(|rule| RuleEntry {
                    code: rule.code(),
                    area: rule.area(),
                    severity: rule.severity().as_str(),
                    summary: rule.summary(),
                    source: rule.source(),
                })
                .collect();
            out.json(&entries);
        }
        RulesFormat::Human => {
            let rows: Vec<[String; 4]> = Rule::ALL
                .iter()
                .map(|rule| {
                    let source = match rule.source() {
                        "design" => String::new(),
                        source => format!(" [{source}]"),
                    };
                    [
                        rule.area().to_owned(),
                        rule.code().to_owned(),
                        rule.severity().as_str().to_owned(),
                        format!("{}{source}", rule.summary()),
                    ]
                })
                .collect();
            for row in columns(&rows) {
                out.line(&row);
            }
            out.line("");
            out.line(
                "Severity policy: the manual decides (error where its check is required, warning \
                 where recommended). A rule without [source] is a design rule of this crate.",
            );
        }
    }
}

/// The usage of a subcommand, for usage errors the binary finds after clap.
fn subcommand_error(name: &str, message: &str) -> clap::Error {
    let mut command = Cli::command();
    // Errors carry the subcommand's usage when it is found; the root's otherwise.
    command.build();
    match command.find_subcommand_mut(name) {
        Some(sub) => sub
            .clone()
            .bin_name(format!("practice-coaching {name}"))
            .error(clap::error::ErrorKind::ArgumentConflict, message),
        None => command.error(clap::error::ErrorKind::ArgumentConflict, message),
    }
}
