//! A coach supervisor's roster: each coach, what they bring against the manual's
//! qualification checks, and the sites they coach on a day against the caseload threshold.

use serde::Serialize;

use crate::manual::Requirement;
use crate::program::{AssignmentHistory, Coach, Program};
use crate::{Date, EntityId, Key, Manual};

/// Every coach of a program as of a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Roster {
    /// The day the caseload is read on.
    pub as_of: Date,
    /// The manual's caseload threshold (sites per coach), where it sets one.
    pub caseload_threshold: Option<u16>,
    /// The coaches, in the program's order.
    pub coaches: Vec<RosterCoach>,
}

/// One coach on the roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RosterCoach {
    /// The coach's name.
    pub name: String,
    /// The coach's id.
    pub id: EntityId,
    /// Disciplines (by key).
    pub disciplines: Vec<Key>,
    /// Degrees (by key).
    pub degrees: Vec<Key>,
    /// Roles (by key): those the coach may fill, then those they fill in teams, each once.
    pub roles: Vec<Key>,
    /// Each qualification check of the manual that applies to the coach, in the manual's order.
    pub checks: Vec<CheckResult>,
    /// The sites the coach coaches on `as_of`, in the program's order.
    pub sites: Vec<CoachedSite>,
    /// How many.
    pub caseload: usize,
    /// Whether `caseload` is above the coach's own capacity, or where they have none, the
    /// manual's threshold; never with neither.
    pub over_caseload: bool,
}

/// One qualification check read for one coach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CheckResult {
    /// What is checked, in words.
    pub check: String,
    /// The role (by key) the check is for; every coach where `None`.
    pub role: Option<Key>,
    /// How binding the manual makes it.
    pub requirement: Requirement,
    /// Met, missing, recommended but missing, or not required.
    pub outcome: CheckOutcome,
    /// What the coach lacks, in words, where the check is not met.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lacks: Option<String>,
}

/// How a coach stands against one qualification check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckOutcome {
    /// The coach meets it.
    Met,
    /// A required check the coach does not meet.
    Missing,
    /// A recommended check the coach does not meet.
    RecommendedMissing,
    /// A check the manual leaves out on purpose: never run.
    NotRequired,
}

impl CheckOutcome {
    /// `met`, `missing`, `recommended_missing` or `not_required`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Met => "met",
            Self::Missing => "missing",
            Self::RecommendedMissing => "recommended_missing",
            Self::NotRequired => "not_required",
        }
    }
}

/// A site a coach coaches on the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CoachedSite {
    /// The site's id.
    pub id: EntityId,
    /// Its name.
    pub name: String,
    /// Whether the coach coaches it alone (assigned as a coach, not in a team).
    pub alone: bool,
}

impl RosterCoach {
    /// The checks with `outcome`, as what the coach lacks (or, for met and not required checks,
    /// what is checked).
    pub fn with_outcome(&self, outcome: CheckOutcome) -> impl Iterator<Item = &str> {
        self.checks
            .iter()
            .filter(move |c| c.outcome == outcome)
            .map(|c| c.lacks.as_deref().unwrap_or(&c.check))
    }
}

impl Roster {
    /// The coaches above the caseload threshold.
    pub fn over_caseload(&self) -> impl Iterator<Item = &RosterCoach> {
        self.coaches.iter().filter(|c| c.over_caseload)
    }

    /// Writes one CSV row per coach, with a header (columns in docs/data-dictionary.md,
    /// `roster`); text cells are guarded against formula injection.
    ///
    /// # Errors
    /// Where `out` cannot be written.
    pub fn write_csv<W: std::io::Write>(&self, out: W) -> Result<(), csv::Error> {
        use crate::tidy::cell;
        let mut writer = crate::tidy::writer(out);
        writer.write_record([
            "coach_name",
            "coach_id",
            "disciplines",
            "degrees",
            "roles",
            "checks_met",
            "checks_missing",
            "checks_recommended_missing",
            "checks_not_required",
            "missing",
            "recommended_missing",
            "caseload",
            "caseload_threshold",
            "over_caseload",
            "site_names",
        ])?;
        let keys = |keys: &[Key]| keys.iter().map(Key::as_str).collect::<Vec<_>>().join(";");
        for coach in &self.coaches {
            let count = |o| coach.with_outcome(o).count().to_string();
            let text = |o| coach.with_outcome(o).collect::<Vec<_>>().join("; ");
            let sites: Vec<&str> = coach.sites.iter().map(|s| s.name.as_str()).collect();
            writer.write_record([
                cell(&coach.name).as_ref(),
                &coach.id.to_string(),
                &keys(&coach.disciplines),
                &keys(&coach.degrees),
                &keys(&coach.roles),
                &count(CheckOutcome::Met),
                &count(CheckOutcome::Missing),
                &count(CheckOutcome::RecommendedMissing),
                &count(CheckOutcome::NotRequired),
                cell(&text(CheckOutcome::Missing)).as_ref(),
                cell(&text(CheckOutcome::RecommendedMissing)).as_ref(),
                &coach.caseload.to_string(),
                &self
                    .caseload_threshold
                    .map_or_else(String::new, |t| t.to_string()),
                if coach.over_caseload { "true" } else { "false" },
                cell(&sites.join("; ")).as_ref(),
            ])?;
        }
        writer.flush()?;
        Ok(())
    }
}

impl Roster {
    /// Reads `program` on `as_of` against `manual` ([`Program::roster`]).
    pub(super) fn read(program: &Program, manual: &Manual, as_of: Date) -> Self {
        let caseloads = AssignmentHistory::new(program).coached_on(Some(as_of));
        // The roles each coach fills in teams, gathered in one pass over the teams.
        let mut team_roles: foldhash::HashMap<EntityId, Vec<&Key>> = foldhash::HashMap::default();
        for member in program.teams.iter().flat_map(|t| &t.members) {
            team_roles
                .entry(member.coach)
                .or_default()
                .push(&member.role);
        }
        // A caseload counted over the whole program is no limit on any one day.
        let threshold = manual
            .caseload
            .as_ref()
            .and_then(crate::manual::CaseloadThreshold::at_one_time)
            .map(crate::SiteCount::get);
        let coaches = program
            .coaches
            .iter()
            .enumerate()
            .map(|(i, coach)| {
                let sites: Vec<CoachedSite> = caseloads
                    .get(i)
                    .map_or(&[][..], Vec::as_slice)
                    .iter()
                    .map(|(site, alone)| CoachedSite {
                        id: site.id,
                        name: site.name.clone(),
                        alone: *alone,
                    })
                    .collect();
                RosterCoach {
                    name: coach.name.clone(),
                    id: coach.id,
                    disciplines: coach.disciplines.clone(),
                    degrees: coach.degrees.clone(),
                    roles: roles_of(coach, team_roles.get(&coach.id)),
                    checks: checks(manual, coach),
                    caseload: sites.len(),
                    over_caseload: coach
                        .capacity_under(manual)
                        .is_some_and(|t| sites.len() > usize::from(t)),
                    sites,
                }
            })
            .collect();
        Roster {
            as_of,
            caseload_threshold: threshold,
            coaches,
        }
    }
}

/// The roles `coach` may fill, then those they fill in teams (`in_teams`), each once.
fn roles_of(coach: &Coach, in_teams: Option<&Vec<&Key>>) -> Vec<Key> {
    let mut roles = coach.roles.clone();
    for role in in_teams.into_iter().flatten() {
        if !roles.contains(role) {
            roles.push((*role).clone());
        }
    }
    roles
}

/// Each qualification check of `manual` that applies to `coach`, read.
fn checks(manual: &Manual, coach: &Coach) -> Vec<CheckResult> {
    manual
        .qualifications
        .iter()
        .filter(|q| q.applies_to(coach))
        .map(|q| {
            // A check the manual leaves out on purpose never runs.
            let lacks = match q.requirement {
                Requirement::NotRequired => None,
                Requirement::Required | Requirement::Recommended => {
                    q.check.shortfall(manual, coach)
                }
            };
            let outcome = match (q.requirement, &lacks) {
                (Requirement::NotRequired, _) => CheckOutcome::NotRequired,
                (_, None) => CheckOutcome::Met,
                (Requirement::Required, Some(_)) => CheckOutcome::Missing,
                (Requirement::Recommended, Some(_)) => CheckOutcome::RecommendedMissing,
            };
            CheckResult {
                check: crate::render::words::check(manual, &q.check),
                role: q.role.clone(),
                requirement: q.requirement,
                outcome,
                lacks,
            }
        })
        .collect()
}
