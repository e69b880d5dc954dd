//! A site's stratum and the month its relationship enters the stratum's phase.

use super::super::InForce;
use crate::program::{Relationship, Site};
use crate::validate::report::{Findings, Quoted};
use crate::{Length, Rule};

/// The first entry into the stratum's phase falls in a month of the relationship (1 is its
/// first) that the stratum names. Silent where the site names no stratum or one the manual
/// does not define (its own finding), and where the relationship has not entered the phase.
pub(super) fn check(
    in_force: &InForce<'_>,
    site: &Site,
    relationship: &Relationship,
    at: &str,
    findings: &mut Findings,
) {
    let Some(key) = &site.stratum else {
        return;
    };
    let Some(stratum) = in_force.on(relationship.start).stratum(key) else {
        return;
    };
    let Some((j, entry)) = relationship
        .phases
        .iter()
        .enumerate()
        .find(|(_, t)| t.phase == stratum.enters)
    else {
        return;
    };
    if entry.date < relationship.start {
        return;
    }
    let month = Length::whole_months(relationship.start, entry.date) + 1;
    if !stratum.months.iter().any(|m| u32::from(m.get()) == month) {
        let months: Vec<String> = stratum.months.iter().map(ToString::to_string).collect();
        findings.push(
            Rule::PhaseEntryStratum,
            format!("{at}/phases/{j}/date"),
            format!(
                "site `{}` of stratum `{}` enters phase `{}` in month {month} of its relationship; expected month {}",
                Quoted(&site.name),
                stratum.key,
                stratum.enters,
                months.join(", ")
            ),
        );
    }
}
