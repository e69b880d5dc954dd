//! iCalendar (RFC 5545) export of a plan: in-person visits, the dyad meetings around them,
//! learning sessions, and team meetings as recurring events.

use chrono::{DateTime, Utc};
use icalendar::{Calendar, Component, Event, EventLike};

use super::{EventKind, Plan, RecurringMeeting};
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
            if let EventKind::Meeting(key) = &planned.kind {
                details.push(format!("meeting: {key}"));
            }
            if !details.is_empty() {
                event.description(&details.join("\n"));
            }
            calendar.push(event.done());
        }
        for event in self
            .team_meetings
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

/// A team meeting: one event with a recurrence rule when it happens once per period (a
/// regular cadence), otherwise one event per date.
fn recurring(meeting: &RecurringMeeting, plan: &Plan, stamp: DateTime<Utc>) -> Vec<Event> {
    let event_for = |date: Date, suffix: &str| {
        let uid = format!("{}-{}-{date}{suffix}@{UID_DOMAIN}", meeting.key, plan.site);
        let mut event = day_event(&uid, date, stamp);
        event.summary(&meeting.name);
        if let Some(minutes) = meeting.minutes {
            event.description(&format!("planned minutes: {minutes}"));
        }
        event
    };
    let (Some(first), 1) = (meeting.dates.first(), meeting.every.count.get()) else {
        return meeting
            .dates
            .iter()
            .map(|d| event_for(*d, "").done())
            .collect();
    };
    let (frequency, interval) = match meeting.every.per {
        Period::Week => ("WEEKLY", 1),
        Period::Month => ("MONTHLY", 1),
        Period::Quarter => ("MONTHLY", 3),
        Period::HalfYear => ("MONTHLY", 6),
        Period::Year => ("YEARLY", 1),
    };
    let mut event = event_for(*first, "-series");
    let count = meeting.dates.len();
    event.add_property(
        "RRULE",
        format!("FREQ={frequency};INTERVAL={interval};COUNT={count}"),
    );
    vec![event.done()]
}
