//! A site's plan: stretches of one phase and level, contacts per period and channel, dated
//! events, and the manual's periodic activities.

use std::sync::Arc;

use serde::Serialize;

use crate::manual::{Channel, Frequency, Per, Scope};
use crate::{Date, EntityId, Key, Manual};

/// A planned stretch of coaching with one phase and one level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Segment {
    /// First day.
    pub from: Date,
    /// The day after the last.
    pub until: Date,
    /// The phase in force.
    pub phase: Key,
    /// The level in force.
    pub level: Key,
    /// Whether this stretch is projected rather than recorded.
    pub projected: bool,
}

/// The contacts planned for one prescription period on one channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PlannedPeriod {
    /// First day of the period (of its planned part, where it is cut).
    pub from: Date,
    /// The day after the last.
    pub until: Date,
    /// The channel.
    pub channel: Channel,
    /// The phase in force at the period's start.
    pub phase: Key,
    /// The level in force at the period's start.
    pub level: Key,
    /// What the prescription's counts are per.
    pub per: Per,
    /// Whether the period is cut short by a change of prescription or the plan's end, its
    /// counts prorated by days.
    pub cut: bool,
    /// The prescribed minimum of contacts.
    pub min_contacts: u16,
    /// The most contacts the coach offers.
    pub max_contacts: u16,
}

/// A planned event: an in-person visit, an activity around it, a milestone, an activity at a
/// milestone, or a learning session of the program.
///
/// Events hold no text of their own, so a plan of thousands of relationships stays cheap; its
/// [`uid`](Self::uid) and [`title`](Self::title) are built when asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PlannedEvent {
    /// The day.
    pub date: Date,
    /// The first day of the period the event belongs to: the prescription's period for a visit
    /// and the activities around it, the collaborative's period for a learning session, the day
    /// a milestone is due (before any move to a working day).
    pub period: Date,
    /// What it is.
    pub kind: EventKind,
    /// The channel of a contact, and of an activity around one; none for anything else.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    /// A milestone (or an activity at it) due on the day coaching ends, held instead on its
    /// last working day (`period` keeps the day it was due).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub at_end: bool,
    /// Which of its period's events of its kind (0 for the first).
    pub index: u16,
    /// Planned length, if the manual gives one.
    pub minutes: Option<u16>,
    /// Coaches expected (visits and the activities around them).
    pub coaches: Arc<[EntityId]>,
}

/// Kinds of planned event.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// An in-person visit to the site, in this phase and at this level.
    Visit {
        /// The phase in force.
        phase: Key,
        /// The level in force.
        level: Key,
    },
    /// A remote contact with the site (a call, a web meeting, an email exchange), in this phase
    /// and at this level.
    RemoteContact {
        /// The phase in force.
        phase: Key,
        /// The level in force.
        level: Key,
    },
    /// An activity of the manual (by key): around a contact, or at a milestone.
    Activity(Key),
    /// A milestone of the manual (by key).
    Milestone(Key),
    /// A learning session of the collaborative: the program's, the same in every site's plan.
    LearningSession,
}

impl PlannedEvent {
    /// A stable identifier, unique within a plan: the kind, the site (the program's calendar
    /// id, [`Program::calendar_id`](crate::Program::calendar_id), for a learning session, which
    /// belongs to the program), the period and the index within the period. (Several events of
    /// one period can fall on one date when a period has fewer days than events; the index
    /// still tells them apart.) Built from the period, not the date, so a move to a working day
    /// keeps it.
    #[must_use]
    pub fn uid(&self, site: EntityId, program: EntityId) -> String {
        let (period, n) = (self.period, self.index);
        match &self.kind {
            EventKind::Visit { .. } => format!("visit-{site}-{period}-{n}"),
            EventKind::RemoteContact { .. } => format!("remote-contact-{site}-{period}-{n}"),
            // Around a remote contact the activity is told apart from the same activity around
            // a visit of the same period.
            EventKind::Activity(key) if self.channel == Some(Channel::Remote) => {
                format!("activity-{key}-remote-{site}-{period}-{n}")
            }
            EventKind::Activity(key) => format!("activity-{key}-{site}-{period}-{n}"),
            EventKind::Milestone(key) => format!("milestone-{key}-{site}-{period}-{n}"),
            EventKind::LearningSession => {
                format!(
                    "learning-session-program-{program}-{period}{}",
                    Nth(n.into())
                )
            }
        }
    }

    /// A readable title, with names from `manual`.
    #[must_use]
    pub fn title(&self, manual: &Manual) -> String {
        let name =
            |found: Option<&str>, key: &Key| found.map_or_else(|| key.to_string(), str::to_owned);
        match &self.kind {
            EventKind::Visit { phase, level } => {
                let phase_name = manual.phase(phase).map(|p| p.name.as_str());
                let level_name = manual.level(level).map(|l| l.name.as_str());
                format!(
                    "Coaching visit ({}, {})",
                    name(phase_name, phase),
                    name(level_name, level)
                )
            }
            EventKind::RemoteContact { phase, level } => {
                let phase_name = manual.phase(phase).map(|p| p.name.as_str());
                let level_name = manual.level(level).map(|l| l.name.as_str());
                format!(
                    "Remote coaching contact ({}, {})",
                    name(phase_name, phase),
                    name(level_name, level)
                )
            }
            EventKind::Activity(key) => name(manual.activity(key).map(|a| a.name.as_str()), key),
            EventKind::Milestone(key) if self.at_end => format!(
                "{} (due as coaching ends: held on its last working day)",
                name(manual.milestone(key).map(|m| m.name.as_str()), key)
            ),
            EventKind::Milestone(key) => name(manual.milestone(key).map(|m| m.name.as_str()), key),
            EventKind::LearningSession => match &manual.collaborative {
                Some(c) => format!("{} learning session", c.model),
                None => "Learning session".to_owned(),
            },
        }
    }
}

/// `-n` for the `n`th of several things otherwise named alike, nothing for the first (`n` = 0),
/// so that the name of a thing with no others like it stays as it was.
pub(super) struct Nth(pub(super) usize);

impl std::fmt::Display for Nth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            0 => Ok(()),
            n => write!(f, "-{n}"),
        }
    }
}

/// One occurrence of something held several times per period: a periodic activity's meeting,
/// a learning session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[non_exhaustive]
pub struct Occurrence {
    /// The day, on a working day unless weekends are planned.
    pub date: Date,
    /// The first day of its period.
    pub period: Date,
    /// Which of the period's occurrences (0 for the first).
    pub index: u16,
}

/// A periodic activity of the manual with its dates inside the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RecurringActivity {
    /// The activity's key in the manual.
    pub key: Key,
    /// Its name.
    pub name: String,
    /// How often.
    pub every: Frequency,
    /// Once for the program (one series counted from the program's start, the same in every
    /// site's plan), or at each site (counted from the relationship's start).
    pub scope: Scope,
    /// Planned length (the manual's maximum, else its minimum).
    pub minutes: Option<u16>,
    /// Every occurrence inside the plan, in date order. A date appears more than once when the
    /// meeting is held more often than its period has days.
    pub dates: Vec<Occurrence>,
}

/// A site's plan over a horizon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Plan {
    /// The site.
    pub site: EntityId,
    /// The relationship's first day (a projected one's, for a site without a relationship):
    /// periods and the site's periodic activities are counted from it.
    pub start: Date,
    /// The first day planned: the relationship's start, or a later day asked for.
    pub from: Date,
    /// The day after the last planned.
    pub until: Date,
    /// Stretches with one phase and level.
    pub segments: Vec<Segment>,
    /// Contacts per prescription period and channel: every period that ends after the plan's
    /// first day and starts before its last, whole.
    pub periods: Vec<PlannedPeriod>,
    /// Visits, the activities around them, milestones and learning sessions, by date.
    pub events: Vec<PlannedEvent>,
    /// The manual's periodic activities (meetings, reviews).
    pub activities: Vec<RecurringActivity>,
}

impl Plan {
    /// Planned minimum contacts on `channel` over the whole plan.
    #[must_use]
    pub fn min_contacts(&self, channel: Channel) -> u64 {
        self.periods
            .iter()
            .filter(|p| p.channel == channel)
            .map(|p| u64::from(p.min_contacts))
            .sum()
    }

    /// How many dated things the plan holds: events and periodic activities' dates.
    #[must_use]
    pub fn size(&self) -> usize {
        self.events.len() + self.activities.iter().map(|a| a.dates.len()).sum::<usize>()
    }
}
