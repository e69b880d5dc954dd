//! Team coverage: the sites the manual's team rule gives a team on a day, and whether each has
//! one that fills the rule's roles with coaches who bring what each role asks.

use serde::Serialize;

use foldhash::HashMap;

use crate::manual::TeamRule;
use crate::program::{Assignee, AssignmentHistory, Coach, Program, Team, stretch_on};
use crate::{Date, EntityId, Manual};

/// The sites that need a team on a day, and how each is covered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Coverage {
    /// The day coverage is read on.
    pub as_of: Date,
    /// Each site coached that day (its relationship active, or, where none is recorded, an
    /// assignment in force) that the team rule gives a team, in the program's order; none
    /// where the manual has no team rule.
    pub sites: Vec<SiteCoverage>,
}

/// One site that needs a team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SiteCoverage {
    /// The site's name.
    pub site_name: String,
    /// The site's id.
    pub site: EntityId,
    /// Who is assigned that day: a coach or a team (by id), if anyone.
    pub assignee: Option<Assignee>,
    /// The assignee's name (the team's name, or its id where it has none); empty where no one
    /// is assigned or the program does not list the assignee.
    pub assignee_name: String,
    /// How the site is covered.
    pub status: CoverageStatus,
    /// What the team lacks, in words: roles not filled as the rule says, members who lack what
    /// their role asks.
    pub gaps: Vec<String>,
}

/// How a site that needs a team is covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CoverageStatus {
    /// A team that fills every role, each member bringing what the role asks.
    Covered,
    /// No assignment in force that day, while the site's relationship is active.
    Unassigned,
    /// A single coach.
    SingleCoach,
    /// A team the program does not list.
    UnknownTeam,
    /// A team missing a role, or with a member who lacks a role's discipline or skills.
    Incomplete,
}

impl CoverageStatus {
    /// `covered`, `unassigned`, `single_coach`, `unknown_team` or `incomplete`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Covered => "covered",
            Self::Unassigned => "unassigned",
            Self::SingleCoach => "single_coach",
            Self::UnknownTeam => "unknown_team",
            Self::Incomplete => "incomplete",
        }
    }
}

impl Coverage {
    /// The sites not covered.
    pub fn gaps(&self) -> impl Iterator<Item = &SiteCoverage> {
        self.sites
            .iter()
            .filter(|s| s.status != CoverageStatus::Covered)
    }

    /// Writes one CSV row per site that needs a team, with a header (columns in
    /// docs/data-dictionary.md, `team_coverage`); text cells are guarded against formula
    /// injection.
    ///
    /// # Errors
    /// Where `out` cannot be written.
    pub fn write_csv<W: std::io::Write>(&self, out: W) -> Result<(), csv::Error> {
        use crate::tidy::cell;
        let mut writer = crate::tidy::writer(out);
        writer.write_record([
            "site_name",
            "site_id",
            "assignee_kind",
            "assignee_name",
            "assignee_id",
            "status",
            "gaps",
        ])?;
        for site in &self.sites {
            let (kind, id) = match site.assignee {
                Some(Assignee::Coach(id)) => ("coach", id.to_string()),
                Some(Assignee::Team(id)) => ("team", id.to_string()),
                None => ("", String::new()),
            };
            writer.write_record([
                cell(&site.site_name).as_ref(),
                &site.site.to_string(),
                kind,
                cell(&site.assignee_name).as_ref(),
                &id,
                site.status.as_str(),
                cell(&site.gaps.join("; ")).as_ref(),
            ])?;
        }
        writer.flush()?;
        Ok(())
    }
}

impl Coverage {
    /// Reads `program` on `as_of` against `manual` ([`Program::team_coverage`]).
    pub(super) fn read(program: &Program, manual: &Manual, as_of: Date) -> Self {
        let Some(rule) = &manual.team else {
            return Coverage {
                as_of,
                sites: Vec::new(),
            };
        };
        // Each looked up by id through a map, so that large programs stay linear; the first
        // of a repeated id, as validation reads it.
        let organizations = by_id(program.organizations.iter().map(|o| (o.id, o)));
        let history = AssignmentHistory::new(program);
        let current = history.current(Some(as_of));
        let in_force =
            |position: usize| stretch_on(history.stretches_at(position), as_of).map(|s| s.assignee);
        let teams = by_id(program.teams.iter().map(|t| (t.id, t)));
        let coaches = by_id(program.coaches.iter().map(|c| (c.id, c)));
        let sites = program
            .sites
            .iter()
            .enumerate()
            // Coached that day: its relationship is active, or, where none is recorded, an
            // assignment is in force.
            .filter(|&(i, _)| current.is(i) && (current.recorded(i) || in_force(i).is_some()))
            .filter(|(_, site)| {
                let organization = organizations.get(&site.organization).copied();
                rule.required_at(site, organization)
            })
            .map(|(i, site)| {
                let assignee = in_force(i);
                let (assignee_name, status, gaps) = match assignee {
                    None => (String::new(), CoverageStatus::Unassigned, Vec::new()),
                    Some(Assignee::Coach(id)) => (
                        coaches
                            .get(&id)
                            .map_or_else(String::new, |c| c.name.clone()),
                        CoverageStatus::SingleCoach,
                        Vec::new(),
                    ),
                    Some(Assignee::Team(id)) => match teams.get(&id) {
                        None => (String::new(), CoverageStatus::UnknownTeam, Vec::new()),
                        Some(team) => {
                            let gaps = team_gaps(rule, team, &coaches);
                            let status = if gaps.is_empty() {
                                CoverageStatus::Covered
                            } else {
                                CoverageStatus::Incomplete
                            };
                            let name = team.name.clone().unwrap_or_else(|| id.to_string());
                            (name, status, gaps)
                        }
                    },
                };
                SiteCoverage {
                    site_name: site.name.clone(),
                    site: site.id,
                    assignee,
                    assignee_name,
                    status,
                    gaps,
                }
            })
            .collect();
        Coverage { as_of, sites }
    }
}

/// The entries of `items` by id, the first of a repeated id kept.
fn by_id<'a, T>(items: impl Iterator<Item = (EntityId, &'a T)>) -> HashMap<EntityId, &'a T> {
    let mut map = HashMap::default();
    for (id, item) in items {
        map.entry(id).or_insert(item);
    }
    map
}

/// What `team` lacks under `rule`: roles not filled as it says, members who lack what their
/// role asks, and members the program does not list.
fn team_gaps(rule: &TeamRule, team: &Team, coaches: &HashMap<EntityId, &Coach>) -> Vec<String> {
    let mut gaps: Vec<String> = rule
        .role_counts(team)
        .iter()
        .filter(|count| !count.as_asked())
        .map(ToString::to_string)
        .collect();
    for member in &team.members {
        let Some(coach) = coaches.get(&member.coach) else {
            gaps.push(format!(
                "coach {} is not among the program's coaches",
                member.coach
            ));
            continue;
        };
        let Some(seat) = rule.roles.iter().find(|r| r.role == member.role) else {
            continue;
        };
        let lacks = seat.lacks(coach);
        if !lacks.is_empty() {
            gaps.push(format!(
                "coach `{}` lacks {} for role `{}`",
                coach.name,
                lacks.join(" and "),
                member.role
            ));
        }
    }
    gaps
}
