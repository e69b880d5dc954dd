//! Practice coaching manuals and programs as typed, validated data, with JSON Schemas.
//!
//! Practice coaches (practice facilitators) help clinics change how they work. A study of one
//! large program that helped clinics integrate physical and behavioral health care (Henwood et
//! al., "Advancing Integrated Care through Practice Coaching", Int J Integr Care 2020;20(2):15)
//! found its coaching model feasible and valued and proposed to standardize it: clear phases of
//! the coaching relationship, guidelines for the dose and titration of coaching over time, the
//! logistics of coaching in teams, and core versus specialty coaching skills. This crate gives
//! that standard a form, general enough for other programs' manuals.
//!
//! - A [`Manual`] is what a program standardizes: its own [vocabularies](manual::Vocabularies)
//!   (disciplines, roles, degrees, site kinds ...); [phases](manual::Phase) with entry and exit
//!   criteria and planned lengths in weeks or months; [intensity levels](manual::IntensityLevel)
//!   with a dose per channel (in person, remote) per period or over a phase, in exact integers
//!   and in hours; optional [titration](manual::Titration); core and specialty
//!   [skills](manual::Skill); [qualification checks](manual::Qualification), each required,
//!   recommended or deliberately not required; an optional [team rule](manual::TeamRule);
//!   [activities](manual::Activity) and [milestones](manual::Milestone); materials, the learning
//!   [collaborative](manual::Collaborative), [measures](manual::Measure) and published
//!   [figures](manual::Figure).
//! - Every configurable value carries [citations](manual::Citation) saying where it comes from
//!   and how strong that is: `reported`, `participant_report`, `cited`, `derived` or `design`. A
//!   design choice is never passed off as evidence.
//! - A [`Program`] says who coaches whom: organizations, sites, coaches, teams, dated
//!   assignments, and each site's coaching relationship over time, checked against its manual.
//! - [`Program::propose_assignments`] ([`assign`]) proposes a coach for each site without one
//!   (a team where the manual's team rule asks for one), within each coach's capacity and the
//!   manual's required checks, at the least total great-circle distance, solved exactly as a
//!   minimum-cost flow and proven optimal.
//! - [`export::fhir`] writes a manual as a FHIR R4 `Bundle` for health IT: a `PlanDefinition`
//!   with phases, levels and dose as timing, its activities and vocabularies (docs/fhir.md).
//! - [`reference`](mod@reference) embeds nine manuals reconstructed from published sources
//!   (BHICCI at launch and late, EvidenceNOW, AHRQ 2009, IDOCC, the Ontario prevention trial,
//!   Healthy Hearts Northwest, Heart Health NOW, the IHI Breakthrough Series) and a synthetic
//!   sample program for each but BHICCI at launch.
//!
//! The terms and acronyms are explained in docs/glossary.md.
//!
//! Reading a document checks single values ([`ParseError`] names the line, column and JSON
//! Pointer, and the nearest member name for an unknown one); [`Manual::validate`] and
//! [`Program::validate`] check every rule that spans fields and return a [`Report`] of
//! [`Diagnostic`]s, each with a [`Rule`] code, a severity, a JSON Pointer and a message.
//! [`Rule::ALL`] is the catalogue (docs/rules.md); [`schema`] exports the JSON Schemas
//! (docs/schemas/). The library reads no clock: [`Program::validate_as_of`] reads what is
//! current on a day the caller names, and [`Program::validate_versions`] checks a program that
//! followed several versions of its manual against each in turn.
//!
//! ```
//! use practice_coaching::manual::Channel;
//! use practice_coaching::{Manual, reference};
//!
//! // An embedded manual, read like any other.
//! let manual = Manual::from_json(reference::BHICCI_LATE_JSON.as_bytes())?;
//! assert!(!manual.validate().has_errors());
//!
//! // Dose arithmetic is exact per year.
//! let least = manual.intensity_levels.last().expect("levels");
//! let in_person = least.annual(Channel::InPerson).expect("counted per period");
//! assert!(in_person.min_contacts >= 12);
//!
//! // A program is checked against its manual.
//! let report = reference::bhicci_sample_program().validate(&manual);
//! assert!(report.is_empty());
//!
//! // A broken value is reported with its rule code and JSON Pointer, alongside every other.
//! let mut broken = manual.clone();
//! broken.phases[0].length.max = Some(practice_coaching::Length::Weeks(practice_coaching::Weeks::new(0)?));
//! assert!(broken.validate().contains("phase-length-zero", "/phases/0/length/max"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! No function in the library panics on any input; the one `expect` guards the embedded
//! reference documents, which the tests parse.
#![deny(missing_docs)]
// docs.rs builds with every feature and `--cfg docsrs` (Cargo.toml), marking what a feature
// gates; nightly rustdoc, which `doc_cfg` needs, is not part of this crate's checks.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![cfg_attr(
    not(test),
    warn(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod assign;
mod cache;
pub mod contact_log;
pub mod export;
pub mod fidelity;
pub mod manual;
mod parse;
mod pointer;
pub mod program;
pub mod reference;
pub mod render;
pub mod report;
pub mod scalar;
pub mod schema;
pub mod status;
pub mod tidy;
pub mod timeline;
pub mod validate;

pub use manual::Manual;
pub use parse::{DocumentKind, ParseError, ParseErrorCode};
pub use program::{Program, SiteLookupError, SiteName};
pub use scalar::{
    Capacity, CoachCount, ContactCount, ContactTime, Date, Decimal, EntityId, Hours, Key, Latitude,
    Length, Location, Longitude, Minutes, Months, ScalarError, SiteCount, TimesPerPeriod,
    TrainingHours, Weeks, Years,
};
pub use validate::{Diagnostic, FindingGroup, Report, Rule, RuleSeverity, Severity};
