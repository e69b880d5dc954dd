//! Where a site or a coach is: WGS84 latitude and longitude, held exactly in ten-millionths of
//! a degree, and the great-circle distance between two places in whole metres.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::ScalarError;

/// Ten-millionths of a degree in one degree: about a centimetre on the ground.
const SCALE: f64 = 1e7;

/// The mean radius of the Earth in metres (IUGG, R1 = (2a + b) / 3 of WGS84).
pub const EARTH_RADIUS_METRES: f64 = 6_371_008.8;

/// Reads a number of degrees in `-limit..=limit`, saying what is expected in every error.
struct DegreesVisitor {
    limit: i32,
    expected: &'static str,
}

impl DegreesVisitor {
    fn read(&self, value: f64) -> Option<i32> {
        let limit = f64::from(self.limit);
        if !value.is_finite() || !(-limit..=limit).contains(&value) {
            return None;
        }
        // In range, so the product is at most 1.8e9 in magnitude and fits an i32.
        #[allow(clippy::cast_possible_truncation)]
        let scaled = (value * SCALE).round() as i32;
        Some(scaled.clamp(-self.limit * 10_000_000, self.limit * 10_000_000))
    }
}

impl Visitor<'_> for DegreesVisitor {
    type Value = i32;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expected)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<i32, E> {
        self.read(v)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Float(v), &self))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i32, E> {
        i32::try_from(v)
            .ok()
            .and_then(|n| self.read(f64::from(n)))
            .ok_or_else(|| E::invalid_value(de::Unexpected::Signed(v), &self))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i32, E> {
        i32::try_from(v)
            .ok()
            .and_then(|n| self.read(f64::from(n)))
            .ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }
}

macro_rules! degrees {
    ($(#[$doc:meta])* $name:ident, $limit:literal, $what:literal, $expected:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(i32);

        impl $name {
            /// The largest number of degrees either side of zero.
            pub const LIMIT: i32 = $limit;
            const EXPECTED: &'static str = $expected;

            /// Checks a number of degrees and rounds it to the nearest ten-millionth.
            ///
            /// # Errors
            /// When `degrees` is not finite or is outside `-LIMIT..=LIMIT`.
            pub fn new(degrees: f64) -> Result<Self, ScalarError> {
                DegreesVisitor { limit: $limit, expected: $expected }
                    .read(degrees)
                    .map(Self)
                    .ok_or_else(|| ScalarError::new($what, &degrees.to_string(), Self::EXPECTED))
            }

            /// The value in ten-millionths of a degree.
            #[must_use]
            pub const fn ten_millionths(self) -> i32 {
                self.0
            }

            /// The value in degrees.
            #[must_use]
            pub fn degrees(self) -> f64 {
                f64::from(self.0) / SCALE
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.degrees(), f)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                if self.0 % 10_000_000 == 0 {
                    serializer.serialize_i32(self.0 / 10_000_000)
                } else {
                    serializer.serialize_f64(self.degrees())
                }
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer
                    .deserialize_any(DegreesVisitor { limit: $limit, expected: $expected })
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
                    "type": "number",
                    "minimum": -$limit,
                    "maximum": $limit,
                })
            }
        }
    };
}

degrees!(
    /// Degrees north of the equator (WGS84), -90 to 90; south is negative. Held in
    /// ten-millionths of a degree (about a centimetre): more decimal places are rounded.
    Latitude, 90, "latitude", "a number of degrees from -90 to 90"
);
degrees!(
    /// Degrees east of Greenwich (WGS84), -180 to 180; west is negative. Held in
    /// ten-millionths of a degree (about a centimetre): more decimal places are rounded.
    Longitude, 180, "longitude", "a number of degrees from -180 to 180"
);

/// A place on Earth, in WGS84 degrees, e.g. `{"latitude": 34.0556, "longitude": -117.1825}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// Degrees north (negative: south), -90 to 90.
    pub latitude: Latitude,
    /// Degrees east (negative: west), -180 to 180.
    pub longitude: Longitude,
}

impl Location {
    /// A place from degrees north and east.
    ///
    /// # Errors
    /// When either is out of range or not finite.
    pub fn new(latitude: f64, longitude: f64) -> Result<Self, ScalarError> {
        Ok(Self {
            latitude: Latitude::new(latitude)?,
            longitude: Longitude::new(longitude)?,
        })
    }

    /// The point on the unit sphere, for distances and comparisons of distances.
    #[must_use]
    pub(crate) fn unit_vector(self) -> [f64; 3] {
        let lat = self.latitude.degrees().to_radians();
        let lon = self.longitude.degrees().to_radians();
        [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
    }

    /// The great-circle distance to `other` in whole metres (rounded to the nearest), on a
    /// sphere of the Earth's mean radius ([`EARTH_RADIUS_METRES`]). Distances on the WGS84
    /// ellipsoid differ by at most about 0.5%.
    ///
    /// ```
    /// use practice_coaching::scalar::Location;
    /// let los_angeles = Location::new(34.0522, -118.2437)?;
    /// let san_bernardino = Location::new(34.1083, -117.2898)?;
    /// assert_eq!(los_angeles.distance_metres(&san_bernardino), 88_073);
    /// # Ok::<(), practice_coaching::ScalarError>(())
    /// ```
    #[must_use]
    pub fn distance_metres(&self, other: &Location) -> u32 {
        metres_between(self.unit_vector(), other.unit_vector())
    }
}

/// The squared chord between two points of the unit sphere: it orders pairs as their
/// great-circle distance does, for a fraction of the cost.
#[must_use]
pub(crate) fn chord_squared(from: [f64; 3], to: [f64; 3]) -> f64 {
    from.iter().zip(to).map(|(p, q)| (p - q) * (p - q)).sum()
}

/// The great-circle distance in whole metres between two points of the unit sphere.
#[must_use]
pub(crate) fn metres_between(a: [f64; 3], b: [f64; 3]) -> u32 {
    metres_from_chord_squared(chord_squared(a, b))
}

/// The great-circle distance in whole metres for a squared chord of the unit sphere.
#[must_use]
pub(crate) fn metres_from_chord_squared(chord_squared: f64) -> u32 {
    // The chord is at most 2 (antipodes); rounding may pass it by an ulp, and a NaN cannot
    // come from finite unit vectors, but either is held in range.
    let half = (chord_squared.max(0.0).sqrt() / 2.0).min(1.0);
    let metres = 2.0 * EARTH_RADIUS_METRES * half.asin();
    // At most half the circumference, about 2.0e7: within u32.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let whole = metres.round() as u32;
    whole
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rounds_and_writes_back() {
        let place: Location =
            serde_json::from_str(r#"{"latitude": 34.05223429, "longitude": -117}"#).unwrap();
        assert_eq!(place.latitude.ten_millionths(), 340_522_343);
        assert_eq!(place.longitude.ten_millionths(), -1_170_000_000);
        let json = serde_json::to_string(&place).unwrap();
        assert_eq!(json, r#"{"latitude":34.0522343,"longitude":-117}"#);
        assert_eq!(serde_json::from_str::<Location>(&json).unwrap(), place);
        assert_eq!(
            Location::new(-90.0, 180.0)
                .unwrap()
                .latitude
                .ten_millionths(),
            -900_000_000
        );
    }

    #[test]
    fn refuses_what_is_not_on_earth() {
        for bad in [
            r#"{"latitude": 90.0000001, "longitude": 0}"#,
            r#"{"latitude": -91, "longitude": 0}"#,
            r#"{"latitude": 0, "longitude": 180.5}"#,
            r#"{"latitude": 0, "longitude": 4294967296}"#,
            r#"{"latitude": "34", "longitude": 0}"#,
            r#"{"latitude": 0}"#,
            r#"{"latitude": 0, "longitude": 0, "altitude": 3}"#,
        ] {
            assert!(serde_json::from_str::<Location>(bad).is_err(), "{bad}");
        }
        assert!(Latitude::new(f64::NAN).is_err());
        let error = Longitude::new(-200.0).unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid longitude `-200`: expected a number of degrees from -180 to 180"
        );
    }

    #[test]
    fn distances_are_whole_metres_on_the_mean_sphere() {
        let a = Location::new(0.0, 0.0).unwrap();
        let b = Location::new(0.0, 1.0).unwrap();
        // One degree of the equator: 2 pi R / 360.
        assert_eq!(a.distance_metres(&b), 111_195);
        assert_eq!(a.distance_metres(&a), 0);
        let antipode = Location::new(0.0, 180.0).unwrap();
        assert_eq!(a.distance_metres(&antipode), 20_015_114);
        let north = Location::new(90.0, 0.0).unwrap();
        let south = Location::new(-90.0, 0.0).unwrap();
        assert_eq!(north.distance_metres(&south), 20_015_114);
    }
}
