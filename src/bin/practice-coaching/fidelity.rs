//! `fidelity PROGRAM [--manual FILE] [--contacts FILE [--mapping FILE]] [--as-of DATE]
//! [--from DATE] [--to DATE] [--format table|csv|json] [--table periods|activities]
//! [--charts DIR] [--max-row-bytes N] [--max-row-lines N] [--max-mapping-bytes N]`: delivered
//! against prescribed, per site, period and channel.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use practice_coaching::fidelity::{
    CalendarRow, CalendarUnit, ChannelSummary, Comparison, Fidelity, ReadFrom, Scorer,
    UNSCORED_LISTED, Window, chart,
};

use practice_coaching::contact_log::{
    LogAccount, LogFormat, LogNote, LogRule, Mapping, ReadLimits, RowProblem,
};
use practice_coaching::manual::Channel;
use practice_coaching::{Date, EntityId, Manual, Program};
use serde::Serialize;

use crate::input::{Input, is_stdin, one_stdin, shown_name};
use crate::output::{
    Fatal, Output, closed_at_start, columns, error_line, stderr_line, word_wrapped,
};
use crate::reading::{Checked, Format, Inputs, read_inputs, write_csv};
use crate::validate::parse_date;
use crate::write::Destination;
use crate::{EXIT_INVALID, EXIT_OK};

/// Arguments of `fidelity`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The program (JSON); `-` reads standard input.
    program: PathBuf,
    /// The manual to read it against (default: the embedded manual the program names).
    #[arg(long, value_name = "FILE")]
    manual: Option<PathBuf>,
    /// A contact log kept beside the program: CSV, or JSON Lines where the name ends in
    /// `.jsonl` or `.ndjson`; `-` reads CSV from standard input. Read streaming; every bad row
    /// is reported on standard error and the rest counted.
    #[arg(long, value_name = "FILE")]
    contacts: Option<PathBuf>,
    /// How the log's columns map to a contact's fields (JSON, docs/contact-logs.md); without
    /// it, the crate's own columns.
    #[arg(long, value_name = "FILE", requires = "contacts")]
    mapping: Option<PathBuf>,
    /// The day delivery is read as of, YYYY-MM-DD: periods that ended by then are judged. By
    /// default, today in the system's time zone.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<Date>,
    /// The first day of interest: periods that end before it are left out.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    from: Option<Date>,
    /// The last day of interest (included): periods that start after it are left out.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    to: Option<Date>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Which rows `--format csv` writes: delivered periods, or activities held.
    #[arg(long, value_enum, default_value_t = Table::Periods)]
    table: Table,
    /// Also count what was delivered by calendar month, quarter or year (prescription periods
    /// start on each site's own day): the table and CSV show these rows instead of the
    /// periods, and JSON adds them as `calendar`.
    #[arg(long, value_enum, value_name = "UNIT", conflicts_with = "table")]
    by: Option<By>,
    /// Write an SVG chart per site (`site-<id>.svg`) and a heat map of the program
    /// (`heat-map.svg`) into this directory, created if missing. Charts already there are
    /// kept unless --force (nothing is written then); a link is never written through.
    #[arg(long, value_name = "DIR")]
    charts: Option<PathBuf>,
    /// Replace charts of an earlier run in the --charts DIR.
    #[arg(long, requires = "charts")]
    force: bool,
    /// The most delivered periods a reading prints; a larger one stops with status 2 (an
    /// open-ended relationship read as of a far date has a period for every month to it).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_ROWS)]
    max_rows: usize,
    /// The most contacts no period counts that are listed each with its log line or program
    /// pointer, site and reason; the rest are counted by reason only.
    #[arg(long, value_name = "N", default_value_t = UNSCORED_LISTED)]
    unscored_listed: usize,
    /// The most bytes one row of the contact log may have, its line ends included; a longer
    /// row stops reading (status 2).
    #[arg(
        long,
        value_name = "N",
        default_value_t = ReadLimits::DEFAULT_MAX_ROW_BYTES as u64,
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    max_row_bytes: u64,
    /// The most lines one row of the contact log may run over through quoted cells; a quoted
    /// cell still open past them is a bad row.
    #[arg(
        long,
        value_name = "N",
        default_value_t = ReadLimits::DEFAULT_MAX_ROW_LINES,
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    max_row_lines: u64,
    /// The most bytes read from the --mapping file; a larger one is refused (status 2).
    #[arg(
        long,
        value_name = "N",
        default_value_t = DEFAULT_MAX_MAPPING_BYTES,
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    max_mapping_bytes: u64,
}

impl Args {
    /// Whether JSON was asked for.
    pub fn json(&self) -> bool {
        self.format == Format::Json
    }
}

/// The most bytes read from a mapping unless `--max-mapping-bytes` says otherwise: 1 MiB, far
/// above a mapping's few kilobytes even with long value tables.
const DEFAULT_MAX_MAPPING_BYTES: u64 = 1024 * 1024;

/// The most delivered periods `fidelity` prints unless `--max-rows` says otherwise: ten thousand
/// sites, two channels and four years of monthly periods.
const DEFAULT_MAX_ROWS: usize = 1_000_000;

/// The calendar spans of `fidelity --by`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    /// Calendar months.
    Month,
    /// Calendar quarters (January to March, ...).
    Quarter,
    /// Calendar years.
    Year,
}

impl By {
    const fn unit(self) -> CalendarUnit {
        match self {
            Self::Month => CalendarUnit::Month,
            Self::Quarter => CalendarUnit::Quarter,
            Self::Year => CalendarUnit::Year,
        }
    }
}

/// The tables of `fidelity --format csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Table {
    /// One row per site, period and channel (`delivered_periods` in docs/data-dictionary.md).
    Periods,
    /// One row per activity at a site or program-wide (`activity_adherence`).
    Activities,
}

/// Runs `fidelity`: exit 0 with the reading printed, 1 where the contact log had bad rows
/// (reported on standard error; the rest is counted and printed), 2 where an input cannot be
/// read or a chart cannot be written.
pub fn run(args: &Args, input: Input, out: &mut Output) -> Result<u8, Fatal> {
    one_stdin(
        "fidelity",
        &[
            ("PROGRAM", Some(args.program.as_path())),
            ("--manual", args.manual.as_deref()),
            ("--contacts", args.contacts.as_deref()),
            ("--mapping", args.mapping.as_deref()),
        ],
    )?;
    let Inputs {
        program,
        manual,
        as_of,
        checked,
    } = read_inputs(
        "fidelity",
        &args.program,
        args.manual.as_deref(),
        args.as_of,
        input,
    )?;
    let window = window(args, as_of)?;
    let mut scorer = Scorer::new(&manual, &program, window).listing_unscored(args.unscored_listed);
    let log = match &args.contacts {
        Some(log) => Some(read_log(
            log,
            &LogOptions {
                mapping: args.mapping.as_deref(),
                max_row_bytes: args.max_row_bytes,
                max_row_lines: args.max_row_lines,
                max_mapping_bytes: args.max_mapping_bytes,
            },
            &mut scorer,
            (&program, &manual),
        )?),
        None => None,
    };
    let bad_rows = log.as_ref().map_or(0, |log| log.bad);
    let fidelity = scorer.finish();
    let rows = fidelity.periods.len();
    if rows > args.max_rows {
        return Err(Fatal::message(format!(
            "the reading has {rows} delivered periods, more than the output limit of {}; narrow \
             it with --from/--to or an earlier --as-of, or raise the limit with --max-rows N",
            args.max_rows
        )));
    }
    if let Some(dir) = &args.charts {
        let mut reads = vec![args.program.as_path()];
        reads.extend(args.manual.as_deref());
        reads.extend(args.contacts.as_deref());
        reads.extend(args.mapping.as_deref());
        let destination = Destination {
            flag: "--charts",
            force: args.force,
            reads: &reads,
        };
        write_charts(dir, destination, &fidelity, (&program, &manual))?;
    }
    let calendar = args.by.map(|by| Calendar {
        by: by.unit(),
        rows: fidelity.calendar(by.unit()),
    });
    match (args.format, args.table, args.by) {
        (Format::Json, _, _) => out.json(&Reading {
            fidelity: &fidelity,
            calendar: calendar.as_ref(),
            checked: &checked,
            bad_log_rows: bad_rows,
            contact_log: log.as_ref().map(|log| ContactLog {
                file: &log.file,
                account: log.account,
            }),
        }),
        (Format::Csv, _, Some(by)) => {
            write_csv(out, |w| fidelity.write_calendar_csv(&program, by.unit(), w));
        }
        (Format::Csv, Table::Periods, None) => {
            write_csv(out, |w| fidelity.write_csv(&program, w));
        }
        (Format::Csv, Table::Activities, None) => {
            write_csv(out, |w| fidelity.write_activities_csv(&program, w));
        }
        (Format::Table, _, Some(_)) => {
            if let Some(calendar) = &calendar {
                calendar_table(calendar, &fidelity, &program, &manual, out);
            }
        }
        (Format::Table, _, None) => table(&fidelity, &program, &manual, out),
    }
    Ok(checked.status(if bad_rows > 0 { EXIT_INVALID } else { EXIT_OK }))
}

/// The days `--from`, `--to` and `--as-of` ask for.
fn window(args: &Args, as_of: Date) -> Result<Window, Fatal> {
    let until = match args.to {
        Some(to) => Some(to.next_day().ok_or_else(|| {
            Fatal::usage(
                "fidelity",
                format!(
                    "--to {to} is the calendar's last day, and a reading ends the day after \
                         its --to: give an earlier day, or leave --to out"
                ),
            )
        })?),
        None => None,
    };
    if let (Some(from), Some(until)) = (args.from, until)
        && until <= from
    {
        return Err(Fatal::usage(
            "fidelity",
            format!(
                "--to {} is before --from {from}",
                args.to.map_or_else(String::new, |d| d.to_string())
            ),
        ));
    }
    Ok(Window {
        from: args.from,
        until,
        as_of,
    })
}

/// The JSON of `fidelity --format json`: the reading, and where every line of the contact log
/// went.
#[derive(Serialize)]
struct Reading<'a> {
    #[serde(flatten)]
    fidelity: &'a Fidelity,
    /// With `--by`: what was delivered by calendar span.
    #[serde(skip_serializing_if = "Option::is_none")]
    calendar: Option<&'a Calendar>,
    /// The program's validation errors (`program_errors`).
    #[serde(flatten)]
    checked: &'a Checked,
    /// Rows of the contact log reported as bad (0 without a log).
    bad_log_rows: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact_log: Option<ContactLog<'a>>,
}

/// What was delivered by calendar span (`--by`).
#[derive(Serialize)]
struct Calendar {
    by: CalendarUnit,
    rows: Vec<CalendarRow>,
}

/// The account of a contact log, with the file as given.
#[derive(Serialize)]
struct ContactLog<'a> {
    file: &'a str,
    #[serde(flatten)]
    account: LogAccount,
}

/// How a contact log is read: its mapping and the limits on its rows and on the mapping.
pub(crate) struct LogOptions<'a> {
    /// The `--mapping` file; the crate's own columns without one.
    pub(crate) mapping: Option<&'a Path>,
    /// The most bytes of one row.
    pub(crate) max_row_bytes: u64,
    /// The most lines one row may run over.
    pub(crate) max_row_lines: u64,
    /// The most bytes of the mapping file.
    pub(crate) max_mapping_bytes: u64,
}

impl<'a> LogOptions<'a> {
    /// A log read through `mapping` with the limits `fidelity` uses unless told otherwise.
    pub(crate) const fn with_default_limits(mapping: Option<&'a Path>) -> Self {
        Self {
            mapping,
            max_row_bytes: ReadLimits::DEFAULT_MAX_ROW_BYTES as u64,
            max_row_lines: ReadLimits::DEFAULT_MAX_ROW_LINES,
            max_mapping_bytes: DEFAULT_MAX_MAPPING_BYTES,
        }
    }
}

/// What reading a contact log gave beside the records scored.
pub(crate) struct LogReading {
    /// The file as shown in messages.
    file: String,
    /// Rows reported.
    pub(crate) bad: u64,
    account: LogAccount,
}

/// Reads the contact log at `path` through `--mapping` (the crate's own columns without one)
/// into `scorer`, a row at a time (each bounded by `--max-row-bytes`, so the log as a whole is
/// not); reports each bad row on standard error, each contact that repeats an earlier row as a
/// warning, and at the end where every line went.
pub(crate) fn read_log(
    path: &Path,
    args: &LogOptions<'_>,
    scorer: &mut Scorer<'_>,
    (program, manual): (&Program, &Manual),
) -> Result<LogReading, Fatal> {
    let mapping = match args.mapping {
        Some(file) => {
            let shown = shown_name(file);
            let unreadable = |error: &dyn std::fmt::Display| {
                Fatal::message(format!("--mapping {shown}: {error}"))
            };
            let limited = Input {
                max_bytes: args.max_mapping_bytes,
                flag: "--max-mapping-bytes",
            };
            let bytes = limited.read(file)?.map_err(|e| unreadable(&e))?;
            Mapping::from_json(&bytes).map_err(|e| unreadable(&e))?
        }
        None => Mapping::default(),
    };
    let shown = shown_name(path);
    let format = LogFormat::from_file_name(&path.to_string_lossy()).unwrap_or(LogFormat::Csv);
    let reader: Box<dyn Read> = if is_stdin(path) {
        if closed_at_start::stdin() {
            return Err(Fatal::message(format!(
                "--contacts {shown}: standard input is closed; give a file, or feed the log on \
                 standard input"
            )));
        }
        Box::new(std::io::stdin().lock())
    } else {
        let file = File::open(path).map_err(|error| {
            Fatal::message(format!("--contacts {shown}: cannot read it: {error}"))
        })?;
        Box::new(file)
    };
    let limits = ReadLimits {
        max_row_bytes: usize::try_from(args.max_row_bytes).unwrap_or(usize::MAX),
        max_row_lines: args.max_row_lines,
    };
    let too_long = |problem: &practice_coaching::contact_log::RowProblem| {
        Fatal::message(format!(
            "--contacts {shown}: line {}: a row is longer than the limit of {} bytes; raise the limit with --max-row-bytes N",
            problem.line, args.max_row_bytes
        ))
    };
    let mut bad = 0;
    let mut note = |note: LogNote<'_>| match note {
        LogNote::Repeat { line, first } => stderr_line(
            "warning",
            &format!(
                "--contacts {shown}: line {line}: the contact repeats line {first} (the same site, start, mode, coaches and minutes); both are counted [{}]",
                LogRule::RowRepeated.code()
            ),
        ),
        LogNote::Problem(problem) => {
            bad += 1;
            error_line(&format!("--contacts {shown}: {problem}"));
        }
    };
    let whole_file = |problem: RowProblem| {
        if problem.rule == LogRule::RowTooLong {
            too_long(&problem)
        } else {
            Fatal::message(format!("--contacts {shown}: {problem}"))
        }
    };
    let regular_file = !is_stdin(path) && std::fs::metadata(path).is_ok_and(|m| m.is_file());
    let account = if format == LogFormat::Csv && regular_file {
        // A file can be opened again: its two halves are read at once. A pipe or a device is
        // read once, from the start.
        drop(reader);
        scorer
            .add_csv(|| File::open(path), &mapping, limits, &mut note)
            .map_err(whole_file)?
    } else {
        let mut rows = format
            .read(manual, program, reader, &mapping)
            .limits(limits);
        rows.header().map_err(whole_file)?;
        scorer
            .add_rows(rows.by_ref(), |row| match row {
                Ok(row) => {
                    if let Some(first) = row.repeats {
                        note(LogNote::Repeat {
                            line: row.line,
                            first,
                        });
                    }
                }
                Err(problem) => note(LogNote::Problem(problem)),
            })
            .map_err(|problem| too_long(&problem))?;
        rows.account()
    };
    stderr_line("note", &format!("--contacts {shown}: {account}"));
    Ok(LogReading {
        file: shown,
        bad,
        account,
    })
}

/// Writes the site charts and the heat map into `dir`: every file is checked before any is
/// written, so a refused one leaves the folder as it was.
fn write_charts(
    dir: &Path,
    destination: Destination<'_>,
    fidelity: &Fidelity,
    (program, manual): (&Program, &Manual),
) -> Result<(), Fatal> {
    let shown = shown_name(dir);
    std::fs::create_dir_all(dir)
        .map_err(|error| Fatal::message(format!("--charts {shown}: {error}")))?;
    let mut charts = Vec::new();
    for periods in fidelity.sites() {
        if let Some(svg) = chart::site_svg(manual, program, periods)
            && let Some(first) = periods.first()
        {
            charts.push((dir.join(format!("site-{}.svg", first.site)), svg));
        }
    }
    if let Some(svg) = chart::heat_map_svg(fidelity, program) {
        charts.push((dir.join("heat-map.svg"), svg));
    }
    for (path, _) in &charts {
        destination.check(path)?;
    }
    for (path, svg) in &charts {
        destination.write(path, svg.as_bytes())?;
    }
    Ok(())
}

/// The most characters of a site's name the table shows.
const SITE_NAME_WIDTH: usize = 28;

fn table(fidelity: &Fidelity, program: &Program, manual: &Manual, out: &mut Output) {
    out.line(&format!(
        "Delivered against prescribed, {} {}, as of {}",
        manual.id, manual.version, fidelity.window.as_of
    ));
    out.line("");
    if fidelity.summary.sites == 0 {
        out.line("No prescription period is read: no relationship has started by then.");
        return;
    }
    if fidelity.periods.is_empty() {
        out.line("No prescription period is read: the levels in force prescribe no count per");
        out.line("period (a dose tailored to each site). What was delivered follows.");
    } else {
        for line in columns(&site_rows(fidelity, program)) {
            out.line(&line);
        }
        out.line("Periods that reached the minimum, of those complete. Short now: weeks of");
        out.line("complete periods in a row below the minimum, up to the latest (ip in person,");
        out.line("re remote).");
    }
    out.line("");
    let summary = &fidelity.summary;
    out.line(&format!(
        "Program: {} sites, {} practice-years read",
        summary.sites, summary.practice_years
    ));
    for channel in &summary.channels {
        for line in channel_lines(channel) {
            out.line(&line);
        }
    }
    if let Some(r) = &summary.responses {
        let mut text = format!("  Written questions answered: {}", r.answered);
        if let Some(median) = r.median_hours {
            let _ = write!(text, ", median wait {median} h");
        }
        if let (Some(target), Some(within)) = (r.target_hours, r.within_target) {
            let _ = write!(text, "; {within} within the manual's {target} h");
        }
        for line in word_wrapped(&text, "    ") {
            out.line(&line);
        }
    }
    let activities = activity_lines(fidelity, manual);
    if !activities.is_empty() {
        out.line("");
        out.line("Activities held, of those expected:");
        for line in activities {
            out.line(&line);
        }
    }
    component_lines(fidelity, manual, out);
    if !summary.comparisons.is_empty() {
        out.line("");
        out.line("Beside the figures the manual cites:");
        for comparison in &summary.comparisons {
            for line in word_wrapped(&comparison_line(comparison), "    ") {
                out.line(&line);
            }
        }
    }
    let unscored = fidelity.unscored;
    if unscored.total() > 0 {
        out.line("");
        let text = format!(
            "Not counted: {} contacts ({} for a site without a relationship, {} outside the \
             relationship, {} outside the days read, {} on a channel with nothing prescribed).",
            unscored.total(),
            unscored.no_relationship,
            unscored.outside_relationship,
            unscored.outside_window,
            unscored.no_prescription
        );
        for line in word_wrapped(&text, "  ") {
            out.line(&line);
        }
        for line in unscored_lines(fidelity, &names_of(program)) {
            out.line(&line);
        }
    }
}

/// The program's site names by id.
fn names_of(program: &Program) -> HashMap<EntityId, &str> {
    program
        .sites
        .iter()
        .map(|s| (s.id, s.name.as_str()))
        .collect()
}

/// Each listed contact no period counts, with where it was read, its site and the reason;
/// then how many more are counted only.
fn unscored_lines(fidelity: &Fidelity, names: &HashMap<EntityId, &str>) -> Vec<String> {
    let mut lines = Vec::new();
    for contact in &fidelity.unscored_listed {
        let place = match &contact.read_from {
            ReadFrom::Log(line) => format!("log line {line}"),
            ReadFrom::Program(pointer) => format!("program {pointer}"),
            ReadFrom::Added => "added".to_owned(),
        };
        let site = names
            .get(&contact.site)
            .map_or_else(|| contact.site.to_string(), |n| clipped(n));
        let text = format!(
            "    {place}: {site}, {}: {}",
            contact.start,
            contact.reason.words()
        );
        lines.extend(word_wrapped(&text, "      "));
    }
    let more = fidelity
        .unscored
        .total()
        .saturating_sub(fidelity.unscored_listed.len() as u64);
    if more > 0 {
        lines.push(format!(
            "    and {more} more, counted only (--unscored-listed N lists more)"
        ));
    }
    lines
}

/// A row per relationship: periods that reached the minimum per channel, and the shortfalls
/// still running; a header first.
/// `fidelity --by UNIT` as a table: a row per site, calendar span and channel with a contact.
fn calendar_table(
    calendar: &Calendar,
    fidelity: &Fidelity,
    program: &Program,
    manual: &Manual,
    out: &mut Output,
) {
    out.line(&format!(
        "Delivered by calendar {}, {} {}, as of {}",
        calendar.by.as_str(),
        manual.id,
        manual.version,
        fidelity.window.as_of
    ));
    out.line("");
    if calendar.rows.is_empty() {
        out.line("No contact was counted in a prescription period.");
        return;
    }
    let names: HashMap<EntityId, &str> = program
        .sites
        .iter()
        .map(|s| (s.id, s.name.as_str()))
        .collect();
    let mut rows: Vec<[String; 5]> = vec![[
        "Site".to_owned(),
        "From".to_owned(),
        "Channel".to_owned(),
        "Contacts".to_owned(),
        "Hours".to_owned(),
    ]];
    for row in &calendar.rows {
        rows.push([
            names
                .get(&row.site)
                .map_or_else(|| row.site.to_string(), |n| clipped(n)),
            row.from.to_string(),
            row.channel.as_str().replace('_', " "),
            row.contacts.to_string(),
            format!("{:.2}", row.contact_hours),
        ]);
    }
    for line in columns(&rows) {
        out.line(&line);
    }
    out.line("");
    out.line("Contacts counted in a prescription period, by the calendar; adherence is judged");
    out.line("per prescription period (without --by), which starts on each site's own day.");
}

fn site_rows(fidelity: &Fidelity, program: &Program) -> Vec<[String; 4]> {
    let mut rows: Vec<[String; 4]> = vec![[
        "Site".to_owned(),
        "In person".to_owned(),
        "Remote".to_owned(),
        "Short now (wk)".to_owned(),
    ]];
    // Names and shortfalls looked up by site once, so a program of thousands of sites stays
    // one pass over its periods.
    let names = names_of(program);
    let mut short_now: HashMap<EntityId, Vec<String>> = HashMap::new();
    for s in fidelity.shortfalls.iter().filter(|s| s.ongoing) {
        short_now.entry(s.site).or_default().push(format!(
            "{} {}",
            short_channel(s.channel),
            s.weeks
        ));
    }
    for periods in fidelity.sites() {
        let Some(site) = periods.first().map(|p| p.site) else {
            continue;
        };
        let name = names
            .get(&site)
            .map_or_else(|| site.to_string(), |n| clipped(n));
        let reached = |channel: Channel| {
            let complete: Vec<_> = periods
                .iter()
                .filter(|p| p.channel == channel)
                .filter(|p| p.scored())
                .collect();
            if complete.is_empty() {
                return "-".to_owned();
            }
            let reached = complete
                .iter()
                .filter(|p| u32::from(p.min_contacts) <= p.contacts)
                .count();
            format!(
                "{reached}/{} ({}%)",
                complete.len(),
                reached * 100 / complete.len()
            )
        };
        let short = short_now.remove(&site).unwrap_or_default();
        rows.push([
            name,
            reached(Channel::InPerson),
            reached(Channel::Remote),
            if short.is_empty() {
                "-".to_owned()
            } else {
                short.join(", ")
            },
        ]);
    }
    rows
}

const fn short_channel(channel: Channel) -> &'static str {
    match channel {
        Channel::InPerson => "ip",
        _ => "re",
    }
}

fn channel_lines(c: &ChannelSummary) -> Vec<String> {
    let name = match c.channel {
        Channel::InPerson => "In person",
        _ => "Remote",
    };
    let mut first = format!("  {name}: ");
    match c.adherence {
        Some(share) => {
            let _ = write!(
                first,
                "adherence {:.0}% ({} of {} complete periods reached the minimum)",
                share * 100.0,
                c.met + c.above,
                c.complete_periods
            );
        }
        None => first.push_str("no complete period"),
    }
    if c.too_short > 0 {
        let _ = write!(
            first,
            "; {} periods too short to score (cut to a prorated minimum of none)",
            c.too_short
        );
    }
    let mut second = format!("    {} contacts, {} h", c.contacts, c.contact_hours);
    if c.unprescribed_contacts > 0 {
        let _ = write!(
            second,
            "; {} contacts, {} h on days nothing was prescribed",
            c.unprescribed_contacts, c.unprescribed_hours
        );
    }
    if c.fewer_coaches > 0 {
        let _ = write!(
            second,
            " ({} more made by fewer coaches than the prescription asks, not counted)",
            c.fewer_coaches
        );
    }
    if let Some(per_year) = c.hours_per_practice_year {
        let _ = write!(second, ", {per_year} h per practice-year");
    }
    if let Some(q) = c.contacts_per_site {
        let _ = write!(
            second,
            "; contacts per site: median {} (IQR {}-{})",
            q.median, q.q1, q.q3
        );
    }
    let mut lines = word_wrapped(&first, "    ");
    lines.extend(word_wrapped(&second, "    "));
    lines
}

/// Each component of the manual: the sites that received it of those offered it.
fn component_lines(fidelity: &Fidelity, manual: &Manual, out: &mut Output) {
    if fidelity.components.is_empty() {
        return;
    }
    out.line("");
    out.line("Components, sites that received each of those offered it:");
    for uptake in &fidelity.components {
        let name = manual
            .component(&uptake.component)
            .map_or_else(|| uptake.component.to_string(), |c| c.name.clone());
        let share = uptake
            .share()
            .map_or_else(String::new, |s| format!(" ({:.0}%)", s * 100.0));
        let text = format!("  {name}: {} of {}{share}", uptake.received, uptake.offered);
        for line in word_wrapped(&text, "    ") {
            out.line(&line);
        }
    }
}

fn activity_lines(fidelity: &Fidelity, manual: &Manual) -> Vec<String> {
    let mut keys: Vec<&practice_coaching::Key> = Vec::new();
    for a in &fidelity.activities {
        if !keys.contains(&&a.activity) {
            keys.push(&a.activity);
        }
    }
    keys.into_iter()
        .filter_map(|key| {
            let (expected, held) = fidelity
                .activities
                .iter()
                .filter(|a| &a.activity == key)
                .fold((0u64, 0u64), |(e, h), a| {
                    (
                        e + u64::from(a.expected),
                        h + u64::from(a.held.min(a.expected)),
                    )
                });
            let name = manual
                .activity(key)
                .map_or_else(|| key.to_string(), |a| a.name.clone());
            (expected > 0).then(|| word_wrapped(&format!("  {name}: {held} of {expected}"), "    "))
        })
        .flatten()
        .collect()
}

fn comparison_line(c: &Comparison) -> String {
    let published = published_text(c.published, c.spread, c.low, c.high);
    let evidence: Vec<&str> = c.evidence.iter().map(|e| e.as_str()).collect();
    let mut groups = String::new();
    for g in &c.groups {
        let evidence: Vec<&str> = g.evidence.iter().map(|e| e.as_str()).collect();
        let _ = write!(
            groups,
            "; {} {} [{}]",
            g.name,
            published_text(g.published, g.spread, g.low, g.high),
            evidence.join(", ")
        );
    }
    let here = c.observed.map_or_else(
        || format!("not shown here (no {})", c.observed_as),
        |v| {
            let within = match c.within_tolerance {
                Some(false) if c.low.is_some() || c.high.is_some() => format!(
                    ", far from it (outside its range and beyond a factor of {} of its value)",
                    c.tolerance
                ),
                Some(false) => format!(", far from it (beyond a factor of {})", c.tolerance),
                _ => String::new(),
            };
            format!(
                "here {v} over {} {}{within}",
                c.observed_over, c.observed_as
            )
        },
    );
    format!(
        "  {}: published {published} {} [{}]{groups}; {here}",
        c.name,
        c.unit,
        evidence.join(", ")
    )
}

/// A published value with its spread and range: `6.6 (SD 2.1; 2-11)`, `a range (2-16)`.
fn published_text(
    value: Option<f64>,
    spread: Option<practice_coaching::manual::Spread>,
    low: Option<f64>,
    high: Option<f64>,
) -> String {
    let mut around: Vec<String> = spread.map(|s| s.to_string()).into_iter().collect();
    if let (Some(low), Some(high)) = (low, high) {
        around.push(format!("{low}-{high}"));
    }
    let value = value.map_or_else(|| "a range".to_owned(), |v| v.to_string());
    if around.is_empty() {
        value
    } else {
        format!("{value} ({})", around.join("; "))
    }
}

/// `name`, cut to [`SITE_NAME_WIDTH`] characters with an ellipsis where longer.
fn clipped(name: &str) -> String {
    if name.chars().count() <= SITE_NAME_WIDTH {
        return name.to_owned();
    }
    let mut cut: String = name.chars().take(SITE_NAME_WIDTH - 1).collect();
    cut.push('…');
    cut
}
