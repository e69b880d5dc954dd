/// A scalar value that failed its check: what it was, the value, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {what} `{value}`: expected {expected}")]
pub struct ScalarError {
    what: &'static str,
    value: String,
    expected: &'static str,
}

impl ScalarError {
    pub(crate) fn new(what: &'static str, value: &str, expected: &'static str) -> Self {
        Self {
            what,
            value: super::truncate(value, 60),
            expected,
        }
    }

    /// What kind of value was being read, e.g. `key` or `date`.
    #[must_use]
    pub fn what(&self) -> &'static str {
        self.what
    }

    /// The offending value, shortened if long.
    #[must_use]
    pub fn value(&self) -> &str {
        &self.value
    }

    /// What a valid value looks like.
    #[must_use]
    pub fn expected(&self) -> &'static str {
        self.expected
    }
}
