//! The prescribed dose over a relationship: each phase at its starting level, in contacts per
//! month on each channel, over the shortest relationship the manual plans (each phase at its
//! planned minimum) and the longest (each at its maximum; an open-ended phase at its minimum);
//! as a table and as an inline SVG of each.

use std::fmt::Write as _;

use super::doc::{Block, html_escape, text};
use super::words;
use crate::Manual;
use crate::manual::{Channel, Per, Phase, Prescription};

const DAYS_PER_MONTH: f64 = 30.436_875;

/// Which end of the manual's planned lengths a relationship is drawn at.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Extent {
    /// Each phase at its planned minimum.
    Shortest,
    /// Each phase at its planned maximum, or its minimum where it is open-ended.
    Longest,
}

impl Extent {
    const BOTH: [Self; 2] = [Self::Shortest, Self::Longest];

    const fn word(self) -> &'static str {
        match self {
            Self::Shortest => "shortest",
            Self::Longest => "longest",
        }
    }
}

/// One phase of a relationship: its name, months, level and band per channel.
struct Segment {
    name: String,
    months: f64,
    /// Whether the phase has no planned maximum (drawn at its minimum).
    open: bool,
    level: String,
    bands: Vec<(Channel, f64, f64)>,
    /// Channels whose dose the starting level does not report: the chart draws nothing for
    /// them and the table says so.
    unreported: Vec<Channel>,
}

/// A phase's planned length in months at `extent`.
fn months(phase: &Phase, extent: Extent) -> f64 {
    let length = match extent {
        Extent::Shortest => phase.length.min,
        Extent::Longest => phase.length.max.unwrap_or(phase.length.min),
    };
    length.approx_days() / DAYS_PER_MONTH
}

fn per_month(p: &Prescription, phase_months: f64, total_months: f64) -> (f64, f64) {
    let (min, max) = (
        f64::from(p.min_contacts.get()),
        f64::from(p.max_contacts.get()),
    );
    let divisor = match p.per {
        Per::Phase => phase_months,
        Per::Relationship => total_months,
        other => other.period().map_or(1.0, |period| {
            12.0 / f64::from(u32::try_from(period.per_year()).unwrap_or(1))
        }),
    };
    if divisor > 0.0 {
        (min / divisor, max / divisor)
    } else {
        (0.0, 0.0)
    }
}

fn segments(manual: &Manual, extent: Extent) -> Vec<Segment> {
    let total: f64 = manual.phases.iter().map(|p| months(p, extent)).sum();
    manual
        .phases
        .iter()
        .map(|phase| {
            let m = months(phase, extent);
            let level = manual.level(&phase.starting_level);
            let bands = Channel::ALL
                .into_iter()
                .map(|c| {
                    let (lo, hi) = level
                        .and_then(|l| l.prescription(c))
                        .map_or((0.0, 0.0), |p| per_month(p, m, total));
                    (c, lo, hi)
                })
                .collect();
            Segment {
                name: phase.name.clone(),
                months: m,
                open: phase.length.max.is_none(),
                level: level.map_or_else(|| phase.starting_level.to_string(), |l| l.name.clone()),
                bands,
                unreported: level.map_or_else(Vec::new, |l| l.not_reported.clone()),
            }
        })
        .collect()
}

fn band_words(lo: f64, hi: f64) -> String {
    if (hi - lo).abs() < 0.05 {
        format!("{lo:.1}")
    } else {
        format!("{lo:.1} to {hi:.1}")
    }
}

/// Both ends of a value that may differ between the shortest and the longest relationship:
/// one value where they agree, else each labelled.
fn both(shortest: &str, longest: &str) -> String {
    if shortest == longest {
        shortest.to_owned()
    } else {
        format!("{shortest} (shortest) to {longest} (longest)")
    }
}

/// The section: a heading, a table of both extents, and a chart of each (HTML only).
pub(crate) fn section(manual: &Manual, out: &mut Vec<Block>) {
    let [shortest, longest] = Extent::BOTH.map(|extent| segments(manual, extent));
    // Phases whose lengths the sources do not give (a minimum of zero, no maximum) have nothing
    // to draw.
    if longest.iter().all(|s| s.months <= 0.0) {
        return;
    }
    let total = |segments: &[Segment]| segments.iter().map(|s| s.months).sum::<f64>();
    out.push(Block::Heading(
        3,
        "Dose over the shortest and the longest relationship".to_owned(),
    ));
    out.push(Block::Para(vec![text(format!(
        "Each phase at its starting level, in contacts a month, over the shortest relationship the manual plans ({:.1} months: each phase at its planned minimum) and the longest ({:.1} months: each at its maximum, open-ended phases at their minimum); titration moves a site between levels.",
        total(&shortest),
        total(&longest)
    ))]));
    let rows = shortest
        .iter()
        .zip(&longest)
        .map(|(short, long)| {
            let months = if short.open {
                format!("at least {:.1}", short.months)
            } else {
                both(
                    &format!("{:.1}", short.months),
                    &format!("{:.1}", long.months),
                )
            };
            let mut row = vec![
                vec![text(short.name.clone())],
                vec![text(months)],
                vec![text(short.level.clone())],
            ];
            row.extend(short.bands.iter().zip(&long.bands).map(|(a, b)| {
                if short.unreported.contains(&a.0) {
                    vec![text("not reported")]
                } else {
                    vec![text(both(&band_words(a.1, a.2), &band_words(b.1, b.2)))]
                }
            }));
            row
        })
        .collect();
    let mut head = vec!["Phase".to_owned(), "Months".to_owned(), "Level".to_owned()];
    head.extend(Channel::ALL.map(|c| format!("{} a month", words::capital(words::channel(c)))));
    out.push(Block::Table { head, rows });
    for (extent, segments) in Extent::BOTH.into_iter().zip([&shortest, &longest]) {
        out.push(Block::Chart(svg(manual, segments, extent)));
    }
}

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 320.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 48.0;
const BOTTOM: f64 = 56.0;

/// A generous width of one character at the chart's 12 px font, to tell whether a label fits.
const CHAR_WIDTH: f64 = 7.2;

/// The label over a phase `width` wide: its number and name, the name cut short with `…`, or
/// the number alone, whichever is the longest that fits, so that labels neither overlap nor
/// leave the chart; the numbers match the manual's "Phase N" headings and the table's rows.
fn phase_label(number: u32, name: &str, width: f64) -> String {
    // A margin of one character keeps neighbouring labels apart.
    let fits = |label: &str| label.chars().map(|_| CHAR_WIDTH).sum::<f64>() + CHAR_WIDTH <= width;
    let full = format!("{number}. {name}");
    if fits(&full) {
        return full;
    }
    let mut short = String::new();
    for c in name.chars() {
        if !fits(&format!("{number}. {short}{c}…")) {
            break;
        }
        short.push(c);
    }
    let short = short.trim_end();
    if short.chars().count() >= 3 {
        format!("{number}. {short}…")
    } else {
        number.to_string()
    }
}

const fn colour(c: Channel) -> &'static str {
    match c {
        Channel::InPerson => "#1f4e8c",
        Channel::Remote => "#a34a00",
    }
}

fn alt_text(manual: &Manual, segments: &[Segment], extent: Extent) -> String {
    let parts: Vec<String> = segments
        .iter()
        .map(|s| {
            let bands: Vec<String> = s
                .bands
                .iter()
                .map(|(c, lo, hi)| format!("{} {}", words::channel(*c), band_words(*lo, *hi)))
                .collect();
            format!("{} ({:.1} months): {}", s.name, s.months, bands.join(", "))
        })
        .collect();
    let total: f64 = segments.iter().map(|s| s.months).sum();
    format!(
        "Prescribed contacts a month over the {} relationship in {} ({total:.1} months): {}.",
        extent.word(),
        manual.title,
        parts.join("; ")
    )
}

fn svg(manual: &Manual, segments: &[Segment], extent: Extent) -> String {
    let total: f64 = segments.iter().map(|s| s.months).sum::<f64>().max(1.0);
    let top = segments
        .iter()
        .flat_map(|s| s.bands.iter().map(|b| b.2))
        .fold(1.0_f64, f64::max)
        .ceil();
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let x = |months: f64| LEFT + months / total * plot_w;
    let y = |count: f64| TOP + plot_h - count / top * plot_h;
    let alt = html_escape(&alt_text(manual, segments, extent));
    // The shortest relationship's chart keeps the id it had when it was the only one.
    let id = match extent {
        Extent::Shortest => "dose-chart-title",
        Extent::Longest => "dose-chart-longest-title",
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"{id}\" aria-label=\"{alt}\">"
    );
    let _ = writeln!(out, "<title id=\"{id}\">{alt}</title>");
    let _ = writeln!(
        out,
        "<text x=\"{LEFT}\" y=\"16\" font-size=\"13\" font-weight=\"bold\">{} relationship: {:.1} months</text>",
        words::capital(extent.word()),
        total
    );
    let _ = writeln!(
        out,
        "<line x1=\"{LEFT}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#222\"></line>",
        y(0.0),
        x(total),
        y(0.0)
    );
    let _ = writeln!(
        out,
        "<line x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{LEFT}\" y2=\"{:.1}\" stroke=\"#222\"></line>",
        y(0.0)
    );
    for tick in [0.0, top / 2.0, top] {
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"12\">{tick:.1}</text>",
            LEFT - 6.0,
            y(tick) + 4.0
        );
    }
    let _ = writeln!(
        out,
        "<text x=\"12\" y=\"{:.1}\" font-size=\"12\" transform=\"rotate(-90 12 {:.1})\" text-anchor=\"middle\">contacts a month</text>",
        TOP + plot_h / 2.0,
        TOP + plot_h / 2.0
    );
    let mut start = 0.0;
    for (number, s) in (1..).zip(segments) {
        let (x0, x1) = (x(start), x(start + s.months));
        for (c, lo, hi) in &s.bands {
            let (y_hi, y_lo) = (y(*hi), y(*lo));
            let h = (y_lo - y_hi).max(2.0);
            let _ = writeln!(
                out,
                "<rect x=\"{x0:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\" fill=\"{}\" fill-opacity=\"0.45\" stroke=\"{}\"></rect>",
                y_hi.min(y_lo - 2.0),
                (x1 - x0).max(1.0),
                colour(*c),
                colour(*c)
            );
        }
        let _ = writeln!(
            out,
            "<line x1=\"{x1:.1}\" y1=\"{TOP}\" x2=\"{x1:.1}\" y2=\"{:.1}\" stroke=\"#555\" stroke-dasharray=\"4 3\"></line>",
            y(0.0)
        );
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"12\">{}</text>",
            f64::midpoint(x0, x1),
            TOP - 8.0,
            html_escape(&phase_label(number, &s.name, x1 - x0))
        );
        start += s.months;
        let _ = writeln!(
            out,
            "<text x=\"{x1:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"12\">{start:.0}</text>",
            y(0.0) + 16.0
        );
    }
    let _ = writeln!(
        out,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"12\">months from the start</text>",
        LEFT + plot_w / 2.0,
        HEIGHT - 20.0
    );
    legend(&mut out);
    out.push_str("</svg>\n");
    out
}

/// A swatch and the name of each channel along the chart's foot.
fn legend(out: &mut String) {
    for (i, c) in Channel::ALL.into_iter().enumerate() {
        let lx = LEFT + 160.0 * f64::from(u8::try_from(i).unwrap_or(0));
        let ly = HEIGHT - 8.0;
        let _ = writeln!(
            out,
            "<rect x=\"{lx:.1}\" y=\"{:.1}\" width=\"12\" height=\"12\" fill=\"{}\" fill-opacity=\"0.45\" stroke=\"{}\"></rect><text x=\"{:.1}\" y=\"{ly:.1}\" font-size=\"12\">{}</text>",
            ly - 10.0,
            colour(c),
            colour(c),
            lx + 16.0,
            words::channel(c)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::phase_label;

    #[test]
    fn a_phase_label_fits_its_phase() {
        assert_eq!(phase_label(1, "Engagement", 200.0), "1. Engagement");
        assert_eq!(
            phase_label(3, "Redesign care and business systems", 120.0),
            "3. Redesign ca…"
        );
        assert_eq!(phase_label(2, "Assessment", 30.0), "2");
        for width in [10.0, 60.0, 117.8, 500.0] {
            let label = phase_label(4, "Continuously improve performance", width);
            let chars = f64::from(u32::try_from(label.chars().count()).unwrap());
            assert!(
                chars * super::CHAR_WIDTH <= width.max(super::CHAR_WIDTH),
                "{label}"
            );
        }
    }
}
