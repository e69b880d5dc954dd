//! What the manual's titration rules call for on a day, read from a relationship's record,
//! its delivered dose, and events the record does not hold.

use super::shortfall::{Shortfall, Shortfalls};
use super::tally::{SiteCounts, SitePlan};
use super::window::Window;
use crate::manual::{TitrationRule, Trigger};
use crate::program::Relationship;
use crate::timeline::Titrated;
use crate::{Date, Key, Manual, Weeks};

/// Something that happened at a site on a day, written as a titration trigger: a disruption,
/// the site's preference, a coach's judgment, a measure crossing its target, or delivery
/// below the minimum for some weeks ([`Shortfall::event`](super::Shortfall::event)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteEvent {
    /// The day it became known.
    pub date: Date,
    /// The day it began: the same day for a disruption, the first day short for a shortfall.
    /// A decision under a rule made since then answers the event.
    pub began: Date,
    /// What happened.
    pub what: Trigger,
}

impl SiteEvent {
    /// `what` happened on `date`.
    #[must_use]
    pub const fn on(date: Date, what: Trigger) -> Self {
        Self {
            date,
            began: date,
            what,
        }
    }
}

impl Relationship {
    /// What the manual's titration rules call for on `as_of`, read from the record: the first
    /// rule, in the manual's order, whose trigger the record shows and which has not fired
    /// yet, applied to the level in force, with an explanation naming the weeks counted, the
    /// rule and its evidence. `None` where no rule fires, or on a day outside the relationship
    /// or before its first phase.
    ///
    /// The record shows two kinds of trigger:
    /// - **weeks in the phase in force** (`weeks_in_phase`), counted in whole weeks from the
    ///   phase's entry; such a rule fires once per phase entry or dose change: a decision under
    ///   it since the later of the two means it has fired;
    /// - **an exit criterion of the phase in force met before the phase's minimum length**
    ///   (`exit_criterion_met_early`), from the criteria met since the phase's entry; it fires
    ///   once per phase entry.
    ///
    /// - **delivered contacts below the minimum** (`delivered_below_minimum`), from the
    ///   contacts the relationship records (none recorded: delivery unknown, never read as
    ///   nil): a run of complete prescription periods short of
    ///   their minimum on a channel, as long as the rule's weeks, since the last dose change
    ///   (contacts logged beside the program: [`recommend_with`](Self::recommend_with) with the
    ///   [`Shortfall`](super::Shortfall)s of a [`Fidelity`](super::Fidelity) reading).
    ///
    /// The other triggers (a participant's preference, a coach's judgment, a disruption, a
    /// measure crossing its target) are events the record does not hold: pass them to
    /// [`recommend_with`](Self::recommend_with). A dose change is a decision that changes
    /// the level, or a phase entry whose starting level differs from the level before; a change
    /// sooner than the manual's minimum interval after the last one is deferred unless the
    /// rule overrides the interval.
    ///
    /// ```
    /// use practice_coaching::{Date, reference};
    /// let program = reference::bhicci_sample_program();
    /// let manual = reference::bhicci_late();
    /// let as_of: Date = "2015-10-01".parse()?;
    /// // Four weeks into engagement, no rule of the manual is due yet.
    /// assert!(program.relationships[0].recommend(manual, as_of).is_none());
    /// # Ok::<(), practice_coaching::ScalarError>(())
    /// ```
    #[must_use]
    pub fn recommend<'m>(&self, manual: &'m Manual, as_of: Date) -> Option<Titrated<'m>> {
        // A relationship that records no contact keeps its log elsewhere: its delivery is
        // unknown here, not nil.
        if self.contacts.is_empty() {
            return self.recommend_with(manual, as_of, &[]);
        }
        let window = Window::as_of(as_of);
        // The record alone does not say whether the team rule covers the site: every contact
        // counts here; a program's reading counts short-handed joint contacts apart.
        let plan = SitePlan::new(self, manual, &window, false);
        let mut counts = SiteCounts::new(&plan, 0);
        for contact in &self.contacts {
            // A contact no period counts is no delivery; the fidelity reading reports it.
            let _ = counts.count(&plan, contact, &window);
        }
        let mut shortfalls = Shortfalls::new(self.site);
        for period in plan.delivered(&counts, as_of) {
            shortfalls.add(&period);
        }
        let events: Vec<SiteEvent> = shortfalls.end().iter().map(Shortfall::event).collect();
        self.recommend_with(manual, as_of, &events)
    }

    /// [`recommend`](Self::recommend) with `events` in place of the shortfalls the record's
    /// own contacts show: a rule whose trigger an event fires (see [`Trigger::fires_for`])
    /// fires where the event became known after the last dose change (or phase entry), on or
    /// before `as_of`, and no decision under the rule has been made since it began.
    #[must_use]
    pub fn recommend_with<'m>(
        &self,
        manual: &'m Manual,
        as_of: Date,
        events: &[SiteEvent],
    ) -> Option<Titrated<'m>> {
        let prescribed = self.prescribed_on(manual, as_of)?;
        let entry = self.transition_on(as_of)?.date;
        let phase = &prescribed.phase.key;
        let last_change = self.last_dose_change(manual, as_of);
        let weeks_in_phase = weeks_between(entry, as_of);
        let weeks_since_change = last_change.map(|date| weeks_between(date, as_of));
        // A decision under a rule on or after `since`, up to `as_of`, means it has fired.
        let fired_since = |rule: &TitrationRule, since: Date| {
            self.titration
                .iter()
                .any(|d| d.rule.as_ref() == Some(&rule.key) && since <= d.date && d.date <= as_of)
        };
        let rearmed = last_change.map_or(entry, |change| change.max(entry));
        let met_early = |criterion: &Key| {
            let Some(early) = prescribed.phase.length.min.after(entry) else {
                return false;
            };
            self.met.iter().any(|m| {
                matches!(&m.what, crate::program::Achieved::Criterion { phase: p, criterion: c }
                    if p == phase && c == criterion)
                    && entry <= m.date
                    && m.date <= as_of
                    && m.date < early
            })
        };
        let rule = manual
            .titration_rules()
            .iter()
            .find(|rule| match &rule.trigger {
                Trigger::WeeksInPhase { phase: p, weeks } => {
                    p == phase && weeks_in_phase >= *weeks && !fired_since(rule, rearmed)
                }
                Trigger::ExitCriterionMetEarly {
                    phase: p,
                    criterion,
                } => p == phase && met_early(criterion) && !fired_since(rule, entry),
                trigger => events.iter().any(|event| {
                    trigger.fires_for(&event.what)
                        && rearmed <= event.date
                        && event.date <= as_of
                        && !fired_since(rule, event.began)
                }),
            })?;
        let titrated = manual.apply(rule, &prescribed.level.key, weeks_since_change);
        let since = match (last_change, weeks_since_change) {
            (Some(date), Some(weeks)) => {
                format!(", {} since the dose last changed on {date}", counted(weeks))
            }
            _ => String::new(),
        };
        Some(Titrated {
            explanation: format!(
                "on {as_of}, {} into `{phase}` (entered {entry}){since}: {}",
                counted(weeks_in_phase),
                titrated.explanation
            ),
            ..titrated
        })
    }

    /// The last dose change on or before `date`: a decision that changes the level, or a phase
    /// entry whose starting level differs from the level before (the first entry sets it). On a
    /// shared day the phase entry comes first.
    fn last_dose_change(&self, manual: &Manual, date: Date) -> Option<Date> {
        // (date, 0 for a phase entry or 1 for a decision, the level it sets)
        let mut events: Vec<(Date, u8, &Key)> = self
            .phases
            .iter()
            .filter(|t| t.date <= date)
            .filter_map(|t| Some((t.date, 0, &manual.phase(&t.phase)?.starting_level)))
            .chain(
                self.titration
                    .iter()
                    .filter(|d| d.date <= date)
                    .map(|d| (d.date, 1, &d.level)),
            )
            .collect();
        events.sort_by_key(|(date, kind, _)| (*date, *kind));
        let mut level: Option<&Key> = None;
        let mut last = None;
        for (on, _, set) in events {
            if level != Some(set) {
                last = Some(on);
            }
            level = Some(set);
        }
        last
    }
}

/// `1 week`, `3 weeks`.
fn counted(weeks: Weeks) -> String {
    if weeks.get() == 1 {
        "1 week".to_owned()
    } else {
        format!("{weeks} weeks")
    }
}

/// Whole weeks from `from` to `to`, at most [`Weeks::MAX`].
fn weeks_between(from: Date, to: Date) -> Weeks {
    let weeks = from.days_until(to).max(0) / 7;
    let weeks = u16::try_from(weeks).unwrap_or(Weeks::MAX).min(Weeks::MAX);
    Weeks::new(weeks).unwrap_or(Weeks::MIN_VALUE)
}
