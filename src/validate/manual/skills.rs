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
    if manual.core_skills().next().is_none() {
        findings.push(
            Rule::SkillCoreNone,
            "/skills".to_owned(),
            "no skill has tier `core`; expected the skills every coach must hold".to_owned(),
        );
    }
    for (i, skill) in manual.skills.iter().enumerate() {
        let at = format!("/skills/{i}/disciplines");
        match skill.tier {
            SkillTier::Specialty if skill.disciplines.is_empty() => findings.push(
                Rule::SkillSpecialtyDisciplineMissing,
                at,
                format!("specialty skill `{}` names no discipline; expected the disciplines that hold it", skill.key),
            ),
            SkillTier::Core if !skill.disciplines.is_empty() => findings.push(
                Rule::SkillCoreDisciplineSet,
                at,
                format!("core skill `{}` names disciplines; expected none, core skills are expected of every coach", skill.key),
            ),
            _ => {}
        }
    }
}
