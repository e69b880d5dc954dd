use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use uuid::Uuid;

use super::ScalarError;

/// The id of a program entity (organization, site, coach, dyad): a UUID written in the
/// hyphenated 36-character form only, e.g. `0b6f3c1e-9a4d-4f7e-8c2a-1d5e6f708192`.
///
/// The `uuid` crate also reads braced, simple and `urn:` forms; those are rejected here so the
/// JSON Schema and the types accept the same strings. Hex digits may be either case; output is
/// lowercase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityId(Uuid);

impl EntityId {
    /// The JSON Schema pattern for an id; [`EntityId::new`] accepts exactly the strings it
    /// matches.
    pub const PATTERN: &'static str =
        r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\s\S])";
    const EXPECTED: &'static str =
        "a uuid in the hyphenated 36-character form, e.g. 0b6f3c1e-9a4d-4f7e-8c2a-1d5e6f708192";

    /// Checks and parses an id.
    ///
    /// # Errors
    /// When `value` is not a hyphenated 36-character UUID.
    pub fn new(value: &str) -> Result<Self, ScalarError> {
        match hyphenated(value.as_bytes()) {
            Some(id) => Ok(Self(Uuid::from_u128(id))),
            None => Err(ScalarError::new("id", value, Self::EXPECTED)),
        }
    }

    /// Wraps an existing UUID.
    #[must_use]
    pub const fn from_uuid(uuid: Uuid) -> Self {
        Self(uuid)
    }

    /// The UUID inside.
    #[must_use]
    pub const fn as_uuid(&self) -> &Uuid {
        &self.0
    }
}

/// The number a hyphenated 36-character UUID writes (hex digits of either case, hyphens at 8,
/// 13, 18 and 23), or `None` for any other text. A contact log names two or three ids a row:
/// eight digits are checked and read at a time with word arithmetic, a few instructions each.
fn hyphenated(text: &[u8]) -> Option<u128> {
    let (first, rest) = text.split_first_chunk::<8>()?;
    let (second, rest) = rest.strip_prefix(b"-")?.split_first_chunk::<4>()?;
    let (third, rest) = rest.strip_prefix(b"-")?.split_first_chunk::<4>()?;
    let (fourth, rest) = rest.strip_prefix(b"-")?.split_first_chunk::<4>()?;
    let (fifth, last) = rest.strip_prefix(b"-")?.split_first_chunk::<4>()?;
    let last: &[u8; 8] = last.try_into().ok()?;
    let joined = |low: &[u8; 4], high: &[u8; 4]| {
        u64::from(u32::from_le_bytes(*low)) | (u64::from(u32::from_le_bytes(*high)) << 32)
    };
    [
        u64::from_le_bytes(*first),
        joined(second, third),
        joined(fourth, fifth),
        u64::from_le_bytes(*last),
    ]
    .into_iter()
    .try_fold(0, |id, word| {
        Some((id << 32) | u128::from(eight_digits(word)?))
    })
}

/// The number eight hex digits write (the first, in the lowest byte of `word`, the highest
/// digit), or `None` where a byte is not a hex digit.
const fn eight_digits(word: u64) -> Option<u32> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const TOPS: u64 = ONES * 0x80;
    // For bytes below 0x80, `at_least(word, b)` sets the top bit of each byte at least `b`:
    // no sum carries into the next byte.
    const fn at_least(word: u64, b: u64) -> u64 {
        word + ONES * (0x80 - b)
    }
    let lower = word | (ONES * 0x20);
    let digits = at_least(word, 0x30) & !at_least(word, 0x3A) & TOPS;
    let letters = at_least(lower, 0x61) & !at_least(lower, 0x67) & TOPS;
    if word & TOPS != 0 || digits | letters != TOPS {
        return None;
    }
    // Each byte's digit, then pairs, fours and eights of them joined, first digit highest.
    let nibbles = (word & (ONES * 0x0F)) + (letters >> 7) * 9;
    let pairs = ((nibbles << 4) | (nibbles >> 8)) & 0x00FF_00FF_00FF_00FF;
    let fours = ((pairs << 8) | (pairs >> 16)) & 0x0000_FFFF_0000_FFFF;
    // The top half is dropped: truncating is the point.
    #[allow(clippy::cast_possible_truncation)]
    Some(((fours << 16) | (fours >> 32)) as u32)
}

impl fmt::Display for EntityId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.hyphenated(), f)
    }
}

super::text_scalar!(EntityId);

impl JsonSchema for EntityId {
    fn schema_name() -> Cow<'static, str> {
        "EntityId".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A UUID in the hyphenated 36-character form.",
            "type": "string",
            "format": "uuid",
            "pattern": Self::PATTERN,
        })
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Ids are read as the `uuid` crate reads them, and exactly where it reads the
        /// hyphenated form: an id with one character changed to one beside the ranges of digits
        /// and letters (or a hyphen, or a digit), and any text of about that length.
        #[test]
        fn ids_are_read_as_the_uuid_crate_reads_them(
            id in "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
            at in 0_usize..36,
            changed in prop::sample::select(vec!['/', ':', '@', 'G', '`', 'g', '-', '0', 'f', 'é']),
            other in ".{30,40}",
        ) {
            let mut one_off: Vec<char> = id.chars().collect();
            one_off[at] = changed;
            let one_off: String = one_off.into_iter().collect();
            for text in [&id, &one_off, &other] {
                let expected = Uuid::try_parse(text).ok().filter(|_| text.len() == 36);
                prop_assert_eq!(EntityId::new(text).ok().map(|id| id.0), expected, "{}", text);
            }
        }
    }

    #[test]
    fn accepts_hyphenated_only() {
        let id = EntityId::new("0B6F3C1E-9A4D-4F7E-8C2A-1D5E6F708192").unwrap();
        assert_eq!(id.to_string(), "0b6f3c1e-9a4d-4f7e-8c2a-1d5e6f708192");
        for bad in [
            "{0b6f3c1e-9a4d-4f7e-8c2a-1d5e6f708192}",
            "0b6f3c1e9a4d4f7e8c2a1d5e6f708192",
            "urn:uuid:0b6f3c1e-9a4d-4f7e-8c2a-1d5e6f708192",
            "0b6f3c1e-9a4d-4f7e-8c2a-1d5e6f70819",
            "0b6f3c1e-9a4d-4f7e-8c2a-1d5e6f7081920",
            "0b6f3c1e-9a4d4-f7e-8c2a-1d5e6f708192",
        ] {
            assert_eq!(EntityId::new(bad).unwrap_err().what(), "id", "{bad}");
        }
    }
}
