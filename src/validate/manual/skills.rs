//! Core and specialty skills.

use super::check_unique_keys;
use crate::manual::SkillTier;
use crate::validate::report::Findings;
use crate::{Manual, Rule};

pub(super) fn check(manual: &Manual, findings: &mut Findings) {
    check_unique_keys(
        manual.skills.iter().map(|s| &s.key),
        "/skills",
        Rule::SkillKeyDuplicate,
        findings,
    );
    // A manual whose sources name no skills leaves the section out, as other optional sections.
    if !manual.skills.is_empty() && manual.core_skills().next().is_none() {
        findings.push(
            Rule::SkillCoreNone,
            "/skills".to_owned(),
            "no skill has tier `core`; expected the skills every coach must hold".to_owned(),
        );
    }
    for (i, skill) in manual.skills.iter().enumerate() {
        let holders = !skill.disciplines.is_empty() || !skill.roles.is_empty();
        match skill.tier {
            SkillTier::Specialty if !holders => findings.push(
                Rule::SkillSpecialtyHolderMissing,
                format!("/skills/{i}"),
                format!("specialty skill `{}` names no discipline or role; expected the disciplines or roles whose coaches hold it", skill.key),
            ),
            SkillTier::Core if holders => findings.push(
                Rule::SkillCoreHolderSet,
                format!(
                    "/skills/{i}/{}",
                    if skill.disciplines.is_empty() { "roles" } else { "disciplines" }
                ),
                format!("core skill `{}` names disciplines or roles; expected none, core skills are expected of every coach", skill.key),
            ),
            _ => {}
        }
    }
}
