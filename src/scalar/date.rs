use std::borrow::Cow;
use std::fmt;

use chrono::NaiveDate;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::ScalarError;

/// A calendar date written strictly as `YYYY-MM-DD`, e.g. `2015-09-01`.
///
/// `chrono` alone also reads `2026-1-5`; that form is rejected here so the JSON Schema's
/// `format: date` and the types agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date(NaiveDate);

impl Date {
    /// The day after this one, where it can be written (not after 9999-12-31).
    #[must_use]
    pub fn next_day(self) -> Option<Date> {
        Date::from_naive(self.as_naive().succ_opt()?).ok()
    }

    /// The date `days` days later (earlier where `days` is negative), where it can be written.
    #[must_use]
    pub fn checked_add_days(self, days: i64) -> Option<Date> {
        let step = chrono::Days::new(days.unsigned_abs());
        let moved = if days >= 0 {
            self.0.checked_add_days(step)
        } else {
            self.0.checked_sub_days(step)
        }?;
        Date::from_naive(moved).ok()
    }

    /// The date `months` calendar months later, where it can be written; a day past the end of
    /// the later month is its last day (January 31 and one month is February 28 or 29).
    #[must_use]
    pub fn checked_add_months(self, months: u32) -> Option<Date> {
        Date::from_naive(self.0.checked_add_months(chrono::Months::new(months))?).ok()
    }

    /// The days from this date to `later`: negative where `later` is earlier.
    #[must_use]
    pub fn days_until(self, later: Date) -> i64 {
        (later.0 - self.0).num_days()
    }

    /// The JSON Schema pattern for a date (the calendar check is `format: date`).
    pub const PATTERN: &'static str = r"^(?!0000)[0-9]{4}-[0-9]{2}-[0-9]{2}(?![\s\S])";
    const EXPECTED: &'static str =
        "a calendar date written YYYY-MM-DD, years 0001 to 9999, e.g. 2015-09-01";

    /// Checks and parses a date.
    ///
    /// # Errors
    /// When `value` is not ten characters `YYYY-MM-DD` naming a real calendar day of the years
    /// 0001 to 9999.
    pub fn new(value: &str) -> Result<Self, ScalarError> {
        let shaped = value.len() == 10
            && value.bytes().enumerate().all(|(i, b)| {
                if matches!(i, 4 | 7) {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
            Ok(date) if shaped => Self::from_naive(date),
            _ => Err(ScalarError::new("date", value, Self::EXPECTED)),
        }
    }

    /// Wraps a chrono date. Years outside 0001-9999 cannot be written as `YYYY-MM-DD` (year 0000
    /// is refused too: Python's `datetime`, and so its JSON Schema validators, cannot read it).
    ///
    /// # Errors
    /// When the year is outside 1 to 9999.
    pub fn from_naive(date: NaiveDate) -> Result<Self, ScalarError> {
        use chrono::Datelike;
        if (1..=9999).contains(&date.year()) {
            Ok(Self(date))
        } else {
            Err(ScalarError::new("date", &date.to_string(), Self::EXPECTED))
        }
    }

    /// Wraps a date whose year the caller has checked to be 1 to 9999.
    pub(crate) const fn from_checked(date: NaiveDate) -> Self {
        Self(date)
    }

    /// The chrono date inside.
    #[must_use]
    pub const fn as_naive(&self) -> NaiveDate {
        self.0
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Plain integer formatting: chrono's strftime parses its format string on every call.
        use chrono::Datelike;
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            self.0.month(),
            self.0.day()
        )
    }
}

super::text_scalar!(Date);

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A calendar date, YYYY-MM-DD.",
            "type": "string",
            "format": "date",
            "pattern": Self::PATTERN,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_stays_within_writable_dates() {
        let day = |text: &str| Date::new(text).unwrap();
        assert_eq!(
            day("2016-03-01").checked_add_days(-1),
            Some(day("2016-02-29"))
        );
        assert_eq!(
            day("2016-01-31").checked_add_months(1),
            Some(day("2016-02-29"))
        );
        assert_eq!(day("2016-01-01").days_until(day("2017-01-01")), 366);
        assert_eq!(day("2017-01-01").days_until(day("2016-01-01")), -366);
        assert_eq!(day("9999-12-31").checked_add_days(1), None);
        assert_eq!(day("0001-01-01").checked_add_days(-1), None);
        assert_eq!(day("9999-12-01").checked_add_months(1), None);
    }

    #[test]
    fn strict_form_only() {
        assert_eq!(Date::new("2015-09-01").unwrap().to_string(), "2015-09-01");
        let far = NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap();
        assert_eq!(Date::from_naive(far).unwrap_err().what(), "date");
        let zero = NaiveDate::from_ymd_opt(0, 1, 1).unwrap();
        assert!(Date::from_naive(zero).is_err());
        assert!(Date::new("0000-01-01").is_err());
        assert_eq!(Date::new("0001-01-01").unwrap().to_string(), "0001-01-01");
        for bad in [
            "2026-1-5",
            "2026-02-30",
            "20260105",
            "2026-01-05T00:00",
            " 2026-01-05",
            "+2026-01-05",
        ] {
            assert_eq!(Date::new(bad).unwrap_err().what(), "date", "{bad}");
        }
    }
}
