//! Lengths of time in whole weeks or calendar months: 12 months is not 52 weeks.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Date, Months, Weeks};

/// A length of time in weeks or in calendar months, written `{"weeks": 26}` or
/// `{"months": 6}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Length {
    /// Whole weeks of seven days.
    Weeks(Weeks),
    /// Calendar months: from the 15th to the 15th, the end of a shorter month where the day is
    /// missing.
    Months(Months),
}

impl Length {
    /// Whether the length is zero.
    #[must_use]
    pub const fn is_zero(self) -> bool {
        match self {
            Self::Weeks(w) => w.get() == 0,
            Self::Months(m) => m.get() == 0,
        }
    }

    /// The number of weeks or months.
    #[must_use]
    pub fn amount(self) -> u32 {
        match self {
            Self::Weeks(w) => u32::from(w.get()),
            Self::Months(m) => u32::from(m.get()),
        }
    }

    /// Its unit: `weeks` or `months`.
    #[must_use]
    pub const fn unit(self) -> &'static str {
        match self {
            Self::Weeks(_) => "weeks",
            Self::Months(_) => "months",
        }
    }

    /// Whole calendar months from `from` up to `until` (exclusive), counted as
    /// [`after`](Self::after) counts them: a month is whole once its same day (or the month's
    /// end) is reached. 0 where `until` is not after `from`.
    #[must_use]
    pub fn whole_months(from: Date, until: Date) -> u32 {
        use chrono::Datelike;
        let (a, b) = (from.as_naive(), until.as_naive());
        let span = (b.year() - a.year()) * 12 + i32::try_from(b.month()).unwrap_or_default()
            - i32::try_from(a.month()).unwrap_or_default();
        let mut months = u32::try_from(span).unwrap_or_default();
        while months > 0
            && from
                .checked_add_months(months)
                .is_none_or(|end| end > until)
        {
            months -= 1;
        }
        months
    }

    /// The time from `from` up to `until` (exclusive) in this length's unit, in whole weeks or
    /// whole calendar months, written like a length (`5 weeks`, `13 months`): for comparing a
    /// stay with a plan in the plan's own unit.
    #[must_use]
    pub fn elapsed_in_unit(self, from: Date, until: Date) -> String {
        match self {
            Self::Weeks(_) => {
                let weeks = from.days_until(until).max(0) / 7;
                format!("{weeks} {}", if weeks == 1 { "week" } else { "weeks" })
            }
            Self::Months(_) => {
                let months = Self::whole_months(from, until);
                format!("{months} {}", if months == 1 { "month" } else { "months" })
            }
        }
    }

    /// The date this length after `date`, or `None` past year 9999.
    #[must_use]
    pub fn after(self, date: Date) -> Option<Date> {
        self.times_after(date, 1)
    }

    /// The date `times` of this length after `date`, or `None` past year 9999. Counted from
    /// `date`, not from the previous time, so month ends do not drift: monthly from January 31
    /// gives February 29 (in a leap year), March 31, April 30.
    #[must_use]
    pub fn times_after(self, date: Date, times: u32) -> Option<Date> {
        match self {
            Self::Weeks(w) => {
                let days = i64::from(w.get()) * 7 * i64::from(times);
                date.checked_add_days(days)
            }
            Self::Months(m) => date.checked_add_months(u32::from(m.get()).checked_mul(times)?),
        }
    }

    /// The fewest days this length can span (a month at least 28 days).
    #[must_use]
    pub fn min_days(self) -> u32 {
        match self {
            Self::Weeks(w) => 7 * u32::from(w.get()),
            Self::Months(m) => 28 * u32::from(m.get()),
        }
    }

    /// The most days this length can span (a month at most 31 days).
    #[must_use]
    pub fn max_days(self) -> u32 {
        match self {
            Self::Weeks(w) => 7 * u32::from(w.get()),
            Self::Months(m) => 31 * u32::from(m.get()),
        }
    }

    /// The length in days, averaging a month at 30.44 days, for charts and comparisons with
    /// published figures.
    #[must_use]
    pub fn approx_days(self) -> f64 {
        match self {
            Self::Weeks(w) => 7.0 * f64::from(w.get()),
            Self::Months(m) => 30.436_875 * f64::from(m.get()),
        }
    }
}

impl fmt::Display for Length {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (n, unit) = match self {
            Self::Weeks(w) => (w.get(), "week"),
            Self::Months(m) => (m.get(), "month"),
        };
        if n == 1 {
            write!(f, "1 {unit}")
        } else {
            write!(f, "{n} {unit}s")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_calendar_months() {
        let start = Date::new("2016-01-31").unwrap();
        let six: Length = serde_json::from_str(r#"{"months": 1}"#).unwrap();
        assert_eq!(six.after(start).unwrap().to_string(), "2016-02-29");
        let weeks = Length::Weeks(Weeks::new(52).unwrap());
        assert_eq!(weeks.after(start).unwrap().to_string(), "2017-01-29");
        assert_eq!(
            Length::Months(Months::new(12).unwrap()).to_string(),
            "12 months"
        );
    }

    #[test]
    fn one_unit_only() {
        assert!(serde_json::from_str::<Length>(r#"{"weeks": 1, "months": 1}"#).is_err());
        assert!(serde_json::from_str::<Length>(r#"{"days": 1}"#).is_err());
    }
}
