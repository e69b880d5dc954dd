use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Contact;
use crate::{Date, EntityId, Key};

/// One site's coaching relationship over time: when it started and ended, its phases, its
/// titration decisions, what it met and its contacts. The coach or team comes from the site's
/// assignments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Relationship {
    /// The site (by id).
    pub site: EntityId,
    /// The first day of coaching.
    pub start: Date,
    /// How coaching ended, if it has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<RelationshipEnd>,
    /// Phase transitions in date order; the first is the manual's first phase.
    pub phases: Vec<PhaseTransition>,
    /// Titration decisions in date order; the level before the first is the starting level of
    /// the phase in force.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub titration: Vec<TitrationDecision>,
    /// Exit criteria and milestones met, each on a date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub met: Vec<Achievement>,
    /// The contact log.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
    /// The manual's components offered to the site and whether it took each up. A component
    /// offered to every site needs a record only once received.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<ComponentUptake>,
}

/// A component of the manual offered to a site, and the day the site received it, if it did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ComponentUptake {
    /// The component (by key).
    pub component: Key,
    /// The day it was offered.
    pub offered: Date,
    /// The day the site first received it; absent where it has not taken it up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received: Option<Date>,
}

/// Something met on a date: a phase's exit criterion, or a milestone held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Achievement {
    /// The day it was met.
    pub date: Date,
    /// What was met.
    pub what: Achieved,
}

/// What an [`Achievement`] records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Achieved {
    /// An exit criterion of a phase.
    Criterion {
        /// The phase (by key).
        phase: Key,
        /// The criterion (by key).
        criterion: Key,
    },
    /// A milestone (by key), held.
    Milestone(Key),
}

/// The close of a relationship, with the hand-off to the site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RelationshipEnd {
    /// The last day of coaching.
    pub date: Date,
    /// What the site carries on with, and who to call.
    pub hand_off: String,
}

/// Entering a phase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PhaseTransition {
    /// The day the phase starts.
    pub date: Date,
    /// The phase (by key).
    pub phase: Key,
    /// Why; required when going back to an earlier phase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A change of intensity level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TitrationDecision {
    /// The day the level takes effect.
    pub date: Date,
    /// The new level (by key).
    pub level: Key,
    /// The titration rule (by key) applied, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<Key>,
    /// Why, in words; required where the rule demands a reason, or where no rule is named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Who decided.
    pub decided_by: DecisionMaker,
}

/// Who made a titration decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DecisionMaker {
    /// The site's coach or team.
    Coach,
    /// The program's coaches together (a standardization meeting).
    Coaches,
    /// A coach supervisor.
    Supervisor,
    /// The sponsor (its implementation team).
    Sponsor,
    /// The site itself.
    Site,
}

impl Relationship {
    /// The latest phase transition on or before `date`.
    #[must_use]
    pub fn transition_on(&self, date: Date) -> Option<&PhaseTransition> {
        self.phases
            .iter()
            .filter(|t| t.date <= date)
            .max_by_key(|t| t.date)
    }

    /// The day of the last thing the record holds about the relationship's course: its last
    /// phase transition or titration decision.
    #[must_use]
    pub fn recorded_until(&self) -> Option<Date> {
        let transition = self.phases.last().map(|t| t.date);
        let decision = self.titration.iter().map(|d| d.date).max();
        transition.max(decision)
    }

    /// The exit criteria of `phase` the record shows met from `from` through `through`, each
    /// once, in the manual's order. Progress and validation read a stay's criteria through
    /// this one function, so a stay reported as left with criteria open is the one a finding
    /// names.
    pub fn criteria_met<'p>(
        &self,
        phase: &'p crate::manual::Phase,
        from: Date,
        through: Date,
    ) -> impl Iterator<Item = &'p Key> {
        phase
            .exit_criteria
            .iter()
            .filter(move |criterion| {
                self.met.iter().any(|a| {
                    (from..=through).contains(&a.date)
                        && matches!(&a.what, Achieved::Criterion { phase: p, criterion: c }
                            if *p == phase.key && *c == criterion.key)
                })
            })
            .map(|c| &c.key)
    }
}
