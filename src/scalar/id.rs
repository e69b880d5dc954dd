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
        // At 36 characters uuid reads only the hyphenated form, hyphens at 8, 13, 18 and 23
        // (the simple, braced and URN forms have other lengths).
        match Uuid::try_parse(value) {
            Ok(uuid) if value.len() == 36 => Ok(Self(uuid)),
            _ => Err(ScalarError::new("id", value, Self::EXPECTED)),
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
    use super::*;

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
