//! `plan`: a site's coaching relationship expanded into a schedule, as a table, JSON or an
//! iCalendar file.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use practice_coaching::manual::Channel;
use practice_coaching::program::Program;
use practice_coaching::timeline::{
    Horizon, MAX_PLAN_EVENTS, MAX_PLAN_MONTHS, PlanError, PlanOptions,
};
use practice_coaching::{Date, Diagnostic, DocumentKind, Manual, ParseError, Report};
use serde_json::Value;

use crate::EXIT_OK;
use crate::failure::Failure;
use crate::input::{Input, is_stdin, shown_name};
use crate::output::{Fatal, Output, error_line};
use crate::plan_table::table;
use crate::validate::{embedded_manual, embedded_manuals};

/// Arguments of `plan`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The program (JSON); `-` reads standard input.
    program: PathBuf,
    /// The site to plan: its id, its name, or the start of either that only one site has.
    #[arg(long)]
    site: String,
    /// Plan from this day (YYYY-MM-DD): a site without a recorded relationship is projected
    /// from it with the manual's first phase; one with a relationship is shown from it.
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Plan this many months from the first day planned (default: the relationship's end if it
    /// has ended, else the end of the last projected phase).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=240))]
    months: Option<u32>,
    /// Plan on Saturdays and Sundays too (by default dates move to a working day).
    #[arg(long)]
    include_weekends: bool,
    /// Leave remote contacts, and the activities around them, out of the plan: visits only.
    #[arg(long)]
    in_person_only: bool,
    /// The manual to plan with (default: the embedded manual the program names).
    #[arg(long)]
    manual: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// The DTSTAMP written on every iCalendar event (RFC 3339; default: now).
    #[arg(long, value_parser = parse_stamp)]
    dtstamp: Option<DateTime<Utc>>,
}

impl Args {
    /// Whether JSON was asked for.
    pub fn json(&self) -> bool {
        self.format == Format::Json
    }
}

/// Output formats of `plan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Readable tables.
    Table,
    /// The plan as JSON.
    Json,
    /// An iCalendar (RFC 5545) file of planned contacts, activities and meetings.
    Ics,
}

/// An RFC 3339 time written as JSON Schema's `date-time` has it (a `T` between date and time),
/// whose UTC date an iCalendar DTSTAMP can hold (years 1 to 9999).
fn parse_stamp(text: &str) -> Result<DateTime<Utc>, String> {
    use chrono::Datelike;
    const EXPECTED: &str = "expected an RFC 3339 time such as 2026-01-01T09:00:00Z";
    if text.as_bytes().get(10) != Some(&b'T') {
        return Err(format!(
            "`{text}`: {EXPECTED}, with a `T` between date and time"
        ));
    }
    let stamp = DateTime::parse_from_rfc3339(text)
        .map(|t| t.to_utc())
        .map_err(|e| format!("`{text}`: {EXPECTED}: {e}"))?;
    if (1..=9999).contains(&stamp.year()) {
        Ok(stamp)
    } else {
        Err(format!(
            "`{text}` is in UTC year {}; expected a year from 1 to 9999",
            stamp.year()
        ))
    }
}

/// Runs `plan`: exit 0 with the plan, 1 when the program or the manual has validation errors
/// (no plan is made from an invalid document), 2 for usage, I/O or parse failures and plans
/// that cannot be made. With `--format json` every failure is also a JSON object on standard
/// output.
pub fn run(args: &Args, input: Input, out: &mut Output) -> Result<u8, Fatal> {
    plan(args, input, out).or_else(|failure| {
        if args.format == Format::Json {
            out.json(&failure.json());
        }
        failure.into_status()
    })
}

fn plan(args: &Args, input: Input, out: &mut Output) -> Result<u8, Failure> {
    let from = args
        .from
        .as_deref()
        .map(Date::new)
        .transpose()
        .map_err(|e| Failure::usage(format!("--from: {e}")))?;
    if is_stdin(&args.program) && args.manual.as_deref().is_some_and(is_stdin) {
        return Err(Failure::usage(
            "PROGRAM and --manual cannot both read standard input (`-`)",
        ));
    }
    let name = shown_name(&args.program);
    let program: Program = read(
        input,
        &args.program,
        "",
        DocumentKind::Program,
        Program::from_json,
    )?;
    let owned: Manual;
    let manual = match &args.manual {
        Some(path) => {
            owned = read(
                input,
                path,
                "--manual ",
                DocumentKind::Manual,
                Manual::from_json,
            )?;
            // A plan from a manual that breaks its own rules (a maximum below its minimum)
            // would print nonsense; the manual's findings say what to fix.
            refuse_invalid(
                &owned.validate(),
                path,
                "--manual ",
                "; fix them before planning",
            )?;
            &owned
        }
        None => {
            embedded_manual(&program, &args.program)
                .map_err(|fatal| Failure::from_fatal("manual_not_embedded", fatal))?
                .1
        }
    };
    let advice = "; run `practice-coaching validate` and fix them before planning";
    // A program that followed earlier versions is checked against each, as `validate` does.
    let report = if args.manual.is_some() {
        program.validate(manual)
    } else {
        let all = embedded_manuals(&program, &args.program)
            .map_err(|fatal| Failure::from_fatal("manual_not_embedded", fatal))?;
        let manuals: Vec<&Manual> = all.iter().map(|(_, m)| *m).collect();
        program.validate_versions(&manuals, None)
    };
    refuse_invalid(&report, &args.program, "", advice)?;
    let found = program.find_site(&args.site).map_err(|e| {
        let candidates: Vec<Value> = e
            .candidates()
            .iter()
            .map(|c| serde_json::json!({"name": c.name, "id": c.id}))
            .collect();
        let code = if e.is_ambiguous() {
            "ambiguous_site"
        } else {
            "unknown_site"
        };
        Failure::new(code, format!("{name}: --site: {e}"))
            .with("site", Value::from(e.query()))
            .with("candidates", Value::from(candidates))
    })?;
    let (site, site_name) = (found.id, found.name.clone());
    let horizon = args.months.map_or(Horizon::Natural, Horizon::Months);
    let options = PlanOptions {
        weekends: args.include_weekends,
    };
    let mut plan = program
        .plan_site(manual, site, from, horizon, options)
        .map_err(|e| refused(&e, &name, &site_name, &program))?;
    if args.in_person_only {
        plan.events.retain(|e| e.channel != Some(Channel::Remote));
    }
    match args.format {
        Format::Json => out.json(&plan),
        Format::Ics => {
            let stamp = args
                .dtstamp
                .unwrap_or_else(|| DateTime::<Utc>::from(std::time::SystemTime::now()));
            let title = format!("Coaching plan: {site_name}");
            // Streamed: the calendar is never held in memory whole.
            out.write_with(|stdout| plan.write_icalendar(manual, &program, &title, stamp, stdout));
        }
        Format::Table => table(&plan, &site_name, out),
    }
    Ok(EXIT_OK)
}

/// Reads the document at `path` (`label` names its flag in messages), a `wanted` one, and
/// parses it with `parse`.
fn read<T>(
    input: Input,
    path: &Path,
    label: &str,
    wanted: DocumentKind,
    parse: fn(&[u8]) -> Result<T, ParseError>,
) -> Result<T, Failure> {
    let name = shown_name(path);
    let unreadable =
        |error: ParseError| Failure::parse(format!("{label}{name}: {error}"), path, &error);
    let bytes = input
        .read(path)
        .map_err(|fatal| Failure::from_fatal("io", fatal))?
        .map_err(unreadable)?;
    if let Ok(kind) = DocumentKind::detect(&bytes)
        && kind != wanted
    {
        return Err(Failure::usage(format!(
            "{label}{name} is a {}; expected a {}",
            kind.as_str(),
            wanted.as_str()
        )));
    }
    parse(&bytes).map_err(unreadable)
}

/// Refuses a document whose `report` has errors: each on standard error, then a line that
/// counts them (with `advice`), exit status 1.
fn refuse_invalid(report: &Report, path: &Path, label: &str, advice: &str) -> Result<(), Failure> {
    if !report.has_errors() {
        return Ok(());
    }
    let name = shown_name(path);
    if !label.is_empty() {
        for finding in report.errors() {
            error_line(&format!("{label}{name}: {finding}"));
        }
    }
    let errors: Vec<&Diagnostic> = report.errors().collect();
    let message = format!(
        "{label}{name} has {} validation error(s){advice}",
        errors.len()
    );
    error_line(&message);
    let findings = serde_json::to_value(&errors).unwrap_or_default();
    Err(Failure::invalid(message, path, findings))
}

/// The failure of a plan the library refuses, in the command's words.
fn refused(error: &PlanError, name: &str, site_name: &str, program: &Program) -> Failure {
    let ask = "ask for less with --months N (1 to 240)";
    match error {
        PlanError::UnknownSite(id) => Failure::new(
            "unknown_site",
            format!(
                "{name}: no site has the id {id}; expected the id of one of its {} sites",
                program.sites.len()
            ),
        )
        .with("site", Value::from(id.to_string())),
        PlanError::NoStart(id) => Failure::new(
            "no_relationship",
            format!(
                "{name}: site `{site_name}` ({id}) has no coaching relationship recorded; plan it \
                 from a day with --from DATE"
            ),
        ),
        PlanError::PastLastDate { months, .. } => {
            Failure::usage(format!("--months {months}: {error}"))
        }
        PlanError::NothingToPlan { .. } => {
            Failure::new("nothing_to_plan", format!("{name}: {error}"))
        }
        PlanError::TooLong { .. } => Failure::new("too_long", format!("{name}: {error}; {ask}"))
            .with("cap_months", Value::from(MAX_PLAN_MONTHS)),
        PlanError::TooManyEvents { .. } => Failure::new(
            "too_many_events",
            format!("{name}: {error}; ask for fewer months with --months N"),
        )
        .with("cap_events", Value::from(MAX_PLAN_EVENTS)),
        // A reason the library adds later is reported in its own words.
        _ => Failure::new("no_plan", format!("{name}: {error}")),
    }
}
