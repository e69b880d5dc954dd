//! Runs of complete periods delivered below the prescribed minimum: how long a site went
//! short on a channel, the event the manual's `delivered_below_minimum` rules read.

use serde::Serialize;

use super::SiteEvent;
use super::period::{Adherence, DeliveredPeriod};
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

/// The shortfalls of one site, found period by period: a channel's periods in date order,
/// all of one channel before the next. A period too short to score neither starts, ends nor
/// breaks a run: a run goes on across it, from the first period short to the last.
pub(super) struct Shortfalls {
    site: EntityId,
    found: Vec<Shortfall>,
    /// The channel read, and its run so far.
    run: Option<(Channel, Option<Run>)>,
}

/// A run's first day, the day after its last period short, and the day after the last period
/// it reaches, stubs included.
type Run = (Date, Date, Date);

impl Shortfalls {
    pub(super) const fn new(site: EntityId) -> Self {
        Self {
            site,
            found: Vec::new(),
            run: None,
        }
    }

    /// Takes in the next period (periods in progress are not complete, and are passed by).
    pub(super) fn add(&mut self, period: &DeliveredPeriod) {
        if period.adherence == Adherence::InProgress {
            return;
        }
        let run = match self.run {
            Some((channel, run)) if channel == period.channel => run,
            _ => {
                self.end_channel();
                None
            }
        };
        let joins = run.filter(|&(_, _, reach)| reach == period.from);
        let channel = period.channel;
        let run = match (period.adherence, joins) {
            (Adherence::TooShort, Some((from, until, _))) => Some((from, until, period.until)),
            (Adherence::TooShort, None) => {
                if let Some((from, until, _)) = run {
                    self.found
                        .push(shortfall(self.site, channel, from, until, false));
                }
                None
            }
            (Adherence::Below, Some((from, _, _))) => Some((from, period.until, period.until)),
            (adherence, _) => {
                if let Some((from, until, _)) = run {
                    self.found
                        .push(shortfall(self.site, channel, from, until, false));
                }
                (adherence == Adherence::Below).then_some((period.from, period.until, period.until))
            }
        };
        self.run = Some((channel, run));
    }

    /// The shortfalls found, a run that reaches the last complete period of its channel
    /// ongoing.
    pub(super) fn end(mut self) -> Vec<Shortfall> {
        self.end_channel();
        self.found
    }

    fn end_channel(&mut self) {
        if let Some((channel, Some((from, until, _)))) = self.run.take() {
            self.found
                .push(shortfall(self.site, channel, from, until, true));
        }
    }
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
