//! iCalendar (RFC 5545) export of a plan: in-person visits, the activities around them,
//! milestones, learning sessions, and periodic activities as recurring events.

use chrono::{DateTime, Utc};
use icalendar::{Calendar, Component, Event, EventLike};

use super::{EventKind, Plan, RecurringActivity};
use crate::manual::Period;
use crate::{Date, Manual};

/// The domain part of every UID, so UIDs stay unique across calendars.
const UID_DOMAIN: &str = "practice-coaching";

impl Plan {
    /// The plan as an iCalendar document, with titles from `manual` (the one planned with). Events are all-day (the plan has dates, not times);
    /// UIDs are built from the site id, meeting keys and dates, so exporting the same plan twice
    /// gives the same UIDs; `stamp` is written as every event's DTSTAMP, so the output is
    /// reproducible.
    #[must_use]
    pub fn to_icalendar(
        &self,
        manual: &Manual,
        calendar_name: &str,
        stamp: DateTime<Utc>,
    ) -> String {
        let mut calendar = Calendar::new();
        calendar.name(calendar_name);
        for planned in &self.events {
            let mut event = day_event(
                &format!("{}@{UID_DOMAIN}", planned.uid(self.site)),
                planned.date,
                stamp,
            );
            event.summary(&planned.title(manual));
            let mut details = Vec::new();
            if let Some(minutes) = planned.minutes {
                details.push(format!("planned minutes: {minutes}"));
            }
            if !planned.coaches.is_empty() {
                let ids: Vec<String> = planned.coaches.iter().map(ToString::to_string).collect();
                details.push(format!("coaches: {}", ids.join(", ")));
            }
            if let EventKind::Activity(key) = &planned.kind {
                details.push(format!("activity: {key}"));
            }
            if !details.is_empty() {
                event.description(&details.join("\n"));
            }
            calendar.push(event.done());
        }
        for event in self
            .activities
            .iter()
            .flat_map(|m| recurring(m, self, stamp))
        {
            calendar.push(event);
        }
        calendar.done().to_string()
    }
}

fn day_event(uid: &str, date: Date, stamp: DateTime<Utc>) -> Event {
    let mut event = Event::new();
    event.uid(uid).timestamp(stamp).starts(date.as_naive());
    // An all-day event ends (exclusively) on the next day.
    if let Some(next) = date.as_naive().succ_opt() {
        event.ends(next);
    }
    event
}

/// A team meeting: one event with a recurrence rule where the cadence is regular in RFC 5545
/// terms (once per period, and for months or years a first day that every month has), otherwise
/// one event per date. Either way the calendar holds exactly the plan's dates.
fn recurring(meeting: &RecurringActivity, plan: &Plan, stamp: DateTime<Utc>) -> Vec<Event> {
    use chrono::Datelike;
    let event_for = |date: Date, suffix: &str| {
        let uid = format!(
            "activity-{}-{}-{date}{suffix}@{UID_DOMAIN}",
            meeting.key, plan.site
        );
        let mut event = day_event(&uid, date, stamp);
        event.summary(&meeting.name);
        if let Some(minutes) = meeting.minutes {
            event.description(&format!("planned minutes: {minutes}"));
        }
        event
    };
    let rule = match (
        meeting.dates.first(),
        meeting.every.count.get(),
        meeting.every.per,
    ) {
        (Some(first), 1, Period::Week) => Some((first, "WEEKLY", 1)),
        // RFC 5545 skips months without the start's day; the plan clamps to the month's end.
        (Some(first), 1, Period::Month) if first.as_naive().day() <= 28 => {
            Some((first, "MONTHLY", 1))
        }
        (Some(first), 1, Period::Quarter) if first.as_naive().day() <= 28 => {
            Some((first, "MONTHLY", 3))
        }
        (Some(first), 1, Period::HalfYear) if first.as_naive().day() <= 28 => {
            Some((first, "MONTHLY", 6))
        }
        (Some(first), 1, Period::Year)
            if (first.as_naive().month(), first.as_naive().day()) != (2, 29) =>
        {
            Some((first, "YEARLY", 1))
        }
        _ => None,
    };
    let Some((first, frequency, interval)) = rule else {
        return meeting
            .dates
            .iter()
            .map(|d| event_for(*d, "").done())
            .collect();
    };
    let mut event = event_for(*first, "-series");
    let count = meeting.dates.len();
    event.add_property(
        "RRULE",
        format!("FREQ={frequency};INTERVAL={interval};COUNT={count}"),
    );
    vec![event.done()]
}
