//! Runs of complete periods delivered below the prescribed minimum: how long a site went
//! short on a channel, the event the manual's `delivered_below_minimum` rules read.

use serde::Serialize;

use super::SiteEvent;
use super::period::Adherence;
use super::tally::SiteTally;
use crate::manual::{Channel, Trigger};
use crate::{Date, EntityId, Weeks};

/// Consecutive complete periods on one channel at one site, each below its minimum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Shortfall {
    /// The site.
    pub site: EntityId,
    /// The channel.
    pub channel: Channel,
    /// The first day of the first period short.
    pub from: Date,
    /// The day after the last period short.
    pub until: Date,
    /// Whole weeks from `from` to `until`.
    pub weeks: Weeks,
    /// Whether the run reaches the last complete period: the site is still short.
    pub ongoing: bool,
}

impl Shortfall {
    /// The event a titration rule reads: delivered below the minimum for the run's weeks,
    /// begun on its first day, known on the day after its last period.
    #[must_use]
    pub const fn event(&self) -> SiteEvent {
        SiteEvent {
            date: self.until,
            began: self.from,
            what: Trigger::DeliveredBelowMinimum { weeks: self.weeks },
        }
    }
}

/// The shortfalls of one site, by channel and date. A period too short to score neither
/// starts, ends nor breaks a run: a run goes on across it, from the first period short to the
/// last.
pub(super) fn shortfalls(tally: &SiteTally) -> Vec<Shortfall> {
    let mut out = Vec::new();
    for (channel, periods) in Channel::ALL.into_iter().zip(&tally.periods) {
        let complete = periods
            .iter()
            .filter(|p| p.adherence != Adherence::InProgress);
        // The run so far: its first day, the day after its last period short, and the day
        // after the last period it reaches, stubs included.
        let mut run: Option<(Date, Date, Date)> = None;
        for period in complete {
            let joins = run.filter(|&(_, _, reach)| reach == period.from);
            run = match (period.adherence, joins) {
                (Adherence::TooShort, Some((from, until, _))) => Some((from, until, period.until)),
                (Adherence::TooShort, None) => {
                    if let Some((from, until, _)) = run.take() {
                        out.push(shortfall(tally.site, channel, from, until, false));
                    }
                    None
                }
                (Adherence::Below, Some((from, _, _))) => Some((from, period.until, period.until)),
                (adherence, _) => {
                    if let Some((from, until, _)) = run.take() {
                        out.push(shortfall(tally.site, channel, from, until, false));
                    }
                    (adherence == Adherence::Below).then_some((
                        period.from,
                        period.until,
                        period.until,
                    ))
                }
            };
        }
        if let Some((from, until, _)) = run {
            out.push(shortfall(tally.site, channel, from, until, true));
        }
    }
    out
}

fn shortfall(
    site: EntityId,
    channel: Channel,
    from: Date,
    until: Date,
    ongoing: bool,
) -> Shortfall {
    let days = from.days_until(until).max(0);
    let weeks = u16::try_from(days / 7)
        .unwrap_or(Weeks::MAX)
        .min(Weeks::MAX);
    Shortfall {
        site,
        channel,
        from,
        until,
        weeks: Weeks::new(weeks).unwrap_or(Weeks::MIN_VALUE),
        ongoing,
    }
}
