//! Published figures with decimals (31.6 %), held exactly in ten-thousandths.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::ScalarError;

/// A non-negative decimal number with at most four decimal places, 0 to 1,000,000,000, e.g. a
/// published percentage (`31.6`), a median (`11`) or a cost (`26700`).
///
/// Held as an integer count of ten-thousandths, so figures compare and print exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Decimal(u64);

impl Decimal {
    /// Ten-thousandths in one.
    const SCALE: u64 = 10_000;
    /// The largest value accepted.
    pub const MAX: u64 = 1_000_000_000;
    const EXPECTED: &'static str = "a number from 0 to 1000000000 with at most four decimal places";

    /// A whole number.
    ///
    /// # Errors
    /// When `value` is above [`Decimal::MAX`].
    pub fn from_integer(value: u64) -> Result<Self, ScalarError> {
        if value <= Self::MAX {
            Ok(Self(value * Self::SCALE))
        } else {
            Err(ScalarError::new(
                "decimal",
                &value.to_string(),
                Self::EXPECTED,
            ))
        }
    }

    /// `value` ten-thousandths, e.g. `Decimal::from_ten_thousandths(316_000)` is 31.6.
    ///
    /// # Errors
    /// When the value is above [`Decimal::MAX`].
    pub fn from_ten_thousandths(value: u64) -> Result<Self, ScalarError> {
        if value <= Self::MAX * Self::SCALE {
            Ok(Self(value))
        } else {
            Err(ScalarError::new(
                "decimal",
                &format!("{value} ten-thousandths"),
                Self::EXPECTED,
            ))
        }
    }

    /// Reads a JSON number; a binary fraction is accepted when it is within rounding of four
    /// decimal places (`31.6` is not exact in binary).
    ///
    /// # Errors
    /// When `value` is negative, not finite, too large, or has more than four decimal places.
    pub fn from_f64(value: f64) -> Result<Self, ScalarError> {
        let error = || ScalarError::new("decimal", &value.to_string(), Self::EXPECTED);
        // The bound check comes first, so the cast below cannot saturate.
        #[allow(clippy::cast_precision_loss)]
        let in_range = value.is_finite() && (0.0..=Self::MAX as f64).contains(&value);
        if !in_range {
            return Err(error());
        }
        let scaled = value * 1e4;
        let rounded = scaled.round();
        // Within a few units of the last place of the binary value: 31.6 passes, 31.60001 not.
        if (scaled - rounded).abs() > (4.0 * f64::EPSILON * scaled).max(1e-9) {
            return Err(error());
        }
        // In range and rounded: an exact non-negative integer below 2^54.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Self::from_ten_thousandths(rounded as u64)
    }

    /// The value in ten-thousandths.
    #[must_use]
    pub const fn ten_thousandths(self) -> u64 {
        self.0
    }

    /// The value as a float, for arithmetic that tolerates rounding (comparisons, charts).
    #[must_use]
    #[allow(clippy::cast_precision_loss)]
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 1e4
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.0 / Self::SCALE;
        let fraction = self.0 % Self::SCALE;
        if fraction == 0 {
            return write!(f, "{whole}");
        }
        let digits = format!("{fraction:04}");
        write!(f, "{whole}.{}", digits.trim_end_matches('0'))
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.is_multiple_of(Self::SCALE) {
            serializer.serialize_u64(self.0 / Self::SCALE)
        } else {
            serializer.serialize_f64(self.as_f64())
        }
    }
}

struct DecimalVisitor;

impl Visitor<'_> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(Decimal::EXPECTED)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Decimal::from_integer(v).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        match u64::try_from(v) {
            Ok(v) => self.visit_u64(v),
            Err(_) => Err(E::invalid_value(de::Unexpected::Signed(v), &self)),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        Decimal::from_f64(v).map_err(|_| E::invalid_value(de::Unexpected::Float(v), &self))
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DecimalVisitor)
    }
}

impl JsonSchema for Decimal {
    fn schema_name() -> Cow<'static, str> {
        "Decimal".into()
    }

    fn inline_schema() -> bool {
        true
    }

    // No `multipleOf: 0.0001`: validators compute it in binary floating point and reject 31.6.
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "number",
            "minimum": 0,
            "maximum": Self::MAX,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_prints_exactly() {
        let d: Decimal = serde_json::from_str("31.6").unwrap();
        assert_eq!(d.ten_thousandths(), 316_000);
        assert_eq!(d.to_string(), "31.6");
        assert_eq!(serde_json::to_string(&d).unwrap(), "31.6");
        let whole: Decimal = serde_json::from_str("26700").unwrap();
        assert_eq!(serde_json::to_string(&whole).unwrap(), "26700");
        assert_eq!(Decimal::from_f64(0.0001).unwrap().to_string(), "0.0001");
    }

    #[test]
    fn rejects_what_it_cannot_hold() {
        for bad in [
            "-1",
            "0.00001",
            "1e10",
            "-0.5",
            "31.60001",
            "999999999.99999",
        ] {
            assert!(serde_json::from_str::<Decimal>(bad).is_err(), "{bad}");
        }
        assert!(Decimal::from_f64(f64::NAN).is_err());
        assert!(Decimal::from_f64(f64::INFINITY).is_err());
    }
}
