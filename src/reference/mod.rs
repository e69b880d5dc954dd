//! Reference manuals and sample programs, embedded in the crate.
//!
//! Nine manuals, each a reconstruction from published sources, not the program's own manual;
//! every value carries its evidence (what a source reports, what a participant said, what it
//! cites, what was computed from published data, and what is a design choice of this crate,
//! with its rationale):
//!
//! - **BHICCI launch** ([`bhicci_launch`], id `bhicci`, 1.0.0) and **BHICCI late**
//!   ([`bhicci_late`], 2.0.0): the coaching of the Behavioral Health Integration and Complex
//!   Care Initiative, from Henwood et al., "Advancing Integrated Care through Practice
//!   Coaching", Int J Integr Care 2020;20(2):15, doi:10.5334/ijic.4737. It changed mid-course:
//!   at launch coaches worked alone and teams served selected organizations; later every coach
//!   was paired with an MD coach and a weekly two-hour standardization meeting was added.
//! - **EvidenceNOW** ([`evidencenow`]): external practice facilitation as AHRQ's EvidenceNOW
//!   cooperatives practised it (2015-2017): one facilitator per practice, dose in hours.
//! - **AHRQ 2009** ([`ahrq_2009`]): the AHRQ practice coaching manual of 2009: a coach who is
//!   the practice's regular contact paired with a technical specialist, low-intensity coaching
//!   instead of a learning collaborative.
//!
//! Five more come from a catalogue of published practice-facilitation programs, each fact with
//! its source and locator. The catalogue's own kinds of evidence are mapped onto the crate's:
//! what a protocol prescribes and what a trial delivered or measured are both `reported` (what
//! the source states), what was computed from them is `derived` with its arithmetic; the
//! crate's `design` stays a choice of this manual's authors. What the sources were not read to
//! say is left out, and each manual's description says so.
//!
//! - **IDOCC** ([`idocc`]): outreach facilitation in Eastern Ontario (Liddy et al.): an
//!   intensive year with a visit every 3 to 4 weeks, a sustainability year every 6 to 12
//!   weeks; four facilitators for 84 practices over five years.
//! - **Ontario prevention facilitation 2001** ([`ontario_prevention_2001`]): three nurse
//!   facilitators, 18 months, core and optional components with their fidelity (Lemelin, Hogg
//!   and Baskerville).
//! - **Healthy Hearts Northwest** ([`healthy_hearts_northwest`]): facilitation for every practice
//!   with two enhancements offered by arm of a 2 x 2 factorial, taken up by 42% and 27%.
//! - **Heart Health NOW** ([`heart_health_now`]): control, a 12-month intervention and
//!   maintenance, the intervention's start month set by a readiness stratum.
//! - **IHI Breakthrough Series** ([`ihi_breakthrough_series`]): a collaborative, not one-to-one
//!   coaching: each site team sends three members to three learning sessions; five to eight
//!   faculty serve 12 to 160 teams at once.
//!
//! Eight synthetic sample programs (no name in them is real) follow `bhicci` 2.0.0,
//! `evidencenow`, `ahrq-2009` and the five catalogue manuals, each with relationships over
//! time.
//!
//! ```
//! use practice_coaching::reference;
//!
//! for (name, manual) in reference::manuals() {
//!     assert!(manual.description.contains("reconstruction"), "{name}");
//!     assert!(!manual.validate().has_errors(), "{name}");
//! }
//! for (name, program, manual) in reference::sample_programs() {
//!     assert!(!program.validate(manual).has_errors(), "{name}");
//! }
//! ```

use std::sync::OnceLock;

use crate::{Manual, Program};

/// The launch version of the BHICCI manual, as JSON.
pub const BHICCI_LAUNCH_JSON: &str = include_str!("bhicci-launch.json");
/// The late version of the BHICCI manual, as JSON.
pub const BHICCI_LATE_JSON: &str = include_str!("bhicci-late.json");
/// The EvidenceNOW external facilitation manual, as JSON.
pub const EVIDENCENOW_JSON: &str = include_str!("evidencenow.json");
/// The AHRQ 2009 practice coaching manual, as JSON.
pub const AHRQ_2009_JSON: &str = include_str!("ahrq-2009.json");
/// The sample program following BHICCI late, as JSON.
pub const BHICCI_SAMPLE_PROGRAM_JSON: &str = include_str!("bhicci-sample-program.json");
/// The sample program following EvidenceNOW, as JSON.
pub const EVIDENCENOW_SAMPLE_PROGRAM_JSON: &str = include_str!("evidencenow-sample-program.json");
/// The sample program following AHRQ 2009, as JSON.
pub const AHRQ_2009_SAMPLE_PROGRAM_JSON: &str = include_str!("ahrq-2009-sample-program.json");
/// The IDOCC outreach facilitation manual, as JSON.
pub const IDOCC_JSON: &str = include_str!("idocc.json");
/// The Ontario prevention facilitation manual (2001), as JSON.
pub const ONTARIO_PREVENTION_2001_JSON: &str = include_str!("ontario-prevention-2001.json");
/// The Healthy Hearts Northwest manual, as JSON.
pub const HEALTHY_HEARTS_NORTHWEST_JSON: &str = include_str!("healthy-hearts-northwest.json");
/// The Heart Health NOW manual, as JSON.
pub const HEART_HEALTH_NOW_JSON: &str = include_str!("heart-health-now.json");
/// The IHI Breakthrough Series collaborative manual, as JSON.
pub const IHI_BREAKTHROUGH_SERIES_JSON: &str = include_str!("ihi-breakthrough-series.json");
/// The sample program following IDOCC, as JSON.
pub const IDOCC_SAMPLE_PROGRAM_JSON: &str = include_str!("idocc-sample-program.json");
/// The sample program following the Ontario prevention facilitation manual, as JSON.
pub const ONTARIO_PREVENTION_2001_SAMPLE_PROGRAM_JSON: &str =
    include_str!("ontario-prevention-2001-sample-program.json");
/// The sample program following Healthy Hearts Northwest, as JSON.
pub const HEALTHY_HEARTS_NORTHWEST_SAMPLE_PROGRAM_JSON: &str =
    include_str!("healthy-hearts-northwest-sample-program.json");
/// The sample program following Heart Health NOW, as JSON.
pub const HEART_HEALTH_NOW_SAMPLE_PROGRAM_JSON: &str =
    include_str!("heart-health-now-sample-program.json");

/// The sample program following the IHI Breakthrough Series, as JSON.
pub const IHI_BREAKTHROUGH_SERIES_SAMPLE_PROGRAM_JSON: &str =
    include_str!("ihi-breakthrough-series-sample-program.json");

/// Every embedded document by name, as JSON: the nine manuals, then the eight sample programs.
pub const DOCUMENTS: [(&str, &str); 17] = [
    ("bhicci-launch", BHICCI_LAUNCH_JSON),
    ("bhicci-late", BHICCI_LATE_JSON),
    ("evidencenow", EVIDENCENOW_JSON),
    ("ahrq-2009", AHRQ_2009_JSON),
    ("idocc", IDOCC_JSON),
    ("ontario-prevention-2001", ONTARIO_PREVENTION_2001_JSON),
    ("healthy-hearts-northwest", HEALTHY_HEARTS_NORTHWEST_JSON),
    ("heart-health-now", HEART_HEALTH_NOW_JSON),
    ("ihi-breakthrough-series", IHI_BREAKTHROUGH_SERIES_JSON),
    ("bhicci-sample-program", BHICCI_SAMPLE_PROGRAM_JSON),
    (
        "evidencenow-sample-program",
        EVIDENCENOW_SAMPLE_PROGRAM_JSON,
    ),
    ("ahrq-2009-sample-program", AHRQ_2009_SAMPLE_PROGRAM_JSON),
    ("idocc-sample-program", IDOCC_SAMPLE_PROGRAM_JSON),
    (
        "ontario-prevention-2001-sample-program",
        ONTARIO_PREVENTION_2001_SAMPLE_PROGRAM_JSON,
    ),
    (
        "healthy-hearts-northwest-sample-program",
        HEALTHY_HEARTS_NORTHWEST_SAMPLE_PROGRAM_JSON,
    ),
    (
        "heart-health-now-sample-program",
        HEART_HEALTH_NOW_SAMPLE_PROGRAM_JSON,
    ),
    (
        "ihi-breakthrough-series-sample-program",
        IHI_BREAKTHROUGH_SERIES_SAMPLE_PROGRAM_JSON,
    ),
];

/// Declares an accessor that parses an embedded document once and shares it.
macro_rules! embedded {
    ($(#[$doc:meta])* $name:ident: $type:ty = $json:expr) => {
        $(#[$doc])*
        ///
        /// # Panics
        /// Only if the embedded JSON does not parse, which the crate's tests rule out
        /// (`tests/reference_facts.rs` parses every embedded document).
        #[must_use]
        pub fn $name() -> &'static $type {
            static DOCUMENT: OnceLock<$type> = OnceLock::new();
            DOCUMENT.get_or_init(|| parse_embedded($json, <$type>::from_json))
        }
    };
}

embedded!(
    /// BHICCI at launch (id `bhicci`, 1.0.0): coaches as single agents, teams of a behavioral
    /// health and an MD coach only for selected organizations, a monthly coaches' meeting with
    /// the implementation team.
    bhicci_launch: Manual = BHICCI_LAUNCH_JSON
);
embedded!(
    /// BHICCI late (id `bhicci`, 2.0.0): every coach paired with an MD coach, and a weekly
    /// two-hour standardization meeting added.
    bhicci_late: Manual = BHICCI_LATE_JSON
);
embedded!(
    /// EvidenceNOW (id `evidencenow`): external practice facilitation, one facilitator per
    /// practice, in-person dose counted in hours.
    evidencenow: Manual = EVIDENCENOW_JSON
);
embedded!(
    /// AHRQ 2009 (id `ahrq-2009`): a coach paired with a technical specialist, two site visits
    /// and a few calls, no learning collaborative.
    ahrq_2009: Manual = AHRQ_2009_JSON
);
embedded!(
    /// IDOCC (id `idocc`): outreach facilitation with the dose as an interval between visits,
    /// an intensive and a sustainability year, a caseload counted over the whole program.
    idocc: Manual = IDOCC_JSON
);
embedded!(
    /// Ontario prevention facilitation, 1997-1998 (id `ontario-prevention-2001`): nurse
    /// facilitators, one 18-month period, core and optional components.
    ontario_prevention_2001: Manual = ONTARIO_PREVENTION_2001_JSON
);
embedded!(
    /// Healthy Hearts Northwest (id `healthy-hearts-northwest`): facilitation for every
    /// practice, two enhancements offered to some.
    healthy_hearts_northwest: Manual = HEALTHY_HEARTS_NORTHWEST_JSON
);
embedded!(
    /// Heart Health NOW (id `heart-health-now`): control, intervention and maintenance, the
    /// intervention's start month set by a readiness stratum.
    heart_health_now: Manual = HEART_HEALTH_NOW_JSON
);
embedded!(
    /// The IHI Breakthrough Series (id `ihi-breakthrough-series`): a collaborative whose dose
    /// belongs to each site's team, with faculty shared by every team.
    ihi_breakthrough_series: Manual = IHI_BREAKTHROUGH_SERIES_JSON
);
embedded!(
    /// A synthetic program following the IHI Breakthrough Series: three site teams, one
    /// faculty member as their contact.
    ihi_breakthrough_series_sample_program: Program = IHI_BREAKTHROUGH_SERIES_SAMPLE_PROGRAM_JSON
);
embedded!(
    /// A synthetic program following IDOCC: four practices, two facilitators.
    idocc_sample_program: Program = IDOCC_SAMPLE_PROGRAM_JSON
);
embedded!(
    /// A synthetic program following the Ontario prevention facilitation manual: three
    /// practices, two nurse facilitators, components received and not.
    ontario_prevention_2001_sample_program: Program = ONTARIO_PREVENTION_2001_SAMPLE_PROGRAM_JSON
);
embedded!(
    /// A synthetic program following Healthy Hearts Northwest: one clinic in each arm of the
    /// factorial, enhancements offered and taken up or not.
    healthy_hearts_northwest_sample_program: Program = HEALTHY_HEARTS_NORTHWEST_SAMPLE_PROGRAM_JSON
);
embedded!(
    /// A synthetic program following Heart Health NOW: practices of both readiness strata,
    /// entering the intervention in their months.
    heart_health_now_sample_program: Program = HEART_HEALTH_NOW_SAMPLE_PROGRAM_JSON
);
embedded!(
    /// A synthetic program following BHICCI late: organizations, sites of several kinds, teams
    /// of a behavioral health and an MD coach, and relationships over time.
    bhicci_sample_program: Program = BHICCI_SAMPLE_PROGRAM_JSON
);
embedded!(
    /// A synthetic program following EvidenceNOW: small practices, one facilitator each.
    evidencenow_sample_program: Program = EVIDENCENOW_SAMPLE_PROGRAM_JSON
);
embedded!(
    /// A synthetic program following AHRQ 2009: primary care teams at two safety-net clinics,
    /// a coach and a technical specialist.
    ahrq_2009_sample_program: Program = AHRQ_2009_SAMPLE_PROGRAM_JSON
);

/// Every embedded manual with its name: `bhicci-launch`, `bhicci-late`, `evidencenow`,
/// `ahrq-2009`, `idocc`, `ontario-prevention-2001`, `healthy-hearts-northwest`,
/// `heart-health-now`, `ihi-breakthrough-series`.
#[must_use]
pub fn manuals() -> [(&'static str, &'static Manual); 9] {
    [
        ("bhicci-launch", bhicci_launch()),
        ("bhicci-late", bhicci_late()),
        ("evidencenow", evidencenow()),
        ("ahrq-2009", ahrq_2009()),
        ("idocc", idocc()),
        ("ontario-prevention-2001", ontario_prevention_2001()),
        ("healthy-hearts-northwest", healthy_hearts_northwest()),
        ("heart-health-now", heart_health_now()),
        ("ihi-breakthrough-series", ihi_breakthrough_series()),
    ]
}

/// Every sample program with its name and the manual it follows.
#[must_use]
pub fn sample_programs() -> [(&'static str, &'static Program, &'static Manual); 8] {
    [
        (
            "bhicci-sample-program",
            bhicci_sample_program(),
            bhicci_late(),
        ),
        (
            "evidencenow-sample-program",
            evidencenow_sample_program(),
            evidencenow(),
        ),
        (
            "ahrq-2009-sample-program",
            ahrq_2009_sample_program(),
            ahrq_2009(),
        ),
        ("idocc-sample-program", idocc_sample_program(), idocc()),
        (
            "ontario-prevention-2001-sample-program",
            ontario_prevention_2001_sample_program(),
            ontario_prevention_2001(),
        ),
        (
            "healthy-hearts-northwest-sample-program",
            healthy_hearts_northwest_sample_program(),
            healthy_hearts_northwest(),
        ),
        (
            "heart-health-now-sample-program",
            heart_health_now_sample_program(),
            heart_health_now(),
        ),
        (
            "ihi-breakthrough-series-sample-program",
            ihi_breakthrough_series_sample_program(),
            ihi_breakthrough_series(),
        ),
    ]
}

/// The embedded manual with this id whose version `requirement` accepts, the newest first.
#[must_use]
pub fn find_manual(
    id: &crate::Key,
    requirement: &semver::VersionReq,
) -> Option<(&'static str, &'static Manual)> {
    manuals()
        .into_iter()
        .filter(|(_, m)| &m.id == id && requirement.matches(&m.version))
        .max_by(|(_, a), (_, b)| a.version.cmp(&b.version))
}

/// The embedded manual of each version `program` names (its `manual` and any `earlier`
/// stretches), each once, in the order of the stretches: the newest with the named id whose
/// version the stretch's requirement accepts. This is the set a program is checked against
/// when no manual is given.
///
/// # Errors
/// [`NotEmbedded`] for the first stretch whose manual no embedded manual is.
///
/// ```
/// use practice_coaching::reference;
/// let program = reference::bhicci_sample_program();
/// let manuals = reference::manuals_for(program)?;
/// assert_eq!(manuals[0].0, "bhicci-late");
/// # Ok::<(), practice_coaching::reference::NotEmbedded>(())
/// ```
pub fn manuals_for(program: &Program) -> Result<Vec<(&'static str, &'static Manual)>, NotEmbedded> {
    let wanted = &program.manual;
    let mut found: Vec<(&'static str, &'static Manual)> = Vec::new();
    for stretch in wanted.stretches() {
        let (name, manual) =
            find_manual(&wanted.id, stretch.version).ok_or_else(|| NotEmbedded {
                id: wanted.id.clone(),
                version: stretch.version.clone(),
                until: stretch.until,
            })?;
        if !found.iter().any(|(n, _)| *n == name) {
            found.push((name, manual));
        }
    }
    Ok(found)
}

/// The embedded manual of the version a program follows now (its `manual` member).
///
/// # Errors
/// [`NotEmbedded`] where no embedded manual has that id and an accepted version.
pub fn manual_for(program: &Program) -> Result<(&'static str, &'static Manual), NotEmbedded> {
    let wanted = &program.manual;
    find_manual(&wanted.id, &wanted.version).ok_or_else(|| NotEmbedded {
        id: wanted.id.clone(),
        version: wanted.version.clone(),
        until: None,
    })
}

/// A program follows a manual version that no embedded manual is: the caller must give the
/// manual.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the program follows manual {id} {version}{}, which is not embedded (embedded: {})",
    until.map_or_else(String::new, |until| format!(" until {until}")),
    embedded_list()
)]
pub struct NotEmbedded {
    id: crate::Key,
    version: semver::VersionReq,
    until: Option<crate::Date>,
}

impl NotEmbedded {
    /// The manual's id the program names.
    #[must_use]
    pub fn id(&self) -> &crate::Key {
        &self.id
    }

    /// The versions it accepts.
    #[must_use]
    pub fn version(&self) -> &semver::VersionReq {
        &self.version
    }

    /// For an earlier version, the last day the program followed it.
    #[must_use]
    pub fn until(&self) -> Option<crate::Date> {
        self.until
    }
}

/// `id version` of every embedded manual, for messages.
fn embedded_list() -> String {
    let each: Vec<String> = manuals()
        .iter()
        .map(|(_, m)| format!("{} {}", m.id, m.version))
        .collect();
    each.join(", ")
}

/// Parses an embedded document.
///
/// # Panics
/// If `json` does not parse. The JSON is compiled into the crate, so this is a build defect,
/// not an input error; the tests parse every embedded document and guard it.
// The crate's one `expect` outside tests: the alternative, a `Result` from every accessor, would
// push a build defect onto every caller.
#[allow(clippy::expect_used)]
fn parse_embedded<T>(json: &str, parse: fn(&[u8]) -> Result<T, crate::ParseError>) -> T {
    parse(json.as_bytes()).expect("embedded reference document parses")
}
