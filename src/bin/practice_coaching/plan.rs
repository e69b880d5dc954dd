//! `plan`: a site's coaching relationship expanded into a schedule, as a table, JSON or an
//! iCalendar file.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use practice_coaching::manual::Channel;
use practice_coaching::program::Program;
use practice_coaching::timeline::{EventKind, Plan};
use practice_coaching::{Date, DocumentKind, EntityId, Manual};

use crate::input::{Input, is_stdin, shown_name};
use crate::output::{Fatal, Output, columns, error_line};
use crate::validate::{embedded_manual, read_manual};
use crate::{EXIT_INVALID, EXIT_OK};

/// Arguments of `plan`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The program (JSON); `-` reads standard input.
    program: PathBuf,
    /// The site whose relationship to plan (its id).
    #[arg(long)]
    site: String,
    /// Plan this many months from the relationship's start (default: its end if it has ended,
    /// else the end of the last projected phase).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=240))]
    months: Option<u32>,
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

/// Output formats of `plan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Readable tables.
    Table,
    /// The plan as JSON.
    Json,
    /// An iCalendar (RFC 5545) file of planned visits and meetings.
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

/// Runs `plan`: exit 0 with the plan, 1 when the program has validation errors (no plan is made
/// from an invalid program), 2 for usage, I/O or parse failures.
pub fn run(args: &Args, input: Input, out: &mut Output) -> Result<u8, Fatal> {
    let site =
        EntityId::new(&args.site).map_err(|e| Fatal::usage("plan", format!("--site: {e}")))?;
    if is_stdin(&args.program) && args.manual.as_deref().is_some_and(is_stdin) {
        return Err(Fatal::usage(
            "plan",
            "PROGRAM and --manual cannot both read standard input (`-`)",
        ));
    }
    let name = shown_name(&args.program);
    let bytes = input
        .read(&args.program)?
        .map_err(|e| Fatal::message(format!("{name}: {e}")))?;
    if DocumentKind::detect(&bytes).ok() == Some(DocumentKind::Manual) {
        return Err(Fatal::usage(
            "plan",
            format!("{name} is a manual; expected a program"),
        ));
    }
    let program = Program::from_json(&bytes).map_err(|e| Fatal::message(format!("{name}: {e}")))?;
    let owned: Manual;
    let manual = match &args.manual {
        Some(path) => {
            owned = read_manual(path, "plan", input)?;
            // A plan from a manual that breaks its own rules (a maximum below its minimum)
            // would print nonsense; the manual's findings say what to fix.
            let report = owned.validate();
            if report.has_errors() {
                for finding in report.errors() {
                    error_line(&format!("--manual {}: {finding}", shown_name(path)));
                }
                error_line(&format!(
                    "--manual {} has {} validation error(s); fix them before planning",
                    shown_name(path),
                    report.errors().count()
                ));
                return Ok(EXIT_INVALID);
            }
            &owned
        }
        None => embedded_manual(&program, &args.program)?.1,
    };
    let report = program.validate(manual);
    if report.has_errors() {
        let errors = report.errors().count();
        error_line(&format!(
            "{name} has {errors} validation error(s); run `practice-coaching validate` and fix them before planning"
        ));
        return Ok(EXIT_INVALID);
    }
    let Some(site_name) = program
        .sites
        .iter()
        .find(|s| s.id == site)
        .map(|s| s.name.as_str())
    else {
        return Err(Fatal::message(format!(
            "{name}: no site has the id {site}; expected the id of one of its {} sites",
            program.sites.len()
        )));
    };
    let Some(relationship) = program.relationships.iter().find(|r| r.site == site) else {
        return Err(Fatal::message(format!(
            "{name}: site `{site_name}` ({site}) has no coaching relationship recorded"
        )));
    };
    let until = match args.months {
        None => None,
        Some(months) => {
            let date = relationship
                .start
                .as_naive()
                .checked_add_months(chrono::Months::new(months))
                .and_then(|d| Date::from_naive(d).ok());
            Some(date.ok_or_else(|| {
                Fatal::usage(
                    "plan",
                    format!(
                        "--months {months}: {months} months after the relationship's start {} is past the last date a plan can name (9999-12-31)",
                        relationship.start
                    ),
                )
            })?)
        }
    };
    let plan = relationship.plan(manual, &program, until);
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
        Format::Table => table(&plan, site_name, out),
    }
    Ok(EXIT_OK)
}

fn table(plan: &Plan, site_name: &str, out: &mut Output) {
    out.line(&format!(
        "Coaching plan for {site_name}, {} to {} (exclusive)",
        plan.from, plan.until
    ));
    out.line("");
    let mut rows = vec![[
        "from".to_owned(),
        "until".to_owned(),
        "phase".to_owned(),
        "level".to_owned(),
        String::new(),
    ]];
    rows.extend(plan.segments.iter().map(|s| {
        [
            s.from.to_string(),
            s.until.to_string(),
            s.phase.to_string(),
            s.level.to_string(),
            if s.projected {
                "projected".to_owned()
            } else {
                "recorded".to_owned()
            },
        ]
    }));
    for line in columns(&rows) {
        out.line(&line);
    }
    out.line("");
    out.line("Planned contacts by month (periods counted in the month they start; min-max):");
    // Per month: the phase and level of its first period; in-person and remote min and max.
    let mut months: Vec<([String; 3], [u32; 4])> = Vec::new();
    for period in &plan.periods {
        let month = period
            .from
            .to_string()
            .get(..7)
            .unwrap_or_default()
            .to_owned();
        if months.last().is_none_or(|([m, ..], _)| *m != month) {
            months.push((
                [month, period.phase.to_string(), period.level.to_string()],
                [0; 4],
            ));
        }
        if let Some((_, sums)) = months.last_mut() {
            let at = if period.channel == Channel::InPerson {
                0
            } else {
                2
            };
            sums[at] += u32::from(period.min_contacts);
            sums[at + 1] += u32::from(period.max_contacts);
        }
    }
    let mut rows: Vec<[String; 5]> = vec![[
        "month".into(),
        "phase".into(),
        "level".into(),
        "in person".into(),
        "remote".into(),
    ]];
    rows.extend(
        months
            .into_iter()
            .map(|([month, phase, level], [a, b, c, d])| {
                [month, phase, level, format!("{a}-{b}"), format!("{c}-{d}")]
            }),
    );
    for line in columns(&rows) {
        out.line(&line);
    }
    out.line("");
    let count =
        |wanted: fn(&EventKind) -> bool| plan.events.iter().filter(|e| wanted(&e.kind)).count();
    out.line(&format!(
        "Events: {} visits, {} activities, {} milestones, {} learning sessions",
        count(|k| matches!(k, EventKind::Visit { .. })),
        count(|k| matches!(k, EventKind::Activity(_))),
        count(|k| matches!(k, EventKind::Milestone(_))),
        count(|k| *k == EventKind::LearningSession)
    ));
    for activity in &plan.activities {
        out.line(&format!(
            "{}: {} per {}, {} times from {}",
            activity.name,
            activity.every.count,
            activity.every.per.as_str(),
            activity.dates.len(),
            plan.from
        ));
    }
}
