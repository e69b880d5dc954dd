use std::fmt;

/// A scalar value that failed its check: what it was, the value, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScalarError {
    /// What kind of value was being read, e.g. `key` or `date`.
    pub what: &'static str,
    /// The offending value, shortened if long.
    pub value: String,
    /// What a valid value looks like.
    pub expected: &'static str,
}

impl ScalarError {
    pub(crate) fn new(what: &'static str, value: &str, expected: &'static str) -> Self {
        Self {
            what,
            value: super::truncate(value, 60),
            expected,
        }
    }
}

impl fmt::Display for ScalarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid {} `{}`: expected {}",
            self.what, self.value, self.expected
        )
    }
}

impl std::error::Error for ScalarError {}
