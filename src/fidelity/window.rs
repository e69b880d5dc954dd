//! The days a fidelity reading covers and the day it is read on.

use serde::Serialize;

use crate::Date;

/// Which prescription periods a reading scores and the day it is read on.
///
/// A period is read when it overlaps `[from, until)` and starts before `as_of`; it is
/// *complete* when it ended before `as_of`, and only complete periods are judged (one in
/// progress is shown with what was delivered so far). Contacts are counted in the period
/// holding their local date, wherever that period lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    /// The first day of interest; every period from each relationship's start when absent.
    pub from: Option<Date>,
    /// The day after the last of interest; up to `as_of` when absent.
    pub until: Option<Date>,
    /// The day the reading is made: periods that end by then are complete.
    pub as_of: Date,
}

impl Window {
    /// Everything up to `as_of`.
    #[must_use]
    pub const fn as_of(as_of: Date) -> Self {
        Self {
            from: None,
            until: None,
            as_of,
        }
    }

    /// Whether a period from `from` until `until` (exclusive) is read.
    #[must_use]
    pub fn reads(&self, from: Date, until: Date) -> bool {
        from < self.as_of
            && self.from.is_none_or(|first| until > first)
            && self.until.is_none_or(|last| from < last)
    }

    /// The day after the last day read: `until` or `as_of`, whichever is sooner.
    #[must_use]
    pub fn end(&self) -> Date {
        self.until.map_or(self.as_of, |until| until.min(self.as_of))
    }
}
