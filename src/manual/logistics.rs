//! Logistics of coaching: team meetings and how fast written questions are answered.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Citation, Frequency};
use crate::{Hours, Key, Minutes};

/// Meetings and response times around coaching.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Logistics {
    /// Recurring meetings of coaches, dyads and the implementation team.
    pub meetings: Vec<Meeting>,
    /// How soon written questions are answered.
    pub response_time: ResponseTime,
}

/// A recurring meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    /// The meeting's key.
    pub key: Key,
    /// A readable name.
    pub name: String,
    /// What kind of meeting it is.
    pub kind: MeetingKind,
    /// How often it happens.
    pub cadence: Cadence,
    /// How long it lasts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<Minutes>,
    /// Who attends.
    pub attendees: Vec<Attendee>,
    /// Where the meeting comes from.
    pub citations: Vec<Citation>,
}

/// Kinds of meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum MeetingKind {
    /// The visiting coaches meet before a site visit.
    PreVisitHuddle,
    /// The visiting coaches touch base during a visit (e.g. at lunch).
    MidVisitCheckIn,
    /// The visiting coaches debrief after a visit.
    PostVisitDebrief,
    /// All coaches meet to keep coaching consistent.
    CoachStandardization,
    /// Coaches meet the sponsor's implementation team.
    ImplementationTeam,
}

impl MeetingKind {
    /// The snake_case name used in documents.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::PreVisitHuddle => "pre_visit_huddle",
            Self::MidVisitCheckIn => "mid_visit_check_in",
            Self::PostVisitDebrief => "post_visit_debrief",
            Self::CoachStandardization => "coach_standardization",
            Self::ImplementationTeam => "implementation_team",
        }
    }
}

/// How often a meeting happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Cadence {
    /// Once for every dyad site visit.
    PerVisit,
    /// A number of times per period.
    PerPeriod(Frequency),
}

/// Who attends a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Attendee {
    /// The coaches making the visit.
    VisitingCoaches,
    /// Every coach of the program.
    AllCoaches,
    /// The sponsor's implementation team.
    ImplementationTeam,
    /// The site's care team.
    CareTeam,
}

/// How soon written questions (email) are answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponseTime {
    /// Hours.
    pub hours: Hours,
    /// Where the figure comes from.
    pub citations: Vec<Citation>,
}
