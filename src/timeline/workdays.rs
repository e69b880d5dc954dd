//! Working days: where a planned date that falls on a Saturday or Sunday goes.
//!
//! The rule (docs/decisions.md): the next Monday, if it is still inside the event's period;
//! otherwise the previous Friday, unless that is before the series starts, and then the next
//! Monday, if it is before the series ends. A date with no working day on either side inside
//! the series (a series of one weekend) stays where it is. A move is at most two days.

use chrono::{Datelike, Weekday};

use crate::Date;

/// The most days the rule moves a date: planners look this far past their window for dates
/// that move into it.
pub(super) const MAX_SHIFT: i64 = 2;

/// Where a series' dates fall: from its first day (`start`), to its end (exclusive; none for a
/// program's series, which runs on), on working days or on any day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Placement {
    pub(super) start: Date,
    pub(super) end: Option<Date>,
    pub(super) weekends: bool,
}

impl Placement {
    /// The day an event due on `date` falls on, where its period ends on `period_end`
    /// (exclusive).
    pub(super) fn place(&self, date: Date, period_end: Date) -> Date {
        if self.weekends {
            return date;
        }
        let back = match date.as_naive().weekday() {
            Weekday::Sat => 1,
            Weekday::Sun => 2,
            _ => return date,
        };
        let monday = date.checked_add_days(3 - back);
        let friday = date.checked_add_days(-back);
        let before_end = |d: Date| self.end.is_none_or(|end| d < end);
        if let Some(monday) = monday.filter(|m| *m < period_end && before_end(*m)) {
            return monday;
        }
        if let Some(friday) = friday.filter(|f| *f >= self.start) {
            return friday;
        }
        monday.filter(|m| before_end(*m)).unwrap_or(date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn placement(start: &str, end: Option<&str>) -> Placement {
        Placement {
            start: date(start),
            end: end.map(date),
            weekends: false,
        }
    }

    #[test]
    fn a_weekend_moves_to_monday_inside_the_period_else_to_friday() {
        let series = placement("2016-01-01", None);
        // Saturday 2016-01-09 and Sunday 2016-01-10; Monday is 2016-01-11.
        let far = date("2016-02-01");
        assert_eq!(series.place(date("2016-01-09"), far), date("2016-01-11"));
        assert_eq!(series.place(date("2016-01-10"), far), date("2016-01-11"));
        // The period ends on the Monday: back to Friday 2016-01-08.
        let monday = date("2016-01-11");
        assert_eq!(series.place(date("2016-01-09"), monday), date("2016-01-08"));
        assert_eq!(series.place(date("2016-01-10"), monday), date("2016-01-08"));
        // Weekdays stay; so does everything when weekends are kept.
        assert_eq!(series.place(date("2016-01-08"), far), date("2016-01-08"));
        let kept = Placement {
            weekends: true,
            ..series
        };
        assert_eq!(kept.place(date("2016-01-09"), far), date("2016-01-09"));
    }

    #[test]
    fn the_series_bounds_decide_at_its_edges() {
        // A series starting on Saturday 2016-01-09 in a period cut at the Monday: no Friday
        // before the start, so the Monday after it, still inside the series.
        let series = placement("2016-01-09", Some("2016-03-01"));
        assert_eq!(
            series.place(date("2016-01-09"), date("2016-01-11")),
            date("2016-01-11")
        );
        // A series of one weekend keeps its dates.
        let weekend = placement("2016-01-09", Some("2016-01-11"));
        assert_eq!(
            weekend.place(date("2016-01-10"), date("2016-01-11")),
            date("2016-01-10")
        );
        // A series that ends on the Monday: back to the Friday.
        let ends = placement("2016-01-01", Some("2016-01-11"));
        assert_eq!(
            ends.place(date("2016-01-10"), date("2016-02-01")),
            date("2016-01-08")
        );
    }
}
