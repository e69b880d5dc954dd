//! Dates, times of day and UTC offsets as logs write them. The crate's own forms (ISO dates,
//! `HH:MM` times, `+HH:MM` offsets) are read by hand, without allocating, since a log may have
//! a million rows; other forms go through chrono's format strings.

use chrono::format::{Item, StrftimeItems};
use chrono::{FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone as _};

use crate::ContactTime;

/// Whether `format` is a chrono format string chrono can use.
pub(super) fn format_is_valid(format: &str) -> bool {
    !StrftimeItems::new(format).any(|item| matches!(item, Item::Error))
}

/// A date: ISO 8601 (`YYYY-MM-DD`) without a format, else as `format` says.
pub(super) fn date(cell: &str, format: Option<&str>) -> Option<NaiveDate> {
    match format {
        None => {
            let b = cell.as_bytes();
            if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
                return None;
            }
            let year = digits(b.get(0..4)?)?;
            let month = digits(b.get(5..7)?)?;
            let day = digits(b.get(8..10)?)?;
            NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
        }
        Some(format) => NaiveDate::parse_from_str(cell, format).ok(),
    }
}

/// A time of day: `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff` without a format, else as `format`
/// says.
pub(super) fn time_of_day(cell: &str, format: Option<&str>) -> Option<NaiveTime> {
    if let Some(format) = format {
        return NaiveTime::parse_from_str(cell, format).ok();
    }
    let b = cell.as_bytes();
    if b.len() < 5 || b.get(2) != Some(&b':') {
        return None;
    }
    let hour = digits(b.get(0..2)?)?;
    let minute = digits(b.get(3..5)?)?;
    let (second, nanos) = match b.get(5..) {
        Some([]) => (0, 0),
        Some([b':', s1, s2, rest @ ..]) => {
            let second = digits(&[*s1, *s2])?;
            let nanos = match rest {
                [] => 0,
                [b'.', fraction @ ..] if (1..=9).contains(&fraction.len()) => {
                    let value = digits(fraction)?;
                    let scale = 10u32.checked_pow(9 - u32::try_from(fraction.len()).ok()?)?;
                    value.checked_mul(scale)?
                }
                _ => return None,
            };
            (second, nanos)
        }
        _ => return None,
    };
    // A leap second (60) is refused, as RFC 3339 times of contacts are.
    if second > 59 {
        return None;
    }
    NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)
}

/// A date and time without offset, as `format` says.
pub(super) fn date_time(cell: &str, format: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(cell, format).ok()
}

/// A UTC offset: `Z`, or `+HH:MM`, `-HH:MM`, `+HHMM`, `+HH`, within a day.
pub(super) fn utc_offset(cell: &str) -> Option<FixedOffset> {
    let b = cell.as_bytes();
    if b == b"Z" || b == b"z" {
        return FixedOffset::east_opt(0);
    }
    let (sign, rest) = match b.split_first()? {
        (b'+', rest) => (1, rest),
        (b'-', rest) => (-1, rest),
        _ => return None,
    };
    let (hours, minutes) = match rest {
        [h1, h2] => (digits(&[*h1, *h2])?, 0),
        [h1, h2, b':', m1, m2] | [h1, h2, m1, m2] => (digits(&[*h1, *h2])?, digits(&[*m1, *m2])?),
        _ => return None,
    };
    if hours > 23 || minutes > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * i32::try_from(hours * 3600 + minutes * 60).ok()?)
}

/// A contact's start from its local date and time and its offset.
pub(super) fn contact_time(local: NaiveDateTime, offset: FixedOffset) -> Option<ContactTime> {
    ContactTime::from_datetime(offset.from_local_datetime(&local).single()?)
}

/// ASCII digits as a number; `None` for anything else or an empty slice.
fn digits(bytes: &[u8]) -> Option<u32> {
    if bytes.is_empty() || bytes.len() > 9 {
        return None;
    }
    bytes.iter().try_fold(0u32, |n, b| {
        b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crate_s_own_forms() {
        assert_eq!(
            date("2016-03-14", None),
            NaiveDate::from_ymd_opt(2016, 3, 14)
        );
        for bad in [
            "2016-02-30",
            "2016-3-14",
            "20160314",
            "2016/03/14",
            "",
            "２０１６-03-14",
        ] {
            assert_eq!(date(bad, None), None, "{bad}");
        }
        assert_eq!(
            date("03/14/2016", Some("%m/%d/%Y")),
            NaiveDate::from_ymd_opt(2016, 3, 14)
        );
        assert_eq!(
            time_of_day("09:30", None),
            NaiveTime::from_hms_opt(9, 30, 0)
        );
        assert_eq!(
            time_of_day("09:30:15.5", None),
            NaiveTime::from_hms_milli_opt(9, 30, 15, 500)
        );
        for bad in [
            "9:30",
            "24:00",
            "09:60",
            "09:30:60",
            "09:30:1",
            "09:30:15.",
            "noon",
        ] {
            assert_eq!(time_of_day(bad, None), None, "{bad}");
        }
        assert_eq!(utc_offset("-08:00"), FixedOffset::west_opt(8 * 3600));
        assert_eq!(utc_offset("+0530"), FixedOffset::east_opt(5 * 3600 + 1800));
        assert_eq!(utc_offset("Z"), FixedOffset::east_opt(0));
        for bad in ["08:00", "+24:00", "+08:60", "-8", "PST", ""] {
            assert_eq!(utc_offset(bad), None, "{bad}");
        }
        assert!(format_is_valid("%m/%d/%Y"));
        assert!(!format_is_valid("%Q"));
    }
}
