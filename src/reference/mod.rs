//! The BHICCI reference manuals, embedded in the crate.
//!
//! Two versions of one manual, reconstructed from Henwood et al., "Advancing Integrated Care
//! through Practice Coaching", Int J Integr Care 2020;20(2):15, doi:10.5334/ijic.4737. They are
//! not the health plan's own manual. The Behavioral Health Integration and Complex Care
//! Initiative changed its coaching mid-course, so the reference ships as two versions, both with
//! the id `bhicci` (a program names the version it follows):
//!
//! - **launch** ([`bhicci_launch`], version 1.0.0): coaches as single agents, dyads only for
//!   selected organizations, a monthly group meeting with the implementation team;
//! - **late** ([`bhicci_late`], version 2.0.0): every coach paired with a medical doctor coach,
//!   and a weekly two-hour standardization meeting added.
//!
//! Every value carries its evidence: what the paper reports, what a participant said (with the
//! speaker code), what it cites, what was computed from published data, and what is a design
//! choice of this crate (with its rationale).
//!
//! ```
//! use practice_coaching::reference;
//!
//! for (name, manual) in reference::manuals() {
//!     assert!(name.starts_with(manual.id.as_str()));
//!     assert!(manual.description.contains("reconstruction"));
//! }
//! ```

use std::sync::OnceLock;

use crate::{Manual, Program};

/// The launch version of the BHICCI reference manual, as JSON.
pub const BHICCI_LAUNCH_JSON: &str = include_str!("bhicci-launch.json");

/// The late version of the BHICCI reference manual, as JSON.
pub const BHICCI_LATE_JSON: &str = include_str!("bhicci-late.json");

/// The launch version of the BHICCI reference manual (id `bhicci`, version 1.0.0): coaches as single
/// agents, dyads only for selected organizations, a monthly coaches' meeting with the
/// implementation team.
///
/// Parsed from [`BHICCI_LAUNCH_JSON`] on first use, then shared.
///
/// # Panics
/// Only if the embedded JSON does not parse, which the crate's tests rule out
/// (`tests/reference_facts.rs` parses both manuals).
#[must_use]
pub fn bhicci_launch() -> &'static Manual {
    static MANUAL: OnceLock<Manual> = OnceLock::new();
    MANUAL.get_or_init(|| parse_embedded(BHICCI_LAUNCH_JSON, Manual::from_json))
}

/// The late version of the BHICCI reference manual (id `bhicci`, version 2.0.0): every coach paired
/// with a medical doctor coach, and a weekly two-hour standardization meeting added.
///
/// Parsed from [`BHICCI_LATE_JSON`] on first use, then shared.
///
/// # Panics
/// Only if the embedded JSON does not parse, which the crate's tests rule out
/// (`tests/reference_facts.rs` parses both manuals).
#[must_use]
pub fn bhicci_late() -> &'static Manual {
    static MANUAL: OnceLock<Manual> = OnceLock::new();
    MANUAL.get_or_init(|| parse_embedded(BHICCI_LATE_JSON, Manual::from_json))
}

/// Both reference manuals with their names, launch first: `bhicci-launch` and `bhicci-late`.
///
/// # Panics
/// Only if the embedded JSON does not parse; see [`bhicci_launch`].
#[must_use]
pub fn manuals() -> [(&'static str, &'static Manual); 2] {
    [
        ("bhicci-launch", bhicci_launch()),
        ("bhicci-late", bhicci_late()),
    ]
}

/// Parses an embedded document.
///
/// # Panics
/// If `json` does not parse. The JSON is compiled into the crate, so this is a build defect,
/// not an input error; `tests/reference_facts.rs` and `tests/sample_program.rs` parse every embedded document and guard it.
// The crate's one `expect` outside tests: the alternative, a `Result` from every accessor, would
// push a build defect onto every caller.
#[allow(clippy::expect_used)]
fn parse_embedded<T>(json: &str, parse: fn(&[u8]) -> Result<T, crate::ParseError>) -> T {
    parse(json.as_bytes()).expect("embedded reference document parses")
}

/// The synthetic sample program, as JSON.
pub const SAMPLE_PROGRAM_JSON: &str = include_str!("sample-program.json");

/// A synthetic sample program following the late manual: four fictional organizations (two
/// large systems flagged `requires_dyad`), eight sites of every kind, four behavioral health
/// and three medical coaches in four dyads, and dated assignments in which the smaller
/// organizations' sites move from single coaches to dyads in July 2016.
///
/// No name in it is real. It validates against [`bhicci_late`] without errors.
///
/// # Panics
/// Only if the embedded JSON does not parse, which the crate's tests rule out.
#[must_use]
pub fn sample_program() -> &'static Program {
    static PROGRAM: OnceLock<Program> = OnceLock::new();
    PROGRAM.get_or_init(|| parse_embedded(SAMPLE_PROGRAM_JSON, Program::from_json))
}
