//! Written response times: from a site's question (`asked`) to the contact that answers it,
//! against the manual's `response_time`, where the log records when questions were asked.

use serde::Serialize;

use crate::program::Contact;
use crate::{Hours, Manual};

/// The longest wait counted hour by hour; longer ones share the last bucket.
const HOURS_COUNTED: usize = 24 * 60;

/// Answers counted by whole hours waited, as contacts stream past.
pub(super) struct ResponseTimes {
    target: Option<Hours>,
    /// How many answers came after each number of whole hours (the last: that many or more).
    hours: Vec<u64>,
    /// Answers within the manual's target.
    within: u64,
}

impl ResponseTimes {
    pub(super) fn new(manual: &Manual) -> Self {
        Self {
            target: manual.response_time.as_ref().map(|r| r.hours),
            hours: vec![0; HOURS_COUNTED + 1],
            within: 0,
        }
    }

    /// Takes in the answers `other` counted.
    pub(super) fn join(&mut self, other: &Self) {
        for (mine, theirs) in self.hours.iter_mut().zip(&other.hours) {
            *mine += theirs;
        }
        self.within += other.within;
    }

    /// Counts `contact` where it answers a question asked at a known time.
    pub(super) fn add(&mut self, contact: &Contact) {
        let Some(asked) = contact.asked else {
            return;
        };
        // A contact starting before its question is the validator's finding; it waited none.
        let minutes = (contact.start.as_datetime() - asked.as_datetime())
            .num_minutes()
            .max(0);
        let whole_hours = usize::try_from(minutes / 60).unwrap_or(HOURS_COUNTED);
        if let Some(count) = self.hours.get_mut(whole_hours.min(HOURS_COUNTED)) {
            *count += 1;
        }
        if self
            .target
            .is_some_and(|target| minutes <= i64::from(target.get()) * 60)
        {
            self.within += 1;
        }
    }

    /// The summary, none where no answer was logged with its question's time.
    pub(super) fn summary(&self) -> Option<Responses> {
        let answered: u64 = self.hours.iter().sum();
        if answered == 0 {
            return None;
        }
        let nth = |rank: u64| {
            let mut seen = 0;
            self.hours.iter().position(|&count| {
                seen += count;
                seen > rank
            })
        };
        let median = match (nth((answered - 1) / 2), nth(answered / 2)) {
            (Some(low), Some(high)) => u32::try_from(low + high).ok(),
            _ => None,
        };
        Some(Responses {
            answered,
            target_hours: self.target.map(Hours::get),
            within_target: self.target.map(|_| self.within),
            // Half-hours, so that the median of two whole-hour buckets stays exact.
            median_hours: median.map(|twice| f64::from(twice) / 2.0),
        })
    }
}

/// Written questions answered, where the log records when they were asked.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Responses {
    /// Contacts that answer a question whose time is logged.
    pub answered: u64,
    /// The manual's response time, in hours, where it sets one.
    pub target_hours: Option<u16>,
    /// Answers within it, where it sets one.
    pub within_target: Option<u64>,
    /// The median wait in whole hours (waits counted by whole hours, up to 60 days).
    pub median_hours: Option<f64>,
}
