//! `fidelity PROGRAM [--manual FILE] [--contacts FILE [--mapping FILE]] [--as-of DATE]
//! [--from DATE] [--to DATE] [--format table|csv|json] [--table periods|activities]
//! [--charts DIR]`: delivered against prescribed, per site, period and channel.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use practice_coaching::fidelity::{
    ChannelSummary, Comparison, Fidelity, LogFormat, Mapping, Scorer, Window, chart,
};
use practice_coaching::manual::Channel;
use practice_coaching::{Date, EntityId, Manual, Program};

use crate::input::{Input, is_stdin, shown_name};
use crate::output::{Fatal, Output, columns, error_line, word_wrapped};
use crate::progress::{Format, read_inputs, write_csv};
use crate::validate::parse_date;
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
    /// Write an SVG chart per site (`site-<id>.svg`) and a heat map of the program
    /// (`heat-map.svg`) into this directory, created if missing.
    #[arg(long, value_name = "DIR")]
    charts: Option<PathBuf>,
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
    if is_stdin(&args.program) && args.contacts.as_deref().is_some_and(is_stdin) {
        return Err(Fatal::usage(
            "fidelity",
            "PROGRAM and --contacts cannot both read standard input (`-`)",
        ));
    }
    let (program, manual, as_of) = read_inputs(
        "fidelity",
        &args.program,
        args.manual.as_deref(),
        args.as_of,
        input,
    )?;
    let until = match args.to {
        Some(to) => Some(
            next_day(to)
                .ok_or_else(|| Fatal::usage("fidelity", "--to is the last day a date can name"))?,
        ),
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
    let window = Window {
        from: args.from,
        until,
        as_of,
    };
    let mut scorer = Scorer::new(&program, &manual, window);
    let bad_rows = match &args.contacts {
        Some(log) => read_log(
            log,
            args.mapping.as_deref(),
            &mut scorer,
            (&program, &manual),
            input,
        )?,
        None => 0,
    };
    let fidelity = scorer.finish();
    if let Some(dir) = &args.charts {
        write_charts(dir, &fidelity, &program, &manual)?;
    }
    match (args.format, args.table) {
        (Format::Json, _) => out.json(&fidelity),
        (Format::Csv, Table::Periods) => write_csv(out, |w| fidelity.write_csv(&program, w)),
        (Format::Csv, Table::Activities) => {
            write_csv(out, |w| fidelity.write_activities_csv(&program, w));
        }
        (Format::Table, _) => table(&fidelity, &program, &manual, out),
    }
    Ok(if bad_rows > 0 { EXIT_INVALID } else { EXIT_OK })
}

/// Reads the contact log at `path` through the mapping at `mapping` (the crate's own columns
/// without one) into `scorer`; reports each bad row on standard error and returns how many.
fn read_log(
    path: &Path,
    mapping: Option<&Path>,
    scorer: &mut Scorer<'_>,
    (program, manual): (&Program, &Manual),
    input: Input,
) -> Result<u64, Fatal> {
    let mapping = match mapping {
        Some(file) => {
            let shown = shown_name(file);
            let unreadable = |error: &dyn std::fmt::Display| {
                Fatal::message(format!("--mapping {shown}: {error}"))
            };
            let bytes = input.read(file)?.map_err(|e| unreadable(&e))?;
            Mapping::from_json(&bytes).map_err(|e| unreadable(&e))?
        }
        None => Mapping::default(),
    };
    let shown = shown_name(path);
    let format = LogFormat::from_file_name(&path.to_string_lossy()).unwrap_or(LogFormat::Csv);
    let reader: Box<dyn BufRead> = if is_stdin(path) {
        Box::new(BufReader::new(std::io::stdin().lock()))
    } else {
        let file = File::open(path).map_err(|error| {
            Fatal::message(format!("--contacts {shown}: cannot read it: {error}"))
        })?;
        Box::new(BufReader::new(file))
    };
    let mut rows = format.read(reader, &mapping, program, manual);
    rows.header()
        .map_err(|problem| Fatal::message(format!("--contacts {shown}: {problem}")))?;
    let mut bad = 0;
    for row in rows {
        match row {
            Ok(row) => scorer.add(&row.record),
            Err(problem) => {
                bad += 1;
                error_line(&format!("--contacts {shown}: {problem}"));
            }
        }
    }
    Ok(bad)
}

fn next_day(date: Date) -> Option<Date> {
    Date::from_naive(date.as_naive().succ_opt()?).ok()
}

/// Writes the site charts and the heat map into `dir`.
fn write_charts(
    dir: &Path,
    fidelity: &Fidelity,
    program: &Program,
    manual: &Manual,
) -> Result<(), Fatal> {
    let shown = shown_name(dir);
    std::fs::create_dir_all(dir)
        .map_err(|error| Fatal::message(format!("--charts {shown}: {error}")))?;
    let write = |name: String, svg: String| {
        let path = dir.join(&name);
        std::fs::write(&path, svg)
            .map_err(|error| Fatal::message(format!("--charts {shown}: {name}: {error}")))
    };
    for periods in fidelity.sites() {
        if let Some(svg) = chart::site_svg(periods, program, manual)
            && let Some(first) = periods.first()
        {
            write(format!("site-{}.svg", first.site), svg)?;
        }
    }
    if let Some(svg) = chart::heat_map_svg(fidelity, program) {
        write("heat-map.svg".to_owned(), svg)?;
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
    if fidelity.periods.is_empty() {
        out.line("No prescription period is read: no relationship has started by then.");
        return;
    }
    for line in columns(&site_rows(fidelity, program)) {
        out.line(&line);
    }
    out.line("Periods that reached the minimum, of those complete. Short now: weeks of");
    out.line("complete periods in a row below the minimum, up to the latest (ip in person,");
    out.line("re remote).");
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
    }
}

/// A row per relationship: periods that reached the minimum per channel, and the shortfalls
/// still running; a header first.
fn site_rows(fidelity: &Fidelity, program: &Program) -> Vec<[String; 4]> {
    let mut rows: Vec<[String; 4]> = vec![[
        "Site".to_owned(),
        "In person".to_owned(),
        "Remote".to_owned(),
        "Short now (wk)".to_owned(),
    ]];
    // Names and shortfalls looked up by site once, so a program of thousands of sites stays
    // one pass over its periods.
    let names: HashMap<EntityId, &str> = program
        .sites
        .iter()
        .map(|s| (s.id, s.name.as_str()))
        .collect();
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
                .filter(|p| p.adherence != practice_coaching::fidelity::Adherence::InProgress)
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
    let mut second = format!("    {} contacts, {} h", c.contacts, c.contact_hours);
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
    let number = |v: f64| format!("{v}");
    let range = match (c.low, c.high) {
        (Some(low), Some(high)) => format!(" ({}-{})", number(low), number(high)),
        _ => String::new(),
    };
    let published = c.published.map_or_else(|| "a range".to_owned(), number);
    let evidence: Vec<&str> = c.evidence.iter().map(|e| e.as_str()).collect();
    let here = c.observed.map_or_else(
        || format!("not shown here (no {})", c.observed_as),
        |v| {
            format!(
                "here {} over {} {}",
                number(v),
                c.observed_over,
                c.observed_as
            )
        },
    );
    format!(
        "  {}: published {published}{range} {} [{}]; {here}",
        c.name,
        c.unit,
        evidence.join(", ")
    )
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
