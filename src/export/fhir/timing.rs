//! Dose as FHIR `Timing`: contacts per period as `frequency`/`frequencyMax` per `period` and
//! `periodUnit`, counts over a phase or relationship as `count`/`countMax` within
//! `boundsDuration`, contact lengths as `duration`/`durationMax` in minutes. FHIR's counts are
//! positive integers: a zero goes in an extension instead.

use serde_json::{Map, Value, json};

use super::extension;
use crate::Length;
use crate::manual::{Frequency, Per, Period, Prescription};

/// The UCUM code system, which FHIR durations use.
const UCUM: &str = "http://unitsofmeasure.org";

/// A `Duration` of `value` in the UCUM unit `code` (`min`, `h`, `wk`, `mo`).
pub(crate) fn duration(value: u64, code: &str) -> Value {
    let unit = match code {
        "min" => "minutes",
        "h" => "hours",
        "wk" => "weeks",
        "mo" => "months",
        _ => "years",
    };
    json!({ "value": value, "unit": unit, "system": UCUM, "code": code })
}

/// A length of weeks or months as a `Duration`.
pub(crate) fn length(length: Length) -> Value {
    duration(u64::from(length.amount()), unit(length))
}

/// The UCUM code of a length's unit.
const fn unit(length: Length) -> &'static str {
    match length {
        Length::Weeks(_) => "wk",
        Length::Months(_) => "mo",
    }
}

/// The sum of `lengths` as a `Duration`, where each is known and all share a unit (weeks and
/// calendar months do not add up exactly).
pub(crate) fn total(lengths: impl IntoIterator<Item = Option<Length>>) -> Option<Value> {
    let mut sum: Option<(u64, &str)> = None;
    for length in lengths {
        let length = length?;
        let (amount, code) = sum.unwrap_or((0, unit(length)));
        if code != unit(length) {
            return None;
        }
        sum = Some((amount + u64::from(length.amount()), code));
    }
    sum.map(|(amount, code)| duration(amount, code))
}

/// A calendar period as FHIR's `period` and `periodUnit`: a quarter is 3 months, half a year 6.
const fn period(period: Period) -> (u64, &'static str) {
    match period {
        Period::Week => (1, "wk"),
        Period::Month => (1, "mo"),
        Period::Quarter => (3, "mo"),
        Period::HalfYear => (6, "mo"),
        Period::Year => (1, "a"),
    }
}

/// Puts `min` to `max` into `repeat` as `low`/`high` (`frequency`/`frequencyMax` or
/// `count`/`countMax`); a zero, which FHIR's positive integers cannot hold, goes into an
/// extension.
fn counts(repeat: &mut Map<String, Value>, (low, high): (&str, &str), min: u64, max: u64) {
    let mut extensions = Vec::new();
    if min > 0 {
        repeat.insert(low.to_owned(), json!(min));
    } else {
        extensions.push(extension::with(
            extension::MINIMUM_CONTACTS,
            "valueUnsignedInt",
            json!(0),
        ));
    }
    if max == 0 {
        extensions.push(extension::with(
            extension::MAXIMUM_CONTACTS,
            "valueUnsignedInt",
            json!(0),
        ));
    } else if max > min {
        repeat.insert(high.to_owned(), json!(max));
    }
    push_extensions(repeat, extensions);
}

/// Adds `extensions` to the `extension` list of `object`.
pub(crate) fn push_extensions(object: &mut Map<String, Value>, extensions: Vec<Value>) {
    if extensions.is_empty() {
        return;
    }
    let list = object
        .entry("extension")
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(list) = list {
        list.extend(extensions);
    }
}

/// Puts a contact's or an activity's minutes into `repeat`. FHIR reads `duration` to
/// `durationMax` as a range and has no `durationMax` without a `duration`: `duration` is the
/// typical length, or else the shortest, or else 0 under a longest ("up to half a day");
/// `durationMax` the longest; a shortest beside a typical length goes into an extension.
pub(crate) fn minutes(
    repeat: &mut Map<String, Value>,
    typical: Option<u16>,
    min: Option<u16>,
    max: Option<u16>,
) {
    let low = typical.or(min).or(max.map(|_| 0));
    if let Some(low) = low {
        repeat.insert("duration".to_owned(), json!(low));
    }
    if let Some(max) = max {
        repeat.insert("durationMax".to_owned(), json!(max));
    }
    if low.is_some() {
        repeat.insert("durationUnit".to_owned(), json!("min"));
    }
    if let (Some(_), Some(min)) = (typical, min) {
        push_extensions(
            repeat,
            vec![extension::with(
                extension::MINIMUM_MINUTES,
                "valueDuration",
                duration(u64::from(min), "min"),
            )],
        );
    }
}

/// A frequency (once a week) as a `Timing.repeat`.
pub(crate) fn every(frequency: Frequency) -> Map<String, Value> {
    let mut repeat = Map::new();
    let count = u64::from(frequency.count.get());
    counts(&mut repeat, ("frequency", "frequencyMax"), count, count);
    let (length, unit) = period(frequency.per);
    repeat.insert("period".to_owned(), json!(length));
    repeat.insert("periodUnit".to_owned(), json!(unit));
    repeat
}

/// A prescription's `Timing`: per period, or over a phase or relationship bounded by
/// `bounds` (the longest planned stay, where one is known).
pub(crate) fn prescription(p: &Prescription, bounds: Option<Value>) -> Value {
    let (min, max) = (
        u64::from(p.min_contacts.get()),
        u64::from(p.max_contacts.get()),
    );
    let mut repeat = Map::new();
    // Every `Per` by name, so that a new one has to be placed here rather than fall into a
    // default.
    let over = match p.per {
        Per::Week | Per::Month | Per::Quarter | Per::HalfYear | Per::Year => None,
        Per::Phase => Some("phase"),
        Per::Relationship => Some("relationship"),
    };
    match (p.per.period(), over) {
        (Some(calendar), _) => {
            counts(&mut repeat, ("frequency", "frequencyMax"), min, max);
            let (length, unit) = period(calendar);
            repeat.insert("period".to_owned(), json!(length));
            repeat.insert("periodUnit".to_owned(), json!(unit));
        }
        (None, over) => {
            counts(&mut repeat, ("count", "countMax"), min, max);
            if let Some(bounds) = bounds {
                repeat.insert("boundsDuration".to_owned(), bounds);
            }
            push_extensions(
                &mut repeat,
                vec![extension::code(
                    extension::COUNTED_OVER,
                    over.unwrap_or("relationship"),
                )],
            );
        }
    }
    let get = |m: Option<crate::Minutes>| m.map(crate::Minutes::get);
    minutes(
        &mut repeat,
        get(p.typical_minutes),
        get(p.min_minutes),
        get(p.max_minutes),
    );
    json!({ "repeat": repeat })
}
