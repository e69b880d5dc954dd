//! Contacts no period counts, each located: where it was read (a log's line or a pointer into
//! the program), its site and why. Listed up to a cap, in the order read; the rest are counted
//! by reason only, so a narrow reading of a million-row log stays small.

use serde::Serialize;

use crate::program::ContactMode;
use crate::{ContactTime, EntityId};

/// How many unscored contacts a reading lists by default.
pub const UNSCORED_LISTED: usize = 100;

/// Why a contact was counted in no period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnscoredReason {
    /// For a site with no coaching relationship recorded.
    NoRelationship,
    /// Dated before the relationship's start or after its end.
    OutsideRelationship,
    /// Dated outside the days read.
    OutsideWindow,
    /// On a channel the level in force prescribes nothing for.
    NoPrescription,
}

impl UnscoredReason {
    /// `no_relationship`, `outside_relationship`, `outside_window` or `no_prescription`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::NoRelationship => "no_relationship",
            Self::OutsideRelationship => "outside_relationship",
            Self::OutsideWindow => "outside_window",
            Self::NoPrescription => "no_prescription",
        }
    }

    /// The reason in words, for tables.
    #[must_use]
    pub const fn words(self) -> &'static str {
        match self {
            Self::NoRelationship => "no relationship for the site",
            Self::OutsideRelationship => "outside the relationship",
            Self::OutsideWindow => "outside the days read",
            Self::NoPrescription => "nothing prescribed on the channel",
        }
    }
}

/// Where a contact was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadFrom {
    /// The program's record, at this JSON Pointer.
    Program(String),
    /// A contact log, at this line (the header of a CSV log is line 1).
    Log(u64),
    /// Given to the scorer without a place ([`Scorer::add_contact`](super::Scorer::add_contact)).
    Added,
}

/// A contact no period counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct UnscoredContact {
    /// Where it was read.
    pub read_from: ReadFrom,
    /// The site.
    pub site: EntityId,
    /// When it started.
    pub start: ContactTime,
    /// How it was made.
    pub mode: ContactMode,
    /// Why no period counts it.
    pub reason: UnscoredReason,
}

/// Contacts read but counted in no period, by reason: nothing read is dropped unsaid.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Unscored {
    /// For a site with no coaching relationship recorded.
    pub no_relationship: u64,
    /// Dated before the relationship's start or after its end.
    pub outside_relationship: u64,
    /// Dated outside the days read (before `from`, from `until`, or on or after the day read).
    pub outside_window: u64,
    /// On a channel the level in force prescribes nothing for.
    pub no_prescription: u64,
}

impl Unscored {
    /// Adds the contacts `other` counted.
    pub(super) const fn join(&mut self, other: Self) {
        self.no_relationship += other.no_relationship;
        self.outside_relationship += other.outside_relationship;
        self.outside_window += other.outside_window;
        self.no_prescription += other.no_prescription;
    }

    /// All contacts not counted.
    #[must_use]
    pub const fn total(&self) -> u64 {
        self.no_relationship
            + self.outside_relationship
            + self.outside_window
            + self.no_prescription
    }
}
