//! Calendar arithmetic the planner counts with: periods from a start without drift, dates
//! spread over a period, occurrences of something held several times per period.

use super::plan::Occurrence;
use crate::Date;
use crate::manual::{Frequency, Period};

/// The start of the `k`th period (0 = `from` itself) of a series starting on `from`, or `None`
/// past the last writable date. Each start is counted from `from`, not from the previous start,
/// so month ends do not drift: from January 31 the months start on February 29 (clamped),
/// March 31, April 30, and so on.
pub(super) fn period_start(from: Date, per: Period, k: u32) -> Option<Date> {
    let months = |n: u32| from.checked_add_months(n.checked_mul(k)?);
    match per {
        Period::Week => from.checked_add_days(i64::from(k) * 7),
        Period::Month => months(1),
        Period::Quarter => months(3),
        Period::HalfYear => months(6),
        Period::Year => months(12),
    }
}

/// Successive periods `[start, next start)` of a series starting on `from`, while they start
/// before `until`.
pub(crate) fn periods(from: Date, per: Period, until: Date) -> impl Iterator<Item = (Date, Date)> {
    (0u32..)
        .map_while(move |k| Some((period_start(from, per, k)?, period_start(from, per, k + 1)?)))
        .take_while(move |(start, _)| *start < until)
}

/// The `j`th of `count` dates spread evenly over the period `[start, next)`.
pub(super) fn spread(start: Date, next: Date, j: u16, count: u16) -> Option<Date> {
    let days = start.days_until(next).max(1);
    start.checked_add_days(days * i64::from(j) / i64::from(count.max(1)))
}

/// Every occurrence of something held `every.count` times per `every.per` in a series starting
/// on `from`, spread evenly over each period, with the day its period ends (exclusive): those
/// due inside `window` (first day, day after the last).
pub(super) fn occurrences(
    from: Date,
    window: (Date, Date),
    every: Frequency,
) -> impl Iterator<Item = (Occurrence, Date)> {
    let count = every.count.get();
    periods(from, every.per, window.1)
        .skip_while(move |(_, next)| *next <= window.0)
        .flat_map(move |(start, next)| {
            (0..count).filter_map(move |index| {
                let date = spread(start, next, index, count)?;
                let occurrence = Occurrence {
                    period: start,
                    index,
                    date,
                };
                Some((occurrence, next))
            })
        })
        .filter(move |(o, _)| window.0 <= o.date && o.date < window.1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TimesPerPeriod;

    fn date(text: &str) -> Date {
        text.parse().unwrap()
    }

    #[test]
    fn month_ends_do_not_drift() {
        let starts: Vec<Date> = periods(date("2016-01-31"), Period::Month, date("2017-01-31"))
            .map(|(s, _)| s)
            .collect();
        assert_eq!(starts.len(), 12, "a year of monthly periods");
        assert_eq!(starts[1], date("2016-02-29"));
        assert_eq!(starts[2], date("2016-03-31"));
    }

    #[test]
    fn several_per_period_are_spread_evenly() {
        let every = Frequency {
            count: TimesPerPeriod::new(3).unwrap(),
            per: Period::Week,
        };
        let year = (date("2016-01-04"), date("2017-01-02"));
        let dates: Vec<Date> = occurrences(year.0, year, every)
            .map(|(o, _)| o.date)
            .collect();
        assert_eq!(dates.len(), 156, "3 a week for 52 weeks");
        assert_eq!(
            &dates[..4],
            &[
                date("2016-01-04"),
                date("2016-01-06"),
                date("2016-01-08"),
                date("2016-01-11")
            ]
        );
    }

    #[test]
    fn the_last_writable_day_ends_the_series() {
        let near_end = periods(date("9999-12-01"), Period::Month, date("9999-12-31")).count();
        assert_eq!(near_end, 0, "no period whose end cannot be written");
    }
}
