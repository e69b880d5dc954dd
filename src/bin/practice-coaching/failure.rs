//! A failure of `plan`: its message on standard error and exit status, and with `--format
//! json` the object `{"error": {"kind", "message", ...}}` on standard output, so that a program
//! reading the output can tell every failure from a plan.

use std::path::Path;

use practice_coaching::ParseError;
use serde_json::{Map, Value, json};

use crate::EXIT_INVALID;
use crate::input::shown_name;
use crate::output::{Fatal, usage_message};

/// What went wrong, how it is reported, and the members of its JSON object.
pub struct Failure {
    /// The `kind` member: `usage`, `io`, `parse`, `invalid`, `manual_not_embedded`,
    /// `unknown_site`, `no_relationship`, `nothing_to_plan`, `too_long`, `too_many_events`.
    kind: &'static str,
    message: String,
    /// Members beside `kind` and `message`.
    details: Map<String, Value>,
    /// How standard error hears of it (status 2); none for an invalid document (status 1),
    /// whose findings are already there.
    fatal: Option<Fatal>,
}

impl Failure {
    /// A usage error of `plan`, reported with its usage line.
    pub fn usage(message: impl Into<String>) -> Self {
        let message = message.into();
        Self {
            kind: "usage",
            fatal: Some(Fatal::usage("plan", message.clone())),
            message,
            details: Map::new(),
        }
    }

    /// Any other failure with exit status 2.
    pub fn new(kind: &'static str, message: impl Into<String>) -> Self {
        let message = message.into();
        Self {
            kind,
            fatal: Some(Fatal::message(message.clone())),
            message,
            details: Map::new(),
        }
    }

    /// A failure reported by a [`Fatal`] of the shared helpers: a usage error as such, any
    /// other as `kind`.
    pub fn from_fatal(kind: &'static str, fatal: Fatal) -> Self {
        let (kind, message) = match &fatal {
            Fatal::Usage(error) => ("usage", usage_message(error)),
            Fatal::Message(message) => (kind, message.clone()),
            Fatal::Invalid(message) => ("invalid", message.clone()),
        };
        Self {
            kind,
            message,
            details: Map::new(),
            fatal: Some(fatal),
        }
    }

    /// A document with validation errors (exit status 1); `findings` are its error findings.
    pub fn invalid(message: impl Into<String>, file: &Path, findings: Value) -> Self {
        Self {
            kind: "invalid",
            message: message.into(),
            details: Map::new(),
            fatal: None,
        }
        .with("file", Value::from(shown_name(file)))
        .with("diagnostics", findings)
    }

    /// A document that does not parse, with the parser's code, place and words.
    pub fn parse(message: impl Into<String>, file: &Path, error: &ParseError) -> Self {
        Self::new("parse", message)
            .with("file", Value::from(shown_name(file)))
            .with(
                "parse_error",
                json!({
                    "code": error.code().code(),
                    "line": error.line(),
                    "column": error.column(),
                    "pointer": error.pointer(),
                    "message": error.message(),
                }),
            )
    }

    /// The failure with one more member in its JSON object.
    pub fn with(mut self, key: &str, value: Value) -> Self {
        self.details.insert(key.to_owned(), value);
        self
    }

    /// The JSON object `--format json` prints.
    pub fn json(&self) -> Value {
        let mut error = Map::new();
        error.insert("kind".into(), Value::from(self.kind));
        error.insert("message".into(), Value::from(self.message.as_str()));
        error.extend(self.details.clone());
        json!({ "error": error })
    }

    /// The exit status, after reporting on standard error what is not there yet.
    pub fn into_status(self) -> Result<u8, Fatal> {
        match self.fatal {
            Some(fatal) => Err(fatal),
            None => Ok(EXIT_INVALID),
        }
    }

    /// The exit status the failure ends with.
    #[cfg(test)]
    fn status(&self) -> u8 {
        if self.fatal.is_some() {
            crate::EXIT_FAILURE
        } else {
            EXIT_INVALID
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_object_names_kind_message_and_details() {
        let failure = Failure::new("unknown_site", "no site has the id x").with("site", "x".into());
        assert_eq!(failure.status(), crate::EXIT_FAILURE);
        assert_eq!(
            failure.json(),
            json!({"error": {"kind": "unknown_site", "message": "no site has the id x", "site": "x"}})
        );
        let usage = Failure::from_fatal("io", Fatal::usage("plan", "--site: bad"));
        assert_eq!(usage.json()["error"]["kind"], "usage");
        assert_eq!(usage.json()["error"]["message"], "--site: bad");
        let invalid = Failure::invalid("2 errors", Path::new("-"), json!([]));
        assert_eq!(invalid.status(), EXIT_INVALID);
        assert_eq!(invalid.json()["error"]["file"], "<stdin>");
    }
}
