//! The learning collaborative coaching sits in, where a manual has one.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Citation, Frequency};
use crate::{Date, SiteCount, TimesPerPeriod};

/// A learning collaborative: sites learning together in periodic sessions.
///
/// Its dose belongs to each site's team (the members a site sends to each session) and its
/// faculty serve every team at once, so a collaborative has no caseload per coach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Collaborative {
    /// The collaborative's model, e.g. `IHI Breakthrough Series`.
    pub model: String,
    /// When learning sessions happen.
    pub learning_sessions: LearningSessions,
    /// How many members of each site's team attend each learning session, where the sources
    /// say ("three members to attend three Learning Sessions").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delegates: Option<Headcount>,
    /// How many faculty (experts, a chair) the collaborative has, shared by every team.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faculty: Option<Headcount>,
    /// How many site teams one collaborative brings together.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teams: Option<Headcount>,
    /// Where this comes from.
    pub citations: Vec<Citation>,
}

/// When a collaborative's learning sessions happen: at a cadence, on given dates, or a number
/// of sessions whose dates the sources do not give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum LearningSessions {
    /// A number of times per period, from the program's start.
    Every(Frequency),
    /// On these dates.
    Dated(Vec<Date>),
    /// This many sessions over the collaborative, their dates and spacing not stated: nothing
    /// is planned for them.
    Count(TimesPerPeriod),
}

impl LearningSessions {
    /// How many sessions there are, where that is known without a span of time.
    #[must_use]
    pub fn count(&self) -> Option<u64> {
        match self {
            Self::Every(_) => None,
            Self::Dated(dates) => Some(dates.len() as u64),
            Self::Count(n) => Some(u64::from(n.get())),
        }
    }
}

/// A number of people or teams, exact (`min` equal to `max`) or a published range, with its
/// evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Headcount {
    /// The fewest.
    pub min: SiteCount,
    /// The most.
    pub max: SiteCount,
    /// Where the numbers come from.
    pub citations: Vec<Citation>,
}

impl Collaborative {
    /// Attendances of one site's team over the collaborative, fewest then most: delegates times
    /// sessions (three members at three sessions: nine). `None` where either is not known.
    #[must_use]
    pub fn attendances(&self) -> Option<(u64, u64)> {
        let sessions = self.learning_sessions.count()?;
        let delegates = self.delegates.as_ref()?;
        Some((
            sessions * u64::from(delegates.min.get()),
            sessions * u64::from(delegates.max.get()),
        ))
    }
}
