//! Components a relationship records as offered and received.

use super::super::InForce;
use crate::program::Relationship;
use crate::validate::check_listed_once;
use crate::validate::report::Findings;
use crate::{Key, Rule};

/// Each record names a component of the manual in force on the day it was offered, once, and
/// is received no earlier than offered.
pub(super) fn check(
    in_force: &InForce<'_>,
    relationship: &Relationship,
    at: &str,
    findings: &mut Findings,
) {
    let keys: Vec<&Key> = relationship
        .components
        .iter()
        .map(|c| &c.component)
        .collect();
    check_listed_once(&keys, || format!("{at}/components"), findings);
    for (j, record) in relationship.components.iter().enumerate() {
        if in_force
            .on(record.offered)
            .component(&record.component)
            .is_none()
        {
            findings.push(
                Rule::ComponentUnknown,
                format!("{at}/components/{j}/component"),
                format!(
                    "component `{}` is not a component of the manual",
                    record.component
                ),
            );
        }
        if let Some(received) = record.received
            && received < record.offered
        {
            findings.push(
                Rule::ComponentReceivedBeforeOffered,
                format!("{at}/components/{j}/received"),
                format!(
                    "received {received}, before it was offered {}; expected the day it was offered or later",
                    record.offered
                ),
            );
        }
    }
}
