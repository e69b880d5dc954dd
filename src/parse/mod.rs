//! Reading documents from JSON: the typed parse, and a [`ParseError`] that says where and what.
//!
//! Documents are parsed straight into their types, never through `serde_json::Value`, which
//! would keep the last of duplicate keys silently. A successful parse does no path tracking;
//! only after a failure is the input parsed again with `serde_path_to_error` to find the JSON
//! Pointer of the offending value.

use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::error::Category;

use crate::scalar::truncate;

mod plain;

/// The longest member name kept in a pointer, in characters.
const TOKEN_MAX_CHARS: usize = 80;

/// The longest message kept, in characters; serde repeats whole values in its messages.
const MESSAGE_MAX_CHARS: usize = 240;

/// Why a document could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParseErrorCode {
    /// Not well-formed JSON (or nested too deeply, or empty).
    Syntax,
    /// An object member the type does not have.
    UnknownField,
    /// A required member is absent.
    MissingField,
    /// A value of the wrong JSON type, e.g. a string where a number belongs.
    Type,
    /// A value of the right type but not allowed: out of range, a bad key, an unknown variant.
    Value,
    /// The same member twice in one object.
    DuplicateField,
}

impl ParseErrorCode {
    /// The stable code, e.g. `parse-unknown-field`.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Syntax => "parse-syntax",
            Self::UnknownField => "parse-unknown-field",
            Self::MissingField => "parse-missing-field",
            Self::Type => "parse-type",
            Self::Value => "parse-value",
            Self::DuplicateField => "parse-duplicate-field",
        }
    }

    fn classify(error: &serde_json::Error, message: &str) -> Self {
        match error.classify() {
            Category::Io | Category::Syntax | Category::Eof => Self::Syntax,
            // serde's messages for these cases are fixed by serde::de::Error's provided methods.
            Category::Data if message.starts_with("unknown field") => Self::UnknownField,
            Category::Data if message.starts_with("missing field") => Self::MissingField,
            Category::Data if message.starts_with("duplicate field") => Self::DuplicateField,
            Category::Data if message.starts_with("invalid type") => Self::Type,
            Category::Data => Self::Value,
        }
    }
}

impl fmt::Display for ParseErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A document that could not be read: the code, where (line, column, JSON Pointer) and what.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code} at line {line} column {column}, {}: {message}", shown_pointer(.pointer))]
pub struct ParseError {
    code: ParseErrorCode,
    line: usize,
    column: usize,
    pointer: String,
    message: String,
}

impl ParseError {
    /// A parse error found by a reader of one's own (a document read in parts, or checked
    /// before it is parsed), in the shape this crate's reader gives: `line` and `column`
    /// 1-based or 0 when unknown, `pointer` a JSON Pointer (empty for the whole document).
    #[must_use]
    pub fn new(
        code: ParseErrorCode,
        line: usize,
        column: usize,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            code,
            line,
            column,
            pointer: pointer.into(),
            message: message.into(),
        }
    }

    /// What went wrong.
    #[must_use]
    pub fn code(&self) -> ParseErrorCode {
        self.code
    }

    /// The line (1-based) where it went wrong; 0 when unknown.
    #[must_use]
    pub fn line(&self) -> usize {
        self.line
    }

    /// The column (1-based) where it went wrong; 0 when unknown.
    #[must_use]
    pub fn column(&self) -> usize {
        self.column
    }

    /// An RFC 6901 JSON Pointer to the offending value; empty for the whole document.
    #[must_use]
    pub fn pointer(&self) -> &str {
        &self.pointer
    }

    /// What went wrong, in words, shortened if long.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }
}

fn shown_pointer(pointer: &str) -> &str {
    if pointer.is_empty() {
        "(document)"
    } else {
        pointer
    }
}

/// Parses a document of type `T` from JSON bytes.
pub(crate) fn from_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ParseError> {
    // serde would read a struct written as an array of its members in order; a document must
    // be an object, as its schema says. (Nested objects written as arrays are a documented
    // one-way difference.)
    if let Some(offset) = bytes.iter().position(|b| !b.is_ascii_whitespace())
        && bytes.get(offset) == Some(&b'[')
    {
        let line = 1 + bytes.iter().take(offset).filter(|b| **b == b'\n').count();
        let column = 1 + offset
            - bytes
                .iter()
                .take(offset)
                .rposition(|b| *b == b'\n')
                .map_or(0, |nl| nl + 1);
        return Err(ParseError {
            code: ParseErrorCode::Type,
            line,
            column,
            pointer: String::new(),
            message: "invalid type: array, expected a JSON object at the top of the document"
                .to_owned(),
        });
    }
    if let Some(encoding) = foreign_encoding(bytes) {
        return Err(ParseError {
            code: ParseErrorCode::Syntax,
            line: 1,
            column: 1,
            pointer: String::new(),
            message: format!(
                "the document is {encoding}; expected UTF-8 JSON without a byte order mark (save it as UTF-8)"
            ),
        });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ParseError {
            code: ParseErrorCode::Syntax,
            line: 1,
            column: 1,
            pointer: String::new(),
            message: "the document is empty; expected a JSON object".to_owned(),
        });
    }
    // Equal keys share one text (`Key`): a program writes the same few keys many times.
    let _shared = crate::scalar::SharedKeys::begin();
    serde_json::from_slice(bytes).map_err(|error| locate::<T>(bytes, error))
}

/// The encoding a document is in when it is not plain UTF-8: a byte order mark, or the zero
/// bytes UTF-16 and UTF-32 put beside ASCII characters.
fn foreign_encoding(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0x00, 0x00, 0xfe, 0xff, ..] => Some("UTF-32 (big-endian, with a byte order mark)"),
        [0xff, 0xfe, 0x00, 0x00, ..] => Some("UTF-32 (little-endian, with a byte order mark)"),
        [0xef, 0xbb, 0xbf, ..] => Some("UTF-8 with a byte order mark"),
        [0xfe, 0xff, ..] => Some("UTF-16 (big-endian, with a byte order mark)"),
        [0xff, 0xfe, ..] => Some("UTF-16 (little-endian, with a byte order mark)"),
        [0x00, 0x00, 0x00, b, ..] if *b != 0 => Some("UTF-32 (big-endian)"),
        [b, 0x00, 0x00, 0x00, ..] if *b != 0 => Some("UTF-32 (little-endian)"),
        [0x00, b, ..] if *b != 0 => Some("UTF-16 (big-endian)"),
        [b, 0x00, ..] if *b != 0 => Some("UTF-16 (little-endian)"),
        _ => None,
    }
}

/// A document as pretty JSON with a trailing newline.
pub(crate) fn to_json<T: serde::Serialize>(document: &T) -> String {
    // The documents are plain data with string keys: serializing them cannot fail.
    let mut text = serde_json::to_string_pretty(document).unwrap_or_default();
    text.push('\n');
    text
}

/// Parses again, tracking the path, to build a full error from the first one.
fn locate<T: DeserializeOwned>(bytes: &[u8], first: serde_json::Error) -> ParseError {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    // The tracked parse stops at the end of the value; trailing text fails only `first`.
    let (pointer, error) = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(tracked) => (pointer_of(tracked.path()), tracked.into_inner()),
        Ok(_) => (String::new(), first),
    };
    let full = error.to_string();
    // serde_json appends " at line L column C"; line and column are kept apart.
    let message = match full.rfind(" at line ") {
        Some(cut) if error.line() > 0 => &full[..cut],
        _ => &full,
    };
    let code = ParseErrorCode::classify(&error, message);
    // serde_json reads an externally tagged enum written as `{}` or with two members as a
    // syntax error ("expected value") at the `}` or the `,`; say what is wrong instead.
    let (code, message) = match (code, enum_object(bytes, &error, &pointer)) {
        (ParseErrorCode::Syntax, Some(found)) => (
            ParseErrorCode::Value,
            format!("expected an object with exactly one member naming its variant, found {found}"),
        ),
        _ => (code, message.to_owned()),
    };
    let message = message.as_str();
    let suggested;
    let plain = plain::in_authors_words(message)
        .filter(|_| matches!(code, ParseErrorCode::Type | ParseErrorCode::Value));
    let message = plain.as_deref().unwrap_or(message);
    let message = match code {
        ParseErrorCode::UnknownField => {
            suggested = with_suggestion(message);
            suggested.as_str()
        }
        // An enum value mistyped (`montly`) is suggested its nearest value as a member is.
        ParseErrorCode::Value if message.starts_with("unknown variant `") => {
            suggested = with_suggestion(message);
            suggested.as_str()
        }
        _ => message,
    };
    // serde reports a duplicate member from its parent object; point at the member itself.
    let pointer = match (code, message.split('`').nth(1)) {
        (ParseErrorCode::DuplicateField, Some(member)) => {
            format!(
                "{pointer}/{}",
                crate::pointer::escape_token(&truncate(member, TOKEN_MAX_CHARS))
            )
        }
        _ => pointer,
    };
    ParseError {
        code,
        line: error.line(),
        column: error.column(),
        pointer,
        message: truncate(message, MESSAGE_MAX_CHARS),
    }
}

/// `none` or `more than one member` where `serde_json`'s "expected value" fails an object that
/// stands for an enum. The document is read again as a `Value` (only after a failure) to look
/// at the object the pointer names.
fn enum_object(bytes: &[u8], error: &serde_json::Error, pointer: &str) -> Option<&'static str> {
    if pointer.is_empty() || !error.to_string().starts_with("expected value") {
        return None;
    }
    let document: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    match document.pointer(pointer)?.as_object()?.len() {
        0 => Some("none"),
        1 => None,
        _ => Some("more than one member"),
    }
}

/// The longest unknown name a suggestion is looked for: three times the longest member name.
const SUGGEST_MAX_BYTES: usize = 96;

/// serde's "unknown field `x`, expected one of `a`, `b`" (or "unknown variant ...") with the
/// nearest expected name suggested first, where one is close: "unknown field `x`; did you mean
/// `a`? expected ...".
fn with_suggestion(message: &str) -> String {
    let mut names = message.split('`').skip(1).step_by(2);
    let Some(unknown) = names.next() else {
        return message.to_owned();
    };
    // No member name is near this long; comparing a 20 MB name would take minutes.
    if unknown.len() > SUGGEST_MAX_BYTES {
        return message.to_owned();
    }
    let nearest = names
        .map(|name| (strsim::jaro_winkler(unknown, name), name))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match (nearest, message.split_once(", expected")) {
        (Some((_, name)), Some((head, tail))) => {
            format!("{head}; did you mean `{name}`? expected{tail}")
        }
        _ => message.to_owned(),
    }
}

fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path {
        pointer.push('/');
        match segment {
            Segment::Seq { index } => pointer.push_str(&index.to_string()),
            // A member name can be as long as the document; a pointer names it, shortened.
            Segment::Map { key } => pointer.push_str(&crate::pointer::escape_token(&truncate(
                key,
                TOKEN_MAX_CHARS,
            ))),
            Segment::Enum { variant } => pointer.push_str(&crate::pointer::escape_token(variant)),
            // Only untagged or flattened data loses its path; no document type has any.
            Segment::Unknown => {
                pointer.pop();
            }
        }
    }
    pointer
}

/// Which kind of document a JSON text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentKind {
    /// A coaching manual: most of its top-level members are a manual's (`phases`,
    /// `intensity_levels`, `titration`, `skills`, `vocabularies`, `sources`).
    Manual,
    /// A program: most of its top-level members are a program's (`sites`, `coaches`,
    /// `assignments`, `organizations`, `teams`, `relationships`).
    Program,
}

impl DocumentKind {
    /// Tells a manual from a program by scanning the top-level member names, without building a
    /// `serde_json::Value` (values are skipped unread).
    ///
    /// # Errors
    /// A [`ParseError`] when the text is not a JSON object, or when no member tells the kind
    /// (code `parse-missing-field`).
    pub fn detect(bytes: &[u8]) -> Result<Self, ParseError> {
        from_json::<Detected>(bytes).map(|d| d.0)
    }

    /// `manual` or `program`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Manual => "manual",
            Self::Program => "program",
        }
    }
}

/// Top-level members only a manual has.
const MANUAL_MEMBERS: [&str; 6] = [
    "phases",
    "intensity_levels",
    "titration",
    "skills",
    "vocabularies",
    "sources",
];

/// Top-level members only a program has.
const PROGRAM_MEMBERS: [&str; 6] = [
    "sites",
    "coaches",
    "assignments",
    "organizations",
    "teams",
    "relationships",
];

/// The kind found by scanning an object's member names.
struct Detected(DocumentKind);

impl<'de> serde::Deserialize<'de> for Detected {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(KindVisitor)
    }
}

struct KindVisitor;

impl<'de> serde::de::Visitor<'de> for KindVisitor {
    type Value = Detected;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a manual or program object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Detected, A::Error> {
        // Every member votes, wherever it stands: a stray manual member in a program (or the
        // reverse) does not decide the kind by coming first.
        let (mut manual, mut program) = (0u32, 0u32);
        while let Some(member) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            map.next_value::<serde::de::IgnoredAny>()?;
            if MANUAL_MEMBERS.contains(&member.as_ref()) {
                manual += 1;
            } else if PROGRAM_MEMBERS.contains(&member.as_ref()) {
                program += 1;
            }
        }
        match manual.cmp(&program) {
            std::cmp::Ordering::Greater => Ok(Detected(DocumentKind::Manual)),
            std::cmp::Ordering::Less => Ok(Detected(DocumentKind::Program)),
            std::cmp::Ordering::Equal if manual > 0 => Err(serde::de::Error::custom(format!(
                "ambiguous document: as many manual members ({manual}) as program members; expected a manual ({}) or a program ({})",
                MANUAL_MEMBERS.join(", "),
                PROGRAM_MEMBERS.join(", ")
            ))),
            std::cmp::Ordering::Equal => Err(serde::de::Error::custom(format!(
                "missing field: neither a manual member ({}) nor a program member ({}) is present",
                MANUAL_MEMBERS.join(", "),
                PROGRAM_MEMBERS.join(", ")
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_member_gets_the_nearest_name() {
        let error = crate::Manual::from_json(br#"{"phsaes": []}"#).unwrap_err();
        assert_eq!(error.code, ParseErrorCode::UnknownField);
        assert!(error.message.contains("did you mean `phases`?"), "{error}");
        let far = crate::Manual::from_json(br#"{"zzzz": []}"#).unwrap_err();
        assert!(!far.message.contains("did you mean"), "{far}");
        let value = crate::Manual::from_json(
            crate::reference::BHICCI_LATE_JSON
                .replacen(r#""per": "month""#, r#""per": "montly""#, 1)
                .as_bytes(),
        )
        .unwrap_err();
        assert_eq!(value.code, ParseErrorCode::Value);
        assert!(value.message.contains("did you mean `month`?"), "{value}");
        // Past the cap no name is compared, however near its start is.
        let long = format!(r#"{{"phases{}": []}}"#, "s".repeat(SUGGEST_MAX_BYTES));
        let long = crate::Manual::from_json(long.as_bytes()).unwrap_err();
        assert!(!long.message.contains("did you mean"), "{long}");
    }

    #[test]
    fn foreign_encodings_and_empty_documents_are_named() {
        let bom = crate::Manual::from_json(b"\xef\xbb\xbf{}").unwrap_err();
        assert!(
            bom.message.contains("UTF-8 with a byte order mark"),
            "{bom}"
        );
        let utf16 = crate::Manual::from_json(b"{\0}\0").unwrap_err();
        assert!(utf16.message.contains("UTF-16 (little-endian)"), "{utf16}");
        let empty = crate::Manual::from_json(b" \n").unwrap_err();
        assert!(
            empty.message.contains("empty") && empty.column == 1,
            "{empty}"
        );
    }

    #[test]
    fn an_enum_object_with_no_or_two_members_says_so() {
        let manual = |trigger: &str| {
            format!(
                r#"{{"id":"x","title":"x","version":"1.0.0","description":"x","sources":[],
"phases":[],"intensity_levels":[],"skills":[],"titration":{{"rules":[{{"key":"r",
"trigger":{trigger},"adjustment":"hold","reason_required":false,"overrides_interval":false,
"citations":[]}}]}}}}"#
            )
        };
        let none = crate::Manual::from_json(manual("{}").as_bytes()).unwrap_err();
        assert_eq!(none.code, ParseErrorCode::Value, "{none}");
        assert!(none.message.ends_with("found none"), "{none}");
        let two = manual(r#"{"disruption": null, "coach_judgment": {"direction": "less"}}"#);
        let two = crate::Manual::from_json(two.as_bytes()).unwrap_err();
        assert!(two.message.ends_with("more than one member"), "{two}");
        assert_eq!(two.pointer, "/titration/rules/0/trigger");
    }

    #[test]
    fn every_member_votes_for_the_kind() {
        let program = br#"{"phases": [], "sites": [], "coaches": [], "assignments": []}"#;
        assert_eq!(
            DocumentKind::detect(program).unwrap(),
            DocumentKind::Program
        );
        let tie = br#"{"phases": [], "sites": []}"#;
        assert!(
            DocumentKind::detect(tie)
                .unwrap_err()
                .message
                .contains("ambiguous")
        );
    }
}
