//! `progress PROGRAM [--manual FILE] [--as-of DATE] [--format table|csv|json]`: each stay in a
//! phase, against the manual's planned length and the phase's exit criteria.

use std::borrow::Cow;

use practice_coaching::status::{Progress, Stay, StayStatus};
use practice_coaching::{Date, Length, Manual};

use crate::input::Input;
use crate::output::{Fatal, Output, columns, word_wrapped};
use crate::reading::{ReadingArgs, print_reading};

/// Arguments of `progress`.
#[derive(Debug, clap::Args)]
#[command(mut_arg("as_of", |arg| arg.help(
    "The day progress is read as of, YYYY-MM-DD; what is recorded later is left out. By \
     default, today in the system's time zone"
)))]
pub struct Args {
    #[command(flatten)]
    reading: ReadingArgs,
}

impl Args {
    /// Whether JSON was asked for.
    pub fn json(&self) -> bool {
        self.reading.json()
    }
}

/// Runs `progress`: exit 0 with the stays printed, 1 where the manual has validation errors
/// (nothing printed) or the program has (printed, and said), 2 where an input cannot be read.
pub fn run(args: &Args, input: Input, out: &mut Output) -> Result<u8, Fatal> {
    let inputs = args.reading.read("progress", input)?;
    let progress = inputs.program.progress(&inputs.manual, inputs.as_of);
    Ok(print_reading(
        out,
        args.reading.format,
        (&progress, &inputs.checked),
        |w| progress.write_csv(w),
        |out| table(&progress, &inputs.manual, out),
    ))
}

fn table(progress: &Progress, manual: &Manual, out: &mut Output) {
    out.line(&format!(
        "Progress through the phases of {} {}, as of {}",
        manual.id, manual.version, progress.as_of
    ));
    out.line("");
    if progress.stays.is_empty() {
        out.line("No relationship has started.");
        return;
    }
    // One heading per relationship, its stays indented below, so that rows fit 80 columns; a
    // stay is left the day before the next is entered.
    let mut rows: Vec<[String; 5]> = vec![[
        "  Phase".to_owned(),
        "Entered".to_owned(),
        "Stay / plan".to_owned(),
        "Criteria".to_owned(),
        "Status".to_owned(),
    ]];
    rows.extend(progress.stays.iter().map(|s| {
        [
            format!(
                "  {}",
                clipped(if s.phase_name.is_empty() {
                    s.phase.as_str()
                } else {
                    &s.phase_name
                })
            ),
            s.entered.to_string(),
            stay_against_plan(s),
            if s.criteria_total == 0 {
                "-".to_owned()
            } else {
                format!("{}/{}", s.criteria_met.len(), s.criteria_total)
            },
            status(s),
        ]
    }));
    let lines = columns(&rows);
    let mut lines = lines.iter();
    if let Some(header) = lines.next() {
        out.line(header);
    }
    let mut previous: Option<(&practice_coaching::EntityId, Date)> = None;
    for (stay, line) in progress.stays.iter().zip(lines) {
        // A relationship's stays follow one another; a new one starts where the site changes or
        // the entry goes back in time.
        if previous.is_none_or(|(site, entered)| *site != stay.site || stay.entered <= entered) {
            out.line(&stay.site_name);
        }
        previous = Some((&stay.site, stay.entered));
        out.line(line);
    }
    out.line("");
    let stalled = progress.stalled().count();
    let current = progress.stays.iter().filter(|s| s.left.is_none()).count();
    let left_open: usize = progress.sites.iter().map(|s| s.left_open).sum();
    let text = format!(
        "{} stays of {} relationships; {current} current, {stalled} stalled, {left_open} left \
         with exit criteria open.",
        progress.stays.len(),
        progress.sites.len()
    );
    for line in word_wrapped(&text, "") {
        out.line(&line);
    }
    out.line("Stalled: past the planned maximum with exit criteria still open. Completed: left");
    out.line("for a later phase with every exit criterion met.");
}

/// The stay's length in the unit of the plan (months against months, weeks against weeks), and
/// the plan: `13 mo / 6-18 mo`, `5 wk / 4-8 wk`.
fn stay_against_plan(stay: &Stay) -> String {
    let short = |l: Length| match l {
        Length::Weeks(_) => format!("{} wk", l.amount()),
        Length::Months(_) => format!("{} mo", l.amount()),
    };
    let Some(min) = stay.planned_min else {
        return format!("{} wk", stay.weeks);
    };
    let so_far = match min {
        Length::Weeks(_) => format!("{} wk", stay.weeks),
        Length::Months(_) => format!("{} mo", stay.months),
    };
    let plan = match stay.planned_max {
        Some(max) if max.unit() == min.unit() => {
            format!("{}-{}", min.amount(), short(max))
        }
        Some(max) => format!("{}-{}", short(min), short(max)),
        None => format!("{}+", short(min)),
    };
    format!("{so_far} / {plan}")
}

/// The most characters of a phase name a table shows.
const PHASE_NAME_WIDTH: usize = 24;

/// `name`, cut to [`PHASE_NAME_WIDTH`] characters with an ellipsis where longer.
fn clipped(name: &str) -> Cow<'_, str> {
    if name.chars().count() <= PHASE_NAME_WIDTH {
        return Cow::Borrowed(name);
    }
    let mut cut: String = name.chars().take(PHASE_NAME_WIDTH - 1).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    Cow::Owned(cut)
}

fn status(stay: &Stay) -> String {
    match (stay.status, &stay.reason) {
        (StayStatus::Regressed, Some(reason)) => format!("regressed: {reason}"),
        (StayStatus::Left, _) => format!(
            "left with open: {}",
            stay.criteria_open
                .iter()
                .map(practice_coaching::Key::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        (status, _) => status.as_str().replace('_', " "),
    }
}
