//! Schedule expansion: from a relationship and its manual, the planned contacts per period and
//! channel, the planned in-person visits with the activities around them, milestones, the
//! manual's periodic activities, and the learning sessions of the collaborative.
//!
//! Projection (a design choice): after the last recorded phase transition, the phase in force
//! and every later phase of the manual run for their planned maximum (their minimum when open
//! ended), in order. Recorded titration decisions stand; projected time uses each phase's
//! starting level.
//!
//! Periods (a design choice, docs/decisions.md): while a channel's prescription stays the same
//! across a change of phase or level, its periods run on; where it changes, the period in
//! progress is cut at the change and its counts prorated by days. Counts per phase run over the
//! phase stay, counts per relationship over the whole plan.

use super::Prescribed;
use super::calendar::periods;
use super::plan::{Plan, PlannedPeriod, Segment};
use super::stay::Stay;
use crate::manual::{Channel, Per, Prescription};
use crate::program::{PhaseTransition, Relationship};
use crate::{Date, Manual};

impl Relationship {
    /// The relationship with the phases after its last recorded transition projected in the
    /// manual's order, and the day after the last projected phase ends (the default horizon).
    ///
    /// The record holds the site in its last recorded phase up to its last recorded event (a
    /// transition or a titration decision): the next phase is never projected to start before
    /// the day after it, so on every recorded day the projection agrees with the record, as
    /// fidelity and progress read it.
    #[must_use]
    pub fn projected(&self, manual: &Manual) -> (Relationship, Option<Date>) {
        let mut projected = self.clone();
        let Some(last) = self.phases.last() else {
            return (projected, None);
        };
        let Some(position) = manual.phase_index(&last.phase) else {
            return (projected, None);
        };
        let held_until = self.recorded_until().and_then(Date::next_day);
        let mut start = last.date;
        for (n, phase) in manual.phases.iter().enumerate().skip(position) {
            if n > position {
                projected.phases.push(PhaseTransition {
                    date: start,
                    phase: phase.key.clone(),
                    reason: None,
                });
            }
            match phase.length.max.unwrap_or(phase.length.min).after(start) {
                Some(next) if n == position => start = held_until.map_or(next, |d| d.max(next)),
                Some(next) => start = next,
                None => return (projected, None),
            }
        }
        (projected, Some(start))
    }
}

/// Stretches with one phase and level, from the change points of the projected relationship.
pub(super) fn segments(
    projected: &Relationship,
    manual: &Manual,
    from: Date,
    until: Date,
    recorded_until: Option<Date>,
) -> Vec<Segment> {
    if until <= from {
        return Vec::new();
    }
    let mut changes: Vec<Date> = projected
        .phases
        .iter()
        .map(|t| t.date)
        .chain(projected.titration.iter().map(|d| d.date))
        .filter(|d| *d >= from && *d < until)
        .collect();
    changes.push(from);
    changes.sort_unstable();
    changes.dedup();
    let mut out: Vec<Segment> = Vec::new();
    for (n, start) in changes.iter().enumerate() {
        let stop = changes.get(n + 1).copied().unwrap_or(until);
        let Some(Prescribed { phase, level }) = projected.prescribed_on(manual, *start) else {
            continue;
        };
        // Recorded up to the record's last event, projected after it.
        let projected = recorded_until.is_none_or(|last| *start > last);
        match out.last_mut() {
            Some(previous)
                if previous.phase == phase.key
                    && previous.level == level.key
                    && previous.projected == projected
                    && previous.until == *start =>
            {
                previous.until = stop;
            }
            _ => out.push(Segment {
                from: *start,
                until: stop,
                phase: phase.key.clone(),
                level: level.key.clone(),
                projected,
            }),
        }
    }
    out
}

/// Consecutive segments under one unchanged prescription of a channel.
struct Series<'m> {
    prescription: &'m Prescription,
    from: Date,
    until: Date,
    /// Where the prescription's periods are counted from.
    anchor: Date,
    /// The full extent of the one period of a per-phase or per-relationship count.
    whole: Option<(Date, Date)>,
}

fn same_dose(a: &Prescription, b: &Prescription) -> bool {
    (a.min_contacts, a.max_contacts, a.per) == (b.min_contacts, b.max_contacts, b.per)
}

/// Adds the prescription periods of `plan`'s segments to its periods, channel by channel
/// ([`Channel::ALL`] order), each channel's by date: callers that show them sort them by date.
pub(super) fn expand_periods(plan: &mut Plan, manual: &Manual, stays: &[Stay], natural_end: Date) {
    for channel in Channel::ALL {
        let mut all: Vec<Series<'_>> = Vec::new();
        for segment in &plan.segments {
            let Some(prescription) = manual
                .level(&segment.level)
                .and_then(|level| level.prescription(channel))
            else {
                continue;
            };
            let stay = stays
                .iter()
                .find(|s| s.from <= segment.from && segment.from < s.until);
            if let Some(series) = all.last_mut()
                && series.until == segment.from
                && same_dose(series.prescription, prescription)
                && (prescription.per != Per::Phase || stay.is_some_and(|s| s.from <= series.from))
            {
                series.until = segment.until;
                continue;
            }
            let whole = match prescription.per {
                Per::Phase => stay.map(|s| (s.from, s.until)),
                Per::Relationship => Some((plan.from, natural_end)),
                _ => None,
            };
            all.push(Series {
                prescription,
                from: segment.from,
                until: segment.until,
                anchor: whole.map_or(segment.from, |(from, _)| from),
                whole,
            });
        }
        for series in &mut all {
            // The series the horizon stops runs on to where coaching ends.
            if series.until == plan.until {
                series.until = natural_end;
            }
            series_periods(plan, series, channel);
        }
    }
}

/// The periods of one series, cut to it, with their counts prorated where cut.
fn series_periods(plan: &mut Plan, series: &Series<'_>, channel: Channel) {
    let p = series.prescription;
    let full: Vec<(Date, Date)> = match (p.per.period(), series.whole) {
        (Some(period), _) => periods(series.anchor, period, series.until.min(plan.until)).collect(),
        (None, Some(whole)) => vec![whole],
        (None, None) => Vec::new(),
    };
    for (start, next) in full {
        let from = start.max(series.from);
        let until = next.min(series.until);
        if from >= until || from >= plan.until {
            continue;
        }
        let (whole_days, days) = (start.days_until(next), from.days_until(until));
        let cut = days < whole_days;
        let prorate = |count: u16, round_up: bool| -> u16 {
            if !cut {
                return count;
            }
            let scaled = i64::from(count) * days;
            let share = if round_up {
                (scaled + whole_days - 1) / whole_days
            } else {
                // Half up: a cut month of 16 days of one visit a month plans the visit.
                (2 * scaled + whole_days) / (2 * whole_days)
            };
            u16::try_from(share).unwrap_or(count)
        };
        // A series is made of segments, so every period starts in one.
        let Some(segment) = plan
            .segments
            .iter()
            .find(|s| s.from <= from && from < s.until)
        else {
            continue;
        };
        let (phase, level) = (segment.phase.clone(), segment.level.clone());
        let min_contacts = prorate(p.min_contacts.get(), false);
        plan.periods.push(PlannedPeriod {
            from,
            until,
            channel,
            phase,
            level,
            per: p.per,
            cut,
            min_contacts,
            max_contacts: prorate(p.max_contacts.get(), true).max(min_contacts),
        });
    }
}
