use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::manual::Channel;
use crate::{ContactTime, EntityId, Key, Minutes};

/// One logged contact between coaches and a site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// When it started, with the UTC offset.
    pub start: ContactTime,
    /// When the site's written question arrived that this contact answers, with the UTC
    /// offset; the written response time is `start` minus `asked`, compared with the manual's
    /// `response_time`. Left out for a contact that answers no question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asked: Option<ContactTime>,
    /// How it happened.
    pub mode: ContactMode,
    /// How long the contact lasted.
    pub minutes: Minutes,
    /// The site's assigned coaches present (by id); coach minutes are `minutes` times their
    /// number.
    pub coaches: Vec<EntityId>,
    /// Other coaches of the program who joined (by id), e.g. a specialist brought in once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub guests: Vec<EntityId>,
    /// Travel time, kept apart: never counted as dose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub travel_minutes: Option<Minutes>,
    /// Who asked for the contact.
    pub initiated_by: Initiator,
    /// Skills (by key) the contact worked on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<Key>,
    /// The manual's activities around this contact (by key) that were held: a huddle before,
    /// a debrief after, a reflection form filed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub activities: Vec<Key>,
}

impl Contact {
    /// Coach minutes: contact minutes times the coaches present, guests included.
    #[must_use]
    pub fn coach_minutes(&self) -> u64 {
        u64::from(self.minutes.get()) * self.coach_count() as u64
    }

    /// How many coaches made the contact, guests included.
    #[must_use]
    pub fn coach_count(&self) -> usize {
        self.coaches.len() + self.guests.len()
    }

    /// Whether several coaches made the contact together.
    #[must_use]
    pub fn is_joint(&self) -> bool {
        self.coach_count() > 1
    }
}

/// How a contact happened; each mode belongs to one channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ContactMode {
    /// At the site.
    InPerson,
    /// A web meeting.
    Video,
    /// A phone call.
    Phone,
    /// Email.
    Email,
}

impl ContactMode {
    /// The mode as documents write it: `in_person`, `video`, `phone` or `email`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::InPerson => "in_person",
            Self::Video => "video",
            Self::Phone => "phone",
            Self::Email => "email",
        }
    }

    /// The channel this mode belongs to.
    #[must_use]
    pub const fn channel(self) -> Channel {
        match self {
            Self::InPerson => Channel::InPerson,
            Self::Video | Self::Phone | Self::Email => Channel::Remote,
        }
    }
}

/// Who asked for a contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Initiator {
    /// The coach.
    Coach,
    /// The site.
    Site,
}
