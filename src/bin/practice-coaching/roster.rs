//! `roster PROGRAM [--manual FILE] [--as-of DATE] [--format table|csv|json]`: each coach's
//! qualification checks and caseload, and the sites that need a team and how each is covered.

use practice_coaching::status::{CheckOutcome, Coverage, Roster};
use practice_coaching::{Date, Key, Manual};
use serde::Serialize;

use crate::EXIT_OK;
use crate::input::Input;
use crate::output::{Fatal, Output, columns};
use crate::reading::{Checked, Format, Inputs, ReadingArgs, write_csv};

/// Arguments of `roster`.
#[derive(Debug, clap::Args)]
#[command(mut_arg("as_of", |arg| arg.help(
    "The day caseload and team coverage are read on, YYYY-MM-DD. By default, today in the \
     system's time zone"
)))]
pub struct Args {
    #[command(flatten)]
    reading: ReadingArgs,
    /// With `--format csv`, which table: one row per coach, or one per site that needs a team.
    #[arg(long, value_enum, default_value_t = Table::Roster)]
    table: Table,
}

impl Args {
    /// Whether JSON was asked for.
    pub fn json(&self) -> bool {
        self.reading.json()
    }
}

/// The tables `roster --format csv` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Table {
    /// One row per coach.
    Roster,
    /// One row per site that needs a team.
    TeamCoverage,
}

/// `roster --format json`.
#[derive(Serialize)]
struct Json<'a> {
    as_of: Date,
    roster: &'a Roster,
    team_coverage: &'a Coverage,
    #[serde(flatten)]
    checked: &'a Checked,
}

/// Runs `roster`: exit 0 with the roster printed, 1 where the manual has validation errors
/// (nothing printed) or the program has (printed, and said), 2 where an input cannot be read.
pub fn run(args: &Args, input: Input, out: &mut Output) -> Result<u8, Fatal> {
    let Inputs {
        program,
        manual,
        as_of,
        checked,
    } = args.reading.read("roster", input)?;
    let roster = program.roster(&manual, as_of);
    let coverage = program.team_coverage(&manual, as_of);
    match (args.reading.format, args.table) {
        (Format::Json, _) => out.json(&Json {
            as_of,
            roster: &roster,
            team_coverage: &coverage,
            checked: &checked,
        }),
        (Format::Csv, Table::Roster) => write_csv(out, |w| roster.write_csv(w)),
        (Format::Csv, Table::TeamCoverage) => write_csv(out, |w| coverage.write_csv(w)),
        (Format::Table, _) => {
            roster_table(&roster, &manual, out);
            out.line("");
            coverage_table(&coverage, &manual, out);
        }
    }
    Ok(checked.status(EXIT_OK))
}

fn roster_table(roster: &Roster, manual: &Manual, out: &mut Output) {
    out.line(&format!(
        "Coaches of a program following {} {}, as of {}",
        manual.id, manual.version, roster.as_of
    ));
    out.line("");
    let mut rows: Vec<[String; 4]> = vec![[
        "Coach".to_owned(),
        "Roles".to_owned(),
        "Sites".to_owned(),
        "Qualification checks".to_owned(),
    ]];
    rows.extend(roster.coaches.iter().map(|coach| {
        let count = |o| coach.with_outcome(o).count();
        let mut checks = vec![format!("{} met", count(CheckOutcome::Met))];
        for (outcome, what) in [
            (CheckOutcome::Missing, "missing"),
            (CheckOutcome::RecommendedMissing, "recommended missing"),
        ] {
            if count(outcome) > 0 {
                checks.push(format!("{} {what}", count(outcome)));
            }
        }
        let checks = checks.join(", ");
        let sites = match roster.caseload_threshold {
            Some(t) if coach.over_caseload => format!("{} (over {t})", coach.caseload),
            _ => coach.caseload.to_string(),
        };
        let roles: Vec<&str> = coach.roles.iter().map(Key::as_str).collect();
        [coach.name.clone(), roles.join(", "), sites, checks]
    }));
    for row in columns(&rows) {
        out.line(&row);
    }
    out.line("");
    // Each coach's sites, then what each lacks, each block followed by a blank line.
    let mut sites: Vec<String> = Vec::new();
    let mut lacking: Vec<String> = Vec::new();
    for coach in &roster.coaches {
        if !coach.sites.is_empty() {
            let names: Vec<&str> = coach.sites.iter().map(|s| s.name.as_str()).collect();
            sites.extend(wrapped(&format!("{}: ", coach.name), &names));
        }
        for (outcome, label) in [
            (CheckOutcome::Missing, "lacks (required)"),
            (CheckOutcome::RecommendedMissing, "lacks (recommended)"),
        ] {
            let lacks: Vec<&str> = coach.with_outcome(outcome).collect();
            if !lacks.is_empty() {
                lacking.extend(wrapped(&format!("{} {label}: ", coach.name), &lacks));
            }
        }
    }
    for block in [sites, lacking].iter().filter(|b| !b.is_empty()) {
        for line in block {
            out.line(line);
        }
        out.line("");
    }
    let over = roster.over_caseload().count();
    out.line(&match roster.caseload_threshold {
        Some(t) => format!("{over} coach(es) coach more than {t} sites, the manual's threshold."),
        None => "The manual sets no caseload threshold.".to_owned(),
    });
}

fn coverage_table(coverage: &Coverage, manual: &Manual, out: &mut Output) {
    out.line(&format!("Team coverage as of {}", coverage.as_of));
    out.line("");
    if manual.team.is_none() {
        out.line("The manual has no team rule: no site needs a team.");
        return;
    }
    if coverage.sites.is_empty() {
        out.line("No site coached that day needs a team under the manual's team rule.");
        return;
    }
    let mut rows: Vec<[String; 3]> = vec![[
        "Site".to_owned(),
        "Coached by".to_owned(),
        "Coverage".to_owned(),
    ]];
    rows.extend(coverage.sites.iter().map(|site| {
        [
            site.site_name.clone(),
            if site.assignee_name.is_empty() {
                "-".to_owned()
            } else {
                site.assignee_name.clone()
            },
            site.status.as_str().replace('_', " "),
        ]
    }));
    for row in columns(&rows) {
        out.line(&row);
    }
    for site in coverage.gaps() {
        for gap in &site.gaps {
            out.line(&format!("{}: {gap}", site.site_name));
        }
    }
    out.line("");
    out.line(&format!(
        "{} of {} sites that need a team are not covered.",
        coverage.gaps().count(),
        coverage.sites.len()
    ));
}

/// The widest line the tables aim at.
const WIDTH: usize = 80;

/// `head` then `items` separated by `; `, wrapped before an item that would pass [`WIDTH`]
/// columns, each following line indented by two spaces. An item longer than a line gets a
/// line of its own.
fn wrapped(head: &str, items: &[&str]) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = head.to_owned();
    // Whether `line` holds an item yet.
    let mut holds = false;
    for item in items {
        let separator = if holds { "; " } else { "" };
        // The separator's `;` stays on the line it ends.
        let width = line.chars().count() + separator.len() + item.chars().count() + 1;
        if width > WIDTH && line.trim_end().len() > 2 {
            let mut done = std::mem::replace(&mut line, format!("  {item}"));
            if holds {
                done.push(';');
            }
            lines.push(done.trim_end().to_owned());
        } else {
            line.push_str(separator);
            line.push_str(item);
        }
        holds = true;
    }
    lines.push(line);
    lines
}
