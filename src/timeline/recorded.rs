//! The prescription periods of a relationship as its record stands, for comparing what was
//! delivered with what was prescribed.
//!
//! A plan projects the phases after the last recorded transition at their planned lengths; a
//! comparison must not: a site that stayed in a phase past its planned maximum was still
//! prescribed that phase's dose. Here the phase in force runs on until the relationship ends or
//! the horizon, and periods are cut exactly as the planner cuts them.

use super::plan::{Plan, PlannedPeriod};
use super::schedule::{expand_periods, segments};
use super::stay::stays;
use crate::program::Relationship;
use crate::{Date, Manual};

impl Relationship {
    /// Every prescription period and channel of the relationship as recorded, from its start
    /// until `until` (exclusive) or its end, whichever comes first: the phases and titration
    /// decisions recorded, the last phase in force running on, counts per period prorated
    /// where a change of prescription cuts a period, as [`Relationship::plan`] cuts them. A
    /// period running past `until` is cut there; pass a horizon past the last day of interest
    /// to see its period whole.
    #[must_use]
    pub fn periods_as_recorded(&self, manual: &Manual, until: Date) -> Vec<PlannedPeriod> {
        let mut periods = self.periods_as_recorded_by_channel(manual, until);
        periods.sort_by_key(|p| (p.from, p.channel));
        periods
    }

    /// [`periods_as_recorded`](Self::periods_as_recorded) channel by channel
    /// ([`Channel::ALL`](crate::manual::Channel::ALL) order), each channel's by date: as a
    /// scorer keeps them, unsorted into one list.
    pub(crate) fn periods_as_recorded_by_channel(
        &self,
        manual: &Manual,
        until: Date,
    ) -> Vec<PlannedPeriod> {
        let ended = self.end.as_ref().and_then(|e| e.date.next_day());
        let until = ended.map_or(until, |end| end.min(until));
        if until <= self.start {
            return Vec::new();
        }
        // The record alone: contacts and achievements play no part in the periods.
        let recorded = Relationship {
            site: self.site,
            start: self.start,
            end: self.end.clone(),
            phases: self.phases.clone(),
            titration: self.titration.clone(),
            met: Vec::new(),
            contacts: Vec::new(),
            components: Vec::new(),
        };
        let mut segments = segments(&recorded, manual, self.start, until, None);
        // Each period clones its segment's keys: with the manual's own, relationships planned
        // on two threads at once contend for one counter (four fifths of the planner's time).
        for segment in &mut segments {
            segment.phase = segment.phase.detached();
            segment.level = segment.level.detached();
        }
        let mut plan = Plan {
            site: self.site,
            start: self.start,
            from: self.start,
            until,
            segments,
            periods: Vec::new(),
            events: Vec::new(),
            activities: Vec::new(),
        };
        expand_periods(&mut plan, manual, &stays(&recorded, until), until);
        plan.periods
    }
}
