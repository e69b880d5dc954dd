use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, FixedOffset};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::{Date, ScalarError};

/// The start of a contact: an RFC 3339 date and time with its UTC offset, e.g.
/// `2016-03-14T09:30:00-07:00`.
///
/// Only the `T` separator and an explicit offset (`Z` or `±hh:mm`) are accepted, as in JSON
/// Schema's `format: date-time`; `chrono` alone also reads a space or a lowercase `t`. A leap
/// second (`:60`) is refused, as Python's JSON Schema validators refuse it: no contact is
/// logged to the leap second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContactTime(DateTime<FixedOffset>);

impl ContactTime {
    /// The JSON Schema pattern (the calendar check is `format: date-time`).
    pub const PATTERN: &'static str = r"^(?!0000)[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-5][0-9](\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})(?![\s\S])";
    const EXPECTED: &'static str =
        "an RFC 3339 date and time with offset, e.g. 2016-03-14T09:30:00-07:00";

    /// Checks and parses a date and time.
    ///
    /// # Errors
    /// When `value` is not RFC 3339 with a `T` separator and an offset, has a leap second, or
    /// falls in year 0000.
    pub fn new(value: &str) -> Result<Self, ScalarError> {
        let bytes = value.as_bytes();
        let shaped = bytes.get(10) == Some(&b'T')
            && bytes.len() >= 20
            && bytes
                .iter()
                .all(|b| b.is_ascii_digit() || b"-:T.Z+".contains(b));
        match DateTime::parse_from_rfc3339(value) {
            Ok(time)
                if shaped
                    && Date::from_naive(time.date_naive()).is_ok()
                    && time.timestamp_subsec_nanos() < 1_000_000_000 =>
            {
                Ok(Self(time))
            }
            _ => Err(ScalarError::new("date and time", value, Self::EXPECTED)),
        }
    }

    /// A date and time read some other way (a log's date, time and offset columns), checked as
    /// [`ContactTime::new`] checks text: a year from 1 to 9999, no leap second.
    pub(crate) fn from_datetime(time: DateTime<FixedOffset>) -> Option<Self> {
        (Date::from_naive(time.date_naive()).is_ok()
            && time.timestamp_subsec_nanos() < 1_000_000_000)
            .then_some(Self(time))
    }

    /// The chrono value inside.
    #[must_use]
    pub const fn as_datetime(&self) -> DateTime<FixedOffset> {
        self.0
    }

    /// The local calendar date of the contact (in its own offset).
    #[must_use]
    pub fn date(&self) -> Date {
        // `new` checked that the year can be written.
        Date::from_checked(self.0.date_naive())
    }
}

impl fmt::Display for ContactTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_rfc3339())
    }
}

super::text_scalar!(ContactTime);

impl JsonSchema for ContactTime {
    fn schema_name() -> Cow<'static, str> {
        "ContactTime".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An RFC 3339 date and time with offset, e.g. 2016-03-14T09:30:00-07:00.",
            "type": "string",
            "format": "date-time",
            "pattern": Self::PATTERN,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_rfc3339_only() {
        let t = ContactTime::new("2016-03-14T09:30:00-07:00").unwrap();
        assert_eq!(t.date().to_string(), "2016-03-14");
        assert!(ContactTime::new("2016-03-14T09:30:00.5Z").is_ok());
        for bad in [
            "2016-03-14 09:30:00-07:00",
            "2016-03-14t09:30:00Z",
            "2016-03-14T09:30:00",
            "2016-03-14",
            "2016-3-14T09:30:00Z",
        ] {
            assert_eq!(
                ContactTime::new(bad).unwrap_err().what(),
                "date and time",
                "{bad}"
            );
        }
    }
}
