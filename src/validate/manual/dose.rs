//! Intensity levels, their prescriptions and the titration floor.

use super::check_unique_keys;
use crate::Minutes;
use crate::manual::{Channel, IntensityLevel, Prescription, TeamRequirement, per_month_rounded};
use crate::validate::report::Findings;
use crate::{Manual, Rule};

pub(super) fn check(manual: &Manual, findings: &mut Findings) {
    let levels = &manual.intensity_levels;
    if levels.is_empty() {
        findings.push(
            Rule::LevelNone,
            "/intensity_levels".to_owned(),
            "no intensity level is defined; expected at least one".to_owned(),
        );
    }
    check_unique_keys(
        levels.iter().map(|l| &l.key),
        "/intensity_levels",
        Rule::LevelKeyDuplicate,
        findings,
    );
    for (i, level) in levels.iter().enumerate() {
        let channels = level.prescriptions.iter().map(|p| p.channel);
        check_channels_once(
            channels,
            &format!("/intensity_levels/{i}/prescriptions"),
            findings,
        );
        check_not_reported(level, &format!("/intensity_levels/{i}"), findings);
        for (j, prescription) in level.prescriptions.iter().enumerate() {
            let at = format!("/intensity_levels/{i}/prescriptions/{j}");
            check_ranges(prescription, &at, findings);
            check_plausible(prescription, &at, findings);
            check_coaches(manual, prescription, &at, findings);
            check_modes(prescription, &at, findings);
            check_interval(prescription, &at, findings);
        }
    }
    for channel in Channel::ALL {
        check_minutes_given_everywhere(manual, channel, findings);
    }
    check_floor(manual, findings);
    for (i, pair) in levels.windows(2).enumerate() {
        // Counts do not order a dose set per site: the manual's order stands there.
        if let [upper, lower] = pair
            && upper.tailored.is_none()
            && lower.tailored.is_none()
            && upper.dominates(lower) == Some(false)
        {
            findings.push(
                Rule::LevelOrder,
                format!("/intensity_levels/{}", i + 1),
                format!(
                    "level `{}` is not less intensive than `{}` listed above it; expected at most as many contacts and minutes a year on every channel, and fewer on one",
                    lower.key, upper.key
                ),
            );
        }
    }
}

fn check_channels_once(channels: impl Iterator<Item = Channel>, at: &str, findings: &mut Findings) {
    let mut seen = Vec::with_capacity(Channel::ALL.len());
    for (j, channel) in channels.enumerate() {
        if seen.contains(&channel) {
            findings.push(
                Rule::DoseChannelDuplicate,
                format!("{at}/{j}/channel"),
                format!(
                    "channel `{}` is listed twice; expected one entry per channel",
                    channel.as_str()
                ),
            );
        }
        seen.push(channel);
    }
}

/// A channel whose dose is not reported is neither prescribed nor listed twice.
fn check_not_reported(level: &IntensityLevel, at: &str, findings: &mut Findings) {
    for (j, channel) in level.not_reported.iter().enumerate() {
        let twice = level
            .not_reported
            .get(..j)
            .is_some_and(|before| before.contains(channel));
        if twice || level.prescription(*channel).is_some() {
            findings.push(
                Rule::DoseChannelDuplicate,
                format!("{at}/not_reported/{j}"),
                format!(
                    "channel `{}` is {}; expected a channel either prescribed or not reported, once",
                    channel.as_str(),
                    if twice { "listed twice as not reported" } else { "both prescribed and listed as not reported" }
                ),
            );
        }
    }
}

/// An interval between contacts is above zero, in order, and gives the prescription's counts.
fn check_interval(prescription: &Prescription, at: &str, findings: &mut Findings) {
    let Some(interval) = prescription.interval else {
        return;
    };
    if interval.min.is_zero() || interval.max.is_zero() {
        let side = if interval.min.is_zero() { "min" } else { "max" };
        findings.push(
            Rule::DoseIntervalInvalid,
            format!("{at}/interval/{side}"),
            "an interval of zero between contacts; expected a time above zero".to_owned(),
        );
        return;
    }
    if super::phases::inverted(interval.min, interval.max) {
        findings.push(
            Rule::DoseIntervalInvalid,
            format!("{at}/interval/max"),
            format!(
                "the longest interval {} is shorter than the shortest {}; expected at least {}",
                interval.max, interval.min, interval.min
            ),
        );
        return;
    }
    let (min, max) = (
        u64::from(prescription.min_contacts.get()),
        u64::from(prescription.max_contacts.get()),
    );
    match interval.contacts_per(prescription.per) {
        None => findings.push(
            Rule::DoseIntervalCounts,
            format!("{at}/per"),
            format!(
                "counts are per `{}`, but an interval gives counts per calendar period only; expected a week, month, quarter, half year or year",
                prescription.per.as_str()
            ),
        ),
        Some((low, high)) if (low, high) != (min, max) => findings.push(
            Rule::DoseIntervalCounts,
            format!("{at}/{}", if low == min { "max_contacts" } else { "min_contacts" }),
            format!(
                "{min} to {max} contacts a {} do not follow from one every {} to {}; expected {low} to {high}",
                prescription.per.as_str(),
                interval.min,
                interval.max
            ),
        ),
        Some(_) => {}
    }
}

/// A prescription's modes belong to its channel, each once.
fn check_modes(prescription: &Prescription, at: &str, findings: &mut Findings) {
    for (k, mode) in prescription.modes.iter().enumerate() {
        if mode.channel() != prescription.channel {
            findings.push(
                Rule::DoseModeChannel,
                format!("{at}/modes/{k}"),
                format!(
                    "mode `{}` is a {} mode, but this prescription is for channel `{}`; expected modes of that channel",
                    mode.as_str(),
                    mode.channel().as_str(),
                    prescription.channel.as_str()
                ),
            );
        }
        if prescription
            .modes
            .get(..k)
            .is_some_and(|before| before.contains(mode))
        {
            findings.push(
                Rule::DoseModeDuplicate,
                format!("{at}/modes/{k}"),
                format!(
                    "mode `{}` is listed twice; expected each mode once",
                    mode.as_str()
                ),
            );
        }
    }
}

fn check_ranges(prescription: &Prescription, at: &str, findings: &mut Findings) {
    let (min, max) = (prescription.min_contacts, prescription.max_contacts);
    if max < min {
        findings.push(
            Rule::DoseContactsInverted,
            format!("{at}/max_contacts"),
            format!("max_contacts {max} is below min_contacts {min}; expected at least {min}"),
        );
    }
    if let (Some(min), Some(max)) = (prescription.min_minutes, prescription.max_minutes)
        && max < min
    {
        findings.push(
            Rule::DoseMinutesInverted,
            format!("{at}/max_minutes"),
            format!("max_minutes {max} is below min_minutes {min}; expected at least {min}"),
        );
    }
    if let Some(typical) = prescription.typical_minutes {
        let below = prescription.min_minutes.filter(|min| typical < *min);
        let above = prescription.max_minutes.filter(|max| typical > *max);
        if let Some(bound) = below.or(above) {
            let side = if below.is_some() {
                "below min_minutes"
            } else {
                "above max_minutes"
            };
            findings.push(
                Rule::DoseMinutesInverted,
                format!("{at}/typical_minutes"),
                format!("typical_minutes {typical} is {side} {bound}; expected it within the minimum and maximum"),
            );
        }
    }
}

/// The contact lengths this crate finds plausible per channel, in minutes: an in-person visit
/// of at least a quarter hour and at most a long working day; a remote contact (an email
/// counts) of at least five minutes and at most four hours.
const fn plausible(channel: Channel) -> (u16, u16) {
    match channel {
        Channel::InPerson => (15, 600),
        Channel::Remote => (5, 240),
    }
}

fn check_plausible(prescription: &Prescription, at: &str, findings: &mut Findings) {
    let (low, high) = plausible(prescription.channel);
    let members = [
        ("typical_minutes", prescription.typical_minutes),
        ("min_minutes", prescription.min_minutes),
        ("max_minutes", prescription.max_minutes),
    ];
    for (member, minutes) in members {
        if let Some(minutes) = minutes.map(Minutes::get)
            && !(low..=high).contains(&minutes)
        {
            findings.push(
                Rule::DoseMinutesImplausible,
                format!("{at}/{member}"),
                format!(
                    "{member} {minutes} is implausible for {} contact; expected {low} to {high} minutes",
                    match prescription.channel {
                        Channel::InPerson => "an in-person",
                        Channel::Remote => "a remote",
                    }
                ),
            );
        }
    }
}

fn check_coaches(manual: &Manual, prescription: &Prescription, at: &str, findings: &mut Findings) {
    let coaches = u32::from(prescription.coaches_per_contact.get());
    match &manual.team {
        None if coaches > 1 => findings.push(
            Rule::DoseCoachesWithoutTeam,
            format!("{at}/coaches_per_contact"),
            format!("{coaches} coaches per contact, but the manual has no team rule; expected 1, or a team rule"),
        ),
        Some(team) if coaches > team.size() => findings.push(
            Rule::DoseCoachesWithoutTeam,
            format!("{at}/coaches_per_contact"),
            format!(
                "{coaches} coaches per contact, but the team rule's teams have {}; expected at most {}",
                team.size(),
                team.size()
            ),
        ),
        // Only where every site has a team are all in-person contacts joint; where some sites
        // are coached by one coach, a level's one coach per contact is honest.
        Some(team)
            if team.joint_contacts
                && team.required_for == TeamRequirement::AllSites
                && coaches == 1
                && prescription.channel == Channel::InPerson =>
        {
            findings.push(
                Rule::DoseJointSingleCoach,
                format!("{at}/coaches_per_contact"),
                "1 coach per in-person contact, but the team rule makes contacts joint; expected the team's coaches".to_owned(),
            );
        }
        _ => {}
    }
}

type MinutesGiven = fn(&Prescription) -> bool;

/// Minutes given at some levels but not others make doses incomparable across levels.
fn check_minutes_given_everywhere(manual: &Manual, channel: Channel, findings: &mut Findings) {
    let prescriptions: Vec<(usize, usize, &Prescription)> = manual
        .intensity_levels
        .iter()
        .enumerate()
        .flat_map(|(i, level)| {
            level
                .prescriptions
                .iter()
                .enumerate()
                .filter(|(_, p)| p.channel == channel)
                .map(move |(j, p)| (i, j, p))
        })
        .collect();
    let members: [(&str, MinutesGiven); 3] = [
        ("typical_minutes", |p| p.typical_minutes.is_some()),
        ("min_minutes", |p| p.min_minutes.is_some()),
        ("max_minutes", |p| p.max_minutes.is_some()),
    ];
    for (member, given) in members {
        if !prescriptions.iter().any(|(_, _, p)| given(p)) {
            continue;
        }
        for (i, j, _) in prescriptions.iter().filter(|(_, _, p)| !given(p)) {
            findings.push(
                Rule::DoseMinutesPartial,
                format!("/intensity_levels/{i}/prescriptions/{j}"),
                format!("{} gives no {member} here but does at other levels; expected {member} at every level", channel.as_str()),
            );
        }
    }
}

fn check_floor(manual: &Manual, findings: &mut Findings) {
    let Some(floor) = manual.titration.as_ref().and_then(|t| t.floor.as_ref()) else {
        return;
    };
    check_channels_once(
        floor.contacts.iter().map(|c| c.channel),
        "/titration/floor/contacts",
        findings,
    );
    for minimum in &floor.contacts {
        for (i, level) in manual.intensity_levels.iter().enumerate() {
            // A level counting this channel over a phase cannot be compared with a floor per
            // period; only a shortfall that can be computed is reported.
            if minimum.is_met_by(level) != Some(false) {
                continue;
            }
            let channel = minimum.channel;
            let at = match level
                .prescriptions
                .iter()
                .position(|p| p.channel == channel)
            {
                Some(j) => format!("/intensity_levels/{i}/prescriptions/{j}/min_contacts"),
                None => format!("/intensity_levels/{i}/prescriptions"),
            };
            let given = level.annual(channel).map_or(0, |d| d.min_contacts);
            findings.push(
                Rule::DoseBelowFloor,
                at,
                format!(
                    "level `{}` prescribes {given} {} contacts a year (about {} a month); expected at least the floor's {}",
                    level.key,
                    channel.as_str(),
                    per_month_rounded(given),
                    minimum.per_year()
                ),
            );
        }
    }
}
