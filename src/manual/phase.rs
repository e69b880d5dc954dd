//! Phases of the coaching relationship and their entry and exit criteria.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Citation;
use crate::{Date, Key, Length};

/// A phase of the coaching relationship, e.g. engagement or sustainment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    /// The phase's key.
    pub key: Key,
    /// A readable name.
    pub name: String,
    /// What the phase is for.
    pub purpose: String,
    /// How long the phase is planned to last.
    pub length: PhaseLength,
    /// The intensity level (by key) coaching takes on entering the phase.
    pub starting_level: Key,
    /// What should hold before the phase starts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entry_criteria: Vec<Criterion>,
    /// What should hold before the phase ends.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exit_criteria: Vec<Criterion>,
    /// Skills (by key) the phase leans on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<Key>,
    /// Where the phase and its numbers come from.
    pub citations: Vec<Citation>,
}

/// The planned length of a phase: at least `min`, at most `max` (open-ended without one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PhaseLength {
    /// The shortest planned stay.
    pub min: Length,
    /// The longest planned stay; open-ended when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Length>,
}

impl PhaseLength {
    /// How a stay entered on `entered` and left on `end` (exclusive: the first day out of the
    /// phase) compares with the planned length, counted in the plan's own units from the day
    /// of entry (calendar months as months, weeks as weeks; never one turned into the other).
    /// A maximum past year 9999 counts as none; `None` where the minimum is past it.
    #[must_use]
    pub fn fit(self, entered: Date, end: Date) -> Option<LengthFit> {
        // Most stays are well within the plan, and their days alone say so: at least the most
        // days the minimum can span, at most the fewest the maximum can (a month is 28 to 31
        // days). Only a stay near a bound has its dates counted out month by month.
        let days = entered.days_until(end);
        if days >= i64::from(self.min.max_days())
            && self.max.is_none_or(|max| days <= i64::from(max.min_days()))
        {
            return Some(LengthFit::Within);
        }
        self.fit_by_dates(entered, end)
    }

    /// [`PhaseLength::fit`] from the days the minimum and the maximum end on.
    fn fit_by_dates(self, entered: Date, end: Date) -> Option<LengthFit> {
        let min_end = self.min.after(entered)?;
        let max_end = self.max.and_then(|max| max.after(entered));
        Some(if end < min_end {
            LengthFit::Short
        } else if max_end.is_some_and(|max_end| end > max_end) {
            LengthFit::Long
        } else {
            LengthFit::Within
        })
    }
}

/// How long a stay in a phase lasted against the phase's planned length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LengthFit {
    /// Shorter than the planned minimum.
    Short,
    /// From the minimum to the maximum (or at least the minimum, where open-ended).
    Within,
    /// Longer than the planned maximum.
    Long,
}

impl LengthFit {
    /// `short`, `within` or `long`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Short => "short",
            Self::Within => "within",
            Self::Long => "long",
        }
    }
}

/// A condition for entering or leaving a phase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// The criterion's key, unique within its phase.
    pub key: Key,
    /// What must hold, in words.
    pub description: String,
    /// The measure (by key) that tells whether it holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<Key>,
    /// The target on that measure, in words (e.g. `at least 80%`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
}

impl Phase {
    /// A phase lasting at least `min`, open-ended, starting at `starting_level`, with no
    /// criteria or skills yet.
    ///
    /// # Errors
    /// When `key` or `starting_level` is not a valid [`Key`].
    pub fn new(
        key: &str,
        name: &str,
        purpose: &str,
        min: Length,
        starting_level: &str,
        citations: Vec<Citation>,
    ) -> Result<Self, crate::ScalarError> {
        Ok(Self {
            key: Key::new(key)?,
            name: name.to_owned(),
            purpose: purpose.to_owned(),
            length: PhaseLength { min, max: None },
            starting_level: Key::new(starting_level)?,
            entry_criteria: Vec::new(),
            exit_criteria: Vec::new(),
            skills: Vec::new(),
            citations,
        })
    }

    /// The exit criterion with `key`.
    #[must_use]
    pub fn exit_criterion(&self, key: &Key) -> Option<&Criterion> {
        self.exit_criteria.iter().find(|c| &c.key == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Months, Weeks};

    /// The days alone settle a stay only where the dates would: every stay from two days
    /// before entry to 130 days after, entered on each day of a leap winter and of the last
    /// months before year 10000, under short plans in weeks and months.
    #[test]
    fn days_settle_a_fit_as_the_dates_do() {
        let weeks = |n| Length::Weeks(Weeks::new(n).unwrap());
        let months = |n| Length::Months(Months::new(n).unwrap());
        let mins = [
            weeks(0),
            weeks(1),
            weeks(4),
            months(0),
            months(1),
            months(2),
        ];
        let maxes = [None, Some(weeks(6)), Some(months(1)), Some(months(3))];
        let day = |text: &str| Date::new(text).unwrap();
        let entries = [(day("2015-12-28"), 100), (day("9999-10-25"), 68)];
        let mut seen = std::collections::BTreeMap::new();
        for (first, count) in entries {
            for entered in (0..count).filter_map(|d| first.checked_add_days(d)) {
                for end in (-2..=130).filter_map(|d| entered.checked_add_days(d)) {
                    for (min, max) in mins.iter().flat_map(|&min| maxes.map(|max| (min, max))) {
                        let length = PhaseLength { min, max };
                        let fit = length.fit(entered, end);
                        assert_eq!(
                            fit,
                            length.fit_by_dates(entered, end),
                            "{entered} to {end}, {min} to {max:?}"
                        );
                        *seen.entry(fit.map(LengthFit::as_str)).or_insert(0) += 1;
                    }
                }
            }
        }
        // Every answer is met, the minimum past year 9999 (`None`) too.
        assert_eq!(seen.len(), 4, "{seen:?}");
    }
}
