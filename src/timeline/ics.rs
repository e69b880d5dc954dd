//! iCalendar (RFC 5545) export of a plan: in-person visits, the activities around them,
//! milestones, learning sessions, and periodic activities as recurring events.
//!
//! The calendar is written here, line by line, rather than built as a tree first: memory does
//! not grow with the horizon, and every TEXT value is escaped and every line folded exactly as
//! RFC 5545 asks, so no text from a document can end a line or add a property or an event.

use std::fmt::{self, Write as _};
use std::io::{self, Write};

use chrono::{DateTime, Datelike, Utc};

use foldhash::HashMap;

use super::plan::Nth;
use super::{EventKind, Plan, PlannedEvent, RecurringActivity};
use crate::manual::{Period, Scope};
use crate::{Date, EntityId, Manual, Program};

/// The domain part of every UID, so UIDs stay unique across calendars.
const UID_DOMAIN: &str = "practice-coaching";

/// The product identifier of the calendars written.
const PRODID: &str = concat!(
    "-//practice-coaching//practice-coaching ",
    env!("CARGO_PKG_VERSION"),
    "//EN"
);

/// The longest content line RFC 5545 allows (section 3.1), in octets, without its line break.
const LINE_OCTETS: usize = 75;

impl Plan {
    /// Writes the plan to `out` as an iCalendar (RFC 5545) document, with titles from `manual`
    /// (the one planned with) and names from `program` (the site's, the coaches'), one event at
    /// a time: memory does not grow with the plan's length.
    ///
    /// Events are all-day (the plan has dates, not times). UIDs are built from the site id,
    /// activity keys and periods, and are unique within the calendar, so exporting the same
    /// plan twice gives the same UIDs; program-wide events (learning sessions, program-wide
    /// activities) have the program's UIDs ([`Program::calendar_id`]), not the site's, and the
    /// same text in every site's calendar, so calendars of several sites imported together hold
    /// each once. `stamp` is written as every event's DTSTAMP, so the output is reproducible.
    /// Text from the documents (the calendar name, site, coach and activity names, the
    /// collaborative's model) is escaped as RFC 5545 TEXT; control characters other than line
    /// feeds are dropped (a tab becomes a space); lines are folded at 75 octets. `out` is
    /// written in many small pieces: give it a buffered writer.
    ///
    /// # Errors
    /// The first error `out` returns.
    pub fn write_icalendar<W: Write>(
        &self,
        manual: &Manual,
        program: &Program,
        calendar_name: &str,
        stamp: DateTime<Utc>,
        out: W,
    ) -> io::Result<()> {
        let names = Names::of(self, program);
        let mut calendar = Writer {
            out,
            line: String::new(),
            stamp,
        };
        calendar.value("BEGIN", "VCALENDAR")?;
        calendar.value("VERSION", "2.0")?;
        calendar.value("PRODID", PRODID)?;
        calendar.value("CALSCALE", "GREGORIAN")?;
        calendar.text("NAME", calendar_name)?;
        calendar.text("X-WR-CALNAME", calendar_name)?;
        for planned in &self.events {
            calendar.planned(self, planned, manual, &names)?;
        }
        for activity in &self.activities {
            calendar.periodic(self, activity, &names)?;
        }
        calendar.value("END", "VCALENDAR")?;
        calendar.out.flush()
    }

    /// The plan as an iCalendar document in a string: [`write_icalendar`](Self::write_icalendar)
    /// into memory. For a long plan, write it to its destination instead.
    #[must_use]
    pub fn to_icalendar(
        &self,
        manual: &Manual,
        program: &Program,
        calendar_name: &str,
        stamp: DateTime<Utc>,
    ) -> String {
        let mut bytes = Vec::new();
        // Writing to a Vec cannot fail, and the text is UTF-8: lines are folded only between
        // characters.
        let _ = self.write_icalendar(manual, program, calendar_name, stamp, &mut bytes);
        String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into())
    }
}

/// The names a calendar shows in place of ids, and the program's calendar id.
struct Names<'p> {
    site: String,
    coaches: HashMap<EntityId, &'p str>,
    program: EntityId,
}

impl<'p> Names<'p> {
    fn of(plan: &Plan, program: &'p Program) -> Self {
        let site = program.sites.iter().find(|s| s.id == plan.site);
        Self {
            site: site.map_or_else(|| plan.site.to_string(), |s| s.name.clone()),
            coaches: program
                .coaches
                .iter()
                .map(|c| (c.id, c.name.as_str()))
                .collect(),
            program: program.calendar_id(),
        }
    }

    /// The coaches by name (by id where the program has no such coach).
    fn coaches(&self, ids: &[EntityId]) -> String {
        let names: Vec<String> = ids
            .iter()
            .map(|id| {
                self.coaches
                    .get(id)
                    .map_or_else(|| id.to_string(), |name| (*name).to_owned())
            })
            .collect();
        names.join(", ")
    }
}

/// Writes content lines, escaped and folded, to `out`.
struct Writer<W> {
    out: W,
    /// The line being written, reused from line to line.
    line: String,
    stamp: DateTime<Utc>,
}

impl<W: Write> Writer<W> {
    /// A property whose value is written as is: fixed text, dates, numbers and rules, never
    /// text from a document.
    fn value(&mut self, name: &str, value: impl fmt::Display) -> io::Result<()> {
        self.line.clear();
        // Formatting into a String cannot fail.
        let _ = write!(self.line, "{name}:{value}");
        write_folded(&mut self.out, &self.line)
    }

    /// A property of value type TEXT, escaped.
    fn text(&mut self, name: &str, value: &str) -> io::Result<()> {
        self.line.clear();
        self.line.push_str(name);
        self.line.push(':');
        push_text(&mut self.line, value);
        write_folded(&mut self.out, &self.line)
    }

    /// Opens an all-day event on `date`.
    fn begin(&mut self, uid: &str, date: Date) -> io::Result<()> {
        self.value("BEGIN", "VEVENT")?;
        self.text("UID", &format!("{uid}@{UID_DOMAIN}"))?;
        let stamp = self.stamp;
        self.value("DTSTAMP", stamp.format("%Y%m%dT%H%M%SZ"))?;
        self.value("DTSTART;VALUE=DATE", date.as_naive().format("%Y%m%d"))?;
        // An all-day event ends (exclusively) on the next day.
        if let Some(next) = date.next_day() {
            self.value("DTEND;VALUE=DATE", next.as_naive().format("%Y%m%d"))?;
        }
        Ok(())
    }

    fn planned(
        &mut self,
        plan: &Plan,
        planned: &PlannedEvent,
        manual: &Manual,
        names: &Names<'_>,
    ) -> io::Result<()> {
        self.begin(&planned.uid(plan.site, names.program), planned.date)?;
        self.text("SUMMARY", &planned.title(manual))?;
        let mut details = Vec::new();
        // A learning session is the program's: the same text in every site's calendar.
        if planned.kind != EventKind::LearningSession {
            details.push(format!("site: {}", names.site));
        }
        if !planned.coaches.is_empty() {
            details.push(format!("coaches: {}", names.coaches(&planned.coaches)));
        }
        if let Some(minutes) = planned.minutes {
            details.push(format!("planned minutes: {minutes}"));
        }
        if let EventKind::Activity(key) = &planned.kind {
            details.push(format!("activity: {key}"));
        }
        if !details.is_empty() {
            self.text("DESCRIPTION", &details.join("\n"))?;
        }
        self.value("END", "VEVENT")
    }

    /// A periodic activity: a site's as one event with a recurrence rule where RFC 5545 gives
    /// exactly the plan's dates, otherwise one event per date. A program-wide activity is
    /// always one event per date, under the program's UIDs: calendars of sites whose plans
    /// start on different days then agree on every event they share.
    fn periodic(
        &mut self,
        plan: &Plan,
        meeting: &RecurringActivity,
        names: &Names<'_>,
    ) -> io::Result<()> {
        let key = &meeting.key;
        let (owner, site) = match meeting.scope {
            Scope::Program => (format!("program-{}", names.program), None),
            Scope::Site => (plan.site.to_string(), Some(names.site.as_str())),
        };
        if let Some((first, rule)) = series(meeting) {
            self.begin(
                &format!("activity-{key}-{owner}-{}-series", plan.start),
                first,
            )?;
            self.meeting_details(meeting, site)?;
            self.value("RRULE", rule)?;
            return self.value("END", "VEVENT");
        }
        for occurrence in &meeting.dates {
            let (period, nth) = (occurrence.period, Nth(occurrence.index.into()));
            self.begin(
                &format!("activity-{key}-{owner}-{period}{nth}"),
                occurrence.date,
            )?;
            self.meeting_details(meeting, site)?;
            self.value("END", "VEVENT")?;
        }
        Ok(())
    }

    fn meeting_details(
        &mut self,
        meeting: &RecurringActivity,
        site: Option<&str>,
    ) -> io::Result<()> {
        self.text("SUMMARY", &meeting.name)?;
        let mut details = Vec::new();
        if let Some(site) = site {
            details.push(format!("site: {site}"));
        }
        if let Some(minutes) = meeting.minutes {
            details.push(format!("planned minutes: {minutes}"));
        }
        if !details.is_empty() {
            self.text("DESCRIPTION", &details.join("\n"))?;
        }
        Ok(())
    }
}

/// The first date and the recurrence rule of a site's meeting held once per period whose dates
/// RFC 5545 recurrence gives exactly: none moved to a working day; weekly; for months or years,
/// a first day every month has.
fn series(meeting: &RecurringActivity) -> Option<(Date, String)> {
    let unmoved = meeting.dates.iter().all(|o| o.date == o.period);
    if meeting.scope != Scope::Site || !unmoved {
        return None;
    }
    let first = meeting.dates.first()?.date;
    let (month, day) = (first.as_naive().month(), first.as_naive().day());
    let (frequency, interval) = match (meeting.every.count.get(), meeting.every.per) {
        (1, Period::Week) => ("WEEKLY", 1),
        // RFC 5545 skips months without the start's day; the plan clamps to the month's end.
        (1, Period::Month) if day <= 28 => ("MONTHLY", 1),
        (1, Period::Quarter) if day <= 28 => ("MONTHLY", 3),
        (1, Period::HalfYear) if day <= 28 => ("MONTHLY", 6),
        (1, Period::Year) if (month, day) != (2, 29) => ("YEARLY", 1),
        _ => return None,
    };
    let count = meeting.dates.len();
    Some((
        first,
        format!("FREQ={frequency};INTERVAL={interval};COUNT={count}"),
    ))
}

/// Appends `text` as an RFC 5545 TEXT value (section 3.3.11): backslash, semicolon and comma
/// escaped with a backslash, a line feed written `\n`. TEXT cannot hold control characters, so
/// they are dropped: a carriage return (so CR LF reads as one line break), and every other C0
/// control, DEL and C1 control; a tab, which is white space, becomes a space.
fn push_text(line: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\\' => line.push_str("\\\\"),
            ';' => line.push_str("\\;"),
            ',' => line.push_str("\\,"),
            '\n' => line.push_str("\\n"),
            '\t' => line.push(' '),
            c if c.is_control() => {}
            c => line.push(c),
        }
    }
}

/// Writes a content line folded at 75 octets (RFC 5545 section 3.1): each continuation line
/// starts with a space, and no character is split.
fn write_folded(out: &mut impl Write, line: &str) -> io::Result<()> {
    let mut rest = line;
    let mut room = LINE_OCTETS;
    while rest.len() > room {
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let (head, tail) = rest.split_at(cut);
        out.write_all(head.as_bytes())?;
        out.write_all(b"\r\n ")?;
        rest = tail;
        // The leading space counts.
        room = LINE_OCTETS - 1;
    }
    out.write_all(rest.as_bytes())?;
    out.write_all(b"\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(line: &str) -> String {
        let mut out = Vec::new();
        write_folded(&mut out, line).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn lines_fold_at_75_octets_between_characters() {
        let long = format!("SUMMARY:{}", "é".repeat(100));
        let text = folded(&long);
        let lines: Vec<&str> = text.split_terminator("\r\n").collect();
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.len() <= LINE_OCTETS), "{lines:?}");
        assert!(lines.iter().skip(1).all(|l| l.starts_with(' ')));
        assert_eq!(text.replace("\r\n ", ""), format!("{long}\r\n"));
        assert_eq!(folded(&"x".repeat(75)), format!("{}\r\n", "x".repeat(75)));
        assert_eq!(
            folded(&"x".repeat(76)),
            format!("{}\r\n x\r\n", "x".repeat(75))
        );
    }

    #[test]
    fn text_is_escaped_and_controls_dropped() {
        let mut line = String::new();
        push_text(&mut line, "a\\b;c,d\r\ne\tf\u{1b}[2J\u{7f}\u{85}\u{2028}");
        assert_eq!(line, "a\\\\b\\;c\\,d\\ne f[2J\u{2028}");
    }
}
