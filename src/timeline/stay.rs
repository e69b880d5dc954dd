//! A site's stays in a phase: where each phase of a relationship begins and ends, for the
//! periods counted over a phase and the milestones counted from its entry.

use crate::program::Relationship;
use crate::{Date, Key};

/// One stay in a phase: the phase, its first day and the day after its last.
pub(super) struct Stay {
    pub(super) phase: Key,
    pub(super) from: Date,
    pub(super) until: Date,
}

/// The phase stays of the projected relationship, each ending where the next begins, the last
/// at `until`.
pub(super) fn stays(projected: &Relationship, until: Date) -> Vec<Stay> {
    let transitions = &projected.phases;
    transitions
        .iter()
        .enumerate()
        .map(|(n, t)| Stay {
            phase: t.phase.clone(),
            from: t.date,
            until: transitions.get(n + 1).map_or(until, |next| next.date),
        })
        .filter(|s| s.from < s.until)
        .collect()
}
