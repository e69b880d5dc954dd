//! Published figures: their values, spreads and groups, and how far the manual strays from
//! those that describe one of its values.

use foldhash::{HashMap, HashMapExt};

use super::check_unique_keys;
use crate::manual::{Described, Estimate, Figure, Spread};
use crate::validate::report::Findings;
use crate::{Manual, Rule};

pub(super) fn check(manual: &Manual, findings: &mut Findings) {
    check_unique_keys(
        manual.figures.iter().map(|f| &f.key),
        "/figures",
        Rule::FigureKeyDuplicate,
        findings,
    );
    for (i, figure) in manual.figures.iter().enumerate() {
        let at = format!("/figures/{i}");
        let mut readable = true;
        if figure.estimate().is_empty() && figure.groups.is_empty() {
            findings.push(
                Rule::FigureEmpty,
                at.clone(),
                format!("figure `{}` gives no value, no range and no group; expected a value, a low and high, quartiles or values per group", figure.key),
            );
            readable = false;
        } else {
            readable &= check_estimate(figure.estimate(), &at, findings);
        }
        readable &= check_groups(figure, &at, findings);
        if let Some(tolerance) = figure.tolerance
            && tolerance.as_f64() < 1.0
        {
            findings.push(
                Rule::FigureToleranceBelowOne,
                format!("{at}/tolerance"),
                format!("figure `{}` has a tolerance of {tolerance}; expected a factor of 1 or more (1 accepts only the published values, 2 a value half or twice as large)", figure.key),
            );
            readable = false;
        }
        if readable {
            check_distance(manual, figure, &at, findings);
        }
    }
}

/// Checks one value with its spread; whether it can be compared.
fn check_estimate(estimate: Estimate, at: &str, findings: &mut Findings) -> bool {
    let range = Estimate {
        value: None,
        spread: None,
        ..estimate
    }
    .to_string();
    let inverted = match (estimate.low, estimate.high) {
        (Some(low), Some(high)) if high < low => Some(("high".to_owned(), high)),
        _ => estimate.value.and_then(|value| {
            let below = estimate.low.filter(|low| value < *low);
            let above = estimate.high.filter(|high| value > *high);
            below.or(above).map(|_| ("value".to_owned(), value))
        }),
    };
    if let Some((member, value)) = inverted {
        findings.push(
            Rule::FigureRangeInverted,
            format!("{at}/{member}"),
            format!(
                "{member} {value} does not fit the range {range}; expected low <= value <= high"
            ),
        );
        return false;
    }
    match estimate.spread {
        Some(Spread::Iqr(q)) if q.q3 < q.q1 => {
            findings.push(
                Rule::FigureRangeInverted,
                format!("{at}/spread/iqr/q3"),
                format!(
                    "the third quartile {} is below the first, {}; expected q1 <= q3",
                    q.q3, q.q1
                ),
            );
            false
        }
        Some(Spread::Sd(sd)) if estimate.value.is_none() => {
            findings.push(
                Rule::FigureSdWithoutValue,
                format!("{at}/spread/sd"),
                format!("a standard deviation of {sd} is given without the mean it spreads around; expected a `value` beside it"),
            );
            false
        }
        _ => true,
    }
}

/// Checks each group and that no two share a name; whether all can be compared.
fn check_groups(figure: &Figure, at: &str, findings: &mut Findings) -> bool {
    let mut readable = true;
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (j, group) in figure.groups.iter().enumerate() {
        let here = format!("{at}/groups/{j}");
        if let Some(earlier) = first.get(group.name.trim()) {
            findings.push(
                Rule::FigureGroupDuplicate,
                format!("{here}/name"),
                format!(
                    "group `{}` is already named at {at}/groups/{earlier}; expected each group once",
                    group.name
                ),
            );
        } else {
            first.insert(group.name.trim(), j);
        }
        if group.estimate().is_empty() {
            findings.push(
                Rule::FigureEmpty,
                here,
                format!("group `{}` of figure `{}` gives no value and no range; expected a value, a low and high, or quartiles", group.name, figure.key),
            );
            readable = false;
        } else {
            readable &= check_estimate(group.estimate(), &here, findings);
        }
    }
    readable
}

/// Warns where the value the figure describes lies outside every band of the figure and its
/// groups.
fn check_distance(manual: &Manual, figure: &Figure, at: &str, findings: &mut Findings) {
    let Some(described) = &figure.describes else {
        return;
    };
    // A dose set per site plans no count of its own to set beside a published one.
    let of_dose = matches!(
        described,
        Described::RelationshipContacts
            | Described::RelationshipContactHours
            | Described::ContactsPerYear(_)
            | Described::ContactHoursPerYear(_)
    );
    let tailored = manual.phases.iter().any(|p| {
        manual
            .level(&p.starting_level)
            .is_some_and(|l| l.tailored.is_some())
    });
    if of_dose && tailored {
        return;
    }
    // Without phases the manual plans no relationship to compare (`phase-none` says so).
    let Some(planned) = described.planned(manual) else {
        return;
    };
    let bands: Vec<_> = figure.bands().collect();
    if bands.is_empty() || bands.iter().any(|b| b.meets(planned)) {
        return;
    }
    let published = published(figure);
    let within: Vec<String> = bands.iter().map(ToString::to_string).collect();
    findings.push(
        Rule::FigureFarFromManual,
        format!("{at}/describes"),
        format!(
            "the manual plans {planned} {} where `{}` reports {published}; expected {} (within a factor of {} of the published value and spread, or its lowest and highest), or a rationale for straying and no link",
            figure.unit,
            figure.key,
            within.join(" or "),
            figure
                .tolerance
                .map_or_else(|| Figure::DEFAULT_TOLERANCE.to_string(), |t| t.to_string()),
        ),
    );
}

/// The figure as published: its own value and spread, then each group's.
fn published(figure: &Figure) -> String {
    let own = Some(figure.estimate())
        .filter(|e| !e.is_empty())
        .map(|e| e.to_string());
    let groups = figure
        .groups
        .iter()
        .map(|g| format!("{}: {}", g.name, g.estimate()));
    own.into_iter().chain(groups).collect::<Vec<_>>().join("; ")
}
