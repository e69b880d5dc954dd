//! `fidelity PROGRAM [--manual FILE] [--contacts FILE [--mapping FILE]] [--as-of DATE]
//! [--from DATE] [--to DATE] [--format table|csv|json] [--rows periods|activities]
//! [--charts DIR]`: delivered against prescribed, per site, period and channel.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use practice_coaching::fidelity::{ChannelSummary, Comparison, Fidelity, Scorer, Window, chart};
use practice_coaching::manual::Channel;
use practice_coaching::{Date, Manual, Program};

use crate::EXIT_OK;
use crate::input::{Input, shown_name};
use crate::output::{Fatal, Output, columns, word_wrapped};
use crate::progress::{Format, read_inputs, write_csv};
use crate::validate::parse_date;

/// Arguments of `fidelity`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The program (JSON); `-` reads standard input.
    program: PathBuf,
    /// The manual to read it against (default: the embedded manual the program names).
    #[arg(long, value_name = "FILE")]
    manual: Option<PathBuf>,
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
    #[arg(long, value_enum, default_value_t = Rows::Periods)]
    rows: Rows,
    /// Write an SVG chart per site (`site-<id>.svg`) and a heat map of the program
    /// (`heat-map.svg`) into this directory, created if missing.
    #[arg(long, value_name = "DIR")]
    charts: Option<PathBuf>,
}

/// The rows of `fidelity --format csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Rows {
    /// One row per site, period and channel (`delivered_periods` in docs/data-dictionary.md).
    Periods,
    /// One row per activity at a site or program-wide (`activity_adherence`).
    Activities,
}

/// Runs `fidelity`: exit 0 with the reading printed, 2 where an input cannot be read or a
/// chart cannot be written.
pub fn run(args: &Args, input: Input, out: &mut Output) -> Result<u8, Fatal> {
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
    let scorer = Scorer::new(&program, &manual, window);
    let fidelity = scorer.finish();
    if let Some(dir) = &args.charts {
        write_charts(dir, &fidelity, &program, &manual)?;
    }
    match (args.format, args.rows) {
        (Format::Json, _) => out.json(&fidelity),
        (Format::Csv, Rows::Periods) => write_csv(out, |w| fidelity.write_csv(&program, w)),
        (Format::Csv, Rows::Activities) => {
            write_csv(out, |w| fidelity.write_activities_csv(&program, w));
        }
        (Format::Table, _) => table(&fidelity, &program, &manual, out),
    }
    Ok(EXIT_OK)
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
    for relationship in &program.relationships {
        if let Some(svg) = chart::site_svg(fidelity, program, manual, relationship.site) {
            write(format!("site-{}.svg", relationship.site), svg)?;
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
    out.line("Periods that reached the minimum, of those complete. Short now: weeks of complete");
    out.line("periods in a row below the minimum, up to the latest (ip in person, re remote).");
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
    for relationship in &program.relationships {
        let site = relationship.site;
        let name = program
            .sites
            .iter()
            .find(|s| s.id == site)
            .map_or_else(|| site.to_string(), |s| clipped(&s.name));
        let reached = |channel: Channel| {
            let complete: Vec<_> = fidelity
                .periods
                .iter()
                .filter(|p| p.site == site && p.channel == channel)
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
        let short: Vec<String> = fidelity
            .shortfalls
            .iter()
            .filter(|s| s.site == site && s.ongoing)
            .map(|s| format!("{} {}", short_channel(s.channel), s.weeks))
            .collect();
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
