//! Intensity levels, their prescriptions and the titration floor.

use super::check_unique_keys;
use crate::manual::{Channel, Prescription, per_month_rounded};
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
        for (j, prescription) in level.prescriptions.iter().enumerate() {
            check_ranges(
                prescription,
                &format!("/intensity_levels/{i}/prescriptions/{j}"),
                findings,
            );
        }
    }
    for channel in Channel::ALL {
        check_minutes_given_everywhere(manual, channel, findings);
    }
    check_floor(manual, findings);
    for (i, pair) in levels.windows(2).enumerate() {
        if let [upper, lower] = pair
            && !upper.dominates(lower)
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
    let members: [(&str, MinutesGiven); 2] = [
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
    let floor = &manual.titration.floor;
    check_channels_once(
        floor.contacts.iter().map(|c| c.channel),
        "/titration/floor/contacts",
        findings,
    );
    for minimum in &floor.contacts {
        for (i, level) in manual.intensity_levels.iter().enumerate() {
            if minimum.is_met_by(level) {
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
            let given = level.annual(channel).min_contacts;
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
