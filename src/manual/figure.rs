//! Published figures a manual cites for comparison, such as medians from reviews, and the
//! planned values they can describe.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Channel, Citation, Per};
use crate::{Decimal, Key, Manual};

/// A published figure with its spread, e.g. the median facilitation length across studies.
///
/// A figure informs; linked to the value it describes, it raises a warning when the manual's
/// value strays from it by more than its tolerance, and never more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// The figure's key.
    pub key: Key,
    /// What the figure is, e.g. `median practices per facilitator`.
    pub name: String,
    /// The value (a mean, a median, a count), with up to four decimals (e.g. `31.6`); absent
    /// where the source gives only a range or only values per group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Decimal>,
    /// The lowest value reported: with `high`, the min-max spread, or the range a source gives
    /// without a value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<Decimal>,
    /// The highest value reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<Decimal>,
    /// The spread around the value besides its min-max: a standard deviation or an
    /// interquartile range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spread: Option<Spread>,
    /// Values per named group (arms of a trial, networks of a program), each cited.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<FigureGroup>,
    /// How far the manual's value may stray from the figure before a warning, as a factor of
    /// 1 or more around the value and its spread; 2 where left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<Decimal>,
    /// The unit, e.g. `months`.
    pub unit: String,
    /// The manual's value this figure describes, for a comparison.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub describes: Option<Described>,
    /// Where the figure comes from.
    pub citations: Vec<Citation>,
}

/// The spread a source reports around a figure's value, besides its lowest and highest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Spread {
    /// The standard deviation around the value, a mean (`6.6 (SD 2.1)`).
    Sd(Decimal),
    /// The interquartile range around the value, a median: the first and third quartiles.
    Iqr(Quartiles),
}

/// The first and third quartiles of an interquartile range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Quartiles {
    /// The first quartile.
    pub q1: Decimal,
    /// The third quartile.
    pub q3: Decimal,
}

/// A figure's value in one named group, e.g. one arm of a trial or one network of a program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FigureGroup {
    /// The group's name, e.g. `Washington and Idaho`.
    pub name: String,
    /// The group's value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Decimal>,
    /// The lowest value reported in the group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<Decimal>,
    /// The highest value reported in the group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<Decimal>,
    /// The spread around the group's value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spread: Option<Spread>,
    /// Where the group's value comes from.
    pub citations: Vec<Citation>,
}

/// A published value with its spread, as a figure or one of its groups gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Estimate {
    /// The value.
    pub value: Option<Decimal>,
    /// The lowest value reported.
    pub low: Option<Decimal>,
    /// The highest value reported.
    pub high: Option<Decimal>,
    /// The spread around the value.
    pub spread: Option<Spread>,
}

/// The manual's own value a figure describes, from its lowest to its highest (equal where the
/// manual plans one value).
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Planned {
    /// The lowest value the manual plans.
    pub low: f64,
    /// The highest value the manual plans.
    pub high: f64,
}

impl fmt::Display for Planned {
    /// `11.0 to 27.0`, or `20.0` where the two are (nearly) one.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if (self.high - self.low).abs() < 0.05 {
            write!(f, "{:.1}", self.low)
        } else {
            write!(f, "{:.1} to {:.1}", self.low, self.high)
        }
    }
}

/// The values a manual's own value may take without straying from a figure: `low` to `high`,
/// inclusive, `high` infinite where nothing bounds it.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Band {
    /// The lowest value within the band.
    pub low: f64,
    /// The highest value within the band.
    pub high: f64,
}

impl Band {
    /// Whether any value the manual plans falls within the band (a relative margin of 10^-9
    /// absorbs the rounding of months counted in days).
    #[must_use]
    pub fn meets(self, planned: Planned) -> bool {
        let margin = |v: f64| v.abs() * 1e-9;
        planned.high + margin(planned.high) >= self.low
            && planned.low - margin(planned.low) <= self.high
    }
}

/// `value` rounded to hundredths, without trailing zeros: `12`, `0.25`, `2.5`.
fn number(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

impl fmt::Display for Band {
    /// `6 to 24`, or `at least 3` where nothing bounds it above.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.high.is_finite() {
            write!(f, "{} to {}", number(self.low), number(self.high))
        } else {
            write!(f, "at least {}", number(self.low))
        }
    }
}

impl fmt::Display for Spread {
    /// `SD 2.1` or `IQR 4 to 15`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sd(sd) => write!(f, "SD {sd}"),
            Self::Iqr(q) => write!(f, "IQR {} to {}", q.q1, q.q3),
        }
    }
}

impl fmt::Display for Estimate {
    /// As a paper prints it: `6.6 (SD 2.1; 2 to 11)`, `12 (2 to 26)`, `2 to 16`, `at least
    /// 3`; `not given` where it is empty.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let range = match (self.low, self.high) {
            (Some(low), Some(high)) => Some(format!("{low} to {high}")),
            (Some(low), None) => Some(format!("at least {low}")),
            (None, Some(high)) => Some(format!("up to {high}")),
            (None, None) => None,
        };
        let around: Vec<String> = self
            .spread
            .map(|s| s.to_string())
            .into_iter()
            .chain(range)
            .collect();
        match (self.value, around.is_empty()) {
            (Some(value), true) => write!(f, "{value}"),
            (Some(value), false) => write!(f, "{value} ({})", around.join("; ")),
            (None, false) => f.write_str(&around.join("; ")),
            (None, true) => f.write_str("not given"),
        }
    }
}

impl Estimate {
    /// Whether it gives no number at all: no value, no low, no high, no spread.
    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.value.is_none() && self.low.is_none() && self.high.is_none() && self.spread.is_none()
    }

    /// The values within `tolerance` of the estimate. Its middle (the value, widened by one
    /// standard deviation each way or to its quartiles) is stretched by the factor each way,
    /// and its lowest and highest are kept as reported: they already hold every value the
    /// source saw, so stretching them would hide a manual far outside them. `None` where the
    /// estimate is empty.
    #[must_use]
    pub fn band(self, tolerance: f64) -> Option<Band> {
        let value = self.value.map(Decimal::as_f64);
        let middle = match (value, self.spread) {
            (Some(v), Some(Spread::Sd(sd))) => Some(((v - sd.as_f64()).max(0.0), v + sd.as_f64())),
            (v, Some(Spread::Iqr(q))) => {
                let (q1, q3) = (q.q1.as_f64(), q.q3.as_f64());
                Some(v.map_or((q1, q3), |v| (q1.min(v), q3.max(v))))
            }
            (Some(v), _) => Some((v, v)),
            (None, _) => None,
        };
        let middle = middle.map(|(low, high)| (low / tolerance, high * tolerance));
        let lows = [middle.map(|m| m.0), self.low.map(Decimal::as_f64)];
        let highs = [middle.map(|m| m.1), self.high.map(Decimal::as_f64)];
        if lows.iter().chain(&highs).all(Option::is_none) {
            return None;
        }
        Some(Band {
            low: lows.into_iter().flatten().reduce(f64::min).unwrap_or(0.0),
            high: highs
                .into_iter()
                .flatten()
                .reduce(f64::max)
                .unwrap_or(f64::INFINITY),
        })
    }
}

impl Figure {
    /// The tolerance of a figure that gives none: a factor of 2 catches a count per week read
    /// against one per year and 80 against 8, and leaves the honest spread between programs
    /// alone.
    pub const DEFAULT_TOLERANCE: f64 = 2.0;

    /// The figure's own value and spread, apart from its groups.
    #[must_use]
    pub const fn estimate(&self) -> Estimate {
        Estimate {
            value: self.value,
            low: self.low,
            high: self.high,
            spread: self.spread,
        }
    }

    /// The factor the manual's value may stray by: the figure's own, else
    /// [`Figure::DEFAULT_TOLERANCE`].
    #[must_use]
    pub fn tolerance(&self) -> f64 {
        self.tolerance
            .map_or(Self::DEFAULT_TOLERANCE, Decimal::as_f64)
    }

    /// The bands of the figure and of each of its groups: a manual value within any of them
    /// stays close to what was published, since a manual may follow one arm or network.
    pub fn bands(&self) -> impl Iterator<Item = Band> + '_ {
        let tolerance = self.tolerance();
        std::iter::once(self.estimate())
            .chain(self.groups.iter().map(FigureGroup::estimate))
            .filter_map(move |e| e.band(tolerance))
    }
}

impl FigureGroup {
    /// The group's value and spread.
    #[must_use]
    pub const fn estimate(&self) -> Estimate {
        Estimate {
            value: self.value,
            low: self.low,
            high: self.high,
            spread: self.spread,
        }
    }
}

/// A value the manual plans that a published figure can be compared with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Described {
    /// The planned length of a whole relationship in months (every phase at its planned
    /// lengths; open-ended phases at their minimum).
    RelationshipMonths,
    /// Planned contacts over a whole relationship on every channel, at the phases' starting
    /// levels.
    RelationshipContacts,
    /// Planned contact hours over a whole relationship (typical minutes, or the cap), at the
    /// phases' starting levels.
    RelationshipContactHours,
    /// The typical minutes of one contact on a channel at every level.
    ContactMinutes(Channel),
    /// The caseload threshold: sites per coach.
    SitesPerCoach,
    /// Planned contacts a year on a channel: its contacts over a whole relationship at the
    /// phases' starting levels, over the relationship's planned length in years.
    ContactsPerYear(Channel),
    /// Planned contact hours a year on a channel, counted as for contacts a year.
    ContactHoursPerYear(Channel),
}

/// Days in an average month of the Gregorian calendar.
const MONTH_DAYS: f64 = 30.436_875;
/// Days in an average year of the Gregorian calendar.
const YEAR_DAYS: f64 = 365.25;

/// What a relationship total counts.
#[derive(Clone, Copy)]
struct Count {
    /// Only contacts on this channel, or on every channel.
    channel: Option<Channel>,
    /// Contact hours rather than contacts.
    hours: bool,
}

impl Described {
    /// The manual's own value this describes, as its lowest and highest: relationship figures
    /// from every phase at its minimum length with the minimum counts to every phase at its
    /// maximum with the maximum counts. `None` where the manual plans no such value (no phase,
    /// no caseload, no minutes on the channel, no length of a year).
    #[must_use]
    pub fn planned(&self, manual: &Manual) -> Option<Planned> {
        let total = |count: Count, most: bool| relationship_total(manual, count, most, most);
        let (low, high) = match *self {
            Self::RelationshipMonths => (
                relationship_days(manual, false)? / MONTH_DAYS,
                relationship_days(manual, true)? / MONTH_DAYS,
            ),
            Self::RelationshipContacts | Self::RelationshipContactHours => {
                let count = Count {
                    channel: None,
                    hours: *self == Self::RelationshipContactHours,
                };
                (total(count, false)?, total(count, true)?)
            }
            Self::ContactsPerYear(channel) | Self::ContactHoursPerYear(channel) => {
                let count = Count {
                    channel: Some(channel),
                    hours: matches!(self, Self::ContactHoursPerYear(_)),
                };
                per_year(manual, count)?
            }
            Self::ContactMinutes(channel) => {
                let minutes: Vec<f64> = manual
                    .intensity_levels
                    .iter()
                    .filter_map(|l| l.prescription(channel))
                    .filter_map(|p| p.typical_minutes.or(p.max_minutes))
                    .map(|m| f64::from(m.get()))
                    .collect();
                (
                    minutes.iter().copied().reduce(f64::min)?,
                    minutes.iter().copied().reduce(f64::max)?,
                )
            }
            Self::SitesPerCoach => manual
                .caseload
                .as_ref()
                .map(|c| (f64::from(c.sites.get()), f64::from(c.sites.get())))?,
        };
        Some(Planned { low, high })
    }
}

/// A planned relationship's days, every phase at its shortest or longest (an open-ended
/// phase at its minimum); `None` without phases.
fn relationship_days(manual: &Manual, longest: bool) -> Option<f64> {
    if manual.phases.is_empty() {
        return None;
    }
    Some(
        manual
            .phases
            .iter()
            .map(|p| phase_length(p, longest).approx_days())
            .sum(),
    )
}

fn phase_length(phase: &super::Phase, longest: bool) -> crate::Length {
    if longest {
        phase.length.max.unwrap_or(phase.length.min)
    } else {
        phase.length.min
    }
}

/// Contacts (or contact hours) over a planned relationship at the phases' starting levels, at
/// the most or least counts and every phase at its longest or shortest; `None` without phases,
/// at an unknown level, or for hours where a prescription gives no minutes.
fn relationship_total(manual: &Manual, count: Count, most: bool, longest: bool) -> Option<f64> {
    if manual.phases.is_empty() {
        return None;
    }
    let unit = |p: &super::Prescription| -> Option<f64> {
        if !count.hours {
            return Some(1.0);
        }
        let minutes = p
            .typical_minutes
            .or(if most { p.max_minutes } else { p.min_minutes })?;
        Some(f64::from(minutes.get()) / 60.0)
    };
    let contacts = |p: &super::Prescription| {
        f64::from(if most {
            p.max_contacts.get()
        } else {
            p.min_contacts.get()
        })
    };
    let counted = |p: &&super::Prescription| count.channel.is_none_or(|c| p.channel == c);
    let mut sum = 0.0;
    for phase in &manual.phases {
        let days = phase_length(phase, longest).approx_days();
        let level = manual.level(&phase.starting_level)?;
        for p in level.prescriptions.iter().filter(counted) {
            let times = match p.per.period() {
                Some(period) => {
                    #[allow(clippy::cast_precision_loss)] // at most 52
                    let per_year = period.per_year() as f64;
                    days / YEAR_DAYS * per_year
                }
                None if p.per == Per::Phase => 1.0,
                // Counted once over the relationship, below.
                None => 0.0,
            };
            sum += contacts(p) * times * unit(p)?;
        }
    }
    // Counts over the relationship are those of the level it starts at.
    let first = manual
        .phases
        .first()
        .and_then(|p| manual.level(&p.starting_level));
    for p in first
        .into_iter()
        .flat_map(|l| &l.prescriptions)
        .filter(counted)
        .filter(|p| p.per == Per::Relationship)
    {
        sum += contacts(p) * unit(p)?;
    }
    Some(sum)
}

/// Contacts (or hours) a year over a planned relationship, lowest and highest: the least counts
/// and the most, each over the shortest and the longest relationship (a plan of no days has no
/// rate).
fn per_year(manual: &Manual, count: Count) -> Option<(f64, f64)> {
    let rate = |most: bool, longest: bool| -> Option<f64> {
        let days = relationship_days(manual, longest).filter(|d| *d > 0.0)?;
        Some(relationship_total(manual, count, most, longest)? / (days / YEAR_DAYS))
    };
    let low = [rate(false, false), rate(false, true)]
        .into_iter()
        .flatten()
        .reduce(f64::min)?;
    let high = [rate(true, false), rate(true, true)]
        .into_iter()
        .flatten()
        .reduce(f64::max)?;
    Some((low, high))
}
