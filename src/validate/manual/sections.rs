//! Qualifications, the team rule, activities, components, materials, the collaborative and
//! measures.

use super::check_unique_keys;
use crate::manual::{Cadence, LearningSessions, Qualification};
use crate::validate::report::Findings;
use crate::{Manual, Rule};

pub(super) fn check(manual: &Manual, findings: &mut Findings) {
    check_qualifications(&manual.qualifications, findings);
    check_team(manual, findings);
    check_activities(manual, findings);
    super::milestones::check(manual, findings);
    check_unique_keys(
        manual.materials.iter().map(|m| &m.key),
        "/materials",
        Rule::MaterialKeyDuplicate,
        findings,
    );
    if let Some(collaborative) = &manual.collaborative
        && let LearningSessions::Dated(dates) = &collaborative.learning_sessions
    {
        for (i, pair) in dates.windows(2).enumerate() {
            if let [earlier, later] = pair
                && later <= earlier
            {
                findings.push(
                    Rule::CollaborativeDatesUnordered,
                    format!("/collaborative/learning_sessions/dated/{}", i + 1),
                    format!("learning session {later} does not come after {earlier}; expected dates in order, one a day at most"),
                );
            }
        }
    }
    check_unique_keys(
        manual.measures.iter().map(|m| &m.key),
        "/measures",
        Rule::MeasureKeyDuplicate,
        findings,
    );
}

fn check_qualifications(qualifications: &[Qualification], findings: &mut Findings) {
    for (i, q) in qualifications.iter().enumerate() {
        let same = qualifications
            .iter()
            .take(i)
            .position(|earlier| earlier.check == q.check && earlier.role == q.role);
        if let Some(first) = same {
            findings.push(
                Rule::QualificationDuplicate,
                format!("/qualifications/{i}/check"),
                format!("this check repeats /qualifications/{first} for the same coaches; expected each check once (its requirement says how binding it is)"),
            );
        }
    }
}

fn check_team(manual: &Manual, findings: &mut Findings) {
    let Some(team) = &manual.team else {
        return;
    };
    // A role listed twice is reported once, as the team rule's own error (its `count` says how
    // many coaches fill a role), not also as a `list-entry-duplicate` of the same entry.
    let skills: foldhash::HashSet<&crate::Key> = manual.skills.iter().map(|s| &s.key).collect();
    for (i, role) in team.roles.iter().enumerate() {
        if team.roles.iter().take(i).any(|r| r.role == role.role) {
            findings.push(
                Rule::TeamRoleDuplicate,
                format!("/team/roles/{i}/role"),
                format!("role `{}` is listed twice; expected it once, with `count` saying how many coaches fill it", role.role),
            );
        }
        for (j, skill) in role.skills.iter().enumerate() {
            if !skills.contains(skill) {
                findings.push(
                    Rule::TeamSkillUnknown,
                    format!("/team/roles/{i}/skills/{j}"),
                    format!("skill `{skill}` is not a skill of the manual"),
                );
            }
        }
    }
    let contacts: Vec<usize> = team
        .roles
        .iter()
        .enumerate()
        .filter(|(_, r)| r.point_of_contact)
        .map(|(i, _)| i)
        .collect();
    if let [first, .., last] = contacts.as_slice() {
        findings.push(
            Rule::TeamPointOfContactMultiple,
            format!("/team/roles/{last}/point_of_contact"),
            format!("roles at /team/roles/{first} and /team/roles/{last} are both the site's regular point of contact; expected one"),
        );
    }
}

fn check_activities(manual: &Manual, findings: &mut Findings) {
    check_unique_keys(
        manual.activities.iter().map(|a| &a.key),
        "/activities",
        Rule::ActivityKeyDuplicate,
        findings,
    );
    let joint_team = manual.team.as_ref().is_some_and(|t| t.joint_contacts);
    for (i, activity) in manual.activities.iter().enumerate() {
        let at = format!("/activities/{i}");
        for (member, minutes) in [
            ("min_minutes", activity.min_minutes),
            ("max_minutes", activity.max_minutes),
        ] {
            if minutes.is_some_and(|m| m.get() == 0) {
                findings.push(
                    Rule::ActivityMinutesZero,
                    format!("{at}/{member}"),
                    format!(
                        "activity `{}` is planned to last 0 minutes; expected more, or no {member}",
                        activity.key
                    ),
                );
            }
        }
        if let (Some(min), Some(max)) = (activity.min_minutes, activity.max_minutes)
            && max < min
        {
            findings.push(
                Rule::ActivityMinutesInverted,
                format!("{at}/max_minutes"),
                format!("max_minutes {max} is below min_minutes {min}; expected at least {min}"),
            );
        }
        match &activity.cadence {
            Cadence::AroundContact { joint_only: true, .. } if !joint_team => findings.push(
                Rule::ActivityJointWithoutTeam,
                format!("{at}/cadence/around_contact/joint_only"),
                format!("activity `{}` goes with joint contacts only, but the manual has no team rule with joint contacts; expected `joint_only: false`, or a team rule", activity.key),
            ),
            Cadence::AtMilestone(key) if manual.milestone(key).is_none() => findings.push(
                Rule::ActivityMilestoneUnknown,
                format!("{at}/cadence/at_milestone"),
                format!("milestone `{key}` is not a milestone of the manual"),
            ),
            Cadence::Every {
                scope,
                starts,
                until_end_of,
                ..
            } => check_series(manual, &at, activity, (*scope, starts.as_ref(), until_end_of.as_ref()), findings),
            _ => {}
        }
        if let Cadence::AroundContact {
            channel: Some(channel),
            ..
        } = activity.cadence
            && !manual.intensity_levels.is_empty()
            && manual.intensity_levels.iter().all(|l| {
                // A dose set per site, or one the sources name without a count, may still
                // hold contacts on the channel.
                l.prescription(channel).is_none()
                    && l.tailored.is_none()
                    && !l.not_reported.contains(&channel)
            })
        {
            findings.push(
                Rule::ActivityChannelUnprescribed,
                format!("{at}/cadence/around_contact/channel"),
                format!(
                    "activity `{}` goes with {} contacts, which no intensity level prescribes, so it is never held; expected a channel the levels prescribe, or none for every contact",
                    activity.key,
                    channel.as_str()
                ),
            );
        }
    }
}

/// Where a periodic activity starts and stops: only a site's series can say, and only with
/// phases and milestones the manual defines.
fn check_series(
    manual: &Manual,
    at: &str,
    activity: &crate::manual::Activity,
    (scope, starts, until_end_of): (
        crate::manual::Scope,
        Option<&crate::manual::SeriesStart>,
        Option<&crate::Key>,
    ),
    findings: &mut Findings,
) {
    use crate::manual::{Scope, SeriesStart};
    let every = format!("{at}/cadence/every");
    if scope == Scope::Program {
        for (member, given) in [
            ("starts", starts.is_some()),
            ("until_end_of", until_end_of.is_some()),
        ] {
            if given {
                findings.push(
                    Rule::ActivitySeriesProgramWide,
                    format!("{every}/{member}"),
                    format!(
                        "activity `{}` is held once for the program, which has no phases of its own; expected `{member}` only with `scope: site`",
                        activity.key
                    ),
                );
            }
        }
        return;
    }
    match starts {
        Some(SeriesStart::PhaseEntry(phase)) if manual.phase(phase).is_none() => findings.push(
            Rule::ActivitySeriesAnchorUnknown,
            format!("{every}/starts/phase_entry"),
            format!("phase `{phase}` is not a phase of the manual"),
        ),
        Some(SeriesStart::Milestone(key)) if manual.milestone(key).is_none() => findings.push(
            Rule::ActivitySeriesAnchorUnknown,
            format!("{every}/starts/milestone"),
            format!("milestone `{key}` is not a milestone of the manual"),
        ),
        _ => {}
    }
    if let Some(phase) = until_end_of.filter(|p| manual.phase(p).is_none()) {
        findings.push(
            Rule::ActivitySeriesAnchorUnknown,
            format!("{every}/until_end_of"),
            format!("phase `{phase}` is not a phase of the manual"),
        );
    }
}

/// Components have unique keys; a collaborative's counts are in order.
pub(super) fn check_components_and_headcounts(manual: &Manual, findings: &mut Findings) {
    check_unique_keys(
        manual.components.iter().map(|c| &c.key),
        "/components",
        Rule::ComponentKeyDuplicate,
        findings,
    );
    let Some(collaborative) = &manual.collaborative else {
        return;
    };
    for (member, count) in [
        ("delegates", &collaborative.delegates),
        ("faculty", &collaborative.faculty),
        ("teams", &collaborative.teams),
    ] {
        if let Some(count) = count
            && count.max < count.min
        {
            findings.push(
                Rule::CollaborativeHeadcountInverted,
                format!("/collaborative/{member}/max"),
                format!(
                    "{member} max {} is below min {}; expected at least {}",
                    count.max, count.min, count.min
                ),
            );
        }
    }
}
