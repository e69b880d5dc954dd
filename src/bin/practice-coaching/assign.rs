//! `assign PROGRAM [--manual FILE] [--as-of DATE] [--capacity N] [--format table|json|csv]`:
//! an optimal proposal of one coach for each site without one.

use practice_coaching::assign::{Proposal, ProposalOptions, UncoveredBecause};
use practice_coaching::{Capacity, Manual};

use crate::input::Input;
use crate::output::{Fatal, Output, columns, word_wrapped};
use crate::reading::{ReadingArgs, print_reading};

/// Arguments of `assign`.
#[derive(Debug, clap::Args)]
#[command(
    mut_arg("as_of", |arg| arg.help(
        "The day the proposed assignments start, YYYY-MM-DD: current assignments and \
         caseloads are read on it. By default, today in the system's time zone"
    )),
    mut_arg("format", |arg| arg.help(
        "Output format: a table, one CSV row per site without a coach \
         (docs/data-dictionary.md), or JSON"
    )),
)]
pub struct Args {
    #[command(flatten)]
    reading: ReadingArgs,
    /// The capacity (sites at once) of every coach without a `capacity` of their own, in place
    /// of the manual's caseload threshold.
    #[arg(long, value_name = "N", value_parser = parse_capacity)]
    capacity: Option<Capacity>,
    /// Teams persist across sites: each team proposed is one pair of coaches serving all its
    /// sites together (a two-stage answer with a lower bound, not proven optimal). For team
    /// rules of two roles of one coach each.
    #[arg(long)]
    persistent_teams: bool,
    /// Current single-coach assignments may move where that shortens the total by more than
    /// `--move-cost` a move; the moves are listed. Without it every current assignment stays.
    #[arg(long)]
    rebalance: bool,
    /// With `--rebalance`, what each move costs, in metres added to the total (default 0).
    #[arg(long, value_name = "METRES", requires = "rebalance")]
    move_cost: Option<u32>,
}

impl Args {
    /// Whether JSON was asked for.
    pub fn json(&self) -> bool {
        self.reading.json()
    }
}

fn parse_capacity(text: &str) -> Result<Capacity, String> {
    let value: u16 = text.parse().map_err(|_| {
        format!(
            "`{text}` is not a number of sites; expected 0 to {}",
            Capacity::MAX
        )
    })?;
    Capacity::new(value).map_err(|e| e.to_string())
}

/// Runs `assign`: exit 0 with the proposal printed, 1 where the manual has validation errors
/// (nothing printed) or the program has (printed, and said), 2 where the program or manual
/// cannot be read or a coach has no capacity.
pub fn run(args: &Args, input: Input, out: &mut Output) -> Result<u8, Fatal> {
    let inputs = args.reading.read("assign", input)?;
    let options = ProposalOptions {
        capacity: args.capacity,
        persistent_teams: args.persistent_teams,
        move_cost: args.rebalance.then(|| args.move_cost.unwrap_or(0)),
        ..ProposalOptions::default()
    };
    let proposal = inputs
        .program
        .propose_assignments(&inputs.manual, inputs.as_of, &options)
        .map_err(|error| Fatal::message(error.to_string()))?;
    Ok(print_reading(
        out,
        args.reading.format,
        (&proposal, &inputs.checked),
        |w| proposal.write_csv(w),
        |out| table(&proposal, &inputs.manual, out),
    ))
}

/// How far above `bound` a total is, in percent of the bound.
#[allow(clippy::cast_precision_loss)]
fn gap(total: u64, bound: u64) -> f64 {
    if bound == 0 {
        0.0
    } else {
        total.saturating_sub(bound) as f64 * 100.0 / bound as f64
    }
}

/// Metres as kilometres with one decimal.
fn km(metres: u64) -> String {
    let tenths = metres.saturating_add(50) / 100;
    format!("{}.{} km", tenths / 10, tenths % 10)
}

/// `text` broken into lines of at most 80 columns, each later one starting with `indent`.
fn wrapped(out: &mut Output, text: &str, indent: &str) {
    for line in word_wrapped(text, indent) {
        out.line(&line);
    }
}

fn table(proposal: &Proposal, manual: &Manual, out: &mut Output) {
    out.line(&format!(
        "Coaches proposed for sites without one, against {} {}, from {}",
        manual.id, manual.version, proposal.as_of
    ));
    out.line("");
    if proposal.proposed.is_empty() && proposal.teams.is_empty() && proposal.moves.is_empty() {
        out.line("No site needs a coach or a team proposed.");
    }
    if !proposal.proposed.is_empty() {
        let mut rows: Vec<[String; 3]> = vec![[
            "Site".to_owned(),
            "Proposed coach".to_owned(),
            "Distance".to_owned(),
        ]];
        rows.extend(proposal.proposed.iter().map(|p| {
            [
                p.site.name.clone(),
                p.coach.name.clone(),
                km(u64::from(p.distance_metres)),
            ]
        }));
        for row in columns(&rows) {
            out.line(&row);
        }
    }
    teams_table(proposal, out);
    moves_table(proposal, out);
    summary(proposal, out);
    if !proposal.uncovered.is_empty() {
        out.line("");
        out.line(&format!(
            "{} site(s) left without a coach or team:",
            proposal.uncovered.len()
        ));
        for site in &proposal.uncovered {
            let why = match site.because {
                UncoveredBecause::NoLocation => "no location",
                UncoveredBecause::NoEligibleCoach => "no eligible coach",
                UncoveredBecause::NoRoom => "every eligible coach is at capacity",
                UncoveredBecause::TeamIncomplete => "its team cannot be filled",
            };
            wrapped(
                out,
                &format!("  {}: {why}; needs {}", site.site.name, site.remedy),
                "    ",
            );
        }
        if proposal.capacity_short > 0 {
            wrapped(
                out,
                &format!(
                    "  {} more site(s) of capacity among eligible coaches would cover those at \
                     capacity.",
                    proposal.capacity_short
                ),
                "    ",
            );
        }
    }
    out.line("");
    let mut rows: Vec<[String; 5]> = vec![[
        "Coach".to_owned(),
        "Capacity".to_owned(),
        "Now".to_owned(),
        "Proposed".to_owned(),
        "Not proposed because".to_owned(),
    ]];
    rows.extend(proposal.coaches.iter().map(|c| {
        [
            c.coach.name.clone(),
            c.capacity.map_or_else(|| "-".to_owned(), |n| n.to_string()),
            c.current.to_string(),
            c.proposed.to_string(),
            c.not_eligible_because.join("; "),
        ]
    }));
    for row in columns(&rows) {
        out.line(&row);
    }
}

/// The teams proposed, one row per member.
fn teams_table(proposal: &Proposal, out: &mut Output) {
    if proposal.teams.is_empty() {
        return;
    }
    if !proposal.proposed.is_empty() {
        out.line("");
    }
    out.line(&format!(
        "{} team(s) proposed for sites that need one:",
        proposal.teams.len()
    ));
    let mut rows: Vec<[String; 4]> = vec![[
        "  Site".to_owned(),
        "Coach".to_owned(),
        "Role".to_owned(),
        "Distance".to_owned(),
    ]];
    for team in &proposal.teams {
        for (n, member) in team.members.iter().enumerate() {
            let site = if n == 0 {
                format!("  {}", team.site.name)
            } else {
                String::new()
            };
            rows.push([
                site,
                member.coach.name.clone(),
                member.role.to_string(),
                km(u64::from(member.distance_metres)),
            ]);
        }
    }
    for row in columns(&rows) {
        out.line(&row);
    }
    let existing = proposal.teams.iter().filter(|t| t.existing).count();
    out.line(&format!(
        "  {existing} site(s) get an existing team, {} a new one ({} new team(s) to add).",
        proposal.teams.len() - existing,
        proposal.new_teams.len()
    ));
}

/// What was proposed, counted: `3 site(s) proposed a coach, 2 a team, 1 moved`.
fn counted(proposal: &Proposal) -> String {
    let mut parts = Vec::new();
    for (n, what) in [
        (proposal.proposed.len(), "proposed a coach"),
        (proposal.teams.len(), "proposed a team"),
        (proposal.moves.len(), "moved"),
    ] {
        if n > 0 {
            parts.push(format!("{n} site(s) {what}"));
        }
    }
    parts.join(", ")
}

/// The totals: sites proposed, distance, and whether optimal or how far from it at most.
fn summary(proposal: &Proposal, out: &mut Output) {
    if proposal.proposed.is_empty() && proposal.teams.is_empty() && proposal.moves.is_empty() {
        return;
    }
    out.line("");
    wrapped(
        out,
        &format!(
            "{}, {} in all{}{}",
            counted(proposal),
            km(proposal.total_metres),
            if proposal.teams.is_empty() {
                ""
            } else {
                " (each member of a team counted)"
            },
            match (
                proposal.optimality.optimal,
                proposal.optimality.lower_bound_metres
            ) {
                (true, _) => ": the least total great-circle distance of any proposal \
                                  covering those sites (optimal, proven over every coach)."
                    .to_owned(),
                (false, Some(bound)) => format!(
                    ", with teams that persist across sites: not proven optimal; no proposal \
                         filling as many places is below {}, so this one is at most {:.1}% above the \
                         least possible.",
                    km(bound),
                    gap(proposal.total_metres, bound)
                ),
                (false, None) => ", with teams that persist across sites: not proven \
                                      optimal, and filling fewer places than teams formed per \
                                      site would, so no lower bound holds."
                    .to_owned(),
            },
        ),
        "",
    );
}

/// The sites moved, from which coach to which.
fn moves_table(proposal: &Proposal, out: &mut Output) {
    if proposal.moves.is_empty() {
        return;
    }
    if !proposal.proposed.is_empty() || !proposal.teams.is_empty() {
        out.line("");
    }
    out.line(&format!("{} site(s) moved:", proposal.moves.len()));
    let mut rows: Vec<[String; 4]> = vec![[
        "  Site".to_owned(),
        "From".to_owned(),
        "To".to_owned(),
        "Distance".to_owned(),
    ]];
    rows.extend(proposal.moves.iter().map(|m| {
        [
            format!("  {}", m.site.name),
            m.from.name.clone(),
            m.to.name.clone(),
            format!(
                "{} -> {}",
                km(u64::from(m.from_metres)),
                km(u64::from(m.to_metres))
            ),
        ]
    }));
    for row in columns(&rows) {
        out.line(&row);
    }
}
