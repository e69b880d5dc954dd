//! Practice coaching manuals and programs as typed, validated data, with JSON Schemas.
//!
//! Practice coaches (practice facilitators) help clinics change how they work; here, clinics that
//! delivered either physical or behavioral health care learn to deliver both. A study of one
//! large program (Henwood et al., "Advancing Integrated Care through Practice Coaching", Int J
//! Integr Care 2020;20(2):15) found its coaching model feasible and valued and proposed to
//! standardize it: clear phases of the coaching relationship, guidelines for the dose and
//! titration of coaching over time, the logistics of coaching in teams (dyads), and core versus
//! specialty coaching skills. This crate gives that standard a form.
//!
//! - A [`Manual`] is what a program standardizes: [phases](manual::Phase) with entry and exit
//!   criteria; [intensity levels](manual::IntensityLevel) with a dose per channel (in person,
//!   remote), computed in exact integers per year; a [titration](manual::Titration) floor and
//!   ordered rules; core and specialty [skills](manual::Skill);
//!   [qualifications](manual::Qualifications) required or recommended; the dyad
//!   [pairing](manual::Pairing) rule; [logistics](manual::Logistics) meetings; the learning
//!   [collaborative](manual::Collaborative); [measures](manual::Measure).
//! - Every configurable value carries [citations](manual::Citation) saying where it comes from
//!   and how strong that is: `reported`, `participant_report`, `cited`, `derived` or `design`. A
//!   design choice is never passed off as evidence.
//! - A [`Program`] says who coaches whom: organizations, sites, coaches, dyads and dated
//!   assignments, checked against its manual.
//! - [`reference`](mod@reference) embeds two versions of a manual reconstructed from the study (launch and
//!   late) and a synthetic sample program.
//!
//! Reading a document checks single values ([`ParseError`] names the line, column and JSON
//! Pointer); [`Manual::validate`] and [`Program::validate`] check every rule that spans fields
//! and return a [`Report`] of [`Diagnostic`]s, each with a [`Rule`] code, a severity, a JSON
//! Pointer and a message. [`Rule::ALL`] is the catalogue (docs/rules.md); [`schema`] exports the
//! JSON Schemas (docs/schemas/).
//!
//! ```
//! use practice_coaching::manual::Channel;
//! use practice_coaching::{Manual, reference};
//!
//! // The embedded late BHICCI manual, read like any other manual.
//! let manual = Manual::from_json(reference::BHICCI_LATE_JSON.as_bytes())?;
//! assert!(!manual.validate().has_errors());
//!
//! // Dose arithmetic is exact per year: the least intensive level meets the monthly floor.
//! let least = manual.intensity_levels.last().expect("levels");
//! assert_eq!(least.annual(Channel::InPerson).min_contacts, 12);
//!
//! // A program is checked against its manual.
//! let report = reference::sample_program().validate(&manual);
//! for finding in report.diagnostics() {
//!     println!("{finding}"); // e.g. "warning coach-integrated-experience-missing at /coaches/2/..."
//! }
//!
//! // A broken value is reported with its rule code and JSON Pointer, alongside every other.
//! let mut broken = manual.clone();
//! broken.phases[0].max_weeks = Some(practice_coaching::Weeks::new(1)?);
//! assert!(broken.validate().contains("phase-weeks-inverted", "/phases/0/max_weeks"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! No function in the library panics on any input; the one `expect` guards the embedded
//! reference documents, which the tests parse.
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    warn(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod manual;
mod parse;
pub mod program;
pub mod reference;
pub mod scalar;
pub mod schema;
pub mod timeline;
pub mod validate;

pub use manual::Manual;
pub use parse::{DocumentKind, ParseError, ParseErrorCode};
pub use program::Program;
pub use scalar::{
    CoachCount, ContactCount, ContactTime, Date, Decimal, EntityId, Hours, Key, Length, Minutes,
    Months, ScalarError, SiteCount, TimesPerPeriod, TrainingHours, Weeks, Years,
};
pub use validate::{Diagnostic, Report, Rule, RuleSeverity, Severity};
