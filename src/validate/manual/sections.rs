//! Qualifications, the team rule, activities, milestones, materials, the collaborative,
//! measures and figures.

use super::check_unique_keys;
use crate::manual::{Cadence, Described, LearningSessions, Per, Qualification};
use crate::validate::report::Findings;
use crate::{Manual, Rule};

pub(super) fn check(manual: &Manual, findings: &mut Findings) {
    check_qualifications(&manual.qualifications, findings);
    check_team(manual, findings);
    check_activities(manual, findings);
    check_milestones(manual, findings);
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
    check_figures(manual, findings);
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

fn check_milestones(manual: &Manual, findings: &mut Findings) {
    check_unique_keys(
        manual.milestones.iter().map(|m| &m.key),
        "/milestones",
        Rule::MilestoneKeyDuplicate,
        findings,
    );
    for (i, milestone) in manual.milestones.iter().enumerate() {
        if let crate::manual::Anchor::PhaseEntry(phase) = &milestone.anchor
            && manual.phase(phase).is_none()
        {
            findings.push(
                Rule::MilestonePhaseUnknown,
                format!("/milestones/{i}/anchor/phase_entry"),
                format!("phase `{phase}` is not a phase of the manual"),
            );
        }
        if milestone.every.is_some_and(crate::Length::is_zero) {
            findings.push(
                Rule::MilestoneRepeatZero,
                format!("/milestones/{i}/every"),
                format!(
                    "milestone `{}` repeats every 0; expected a length above zero, or no `every`",
                    milestone.key
                ),
            );
        }
    }
}

fn check_figures(manual: &Manual, findings: &mut Findings) {
    check_unique_keys(
        manual.figures.iter().map(|f| &f.key),
        "/figures",
        Rule::FigureKeyDuplicate,
        findings,
    );
    for (i, figure) in manual.figures.iter().enumerate() {
        let range = format!(
            "{}-{}",
            figure.low.map_or_else(|| "…".to_owned(), |v| v.to_string()),
            figure
                .high
                .map_or_else(|| "…".to_owned(), |v| v.to_string())
        );
        if figure.value.is_none() && figure.low.is_none() && figure.high.is_none() {
            findings.push(
                Rule::FigureEmpty,
                format!("/figures/{i}"),
                format!("figure `{}` gives no value and no range; expected a value, a low and high, or both", figure.key),
            );
            continue;
        }
        let inverted = match (figure.low, figure.high) {
            (Some(low), Some(high)) if high < low => Some(("high", high)),
            _ => figure.value.and_then(|value| {
                let below = figure.low.filter(|low| value < *low);
                let above = figure.high.filter(|high| value > *high);
                below.or(above).map(|_| ("value", value))
            }),
        };
        if let Some((member, at)) = inverted {
            findings.push(
                Rule::FigureRangeInverted,
                format!("/figures/{i}/{member}"),
                format!(
                    "{member} {at} does not fit the range {range}; expected low <= value <= high"
                ),
            );
            continue;
        }
        let Some(described) = &figure.describes else {
            continue;
        };
        // Without phases the manual plans no relationship to compare (`phase-none` says so);
        // the empty sum would also print as `-0.0`.
        let per_relationship = !matches!(
            described,
            Described::ContactMinutes(_) | Described::SitesPerCoach
        );
        if per_relationship && manual.phases.is_empty() {
            continue;
        }
        // A dose set per site plans no count of its own to set beside a published one.
        let of_dose = matches!(
            described,
            Described::RelationshipContacts | Described::RelationshipContactHours
        );
        let tailored = manual.phases.iter().any(|p| {
            manual
                .level(&p.starting_level)
                .is_some_and(|l| l.tailored.is_some())
        });
        if of_dose && tailored {
            continue;
        }
        let Some((low, high)) = manual_value(manual, described) else {
            continue;
        };
        let outside = figure.low.is_some_and(|l| high < l.as_f64())
            || figure.high.is_some_and(|h| low > h.as_f64());
        if outside {
            let shown = if (high - low).abs() < 0.05 {
                format!("{low:.1}")
            } else {
                format!("{low:.1} to {high:.1}")
            };
            findings.push(
                Rule::FigureFarFromManual,
                format!("/figures/{i}/describes"),
                format!(
                    "the manual plans {shown} {} where `{}` reports {range}; expected a value within the published range, or a rationale for straying and no link",
                    figure.unit, figure.key
                ),
            );
        }
    }
}

/// The manual's own value (a low and high, when it spans a range) that a figure describes.
fn manual_value(manual: &Manual, described: &Described) -> Option<(f64, f64)> {
    let days = |max: bool| -> f64 {
        manual
            .phases
            .iter()
            .map(|p| {
                let length = if max {
                    p.length.max.unwrap_or(p.length.min)
                } else {
                    p.length.min
                };
                length.approx_days()
            })
            .sum()
    };
    let month = 30.436_875;
    match described {
        Described::RelationshipMonths => Some((days(false) / month, days(true) / month)),
        Described::RelationshipContacts | Described::RelationshipContactHours => {
            let hours = matches!(described, Described::RelationshipContactHours);
            let total = |max: bool| -> Option<f64> {
                let mut sum = 0.0;
                for phase in &manual.phases {
                    let length = if max {
                        phase.length.max.unwrap_or(phase.length.min)
                    } else {
                        phase.length.min
                    };
                    let level = manual.level(&phase.starting_level)?;
                    for p in &level.prescriptions {
                        let count = f64::from(if max {
                            p.max_contacts.get()
                        } else {
                            p.min_contacts.get()
                        });
                        let times = match p.per.period() {
                            Some(period) => {
                                #[allow(clippy::cast_precision_loss)]
                                let per_year = period.per_year() as f64;
                                length.approx_days() / 365.25 * per_year
                            }
                            None if p.per == Per::Phase => 1.0,
                            // Counted once over the relationship, below.
                            None => 0.0,
                        };
                        let minutes =
                            p.typical_minutes
                                .or(if max { p.max_minutes } else { p.min_minutes });
                        let unit = if hours {
                            f64::from(minutes?.get()) / 60.0
                        } else {
                            1.0
                        };
                        sum += count * times * unit;
                    }
                }
                // Counts over the relationship are those of the level it starts at.
                let per_relationship = manual
                    .phases
                    .first()
                    .and_then(|p| manual.level(&p.starting_level))
                    .into_iter()
                    .flat_map(|l| &l.prescriptions)
                    .filter(|p| p.per == Per::Relationship);
                for p in per_relationship {
                    let count = f64::from(if max {
                        p.max_contacts.get()
                    } else {
                        p.min_contacts.get()
                    });
                    let minutes =
                        p.typical_minutes
                            .or(if max { p.max_minutes } else { p.min_minutes });
                    let unit = if hours {
                        f64::from(minutes?.get()) / 60.0
                    } else {
                        1.0
                    };
                    sum += count * unit;
                }
                Some(sum)
            };
            Some((total(false)?, total(true)?))
        }
        Described::ContactMinutes(channel) => {
            let minutes: Vec<f64> = manual
                .intensity_levels
                .iter()
                .filter_map(|l| l.prescription(*channel))
                .filter_map(|p| p.typical_minutes.or(p.max_minutes))
                .map(|m| f64::from(m.get()))
                .collect();
            let low = minutes.iter().copied().reduce(f64::min)?;
            let high = minutes.iter().copied().reduce(f64::max)?;
            Some((low, high))
        }
        Described::SitesPerCoach => manual
            .caseload
            .as_ref()
            .map(|c| (f64::from(c.sites.get()), f64::from(c.sites.get()))),
    }
}
