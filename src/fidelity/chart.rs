//! SVG charts of a fidelity reading, drawn with `plotters`' SVG backend: per site, the
//! prescribed band against delivered contacts over time on each channel with phase changes
//! marked; for the program, a heat map of sites by month coloured by adherence.
//!
//! Text from documents (site and phase names) is written by `plotters`, which escapes XML
//! markup; control characters, which XML cannot hold at all, become spaces first. Each chart
//! opens with a `<title>` and a `<desc>` for screen readers.

use chrono::Datelike;
use plotters::prelude::*;

use super::period::{Adherence, DeliveredPeriod};
use super::score::Fidelity;
use crate::manual::Channel;
use crate::render::html_escape;
use crate::{Date, EntityId, Manual, Program};

/// The most sites one heat map shows; a larger program is shown by its first sites, and the
/// map says so.
pub const HEAT_MAP_MAX_SITES: usize = 200;

const BAND: RGBColor = RGBColor(198, 219, 239);
const MINIMUM: RGBColor = RGBColor(107, 174, 214);
const DELIVERED: RGBColor = RGBColor(8, 69, 148);
const PHASE: RGBColor = RGBColor(120, 120, 120);

/// Document text as `plotters` may take it: no control characters.
fn plain(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// `svg` with a title and description for screen readers after its opening tag.
fn with_title(svg: &str, title: &str, desc: &str) -> String {
    let Some(end) = svg.find('>') else {
        return svg.to_owned();
    };
    let (open, rest) = svg.split_at(end + 1);
    format!(
        "{}\n<title>{}</title>\n<desc>{}</desc>{rest}",
        open.replacen("<svg ", "<svg role=\"img\" ", 1),
        html_escape(title),
        html_escape(desc)
    )
}

fn day_number(date: Date) -> i32 {
    date.as_naive().num_days_from_ce()
}

#[allow(clippy::trivially_copy_pass_by_ref)] // the signature plotters' label formatter takes
fn date_label(day: &i32) -> String {
    chrono::NaiveDate::from_num_days_from_ce_opt(*day)
        .map_or_else(String::new, |d| d.format("%Y-%m").to_string())
}

/// A chart of one site from its periods (one of [`Fidelity::sites`]): per channel, the
/// prescribed band (minimum to maximum contacts per period) and the contacts delivered, with a
/// line where the phase changes. `None` for no period.
#[must_use]
pub fn site_svg(manual: &Manual, program: &Program, periods: &[DeliveredPeriod]) -> Option<String> {
    let site = periods.first()?.site;
    let periods: Vec<&DeliveredPeriod> = periods.iter().filter(|p| p.site == site).collect();
    let first = periods.iter().map(|p| p.from).min()?;
    let last = periods.iter().map(|p| p.until).max()?;
    let name = program
        .sites
        .iter()
        .find(|s| s.id == site)
        .map_or_else(|| site.to_string(), |s| plain(&s.name));
    let channels: Vec<Channel> = Channel::ALL
        .into_iter()
        .filter(|c| periods.iter().any(|p| p.channel == *c))
        .collect();
    let height = 80 + 260 * u32::try_from(channels.len()).unwrap_or(1);
    let mut svg = String::new();
    let drawn = draw_site(
        &mut svg,
        (900, height),
        &name,
        &periods,
        &channels,
        (day_number(first), day_number(last)),
        manual,
    );
    drawn.ok()?;
    let desc = format!(
        "Contacts per prescription period at {name}, from {first} to {last}: the shaded band is \
         the prescribed minimum to maximum, the line the contacts delivered; vertical lines mark \
         phase changes."
    );
    Some(with_title(
        &svg,
        &format!("Delivered against prescribed: {name}"),
        &desc,
    ))
}

type Drawn = Result<(), Box<dyn std::error::Error>>;

fn draw_site(
    svg: &mut String,
    size: (u32, u32),
    name: &str,
    periods: &[&DeliveredPeriod],
    channels: &[Channel],
    (first, last): (i32, i32),
    manual: &Manual,
) -> Drawn {
    let root = SVGBackend::with_string(svg, size).into_drawing_area();
    root.fill(&WHITE)?;
    let root = root.titled(
        &format!("Delivered against prescribed: {name}"),
        ("sans-serif", 18),
    )?;
    let panels = root.split_evenly((channels.len().max(1), 1));
    for (channel, panel) in channels.iter().zip(&panels) {
        let mine: Vec<&&DeliveredPeriod> =
            periods.iter().filter(|p| p.channel == *channel).collect();
        let top = mine
            .iter()
            .map(|p| u32::from(p.max_contacts).max(p.contacts))
            .max()
            .unwrap_or(1)
            + 1;
        let mut chart = ChartBuilder::on(panel)
            .caption(
                format!("{} contacts per period", channel_name(*channel)),
                ("sans-serif", 14),
            )
            .margin(8)
            .x_label_area_size(28)
            .y_label_area_size(36)
            .build_cartesian_2d(first..last, 0u32..top)?;
        chart
            .configure_mesh()
            .x_label_formatter(&date_label)
            .x_labels(8)
            .y_desc("contacts")
            .light_line_style(WHITE)
            .draw()?;
        chart.draw_series(mine.iter().map(|p| {
            Rectangle::new(
                [
                    (day_number(p.from), u32::from(p.min_contacts)),
                    (day_number(p.until), u32::from(p.max_contacts)),
                ],
                BAND.filled(),
            )
        }))?;
        // The minimum is a line too, so a band with no width (minimum = maximum) shows.
        for p in &mine {
            let min = u32::from(p.min_contacts);
            chart.draw_series(LineSeries::new(
                [(day_number(p.from), min), (day_number(p.until), min)],
                MINIMUM.stroke_width(3),
            ))?;
        }
        let steps: Vec<(i32, u32)> = mine
            .iter()
            .filter(|p| p.adherence != Adherence::InProgress || p.contacts > 0)
            .flat_map(|p| {
                [
                    (day_number(p.from), p.contacts),
                    (day_number(p.until), p.contacts),
                ]
            })
            .collect();
        chart.draw_series(LineSeries::new(steps, DELIVERED.stroke_width(2)))?;
        let mut phase = None;
        let mut labels = 0u32;
        for p in &mine {
            if phase.is_none_or(|k| k != &p.phase) {
                let x = day_number(p.from);
                chart.draw_series(LineSeries::new([(x, 0), (x, top)], PHASE.stroke_width(1)))?;
                let label = manual
                    .phase(&p.phase)
                    .map_or_else(|| p.phase.to_string(), |ph| plain(&ph.name));
                // Names alternate between two heights, so that short phases' names do not overlap.
                let y = if labels.is_multiple_of(2) {
                    top
                } else {
                    top.saturating_sub(1).max(1)
                };
                labels += 1;
                chart.draw_series(std::iter::once(Text::new(
                    label,
                    (x + 3, y),
                    ("sans-serif", 11).into_font().color(&PHASE),
                )))?;
            }
            phase = Some(&p.phase);
        }
    }
    root.present()?;
    Ok(())
}

const fn channel_name(channel: Channel) -> &'static str {
    match channel {
        Channel::InPerson => "In-person",
        Channel::Remote => "Remote",
    }
}

/// A heat map of the program: a row per site (at most [`HEAT_MAP_MAX_SITES`]), a column per
/// calendar month, each cell coloured by the share of the minimum delivered in the complete
/// periods that began that month (both channels; red none, green all), grey where none did.
#[must_use]
pub fn heat_map_svg(fidelity: &Fidelity, program: &Program) -> Option<String> {
    let first = fidelity.periods.iter().map(|p| p.from).min()?;
    let last = fidelity.periods.iter().map(|p| p.from).max()?;
    let month =
        |d: Date| d.as_naive().year() * 12 + i32::try_from(d.as_naive().month0()).unwrap_or(0);
    let (m0, m1) = (month(first), month(last));
    let months = usize::try_from(m1 - m0 + 1).ok()?;
    let total = fidelity.sites().count();
    let shown: Vec<&[DeliveredPeriod]> = fidelity.sites().take(HEAT_MAP_MAX_SITES).collect();
    let sites: Vec<EntityId> = shown
        .iter()
        .filter_map(|p| p.first())
        .map(|p| p.site)
        .collect();
    // (sum of shares, periods) per site and month.
    let mut cells = vec![(0.0f64, 0u32); sites.len() * months];
    for (row, periods) in shown.iter().enumerate() {
        for p in periods.iter().filter(|p| p.scored()) {
            let Ok(col) = usize::try_from(month(p.from) - m0) else {
                continue;
            };
            if let Some(cell) = cells.get_mut(row * months + col) {
                cell.0 += p.share_of_minimum();
                cell.1 += 1;
            }
        }
    }
    let names: Vec<String> = sites
        .iter()
        .map(|id| {
            program
                .sites
                .iter()
                .find(|s| s.id == *id)
                .map_or_else(|| id.to_string(), |s| plain(&s.name))
        })
        .collect();
    let rows = u32::try_from(sites.len()).ok()?;
    let size = (
        260 + 14 * u32::try_from(months).ok()?.max(12),
        110 + LEGEND_HEIGHT + 18 * rows,
    );
    let mut svg = String::new();
    let title = if total > sites.len() {
        format!(
            "Adherence by site and month (first {} of {total} sites)",
            sites.len()
        )
    } else {
        "Adherence by site and month".to_owned()
    };
    draw_heat_map(&mut svg, size, &title, &names, &cells, (m0, months)).ok()?;
    let desc = format!(
        "{} sites by {months} months from {first}: each cell is the share of the prescribed \
         minimum delivered in the complete periods that began that month, red for none, green \
         for all, grey where no complete period began.",
        sites.len()
    );
    Some(with_title(&svg, &title, &desc))
}

fn draw_heat_map(
    svg: &mut String,
    size: (u32, u32),
    title: &str,
    names: &[String],
    cells: &[(f64, u32)],
    (m0, months): (i32, usize),
) -> Drawn {
    let rows = names.len();
    let root = SVGBackend::with_string(svg, size).into_drawing_area();
    root.fill(&WHITE)?;
    let root = root.titled(title, ("sans-serif", 16))?;
    let (map, legend) = root.split_vertically(root.dim_in_pixel().1.saturating_sub(LEGEND_HEIGHT));
    draw_legend(&legend)?;
    let cols = i32::try_from(months)?;
    let height = i32::try_from(rows)?;
    let mut chart = ChartBuilder::on(&map)
        .margin(8)
        .x_label_area_size(28)
        .y_label_area_size(220)
        .build_cartesian_2d(0..cols, (0..height).into_segmented())?;
    // Every month gets a tick, but only every `step`-th a label, so that labels never overlap:
    // at least `LABEL_WIDTH` pixels apart, on a step a reader counts in (1, 2, 3, 6 or 12
    // months), January always among them once the step reaches a year.
    let column = f64::from(chart.plotting_area().dim_in_pixel().0) / f64::from(cols.max(1));
    let step = [1, 2, 3, 6, 12, 24, 60, 120]
        .into_iter()
        .find(|&s| f64::from(s) * column >= LABEL_WIDTH)
        .unwrap_or(240);
    let month_label = move |m: &i32| {
        let absolute = m0 + *m;
        if absolute.rem_euclid(step) != 0 {
            return String::new();
        }
        let (year, month) = (absolute.div_euclid(12), absolute.rem_euclid(12) + 1);
        if step >= 12 {
            year.to_string()
        } else {
            format!("{year}-{month:02}")
        }
    };
    // A row's name sits at its centre; row 0 is drawn at the top.
    let row_label = |r: &SegmentValue<i32>| match r {
        SegmentValue::CenterOf(r) => usize::try_from(height - 1 - *r)
            .ok()
            .and_then(|n| names.get(n))
            .cloned()
            .unwrap_or_default(),
        _ => String::new(),
    };
    chart
        .configure_mesh()
        .disable_mesh()
        .x_label_formatter(&month_label)
        .y_label_formatter(&row_label)
        .y_labels(rows)
        .x_labels(months + 1)
        .draw()?;
    chart.draw_series(cells.iter().enumerate().map(|(n, &(sum, count))| {
        let (row, col) = (n / months, n % months);
        let (x, y) = (
            i32::try_from(col).unwrap_or(0),
            height - 1 - i32::try_from(row).unwrap_or(0),
        );
        let colour = if count == 0 {
            RGBColor(230, 230, 230)
        } else {
            shade(sum / f64::from(count))
        };
        Rectangle::new(
            [
                (x, SegmentValue::Exact(y)),
                (x + 1, SegmentValue::Exact(y + 1)),
            ],
            colour.filled(),
        )
    }))?;
    root.present()?;
    Ok(())
}

/// The height of the heat map's colour legend, in pixels.
const LEGEND_HEIGHT: u32 = 44;

/// The least room a month label needs, in pixels (`2016-01` at 10 px sans-serif, and a gap).
const LABEL_WIDTH: f64 = 56.0;

/// The heat map's legend: the colour scale from none of the minimum to all of it, and grey for
/// a month where no complete period began.
fn draw_legend(area: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>) -> Drawn {
    let font = ("sans-serif", 12).into_font().color(&BLACK);
    let (left, top, cell, steps) = (236, 6, 14, 11);
    area.draw(&Text::new(
        "Share of the prescribed minimum delivered:",
        (8, top + 2),
        font.clone(),
    ))?;
    let scale_left = left + 60;
    for i in 0..steps {
        let x = scale_left + i * cell;
        let share = f64::from(i) / f64::from(steps - 1);
        area.draw(&Rectangle::new(
            [(x, top), (x + cell, top + cell)],
            shade(share).filled(),
        ))?;
    }
    area.draw(&Text::new("0%", (scale_left - 24, top + 2), font.clone()))?;
    area.draw(&Text::new(
        "100%",
        (scale_left + steps * cell + 4, top + 2),
        font.clone(),
    ))?;
    let grey_left = scale_left + steps * cell + 48;
    area.draw(&Rectangle::new(
        [(grey_left, top), (grey_left + cell, top + cell)],
        RGBColor(230, 230, 230).filled(),
    ))?;
    area.draw(&Text::new(
        "no complete period began",
        (grey_left + cell + 6, top + 2),
        font,
    ))?;
    Ok(())
}

/// Red (none of the minimum) through yellow to green (all of it).
fn shade(share: f64) -> RGBColor {
    let share = share.clamp(0.0, 1.0);
    // Two straight segments between ColorBrewer's RdYlGn ends and middle.
    let (from, to, t) = if share < 0.5 {
        ((215.0, 48.0, 39.0), (255.0, 255.0, 191.0), share * 2.0)
    } else {
        (
            (255.0, 255.0, 191.0),
            (26.0, 152.0, 80.0),
            share * 2.0 - 1.0,
        )
    };
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // 0..=255 by construction
    let mix = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
    RGBColor(mix(from.0, to.0), mix(from.1, to.1), mix(from.2, to.2))
}
