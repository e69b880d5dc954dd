//! Checked scalar values: keys, entity ids, dates and bounded numbers.
//!
//! Each type has one validator, shared by `new`, `FromStr`, `TryFrom` and `Deserialize`, so a
//! value that exists has been checked, whichever way it came in.

mod bounded;
mod date;
mod decimal;
mod error;
mod id;
mod key;
mod length;
mod location;
mod time;

pub use bounded::{
    Capacity, CoachCount, ContactCount, Hours, Minutes, Months, SiteCount, TimesPerPeriod,
    TrainingHours, Weeks, Years,
};
pub use date::Date;
pub use decimal::Decimal;
pub use error::ScalarError;
pub use id::EntityId;
pub use key::Key;
pub(crate) use key::SharedKeys;
pub use length::Length;
pub use location::{EARTH_RADIUS_METRES, Latitude, Location, Longitude};
pub(crate) use location::{chord_squared, metres_from_chord_squared};
pub use time::ContactTime;

/// Shortens `value` for an error message, at a character boundary.
///
/// Serde repeats whole values in its messages; a 20 MB string must not become a 20 MB message.
pub(crate) fn truncate(value: &str, max_chars: usize) -> String {
    match value.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}... ({} bytes in all)", &value[..cut], value.len()),
        None => value.to_owned(),
    }
}

/// Implements `FromStr`, `TryFrom<&str>`, `TryFrom<String>`, `Serialize` (via `Display`) and
/// `Deserialize` for a text scalar whose only validator is `Type::new(&str)`.
macro_rules! text_scalar {
    ($type:ty) => {
        impl ::std::str::FromStr for $type {
            type Err = $crate::scalar::ScalarError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::new(s)
            }
        }

        impl TryFrom<&str> for $type {
            type Error = $crate::scalar::ScalarError;
            fn try_from(value: &str) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl TryFrom<String> for $type {
            type Error = $crate::scalar::ScalarError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::new(&value)
            }
        }

        impl ::serde::Serialize for $type {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $type {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                struct TextVisitor;
                impl ::serde::de::Visitor<'_> for TextVisitor {
                    type Value = $type;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_str<E: ::serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                        <$type>::new(v).map_err(E::custom)
                    }
                }
                deserializer.deserialize_str(TextVisitor)
            }
        }
    };
}
pub(crate) use text_scalar;
