//! The program in figures: adherence and dose per channel, dose per site (median and
//! quartiles), in-person hours per practice-year, beside the comparison figures the manual
//! cites with their evidence kinds.

use serde::Serialize;

use super::period::hours;
use super::responses::{ResponseTimes, Responses};
use super::tally::channel_index;
use super::totals::{SiteTotals, Totals};
use super::unscored::Unscored;
use super::window::Window;
use crate::manual::{Channel, Citation, Described, Evidence, Planned, Spread};
use crate::{Decimal, Key, Manual, Program};

/// A program's fidelity in figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Summary {
    /// Relationships read.
    pub sites: usize,
    /// Practice-years read: each relationship's days inside the days read, over 365.
    pub practice_years: f64,
    /// Per channel, in [`Channel::ALL`] order.
    pub channels: Vec<ChannelSummary>,
    /// The manual's comparison figures beside what the program shows.
    pub comparisons: Vec<Comparison>,
    /// Written questions answered, where the log records when they were asked.
    pub responses: Option<Responses>,
    /// Contacts read that no period counted.
    pub unscored: Unscored,
}

/// One channel's figures across the program.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ChannelSummary {
    /// The channel.
    pub channel: Channel,
    /// Periods that ended on or before the day read and are long enough to score.
    pub complete_periods: u32,
    /// Of those, periods within the prescribed band.
    pub met: u32,
    /// Periods below the minimum.
    pub below: u32,
    /// Periods above the maximum (contacts the coaches initiated).
    pub above: u32,
    /// Periods cut too short to score (a prorated minimum of no contact), apart from the
    /// complete periods and from adherence.
    pub too_short: u32,
    /// Adherence: the share of complete periods that reached the prescribed minimum (`met`
    /// and `above`), if any are complete. Fewer contacts never raise it.
    pub adherence: Option<f64>,
    /// The share of complete periods within the band: the minimum reached, the maximum kept.
    pub within_band: Option<f64>,
    /// Contacts counted.
    pub contacts: u64,
    /// Contacts made by fewer coaches than a joint contact's prescription asks for, counted
    /// apart from `contacts`.
    pub fewer_coaches: u64,
    /// Contacts delivered in the days read on days the level in force prescribed nothing on
    /// the channel (a dose tailored to each site): reported, never scored.
    pub unprescribed_contacts: u64,
    /// Their contact hours.
    pub unprescribed_hours: f64,
    /// Contact hours.
    pub contact_hours: f64,
    /// Coach hours (contact minutes times coaches present).
    pub coach_hours: f64,
    /// Travel hours, apart from dose.
    pub travel_hours: f64,
    /// Contact hours per practice-year.
    pub hours_per_practice_year: Option<f64>,
    /// Contacts per site: quartiles across sites.
    pub contacts_per_site: Option<Quartiles>,
    /// Contact hours per site: quartiles across sites.
    pub hours_per_site: Option<Quartiles>,
    /// The median length of one contact, in minutes.
    pub median_contact_minutes: Option<f64>,
}

/// The lower quartile, median and upper quartile (linear interpolation between order
/// statistics, R's default type 7).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Quartiles {
    /// The 25th percentile.
    pub q1: f64,
    /// The median.
    pub median: f64,
    /// The 75th percentile.
    pub q3: f64,
}

impl Quartiles {
    /// The quartiles of `values`, none for an empty list.
    #[must_use]
    pub fn of(mut values: Vec<f64>) -> Option<Self> {
        if values.is_empty() {
            return None;
        }
        values.sort_by(f64::total_cmp);
        Some(Self {
            q1: quantile(&values, 1, 4),
            median: quantile(&values, 1, 2),
            q3: quantile(&values, 3, 4),
        })
    }
}

/// The `num/den` quantile of sorted, non-empty `values` (type 7).
#[allow(clippy::cast_precision_loss)] // counts of sites, far below 2^52
fn quantile(values: &[f64], num: usize, den: usize) -> f64 {
    let last = values.len() - 1;
    let (whole, part) = (last * num / den, (last * num % den) as f64 / den as f64);
    let low = values.get(whole).copied().unwrap_or_default();
    let high = values.get(whole + 1).copied().unwrap_or(low);
    low + (high - low) * part
}

/// A figure the manual cites for comparison, beside the program's own value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Comparison {
    /// The figure's key.
    pub figure: Key,
    /// What it is.
    pub name: String,
    /// Its unit.
    pub unit: String,
    /// The published value.
    pub published: Option<f64>,
    /// The lowest published value.
    pub low: Option<f64>,
    /// The highest published value.
    pub high: Option<f64>,
    /// The published spread around the value besides its lowest and highest.
    pub spread: Option<Spread>,
    /// The published values per group, each with the evidence kinds of its citations.
    pub groups: Vec<GroupComparison>,
    /// The factor by which a value may stray from the figure ([`Figure::tolerance`](crate::manual::Figure::tolerance)).
    pub tolerance: f64,
    /// The evidence kinds of its citations.
    pub evidence: Vec<Evidence>,
    /// The program's median of the same measure, where the program shows it.
    pub observed: Option<f64>,
    /// Whether the observed median lies within the figure's tolerance of the figure or of one
    /// of its groups (as [`Figure::bands`](crate::manual::Figure::bands) reads them), where there is a median.
    pub within_tolerance: Option<bool>,
    /// How many relationships (or contacts, for minutes per contact) the median is over.
    pub observed_over: u64,
    /// What the observed value is taken from.
    pub observed_as: &'static str,
}

/// A figure's published value in one group, beside the program's.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct GroupComparison {
    /// The group's name.
    pub name: String,
    /// The group's value.
    pub published: Option<f64>,
    /// The group's lowest value.
    pub low: Option<f64>,
    /// The group's highest value.
    pub high: Option<f64>,
    /// The spread around the group's value.
    pub spread: Option<Spread>,
    /// The evidence kinds of the group's citations.
    pub evidence: Vec<Evidence>,
}

/// The evidence kinds of `citations`, each once, in order of first appearance.
fn kinds(citations: &[Citation]) -> Vec<Evidence> {
    let mut out: Vec<Evidence> = Vec::new();
    for c in citations {
        if !out.contains(&c.evidence) {
            out.push(c.evidence);
        }
    }
    out
}

pub(super) struct SummaryInput<'a> {
    pub(super) manual: &'a Manual,
    pub(super) program: &'a Program,
    pub(super) window: &'a Window,
    pub(super) sites: &'a [SiteTotals],
    pub(super) minutes: &'a [Vec<u64>; 2],
    pub(super) responses: &'a ResponseTimes,
    pub(super) unscored: Unscored,
}

impl Summary {
    pub(super) fn new(input: &SummaryInput<'_>) -> Self {
        let days: i64 = input.sites.iter().map(|t| days_read(t, input.window)).sum();
        #[allow(clippy::cast_precision_loss)] // days, far below 2^52
        let practice_years = days as f64 / 365.0;
        let channels = Channel::ALL
            .into_iter()
            .map(|channel| channel_summary(input, channel, practice_years))
            .collect();
        Self {
            sites: input.sites.len(),
            practice_years: round(practice_years),
            channels,
            comparisons: comparisons(input),
            responses: input.responses.summary(),
            unscored: input.unscored,
        }
    }
}

/// The relationship's days inside the days read.
fn days_read(tally: &SiteTotals, window: &Window) -> i64 {
    let from = window
        .from
        .map_or(tally.start, |first| first.max(tally.start));
    let until = tally.end.map_or(window.end(), |end| end.min(window.end()));
    from.days_until(until).max(0)
}

fn channel_summary(input: &SummaryInput<'_>, channel: Channel, years: f64) -> ChannelSummary {
    let mut totals = Totals::new();
    let mut contacts_per_site = Vec::with_capacity(input.sites.len());
    let mut hours_per_site = Vec::with_capacity(input.sites.len());
    for site in input.sites {
        if let Some(on) = site.channels.get(channel_index(channel)) {
            totals.join(on);
            contacts_per_site.push(on.contacts_summed);
            hours_per_site.push(on.hours_summed);
        }
    }
    let (met, below, above) = (totals.met, totals.below, totals.above);
    let complete = met + below + above;
    let share = |n: u32| (complete > 0).then(|| round(f64::from(n) / f64::from(complete)));
    let contact_minutes = totals.contact_minutes;
    let histogram = input
        .minutes
        .get(channel_index(channel))
        .map_or(&[][..], Vec::as_slice);
    let unprescribed = input
        .sites
        .iter()
        .filter_map(|t| t.unprescribed.get(channel_index(channel)))
        .fold((0, 0), |(n, m), (dn, dm)| (n + dn, m + dm));
    ChannelSummary {
        channel,
        complete_periods: complete,
        met,
        below,
        above,
        too_short: totals.too_short,
        adherence: share(met + above),
        within_band: share(met),
        contacts: totals.contacts,
        fewer_coaches: totals.fewer_coaches,
        unprescribed_contacts: unprescribed.0,
        unprescribed_hours: hours(unprescribed.1),
        contact_hours: hours(contact_minutes),
        coach_hours: hours(totals.coach_minutes),
        travel_hours: hours(totals.travel_minutes),
        hours_per_practice_year: (years > 0.0).then(|| round(hours(contact_minutes) / years)),
        contacts_per_site: Quartiles::of(contacts_per_site),
        hours_per_site: Quartiles::of(hours_per_site),
        median_contact_minutes: histogram_median(histogram),
    }
}

/// The median of a histogram of minutes (index = minutes).
#[allow(clippy::cast_precision_loss)] // minutes up to 1440
fn histogram_median(histogram: &[u64]) -> Option<f64> {
    let total: u64 = histogram.iter().sum();
    if total == 0 {
        return None;
    }
    // The values at ranks (total - 1) / 2 and total / 2, averaged.
    let nth = |rank: u64| {
        let mut seen = 0;
        histogram.iter().position(|&count| {
            seen += count;
            seen > rank
        })
    };
    let (low, high) = (nth((total - 1) / 2)?, nth(total / 2)?);
    Some((low + high) as f64 / 2.0)
}

/// Rounded to hundredths, for tables.
fn round(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

fn comparisons(input: &SummaryInput<'_>) -> Vec<Comparison> {
    input
        .manual
        .figures
        .iter()
        .filter_map(|figure| {
            let (observed, over, observed_as) = observed(input, figure.describes.as_ref()?);
            let decimal = |d: Option<Decimal>| d.map(Decimal::as_f64);
            let groups = figure
                .groups
                .iter()
                .map(|g| GroupComparison {
                    name: g.name.clone(),
                    published: decimal(g.value),
                    low: decimal(g.low),
                    high: decimal(g.high),
                    spread: g.spread,
                    evidence: kinds(&g.citations),
                })
                .collect();
            Some(Comparison {
                figure: figure.key.clone(),
                name: figure.name.clone(),
                unit: figure.unit.clone(),
                published: decimal(figure.value),
                low: decimal(figure.low),
                high: decimal(figure.high),
                spread: figure.spread,
                groups,
                tolerance: figure.tolerance(),
                evidence: kinds(&figure.citations),
                within_tolerance: observed.map(|o| {
                    let here = Planned { low: o, high: o };
                    figure.bands().any(|b| b.meets(here))
                }),
                observed: observed.map(round),
                observed_over: over,
                observed_as,
            })
        })
        .collect()
}

/// The program's median of what a figure describes, over how many, and from what.
fn observed(input: &SummaryInput<'_>, described: &Described) -> (Option<f64>, u64, &'static str) {
    // Whole relationships are those that ended inside the days read.
    let ended: Vec<&SiteTotals> = input
        .sites
        .iter()
        .filter(|t| t.end.is_some_and(|end| end <= input.window.end()))
        .collect();
    let over_ended = |value: &dyn Fn(&SiteTotals) -> f64| {
        let median = Quartiles::of(ended.iter().map(|t| value(t)).collect()).map(|q| q.median);
        (
            median,
            ended.len() as u64,
            "relationships that ended in the days read",
        )
    };
    let counted =
        |t: &SiteTotals, value: fn(&Totals) -> u64| -> u64 { t.channels.iter().map(value).sum() };
    let on = |t: &SiteTotals, channel: Channel, value: fn(&Totals) -> u64| -> u64 {
        t.channels.get(channel_index(channel)).map_or(0, value)
    };
    #[allow(clippy::cast_precision_loss)] // days, far below 2^52
    let years = |t: &SiteTotals| {
        let end = t.end.unwrap_or(t.start);
        t.start.days_until(end) as f64 / 365.25
    };
    // A relationship that ended the day it began has no rate a year.
    let yearly = |t: &SiteTotals, total: f64| {
        let years = years(t);
        if years > 0.0 { total / years } else { 0.0 }
    };
    match described {
        Described::RelationshipMonths => over_ended(&|t| years(t) * 12.0),
        // Every contact delivered: short-handed ones and those made where nothing was
        // prescribed (a dose tailored to each site) included.
        #[allow(clippy::cast_precision_loss)]
        Described::RelationshipContacts => over_ended(&|t| {
            let unprescribed: u64 = t.unprescribed.iter().map(|u| u.0).sum();
            (counted(t, |c| c.contacts + c.fewer_coaches) + unprescribed) as f64
        }),
        Described::RelationshipContactHours => over_ended(&|t| {
            let unprescribed: u64 = t.unprescribed.iter().map(|u| u.1).sum();
            hours(counted(t, |c| c.contact_minutes) + unprescribed)
        }),
        Described::ContactMinutes(channel) => {
            let histogram = input
                .minutes
                .get(channel_index(*channel))
                .map_or(&[][..], Vec::as_slice);
            (
                histogram_median(histogram),
                histogram.iter().sum(),
                "contacts counted on the channel",
            )
        }
        #[allow(clippy::cast_precision_loss)]
        Described::ContactsPerYear(channel) => {
            over_ended(&|t| yearly(t, on(t, *channel, |c| c.contacts) as f64))
        }
        Described::ContactHoursPerYear(channel) => {
            over_ended(&|t| yearly(t, hours(on(t, *channel, |c| c.contact_minutes))))
        }
        #[allow(clippy::cast_precision_loss)] // sites per coach
        Described::SitesPerCoach => {
            // The caseloads the roster reads, of coaches who coach any site that day.
            let roster = input.program.roster(input.manual, input.window.as_of);
            let caseloads: Vec<f64> = roster
                .coaches
                .iter()
                .filter(|c| c.caseload > 0)
                .map(|c| c.caseload as f64)
                .collect();
            let over = caseloads.len() as u64;
            let median = Quartiles::of(caseloads).map(|q| q.median);
            (median, over, "coaches coaching sites on the day read")
        }
    }
}
