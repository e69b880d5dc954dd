//! The manual's policies FHIR R4 has no element for, as extensions of the `PlanDefinition`
//! ([`super::extension`]): who paid, the team rule, qualifications, the caseload threshold,
//! titration, the response time and published figures, each in words or as a duration.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::{extension, timing};
use crate::Manual;
use crate::manual::Vocabulary;
use crate::render::words;

/// The members FHIR has no element for, as extensions of the `PlanDefinition`.
pub(crate) fn extensions(manual: &Manual) -> Vec<Value> {
    let mut out = Vec::new();
    if let Some(payer) = manual.setting.as_ref().and_then(|s| s.payer.as_ref()) {
        out.push(extension::text(extension::PAYER, payer.clone()));
    }
    team(manual, &mut out);
    out.extend(manual.qualifications.iter().map(|q| {
        let role = q.role.as_ref().map_or_else(String::new, |r| {
            format!(", for {}", words::term(manual, Vocabulary::Roles, r))
        });
        extension::text(
            extension::QUALIFICATION,
            format!(
                "{}: {}{role}",
                words::requirement(q.requirement),
                words::check(manual, &q.check)
            ),
        )
    }));
    if let Some(caseload) = &manual.caseload {
        out.push(extension::with(
            extension::CASELOAD,
            "valueUnsignedInt",
            json!(caseload.sites.get()),
        ));
    }
    titration(manual, &mut out);
    if let Some(response) = &manual.response_time {
        out.push(extension::with(
            extension::RESPONSE_TIME,
            "valueDuration",
            timing::duration(u64::from(response.hours.get()), "h"),
        ));
    }
    out.extend(manual.figures.iter().map(|f| {
        let mut text = format!("{} ({})", f.name, f.key);
        if let Some(value) = &f.value {
            let _ = write!(text, ": {value}");
        }
        let _ = match (&f.low, &f.high) {
            (Some(low), Some(high)) => write!(text, ", range {low} to {high}"),
            (Some(low), None) => write!(text, ", from {low}"),
            (None, Some(high)) => write!(text, ", up to {high}"),
            (None, None) => Ok(()),
        };
        let _ = write!(text, " {}", f.unit);
        extension::text(extension::FIGURE, text)
    }));
    out
}

/// The team rule and the team policy for coaches without an experience kind, in words.
fn team(manual: &Manual, out: &mut Vec<Value>) {
    if let Some(team) = &manual.team {
        let joint = if team.joint_contacts {
            "contacts are made jointly"
        } else {
            "contacts are made separately"
        };
        let mut rule = format!(
            "A team of {} for {}; {joint}",
            words::team_roles(manual, team),
            words::team_requirement(manual, &team.required_for)
        );
        for role in team.roles.iter().filter(|r| !r.skills.is_empty()) {
            let skills: Vec<String> = role
                .skills
                .iter()
                .map(|k| words::skill_name(manual, k))
                .collect();
            let _ = write!(
                rule,
                "; the {} holds {}",
                words::term(manual, Vocabulary::Roles, &role.role),
                words::join(&skills, "and")
            );
        }
        out.push(extension::text(extension::TEAM_RULE, rule));
        if let Some(policy) = &team.for_coaches_without {
            out.push(extension::text(
                extension::TEAM_FOR_COACHES_WITHOUT,
                format!(
                    "A coach without {} should not coach alone ({})",
                    words::term(manual, Vocabulary::ExperienceKinds, &policy.experience),
                    words::requirement(policy.requirement)
                ),
            ));
        }
    }
}

/// The titration floor, the shortest interval between changes and the rules, in words.
fn titration(manual: &Manual, out: &mut Vec<Value>) {
    if let Some(titration) = &manual.titration {
        if let Some(floor) = &titration.floor {
            out.push(extension::text(
                extension::TITRATION_FLOOR,
                format!("At least {}", words::floor(floor)),
            ));
        }
        if let Some(interval) = &titration.min_weeks_between_changes {
            out.push(extension::with(
                extension::TITRATION_INTERVAL,
                "valueDuration",
                timing::duration(u64::from(interval.weeks.get()), "wk"),
            ));
        }
        out.extend(titration.rules.iter().map(|rule| {
            let mut text = format!(
                "{}: {}, {}",
                rule.key,
                words::trigger(manual, &rule.trigger),
                words::adjustment(manual, &rule.adjustment)
            );
            if rule.reason_required {
                text.push_str("; the decision records a reason");
            }
            if rule.overrides_interval {
                text.push_str("; it may come sooner than the shortest interval between changes");
            }
            extension::text(extension::TITRATION_RULE, text)
        }));
    }
}
