/// A scalar value that failed its check: what it was, the value, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {what} `{value}`: expected {expected}")]
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
