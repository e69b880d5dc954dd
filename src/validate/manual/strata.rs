//! Strata: groups of sites whose entry into a phase falls in months the manual names.

use super::check_unique_keys;
use crate::validate::report::Findings;
use crate::{Manual, Rule};

/// Strata: unique keys, a phase the manual defines, and months from 1, each once.
pub(super) fn check(manual: &Manual, findings: &mut Findings) {
    check_unique_keys(
        manual.strata.iter().map(|s| &s.key),
        "/strata",
        Rule::StratumKeyDuplicate,
        findings,
    );
    for (i, stratum) in manual.strata.iter().enumerate() {
        if manual.phase(&stratum.enters).is_none() {
            findings.push(
                Rule::StratumPhaseUnknown,
                format!("/strata/{i}/enters"),
                format!("phase `{}` is not a phase of the manual", stratum.enters),
            );
        }
        if stratum.months.is_empty() {
            findings.push(
                Rule::StratumMonthsInvalid,
                format!("/strata/{i}/months"),
                "no month is named; expected the months in which the stratum's sites enter the phase".to_owned(),
            );
        }
        for (j, month) in stratum.months.iter().enumerate() {
            let twice = stratum.months.get(..j).is_some_and(|b| b.contains(month));
            if month.get() == 0 || twice {
                findings.push(
                    Rule::StratumMonthsInvalid,
                    format!("/strata/{i}/months/{j}"),
                    if twice {
                        format!("month {month} is named twice; expected each month once")
                    } else {
                        "month 0; expected months counted from 1, the relationship's first"
                            .to_owned()
                    },
                );
            }
        }
    }
}
