//! JSON Schemas (draft 2020-12) of the documents, for tools in any language.
//!
//! The schemas are generated from the types with `schemars` and describe what parsing accepts:
//! single values (keys, numbers and their bounds, enum values, required and unknown members).
//! Rules that span fields (unique keys, references, ranges in order) belong to validation and are
//! not in the schemas. The committed copies under `docs/schemas/` are kept equal to these by a
//! test; `docs/schemas/README.md` lists the few inputs on which a schema validator and parsing
//! disagree.

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use schemars::transform::RestrictFormats;
use serde_json::Value;

use crate::{Manual, Program};

/// The `$id` of the manual schema. The trailing number changes only with an incompatible change
/// of the manual format.
pub const MANUAL_SCHEMA_ID: &str = "urn:practice-coaching:schema:manual:2";

/// The JSON Schema of a [`Manual`], as [`Manual::from_json`] reads it.
#[must_use]
pub fn manual_schema() -> Value {
    document_schema::<Manual>(&Document {
        id: MANUAL_SCHEMA_ID,
        title: "Practice coaching manual",
        description: "A practice coaching manual: its vocabularies, phases, dose and titration, \
            skills, qualifications, team rule, activities, milestones, materials, the learning \
            collaborative and measures, each value with its evidence. This schema checks single \
            values; rules that span fields (unique keys, references to the vocabularies and \
            between sections, ranges in order) are checked by validation.",
    })
}

/// The `$id` of the program schema. The trailing number changes only with an incompatible
/// change of the program format.
pub const PROGRAM_SCHEMA_ID: &str = "urn:practice-coaching:schema:program:2";

/// The JSON Schema of a [`Program`], as [`Program::from_json`] reads it.
#[must_use]
pub fn program_schema() -> Value {
    document_schema::<Program>(&Document {
        id: PROGRAM_SCHEMA_ID,
        title: "Practice coaching program",
        description: "A practice coaching program: organizations, sites, coaches, teams, dated \
            assignments and coaching relationships over time, following a manual. This schema \
            checks single values; rules that span fields (unique ids, references, keys from the \
            manual's vocabularies, the team rule, qualifications, dates in order) are checked by \
            validation against the manual.",
    })
}

/// The `$id` of the contact log mapping schema. The trailing number changes only with an
/// incompatible change of the mapping format.
pub const CONTACT_LOG_MAPPING_SCHEMA_ID: &str =
    "urn:practice-coaching:schema:contact-log-mapping:1";

/// The JSON Schema of a contact log [`Mapping`](crate::contact_log::Mapping), as
/// [`Mapping::from_json`](crate::contact_log::Mapping::from_json) reads it.
#[must_use]
pub fn contact_log_mapping_schema() -> Value {
    document_schema::<crate::contact_log::Mapping>(&Document {
        id: CONTACT_LOG_MAPPING_SCHEMA_ID,
        title: "Contact log mapping",
        description: "How the columns of a contact log (a CSV or JSON Lines export from a \
            spreadsheet or REDCap) map to contacts, activities and meetings: which column holds \
            each field, whether sites and coaches are named by id or by name, export codes and \
            the date and time formats. Checks that span members (one way of naming a list's \
            cells, an offset wherever times lack one) are made by `Mapping::from_json`.",
    })
}

/// A schema as the text of its committed file: pretty JSON with a trailing newline.
#[must_use]
pub fn to_text(schema: &Value) -> String {
    let mut text = serde_json::to_string_pretty(schema).unwrap_or_default();
    text.push('\n');
    text
}

/// What names a document schema.
struct Document {
    id: &'static str,
    title: &'static str,
    description: &'static str,
}

/// The schema of the document type `T` with its `$id`, title and description.
fn document_schema<T: JsonSchema>(document: &Document) -> Value {
    // schemars gives plain integers non-standard formats (`uint16`, ...); `RestrictFormats`
    // keeps only the formats draft 2020-12 defines. Bounded scalars write their own schemas with
    // minimum and maximum and no format; a test checks both across the whole schema.
    let mut schema = SchemaSettings::draft2020_12()
        .for_deserialize()
        .with_transform(RestrictFormats::default())
        .into_generator()
        .into_root_schema_for::<T>();
    schema.insert("$id".to_owned(), document.id.into());
    schema.insert("title".to_owned(), document.title.into());
    schema.insert("description".to_owned(), document.description.into());
    schema.to_value()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plain integers, for which schemars writes `uint16` and `uint32` formats.
    #[derive(JsonSchema)]
    #[allow(dead_code)]
    struct Plain {
        small: u16,
        large: u32,
    }

    #[test]
    fn non_standard_formats_are_removed() {
        let schema = document_schema::<Plain>(&Document {
            id: "urn:test",
            title: "Plain",
            description: "Plain integers.",
        });
        let raw = schemars::schema_for!(Plain).to_value();
        assert_eq!(raw["properties"]["small"]["format"], "uint16");
        assert_eq!(raw["properties"]["large"]["format"], "uint32");
        assert!(schema["properties"]["small"].get("format").is_none());
        assert!(schema["properties"]["large"].get("format").is_none());
        assert_eq!(schema["$id"], "urn:test");
    }
}
