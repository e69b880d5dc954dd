//! Components offered against received: how many sites each component of the manual reached.

use serde::Serialize;

use crate::manual::Offered;
use crate::{Date, Key, Manual, Program};

/// One component's uptake on the day read: the sites it was offered to and those that took it
/// up (42% of the practices offered educational outreach, say).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Uptake {
    /// The manual's component (by key).
    pub component: Key,
    /// Sites offered it by the day read: every relationship started by then for a component
    /// offered to all sites, else the relationships that record it offered by then.
    pub offered: u32,
    /// Of those, sites that received it by the day read.
    pub received: u32,
}

impl Uptake {
    /// Received as a share of offered; `None` where none was offered.
    #[must_use]
    pub fn share(&self) -> Option<f64> {
        (self.offered > 0).then(|| f64::from(self.received) / f64::from(self.offered))
    }
}

/// The uptake of every component of `manual` across `program`'s relationships, as of `as_of`.
/// One pass over each relationship's records, so it grows with records, not with their product
/// with components.
pub(super) fn uptake(manual: &Manual, program: &Program, as_of: Date) -> Vec<Uptake> {
    let mut out: Vec<Uptake> = manual
        .components
        .iter()
        .map(|c| Uptake {
            component: c.key.clone(),
            offered: 0,
            received: 0,
        })
        .collect();
    let position: foldhash::HashMap<&Key, usize> = manual
        .components
        .iter()
        .enumerate()
        .map(|(i, c)| (&c.key, i))
        .collect();
    for relationship in program.relationships.iter().filter(|r| r.start <= as_of) {
        let mut offered = vec![false; out.len()];
        let mut received = vec![false; out.len()];
        for (i, component) in manual.components.iter().enumerate() {
            if component.offered == Offered::AllSites
                && let Some(slot) = offered.get_mut(i)
            {
                *slot = true;
            }
        }
        for record in &relationship.components {
            let Some(&i) = position.get(&record.component) else {
                continue;
            };
            if record.offered <= as_of
                && let Some(slot) = offered.get_mut(i)
            {
                *slot = true;
            }
            if record.received.is_some_and(|d| d <= as_of)
                && let Some(slot) = received.get_mut(i)
            {
                *slot = true;
            }
        }
        for ((tally, offered), received) in out.iter_mut().zip(offered).zip(received) {
            tally.offered += u32::from(offered);
            tally.received += u32::from(offered && received);
        }
    }
    out
}
