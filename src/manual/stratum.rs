//! Strata: groups of sites whose entry into a phase depends on the group, not on a date.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Citation;
use crate::{Key, Months};

/// A group of sites (high or low readiness for change, a region) that enters a phase in one
/// of the months the manual names, e.g. a stepped wedge whose high-readiness practices start
/// the intervention at month 9, 11 or 12.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Stratum {
    /// The stratum's key; a program's site names it.
    pub key: Key,
    /// A readable name.
    pub name: String,
    /// Who belongs to it and how the month is chosen (at random among `months`, say).
    pub description: String,
    /// The phase (by key) whose entry the stratum sets.
    pub enters: Key,
    /// The months of the relationship (1 is its first) in one of which a site of the stratum
    /// enters the phase.
    pub months: Vec<Months>,
    /// Where the stratum and its months come from.
    pub citations: Vec<Citation>,
}
