//! Bounded integers: every count in a document has a ceiling, so dose arithmetic in `u64`
//! cannot overflow and a typo such as 14400 minutes is caught while parsing.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::ScalarError;

/// Reads an integer in `min..=max`, naming `what` in every error.
struct BoundedVisitor {
    min: u16,
    max: u16,
    what: &'static str,
}

impl Visitor<'_> for BoundedVisitor {
    type Value = u16;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "an integer from {} to {} ({})",
            self.min, self.max, self.what
        )
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<u16, E> {
        u16::try_from(v)
            .ok()
            .filter(|n| (self.min..=self.max).contains(n))
            .ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<u16, E> {
        match u64::try_from(v) {
            Ok(v) => self.visit_u64(v),
            Err(_) => Err(E::invalid_value(de::Unexpected::Signed(v), &self)),
        }
    }
}

macro_rules! bounded {
    ($(#[$doc:meta])* $name:ident, $min:expr, $max:expr, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(u16);

        impl $name {
            /// The smallest value accepted.
            pub const MIN: u16 = $min;
            /// The largest value accepted.
            pub const MAX: u16 = $max;
            /// The smallest value, as a value.
            pub const MIN_VALUE: Self = Self($min);

            /// Checks and wraps a value.
            ///
            /// # Errors
            /// When `value` is outside `MIN..=MAX`.
            pub fn new(value: u16) -> Result<Self, ScalarError> {
                if (Self::MIN..=Self::MAX).contains(&value) {
                    Ok(Self(value))
                } else {
                    Err(ScalarError::new(
                        $what,
                        &value.to_string(),
                        concat!("an integer from ", stringify!($min), " to ", stringify!($max)),
                    ))
                }
            }

            /// The number inside.
            #[must_use]
            pub const fn get(self) -> u16 {
                self.0
            }
        }

        impl TryFrom<u16> for $name {
            type Error = ScalarError;
            fn try_from(value: u16) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_u16(self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer
                    .deserialize_u64(BoundedVisitor { min: Self::MIN, max: Self::MAX, what: $what })
                    .map(Self)
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn inline_schema() -> bool {
                true
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({
                    "type": "integer",
                    "minimum": Self::MIN,
                    "maximum": Self::MAX,
                })
            }
        }
    };
}

bounded!(
    /// Minutes, 0 to 1440 (one day).
    Minutes, 0, 1440, "minutes"
);
bounded!(
    /// A number of contacts in one period, 0 to 1000.
    ContactCount, 0, 1000, "contacts"
);
bounded!(
    /// Weeks, 0 to 520 (ten years).
    Weeks, 0, 520, "weeks"
);
bounded!(
    /// Hours, 0 to 720 (thirty days).
    Hours, 0, 720, "hours"
);
bounded!(
    /// Years, 0 to 80.
    Years, 0, 80, "years"
);
bounded!(
    /// A number of coaches (at one contact, or in one role of a team), 1 to 10.
    CoachCount, 1, 10, "coaches"
);
bounded!(
    /// Calendar months, 0 to 120 (ten years).
    Months, 0, 120, "months"
);
bounded!(
    /// Hours of training, 0 to 10000.
    TrainingHours, 0, 10000, "training hours"
);
bounded!(
    /// How many times in a period something recurs, 1 to 1000.
    TimesPerPeriod, 1, 1000, "times per period"
);
bounded!(
    /// How many sites a coach can coach at once, 0 to 10000.
    Capacity, 0, 10000, "capacity"
);
bounded!(
    /// A count of sites, 1 to 10000.
    SiteCount, 1, 10000, "sites"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_hold_on_every_path() {
        assert!(Minutes::new(1440).is_ok());
        assert_eq!(Minutes::new(1441).unwrap_err().what(), "minutes");
        assert!(CoachCount::new(0).is_err());
        let too_many: Result<Minutes, _> = serde_json::from_str("1441");
        assert!(
            too_many
                .unwrap_err()
                .to_string()
                .contains("an integer from 0 to 1440")
        );
        let negative: Result<Weeks, _> = serde_json::from_str("-1");
        assert!(
            negative
                .unwrap_err()
                .to_string()
                .starts_with("invalid value")
        );
        let fraction: Result<Weeks, _> = serde_json::from_str("1.5");
        assert!(
            fraction
                .unwrap_err()
                .to_string()
                .starts_with("invalid type")
        );
        let huge: Result<Weeks, _> = serde_json::from_str("1e400");
        assert!(huge.is_err());
    }
}
