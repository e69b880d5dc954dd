//! Activities around coaching: huddles, debriefs, reflection forms, standardization meetings,
//! caseload reviews, interviews. Each has a kind from the manual's vocabulary, attendees and a
//! cadence.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Channel, Citation, Frequency, ImplementationOutcome};
use crate::{Hours, Key, Minutes};

/// Something the manual expects besides contacts with sites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    /// The activity's key.
    pub key: Key,
    /// A readable name.
    pub name: String,
    /// What kind of activity (by key, from `vocabularies.activity_kinds`).
    pub kind: Key,
    /// Who takes part; a record filed by the site's coaches names `site_team`.
    pub attendees: Vec<Attendee>,
    /// The shortest it should last, where the manual says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_minutes: Option<Minutes>,
    /// The longest it should last, where the manual says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_minutes: Option<Minutes>,
    /// When it happens.
    pub cadence: Cadence,
    /// The implementation outcome (Proctor et al. 2011) the activity serves or informs, where
    /// it names one: `fidelity` for a record of delivery or a meeting held for consistency.
    /// The activity's citations cover the reading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub implementation_outcome: Option<ImplementationOutcome>,
    /// Where it comes from.
    pub citations: Vec<Citation>,
}

impl Activity {
    /// Whether the manual holds this activity around a contact on `channel`, made by several
    /// coaches (`joint`) or by one: an activity around contacts of that channel or of every
    /// channel, and, where it goes only with joint contacts, a joint one.
    ///
    /// ```
    /// use practice_coaching::manual::Channel;
    /// let manual = practice_coaching::reference::bhicci_late();
    /// let after_joint_visits: Vec<_> = manual
    ///     .activities_around_contacts()
    ///     .filter(|a| a.goes_with(Channel::InPerson, true))
    ///     .map(|a| a.key.as_str())
    ///     .collect();
    /// assert!(!after_joint_visits.is_empty());
    /// ```
    #[must_use]
    pub fn goes_with(&self, channel: Channel, joint: bool) -> bool {
        match self.cadence {
            Cadence::AroundContact {
                channel: wanted,
                joint_only,
                ..
            } => wanted.is_none_or(|c| c == channel) && (joint || !joint_only),
            _ => false,
        }
    }
}

/// Who takes part in an activity.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Attendee {
    /// Coaches in a role (by key).
    Role(Key),
    /// The coaches assigned to the site.
    SiteTeam,
    /// Every coach of the program.
    AllCoaches,
    /// The sponsor's implementation team.
    ImplementationTeam,
    /// Evaluators.
    Evaluators,
    /// The site's care team.
    CareTeam,
}

/// When an activity happens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Cadence {
    /// A number of times per period, once for the program or at each site.
    Every {
        /// How often.
        frequency: Frequency,
        /// Program-wide (one series) or per site.
        scope: Scope,
        /// Where a site's series starts: the relationship's start when absent (a site series
        /// only).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        starts: Option<SeriesStart>,
        /// The phase (by key) whose end stops a site's series: the relationship's end when
        /// absent (a site series only).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        until_end_of: Option<Key>,
    },
    /// Around each contact with a site.
    AroundContact {
        /// Before, during or after the contact.
        when: Around,
        /// The channel whose contacts it goes with; every channel when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        channel: Option<Channel>,
        /// Only around contacts several coaches make together.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        joint_only: bool,
    },
    /// At a milestone (by key).
    AtMilestone(Key),
}

/// Where a site's periodic activity starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum SeriesStart {
    /// The site's first entry into the phase (by key).
    PhaseEntry(Key),
    /// The first day the milestone (by key) falls due.
    Milestone(Key),
}

/// Whether a periodic activity is held once for the program or at each site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// One series for the whole program (a coaches' meeting).
    Program,
    /// A series at each site (a caseload review per site).
    Site,
}

/// When an activity happens relative to a contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Around {
    /// Beforehand (a huddle).
    Before,
    /// During (touching base at lunch).
    During,
    /// Afterwards (a debrief, a reflection form).
    After,
}

impl Around {
    /// `before`, `during` or `after`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Before => "before",
            Self::During => "during",
            Self::After => "after",
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn around(channel: Option<Channel>, joint_only: bool) -> Activity {
        Activity {
            key: Key::new("debrief").unwrap(),
            name: "Debrief".to_owned(),
            kind: Key::new("debrief").unwrap(),
            attendees: vec![Attendee::SiteTeam],
            min_minutes: None,
            max_minutes: None,
            cadence: Cadence::AroundContact {
                when: Around::After,
                channel,
                joint_only,
            },
            implementation_outcome: None,
            citations: Vec::new(),
        }
    }

    #[test]
    fn goes_with_its_channel_and_joint_contacts_only_where_asked() {
        let any = around(None, false);
        assert!(any.goes_with(Channel::InPerson, false) && any.goes_with(Channel::Remote, true));
        let visits = around(Some(Channel::InPerson), false);
        assert!(visits.goes_with(Channel::InPerson, false));
        assert!(!visits.goes_with(Channel::Remote, true));
        let joint = around(None, true);
        assert!(joint.goes_with(Channel::Remote, true));
        assert!(!joint.goes_with(Channel::InPerson, false));
        let mut at_milestone = around(None, false);
        at_milestone.cadence = Cadence::AtMilestone(Key::new("interview").unwrap());
        assert!(
            !at_milestone.goes_with(Channel::InPerson, true),
            "not around contacts"
        );
    }
}
