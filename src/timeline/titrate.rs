//! The manual's titration rules applied to an event.

use std::fmt;

use crate::manual::{TitrationRule, Trigger};
use crate::{Key, Manual, Weeks};

/// What the manual's rules call for: the rule that applied (if any), the adjustment, the level
/// before and after, and an explanation naming the rule and its evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Titrated<'m> {
    /// The first rule whose trigger matched.
    pub rule: Option<&'m TitrationRule>,
    /// The level before.
    pub from: Key,
    /// The level after; equal to `from` for hold, review, a step past either end, a deferred
    /// change, or no matching rule.
    pub to: Key,
    /// Whether the change waits for the manual's minimum interval between changes.
    pub deferred: bool,
    /// Why, in words: the rule key, its adjustment and its first citation.
    pub explanation: String,
}

impl fmt::Display for Titrated<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.explanation)
    }
}

impl Manual {
    /// Applies the first titration rule whose trigger fires for `event` to a site at `level`.
    /// The event is written as a trigger: `Trigger::Disruption`, or `Trigger::WeeksInPhase`
    /// with the weeks the site has spent in the phase (a rule fires once its weeks are reached).
    ///
    /// `weeks_since_change` is the time since the last dose change, if any; a change sooner than
    /// `min_weeks_between_changes` is deferred unless the rule overrides the interval. Stepping
    /// past either end of the level list holds.
    #[must_use]
    pub fn titrate(
        &self,
        level: &Key,
        event: &Trigger,
        weeks_since_change: Option<Weeks>,
    ) -> Titrated<'_> {
        let Some(rule) = self
            .titration_rules()
            .iter()
            .find(|r| r.trigger.fires_for(event))
        else {
            return Titrated {
                rule: None,
                from: level.clone(),
                to: level.clone(),
                deferred: false,
                explanation: format!(
                    "no titration rule matches {event:?}; the level stays `{level}`"
                ),
            };
        };
        self.apply(rule, level, weeks_since_change)
    }

    /// Applies `rule`, which fired, to a site at `level`, `weeks_since_change` after the last
    /// dose change, if any: the change it makes, deferred where it comes sooner than the
    /// manual's minimum interval and the rule does not override it.
    pub(crate) fn apply<'m>(
        &'m self,
        rule: &'m TitrationRule,
        level: &Key,
        weeks_since_change: Option<Weeks>,
    ) -> Titrated<'m> {
        let target = self.level_after(level, &rule.adjustment);
        let interval = self
            .titration
            .as_ref()
            .and_then(|t| t.min_weeks_between_changes.as_ref())
            .map(|i| i.weeks);
        let deferred = target != *level
            && !rule.overrides_interval
            && interval.is_some_and(|interval| weeks_since_change.is_some_and(|w| w < interval));
        let to = if deferred {
            level.clone()
        } else {
            target.clone()
        };
        // The first citation names the evidence: its kind, and the source and locator where it
        // has them (a design choice's rationale stays on the rule, too long for one line).
        let evidence = rule.citations.first().map_or_else(String::new, |c| {
            let place: Vec<&str> = c
                .source
                .as_ref()
                .map(Key::as_str)
                .into_iter()
                .chain(c.locator.as_deref())
                .collect();
            if place.is_empty() {
                format!(" [{}]", c.evidence.as_str())
            } else {
                format!(" [{}: {}]", c.evidence.as_str(), place.join(", "))
            }
        });
        let outcome = if deferred {
            format!(
                "`{target}` is deferred: fewer than {} weeks since the last change; the level stays `{level}`",
                interval.map_or(0, Weeks::get)
            )
        } else if to == *level {
            format!("the level stays `{level}`")
        } else {
            format!("`{level}` -> `{to}`")
        };
        Titrated {
            rule: Some(rule),
            from: level.clone(),
            to,
            deferred,
            explanation: format!(
                "rule `{}` ({} -> {}): {outcome}{evidence}",
                rule.key, rule.trigger, rule.adjustment
            ),
        }
    }
}
