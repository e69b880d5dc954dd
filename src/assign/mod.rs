//! Who coaches which site: an optimal proposal of a coach, or a team, for each site that has
//! none.
//!
//! [`Program::propose_assignments`] gives each site without a current or planned coach the
//! coach (or, where the manual's team rule gives the site a team, the team) that keeps the
//! program's total travel least: the sum of great-circle distances from each site to its
//! coaches, in whole metres. Coaches keep their current sites, which use their capacity; no
//! coach is proposed past their capacity; a coach who fails a required qualification check of
//! the manual is not proposed.
//!
//! The proposal is a minimum-cost flow, solved exactly by the network simplex of [`flow`]:
//! coaches send their room to the places to fill (a site's coach, each role of a site's team,
//! a coach at most once per site) at the distance's cost, and a place may instead be left
//! "uncovered" at a cost higher than any reassignment could save, so that as many places as
//! possible are filled and, among such proposals, travel is least.
//! Each site starts with its nearest coaches as candidates ([`ProposalOptions::candidates`]);
//! the answer is then proven optimal over every coach, by pricing every arc left out with the
//! solution's potentials, and where one would lower the cost it is added and the problem
//! solved again. Sites and coaches are taken in the order of their ids, and each site's
//! candidates by distance and then id, so the same program gives the same proposal whatever
//! the order of its lists.

pub mod flow;
mod network;
mod pairs;

use std::fmt;

use serde::Serialize;

use crate::program::{Assignee, Assignment, AssignmentHistory, Coach, Program, Site};
use crate::scalar::{chord_squared, metres_from_chord_squared};
use crate::validate::RuleSeverity;
use crate::{Capacity, Date, EntityId, Key, Manual, Severity};

use flow::FlowError;

/// How a proposal is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProposalOptions {
    /// The capacity of every coach who has no `capacity` of their own, in place of the
    /// manual's caseload threshold.
    pub capacity: Option<Capacity>,
    /// How many of its nearest coaches each site starts with as candidates (at least one).
    /// The answer is optimal over every coach whatever this is; it only decides how much work
    /// finding it takes.
    pub candidates: usize,
    /// Whether teams persist across sites: each team proposed is one pair of coaches serving
    /// every site it is given together, rather than a team formed per site. Choosing pairs
    /// and sites at once is a three-dimensional assignment: the proposal is then a two-stage
    /// answer (coaches paired nearest to each other, then pairs given sites by a flow) with a
    /// lower bound ([`Optimality::lower_bound_metres`]), not proven optimal. Only for team
    /// rules of two roles of one coach each.
    pub persistent_teams: bool,
    /// Whether current single-coach assignments may move, and at what cost: each move counts
    /// this many metres on top of the new distance (`None`: every current assignment stays).
    /// A site is never left without a coach to cover another.
    pub move_cost: Option<u32>,
}

impl ProposalOptions {
    /// The default number of candidates per site: 20 nearest coaches.
    pub const CANDIDATES: usize = 20;
}

impl Default for ProposalOptions {
    fn default() -> Self {
        Self {
            capacity: None,
            candidates: Self::CANDIDATES,
            persistent_teams: false,
            move_cost: None,
        }
    }
}

/// Why no proposal could be made.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProposalError {
    /// Sites need a coach, but some coaches have no capacity: no `capacity` of their own, no
    /// capacity in the options, and no caseload threshold in the manual.
    #[non_exhaustive]
    CapacityMissing {
        /// The names of the coaches without one.
        coaches: Vec<String>,
    },
    /// Teams that persist across sites were asked for, but the team rule is not two roles of
    /// one coach each.
    #[non_exhaustive]
    PersistentTeamsNeedPairs {
        /// How many roles the rule has.
        roles: usize,
    },
    /// The flow could not be solved (a program too large for 64-bit costs).
    Flow(FlowError),
}

impl fmt::Display for ProposalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::CapacityMissing { coaches } => {
                let shown: Vec<String> = coaches.iter().take(5).map(|c| format!("`{c}`")).collect();
                let more = coaches.len().saturating_sub(shown.len());
                let more = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                write!(
                    f,
                    "coach {}{more} has no capacity and the manual sets no caseload threshold; \
                     expected a `capacity` (sites at once) on each coach, or a capacity for every \
                     coach without one (`--capacity N`)",
                    shown.join(", ")
                )
            }
            Self::PersistentTeamsNeedPairs { roles } => write!(
                f,
                "teams that persist across sites are proposed for team rules of two roles of one \
                 coach each; the manual's team rule has {roles} role(s) or more than one coach in \
                 a role"
            ),
            Self::Flow(error) => write!(f, "the proposal could not be solved: {error}"),
        }
    }
}

impl std::error::Error for ProposalError {}

impl From<FlowError> for ProposalError {
    fn from(error: FlowError) -> Self {
        Self::Flow(error)
    }
}

/// An entity named for people and by id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Named {
    /// Its id.
    pub id: EntityId,
    /// Its name.
    pub name: String,
}

/// A site and the coach proposed for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ProposedAssignment {
    /// The site.
    pub site: Named,
    /// The coach proposed.
    pub coach: Named,
    /// The great-circle distance between them in whole metres.
    pub distance_metres: u32,
}

/// Why a site that needs a coach is left without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UncoveredBecause {
    /// The site has no location, so no distance can be measured to it.
    NoLocation,
    /// No coach is eligible (each fails a required check, or has no location).
    NoEligibleCoach,
    /// Every eligible coach is at capacity.
    NoRoom,
    /// The site needs a team, and a role of it cannot be filled.
    TeamIncomplete,
}

impl UncoveredBecause {
    /// `no_location`, `no_eligible_coach`, `no_room` or `team_incomplete`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::NoLocation => "no_location",
            Self::NoEligibleCoach => "no_eligible_coach",
            Self::NoRoom => "no_room",
            Self::TeamIncomplete => "team_incomplete",
        }
    }
}

/// A site that needs a coach and is left without one, why, and what would cover it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct UncoveredSite {
    /// The site.
    pub site: Named,
    /// Why.
    pub because: UncoveredBecause,
    /// What would cover it, in words.
    pub remedy: String,
    /// The nearest eligible coach, where there is one (at capacity).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nearest_coach: Option<Named>,
    /// The distance to the nearest eligible coach in whole metres, where there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nearest_metres: Option<u32>,
    /// For a site that needs a team, each role left unfilled.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing_roles: Vec<MissingRole>,
}

/// A role of a team that could not be filled at a site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct MissingRole {
    /// The role (by key).
    pub role: Key,
    /// How many places of it were left unfilled.
    pub places: u16,
    /// How many coaches could fill it (eligible, located, bringing what the role asks),
    /// whether or not they have room; none means a coach of this kind is needed.
    pub coaches_who_could: usize,
}

/// A coach in a proposed team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ProposedMember {
    /// The coach.
    pub coach: Named,
    /// The role (by key) they fill.
    pub role: Key,
    /// The great-circle distance between the coach and the site in whole metres.
    pub distance_metres: u32,
}

/// A site moved from its current coach to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Move {
    /// The site.
    pub site: Named,
    /// Its coach now.
    pub from: Named,
    /// The coach proposed.
    pub to: Named,
    /// The distance from the coach now, in whole metres.
    pub from_metres: u32,
    /// The distance from the coach proposed, in whole metres.
    pub to_metres: u32,
}

/// A site that needs a team and the team proposed for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ProposedTeam {
    /// The site.
    pub site: Named,
    /// The team's id: an existing team of exactly these coaches, or a new one
    /// ([`Proposal::new_teams`]).
    pub team: EntityId,
    /// Whether the team already exists in the program.
    pub existing: bool,
    /// Its members, in the order of the team rule's roles.
    pub members: Vec<ProposedMember>,
}

/// A coach's load: sites now, sites proposed, against their capacity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CoachLoad {
    /// The coach.
    pub coach: Named,
    /// Their capacity: their own, else the options', else the manual's caseload threshold.
    pub capacity: Option<u16>,
    /// Sites they coach on the day, as the caseload rule counts them.
    pub current: usize,
    /// Sites proposed to them.
    pub proposed: usize,
    /// Whether they may be proposed: eligible, located and with room.
    pub eligible: bool,
    /// Why they may not be proposed, in words; empty where they may.
    pub not_eligible_because: Vec<String>,
}

/// How the proposal was proven optimal, or how far from optimal it can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Optimality {
    /// Whether the proposal is proven optimal: always, except for teams that persist across
    /// sites ([`ProposalOptions::persistent_teams`]).
    pub optimal: bool,
    /// How many times the flow was solved: once, plus once per widening of the candidates.
    pub rounds: u32,
    /// Site-to-coach arcs in the last flow solved.
    pub candidate_arcs: usize,
    /// Site-to-coach arcs left out, each priced against the last solution's potentials and
    /// found unable to lower the cost.
    pub pruned_arcs_checked: usize,
    /// For a proposal not proven optimal, a total in whole metres that no proposal filling as
    /// many places can go below (the optimum with teams formed per site, where that gives
    /// every team site a team); `None` where the proposal is optimal, or where no such bound
    /// holds (it fills fewer places, or not every team site could be given a team).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lower_bound_metres: Option<u64>,
}

/// An optimal proposal of one coach per site, with each coach's load and what stays
/// uncovered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Proposal {
    /// The day the proposal starts: current assignments are read on it.
    pub as_of: Date,
    /// Sites given a coach, in the program's order.
    pub proposed: Vec<ProposedAssignment>,
    /// Sites that need a coach and are left without one, in the program's order.
    pub uncovered: Vec<UncoveredSite>,
    /// Sites the manual's team rule gives a team, and the team proposed, in the program's
    /// order.
    pub teams: Vec<ProposedTeam>,
    /// Sites moved from their current coach ([`ProposalOptions::move_cost`]), in the
    /// program's order.
    pub moves: Vec<Move>,
    /// Teams to add to the program for [`Proposal::teams`]: one per set of coaches that no
    /// existing team has, shared by every site it is proposed for.
    pub new_teams: Vec<crate::program::Team>,
    /// Every coach, in the program's order.
    pub coaches: Vec<CoachLoad>,
    /// The sum of the proposed distances in whole metres, a team's members each counted and
    /// a moved site at its new coach's distance (the move cost not included): the least of
    /// any proposal that covers the same sites, with moves counted at their cost.
    pub total_metres: u64,
    /// More capacity, in sites (a team's place counting one for its coach), that would cover
    /// every site left for want of room.
    pub capacity_short: usize,
    /// How the proposal was proven optimal.
    pub optimality: Optimality,
}

impl Proposal {
    /// The proposal as new assignments, each from the proposal's day, open-ended: a coach for
    /// each site proposed one, then a team for each site proposed a team.
    #[must_use]
    pub fn assignments(&self) -> Vec<Assignment> {
        let single = self
            .proposed
            .iter()
            .map(|p| (p.site.id, Assignee::Coach(p.coach.id)));
        let teams = self
            .teams
            .iter()
            .map(|t| (t.site.id, Assignee::Team(t.team)));
        let moves = self
            .moves
            .iter()
            .map(|m| (m.site.id, Assignee::Coach(m.to.id)));
        single
            .chain(teams)
            .chain(moves)
            .map(|(site, assignee)| Assignment {
                site,
                assignee,
                from: self.as_of,
                until: None,
            })
            .collect()
    }

    /// Adds the proposal to `program`: its new teams; for each move, the current assignment
    /// ends the day before the proposal's day (or, where it starts that day, is dropped);
    /// then its assignments.
    pub fn apply_to(&self, program: &mut Program) {
        program.teams.extend(self.new_teams.iter().cloned());
        let as_of = self.as_of;
        let day_before = as_of.checked_add_days(-1);
        for moved in &self.moves {
            program
                .assignments
                .retain(|a| !(a.site == moved.site.id && a.in_force_on(as_of) && a.from == as_of));
            for assignment in &mut program.assignments {
                if assignment.site == moved.site.id && assignment.in_force_on(as_of) {
                    assignment.until = day_before;
                }
            }
        }
        program.assignments.extend(self.assignments());
    }

    /// Writes one CSV row per site proposed a coach, per member of a team proposed, and per
    /// site left uncovered (docs/data-dictionary.md): `site_id`, `site_name`, `status`
    /// (`proposed`, `proposed_team`, `moved` or `uncovered`), `team_id`, `coach_id`,
    /// `coach_name`, `role`, `distance_metres`, `moved_from_id`, `moved_from_name`, `because`,
    /// `remedy`. Text that a spreadsheet would run
    /// as a formula is guarded ([`crate::tidy::cell`]).
    ///
    /// # Errors
    /// When writing fails.
    pub fn write_csv<W: std::io::Write>(&self, out: W) -> Result<(), csv::Error> {
        use crate::tidy::cell;
        let mut writer = crate::tidy::writer(out);
        writer.write_record([
            "site_id",
            "site_name",
            "status",
            "team_id",
            "coach_id",
            "coach_name",
            "role",
            "distance_metres",
            "moved_from_id",
            "moved_from_name",
            "because",
            "remedy",
        ])?;
        for p in &self.proposed {
            writer.write_record([
                p.site.id.to_string().as_str(),
                cell(&p.site.name).as_ref(),
                "proposed",
                "",
                p.coach.id.to_string().as_str(),
                cell(&p.coach.name).as_ref(),
                "",
                p.distance_metres.to_string().as_str(),
                "",
                "",
                "",
                "",
            ])?;
        }
        for t in &self.teams {
            for m in &t.members {
                writer.write_record([
                    t.site.id.to_string().as_str(),
                    cell(&t.site.name).as_ref(),
                    "proposed_team",
                    t.team.to_string().as_str(),
                    m.coach.id.to_string().as_str(),
                    cell(&m.coach.name).as_ref(),
                    m.role.as_str(),
                    m.distance_metres.to_string().as_str(),
                    "",
                    "",
                    "",
                    "",
                ])?;
            }
        }
        for m in &self.moves {
            writer.write_record([
                m.site.id.to_string().as_str(),
                cell(&m.site.name).as_ref(),
                "moved",
                "",
                m.to.id.to_string().as_str(),
                cell(&m.to.name).as_ref(),
                "",
                m.to_metres.to_string().as_str(),
                m.from.id.to_string().as_str(),
                cell(&m.from.name).as_ref(),
                "",
                "",
            ])?;
        }
        for u in &self.uncovered {
            writer.write_record([
                u.site.id.to_string().as_str(),
                cell(&u.site.name).as_ref(),
                "uncovered",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                u.because.as_str(),
                cell(&u.remedy).as_ref(),
            ])?;
        }
        writer.flush()?;
        Ok(())
    }
}

/// A coach as the proposal sees them.
struct Candidate<'a> {
    coach: &'a Coach,
    /// Position in the program.
    position: usize,
    capacity: Option<u16>,
    current: usize,
    /// What keeps them from being proposed at all, in words.
    reasons: Vec<String>,
    /// What keeps them from coaching a site alone, in words.
    not_alone: Option<String>,
    unit: Option<[f64; 3]>,
}

impl Candidate<'_> {
    fn room(&self) -> u16 {
        let current = u16::try_from(self.current).unwrap_or(u16::MAX);
        self.capacity.unwrap_or(0).saturating_sub(current)
    }
}

impl Program {
    /// Proposes a coach for each site with no current or planned coach on `as_of`, or a team
    /// where the manual's team rule gives the site one, against `manual`: the proposal of
    /// least total distance among those that fill the most places, proven optimal.
    ///
    /// What it reads:
    /// - a site needs a coach where no assignment of it is in force on `as_of` or starts
    ///   later, and its coaching has not ended (it has no relationship, or one not ended
    ///   before `as_of`); it needs a team where the manual's team rule says so, one coach in
    ///   each of the rule's places, no coach twice;
    /// - a coach's capacity is their own `capacity`, else `options.capacity`, else the
    ///   manual's caseload threshold; the sites they coach on `as_of` (counted as the caseload
    ///   rule counts them, a team's site for each member) use it;
    /// - a coach is not proposed who fails a qualification check the manual requires of them,
    ///   or who has no location; nor alone where the manual requires a team for coaches
    ///   without an experience they lack; nor in a team role they lack what the role asks for,
    ///   or, where they declare roles, one they do not declare.
    ///
    /// A team site that cannot be given a whole team gets none: the flow that fills the most
    /// places is solved, every team site with a place unfilled is left uncovered, and the
    /// rest is solved again, until every team proposed is whole. Each new set of coaches
    /// becomes one team ([`Proposal::new_teams`]); a set an existing team has reuses it.
    ///
    /// ```
    /// use practice_coaching::assign::ProposalOptions;
    /// use practice_coaching::{Date, reference};
    /// let mut program = reference::evidencenow_sample_program().clone();
    /// program.assignments.clear();
    /// program.relationships.clear();
    /// let as_of: Date = "2016-01-04".parse()?;
    /// let proposal = program
    ///     .propose_assignments(reference::evidencenow(), as_of, &ProposalOptions::default())?;
    /// assert_eq!(proposal.proposed.len(), program.sites.len());
    /// assert!(proposal.optimality.optimal);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`ProposalError::CapacityMissing`] where sites need a coach and a coach has no capacity
    /// from any source; [`ProposalError::Flow`] for a program too large for 64-bit costs.
    pub fn propose_assignments(
        &self,
        manual: &Manual,
        as_of: Date,
        options: &ProposalOptions,
    ) -> Result<Proposal, ProposalError> {
        let mut coaches = candidates(self, manual, as_of, options);
        let may_take: foldhash::HashSet<EntityId> = coaches
            .iter()
            .filter(|c| c.reasons.is_empty() && c.not_alone.is_none())
            .map(|c| c.coach.id)
            .collect();
        let may_move = |id: EntityId| may_take.contains(&id);
        let scope = Scope::read(
            self,
            manual,
            as_of,
            options
                .move_cost
                .is_some()
                .then_some(&may_move as &dyn Fn(EntityId) -> bool),
        );
        // A movable site's place with its coach is open again.
        let mut released: foldhash::HashSet<EntityId> = foldhash::HashSet::default();
        if !scope.movable.is_empty() {
            let caseloads = AssignmentHistory::new(self).coached_on(Some(as_of));
            for (site, _, coach) in &scope.movable {
                if let Some(c) = coaches.iter_mut().find(|c| c.coach.id == *coach)
                    && caseloads
                        .get(c.position)
                        .is_some_and(|sites| sites.iter().any(|(s, _)| s.id == site.id))
                {
                    c.current = c.current.saturating_sub(1);
                    released.insert(site.id);
                }
            }
        }
        if !scope.open.is_empty() || !scope.teams.is_empty() {
            let missing: Vec<String> = coaches
                .iter()
                .filter(|c| c.capacity.is_none())
                .map(|c| c.coach.name.clone())
                .collect();
            if !missing.is_empty() {
                return Err(ProposalError::CapacityMissing { coaches: missing });
            }
        }
        let roles = manual.team.as_ref().map_or(&[][..], |t| t.roles.as_slice());
        let open: Vec<network::Coach> = coaches
            .iter()
            .enumerate()
            .filter(|(_, c)| c.reasons.is_empty() && c.room() > 0)
            .filter_map(|(index, c)| {
                c.unit.map(|unit| network::Coach {
                    index,
                    unit,
                    room: c.room(),
                    alone: c.not_alone.is_none(),
                    roles: fillable(roles, c.coach),
                })
            })
            .collect();
        let mut singles: Vec<[f64; 3]> = scope.open.iter().map(|(_, u)| *u).collect();
        singles.extend(scope.movable.iter().map(|(_, u, _)| *u));
        let mut current: Vec<Option<usize>> = vec![None; scope.open.len()];
        current.extend(scope.movable.iter().map(|(_, _, coach)| {
            open.iter()
                .position(|o| coaches.get(o.index).is_some_and(|c| c.coach.id == *coach))
        }));
        let move_cost = options.move_cost.unwrap_or(0);
        let teams: Vec<[f64; 3]> = scope.teams.iter().map(|(_, u)| *u).collect();
        let counts: Vec<u16> = roles.iter().map(|r| r.count.get()).collect();
        let k = options.candidates.max(1);
        let mut solved = network::solve(&singles, &current, move_cost, &teams, &counts, &open, k)?;
        if options.persistent_teams && !teams.is_empty() {
            if counts != [1, 1] {
                return Err(ProposalError::PersistentTeamsNeedPairs {
                    roles: counts.len(),
                });
            }
            solved = persistent(
                (&singles, &current, move_cost),
                &teams,
                &counts,
                open,
                k,
                &solved,
            )?;
        }
        Ok(report(
            self,
            manual,
            as_of,
            (&scope, &released),
            &coaches,
            solved,
        ))
    }
}

/// The places filled and their total distance in whole metres.
fn filled(outcome: &network::Outcome) -> (usize, u64) {
    let single = outcome.single.iter().flatten().map(|(_, d)| u64::from(*d));
    let team = outcome.teams.iter().flat_map(|t| match t {
        network::TeamOutcome::Staffed(members) => {
            members.iter().map(|(_, _, d)| u64::from(*d)).collect()
        }
        network::TeamOutcome::Unfilled(_) => Vec::new(),
    });
    single.chain(team).fold((0, 0), |(n, m), d| (n + 1, m + d))
}

/// Teams that persist across sites: pairs given sites (stage two of [`pairs`]), then the
/// single-coach sites from the room left; bounded below by `per_site`, the optimum with teams
/// formed per site, where the answer fills as many places.
fn persistent(
    (singles, current, move_cost): (&[[f64; 3]], &[Option<usize>], u32),
    teams: &[[f64; 3]],
    counts: &[u16],
    open: Vec<network::Coach>,
    k: usize,
    per_site: &network::Outcome,
) -> Result<network::Outcome, FlowError> {
    let team_outcomes = pairs::solve(teams, &open)?;
    let open_index: Vec<usize> = open.iter().map(|c| c.index).collect();
    let mut left = open;
    for outcome in &team_outcomes {
        if let network::TeamOutcome::Staffed(members) = outcome {
            for (_, index, _) in members {
                if let Some(coach) = left.iter_mut().find(|c| c.index == *index) {
                    coach.room = coach.room.saturating_sub(1);
                }
            }
        }
    }
    left.retain(|c| c.room > 0);
    // Positions in `left` differ from those in `open`: a current coach is found again by
    // candidate index.
    let current: Vec<Option<usize>> = current
        .iter()
        .map(|now| {
            now.and_then(|j| open_index.get(j).copied())
                .and_then(|index| left.iter().position(|c| c.index == index))
        })
        .collect();
    let single = network::solve(singles, &current, move_cost, &[], counts, &left, k)?;
    let mut outcome = network::Outcome {
        single: single.single,
        teams: team_outcomes,
        optimality: single.optimality,
    };
    // The per-site optimum bounds every answer that fills the same places only where it
    // gave every team site a team: where it left some out, by its rule, it is optimal for the
    // sites it kept, not over every choice of sites.
    let (places, _) = filled(&outcome);
    let (bound_places, bound) = filled(per_site);
    let whole = per_site
        .teams
        .iter()
        .all(|t| matches!(t, network::TeamOutcome::Staffed(_)));
    outcome.optimality.optimal = false;
    outcome.optimality.lower_bound_metres = (whole && places == bound_places).then_some(bound);
    Ok(outcome)
}

/// The roles of `roles` (by position) `coach` may fill: those they bring what the role asks
/// for, among the roles they declare where they declare any.
fn fillable(roles: &[crate::manual::TeamRole], coach: &Coach) -> Vec<usize> {
    roles
        .iter()
        .enumerate()
        .filter(|(_, r)| coach.roles.is_empty() || coach.roles.contains(&r.role))
        .filter(|(_, r)| r.lacks(coach).is_empty())
        .map(|(i, _)| i)
        .collect()
}

/// The sites of a program that need a coach or a team.
struct Scope<'a> {
    /// Sites to propose a coach for, with their location's unit vector.
    open: Vec<(&'a Site, [f64; 3])>,
    /// Sites to propose a team for, with their location's unit vector.
    teams: Vec<(&'a Site, [f64; 3])>,
    /// Sites without a location.
    unlocated: Vec<&'a Site>,
    /// Sites with a current coach (by id) who may be moved.
    movable: Vec<(&'a Site, [f64; 3], EntityId)>,
}

impl<'a> Scope<'a> {
    /// Reads the sites of `program` on `as_of`; where `movable_coach` says a coach may take a
    /// moved site, sites coached by one such coach alone are movable.
    fn read(
        program: &'a Program,
        manual: &Manual,
        as_of: Date,
        movable_coach: Option<&dyn Fn(EntityId) -> bool>,
    ) -> Self {
        let mut assigned: foldhash::HashMap<EntityId, Vec<&Assignment>> =
            foldhash::HashMap::default();
        for assignment in &program.assignments {
            if assignment.until.is_none_or(|until| until >= as_of) {
                assigned
                    .entry(assignment.site)
                    .or_default()
                    .push(assignment);
            }
        }
        // Sites whose every relationship ended before the day: coaching is over.
        let mut ongoing: foldhash::HashMap<EntityId, bool> = foldhash::HashMap::default();
        for relationship in &program.relationships {
            let goes_on = relationship
                .end
                .as_ref()
                .is_none_or(|end| end.date >= as_of);
            *ongoing.entry(relationship.site).or_default() |= goes_on;
        }
        let organizations: foldhash::HashMap<EntityId, &crate::program::Organization> =
            program.organizations.iter().map(|o| (o.id, o)).collect();
        let mut scope = Self {
            open: Vec::new(),
            teams: Vec::new(),
            unlocated: Vec::new(),
            movable: Vec::new(),
        };
        let mut sites: Vec<&Site> = program
            .sites
            .iter()
            .filter(|s| ongoing.get(&s.id).is_none_or(|on| *on))
            .collect();
        sites.sort_by_key(|s| s.id);
        sites.dedup_by_key(|s| s.id);
        for site in sites {
            let team = manual.team.as_ref().is_some_and(|rule| {
                rule.required_at(site, organizations.get(&site.organization).copied())
            });
            if let Some(assignments) = assigned.get(&site.id) {
                // Movable: one assignment from the day on, in force that day, of one coach
                // who may take it back.
                if let (Some(movable_coach), [assignment], Some(location), false) =
                    (movable_coach, assignments.as_slice(), site.location, team)
                    && assignment.in_force_on(as_of)
                    && let Assignee::Coach(coach) = assignment.assignee
                    && movable_coach(coach)
                {
                    scope.movable.push((site, location.unit_vector(), coach));
                }
                continue;
            }
            match (site.location, team) {
                (None, _) => scope.unlocated.push(site),
                (Some(location), true) => scope.teams.push((site, location.unit_vector())),
                (Some(location), false) => scope.open.push((site, location.unit_vector())),
            }
        }
        scope
    }
}

/// Every coach, in order of id, with capacity, load and eligibility.
fn candidates<'a>(
    program: &'a Program,
    manual: &Manual,
    as_of: Date,
    options: &ProposalOptions,
) -> Vec<Candidate<'a>> {
    let caseloads = AssignmentHistory::new(program).coached_on(Some(as_of));
    let mut coaches: Vec<Candidate<'a>> = program
        .coaches
        .iter()
        .enumerate()
        .map(|(position, coach)| Candidate {
            coach,
            position,
            capacity: coach
                .capacity
                .or(options.capacity)
                .map(Capacity::get)
                .or_else(|| {
                    manual
                        .caseload
                        .as_ref()
                        .and_then(crate::manual::CaseloadThreshold::at_one_time)
                        .map(crate::SiteCount::get)
                }),
            current: caseloads.get(position).map_or(0, Vec::len),
            reasons: not_eligible_because(manual, coach),
            not_alone: not_alone_because(manual, coach),
            unit: coach.location.map(crate::Location::unit_vector),
        })
        .collect();
    coaches.sort_by_key(|c| (c.coach.id, c.position));
    coaches
}

/// What keeps `coach` from being proposed at all, in words.
fn not_eligible_because(manual: &Manual, coach: &Coach) -> Vec<String> {
    let mut reasons = Vec::new();
    for qualification in manual.qualifications.iter().filter(|q| q.applies_to(coach)) {
        if RuleSeverity::under(qualification.requirement) != Some(Severity::Error) {
            continue;
        }
        if let Some(missing) = qualification.check.shortfall(manual, coach) {
            reasons.push(format!("lacks {missing}, which the manual requires"));
        }
    }
    if coach.location.is_none() {
        reasons.push("has no location".to_owned());
    }
    reasons
}

/// What keeps `coach` from coaching a site alone: the manual requires a team for coaches
/// without an experience they lack.
fn not_alone_because(manual: &Manual, coach: &Coach) -> Option<String> {
    let policy = manual
        .team
        .as_ref()
        .and_then(|t| t.for_coaches_without.as_ref())?;
    (RuleSeverity::under(policy.requirement) == Some(Severity::Error)
        && coach.experience_of(&policy.experience).is_none())
    .then(|| {
        format!(
            "has no `{}` experience, and the manual requires a team for such coaches",
            policy.experience
        )
    })
}

/// Why an open site the flow left uncovered is so, and what would cover it: the nearest of
/// the `eligible` coaches (who are then all at capacity), or none.
fn uncovered_site(
    site: Named,
    unit: [f64; 3],
    eligible: &[(usize, [f64; 3])],
    coaches: &[Candidate<'_>],
) -> UncoveredSite {
    let nearest = eligible
        .iter()
        .map(|(i, u)| (chord_squared(unit, *u), *i))
        .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
        .and_then(|(chord, i)| {
            coaches
                .get(i)
                .map(|c| (c, metres_from_chord_squared(chord)))
        });
    match nearest {
        Some((coach, metres)) => UncoveredSite {
            site,
            because: UncoveredBecause::NoRoom,
            remedy: format!(
                "one more site of capacity for an eligible coach, e.g. `{}` ({:.1} km away, the nearest)",
                coach.coach.name,
                f64::from(metres) / 1000.0
            ),
            nearest_coach: Some(Named {
                id: coach.coach.id,
                name: coach.coach.name.clone(),
            }),
            nearest_metres: Some(metres),
            missing_roles: Vec::new(),
        },
        None => UncoveredSite {
            site,
            because: UncoveredBecause::NoEligibleCoach,
            remedy: "a coach who meets the manual's required checks, with a location".to_owned(),
            nearest_coach: None,
            nearest_metres: None,
            missing_roles: Vec::new(),
        },
    }
}

/// A team site left without a team: the roles unfilled, how many coaches could fill each,
/// and what would cover it.
fn incomplete_team(
    site: Named,
    unfilled: &[(usize, i64)],
    roles: &[crate::manual::TeamRole],
    coaches: &[Candidate<'_>],
) -> UncoveredSite {
    let missing_roles: Vec<MissingRole> = unfilled
        .iter()
        .filter_map(|(r, places)| {
            let role = roles.get(*r)?;
            let could = coaches
                .iter()
                .filter(|c| c.reasons.is_empty() && fillable(roles, c.coach).contains(r))
                .count();
            Some(MissingRole {
                role: role.role.clone(),
                places: u16::try_from(*places).unwrap_or(u16::MAX),
                coaches_who_could: could,
            })
        })
        .collect();
    let wants: Vec<String> = missing_roles
        .iter()
        .filter_map(|m| {
            let role = roles.iter().find(|r| r.role == m.role)?;
            Some(if m.coaches_who_could == 0 {
                let mut asks = Vec::new();
                if !role.disciplines.is_empty() {
                    let names: Vec<&str> = role.disciplines.iter().map(Key::as_str).collect();
                    asks.push(format!("a discipline of {}", names.join(", ")));
                }
                if !role.skills.is_empty() {
                    let names: Vec<&str> = role.skills.iter().map(Key::as_str).collect();
                    asks.push(format!("skills {}", names.join(", ")));
                }
                let asks = if asks.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", asks.join(" and "))
                };
                format!("a coach who can fill role `{}`{asks}", m.role)
            } else {
                format!(
                    "{} more site(s) of capacity among the {} coach(es) who can fill role `{}`",
                    m.places, m.coaches_who_could, m.role
                )
            })
        })
        .collect();
    UncoveredSite {
        site,
        because: UncoveredBecause::TeamIncomplete,
        remedy: wants.join("; "),
        nearest_coach: None,
        nearest_metres: None,
        missing_roles,
    }
}

/// A new team's id, made from its members' ids so that the same coaches give the same id:
/// FNV-1a over the sorted ids, written as a version 8 (custom) UUID.
fn team_id(members: &[EntityId]) -> EntityId {
    let mut sorted: Vec<&EntityId> = members.iter().collect();
    sorted.sort();
    let mut hash: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for id in sorted {
        for byte in id.as_uuid().as_bytes() {
            hash ^= u128::from(*byte);
            hash = hash.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b);
        }
    }
    // Version 8 in the 13th hex digit, the RFC 9562 variant in the 17th.
    let bits = (hash & !(0xf << 76) & !(0x3 << 62)) | (0x8 << 76) | (0x2 << 62);
    EntityId::from_uuid(uuid::Uuid::from_u128(bits))
}

/// A site given a team, its members as (role, coach, distance).
type Staffed = (Named, Vec<(usize, usize, u32)>);

/// The teams of `staffed`: an existing team of exactly those coaches, or a new one, each new
/// set once.
fn teams_for(
    program: &Program,
    roles: &[crate::manual::TeamRole],
    coaches: &[Candidate<'_>],
    staffed: Vec<Staffed>,
) -> (Vec<ProposedTeam>, Vec<crate::program::Team>) {
    let key = |ids: &mut Vec<EntityId>| {
        ids.sort();
        ids.clone()
    };
    let mut existing: foldhash::HashMap<Vec<EntityId>, EntityId> = foldhash::HashMap::default();
    for team in &program.teams {
        let mut ids: Vec<EntityId> = team.members.iter().map(|m| m.coach).collect();
        existing.entry(key(&mut ids)).or_insert(team.id);
    }
    let mut made: foldhash::HashMap<Vec<EntityId>, EntityId> = foldhash::HashMap::default();
    let mut new_teams = Vec::new();
    let mut proposed = Vec::new();
    for (site, mut members) in staffed {
        members.sort_by_key(|(r, i, _)| (*r, coaches.get(*i).map(|c| c.coach.id)));
        let members: Vec<ProposedMember> = members
            .iter()
            .filter_map(|(r, i, d)| {
                let coach = coaches.get(*i)?.coach;
                Some(ProposedMember {
                    coach: Named {
                        id: coach.id,
                        name: coach.name.clone(),
                    },
                    role: roles.get(*r)?.role.clone(),
                    distance_metres: *d,
                })
            })
            .collect();
        let mut ids: Vec<EntityId> = members.iter().map(|m| m.coach.id).collect();
        let set = key(&mut ids);
        let (team, is_existing) = if let Some(id) = existing.get(&set) {
            (*id, true)
        } else if let Some(id) = made.get(&set) {
            (*id, false)
        } else {
            let id = team_id(&set);
            let names: Vec<&str> = members.iter().map(|m| m.coach.name.as_str()).collect();
            new_teams.push(crate::program::Team {
                id,
                name: Some(format!("Proposed team: {}", names.join(" and "))),
                members: members
                    .iter()
                    .map(|m| crate::program::TeamMember {
                        coach: m.coach.id,
                        role: m.role.clone(),
                    })
                    .collect(),
            });
            made.insert(set, id);
            (id, false)
        };
        proposed.push(ProposedTeam {
            site,
            team,
            existing: is_existing,
            members,
        });
    }
    (proposed, new_teams)
}

/// The proposal in the program's terms.
// One pass from the flow's answer to the program's terms; it reads best whole.
#[allow(clippy::too_many_lines)]
fn report(
    program: &Program,
    manual: &Manual,
    as_of: Date,
    (scope, released): (&Scope<'_>, &foldhash::HashSet<EntityId>),
    coaches: &[Candidate<'_>],
    solved: network::Outcome,
) -> Proposal {
    let named_site = |s: &Site| Named {
        id: s.id,
        name: s.name.clone(),
    };
    let position: foldhash::HashMap<EntityId, usize> = program
        .sites
        .iter()
        .enumerate()
        .rev()
        .map(|(i, s)| (s.id, i))
        .collect();
    let order = |id: EntityId| position.get(&id).copied().unwrap_or(usize::MAX);
    let roles = manual.team.as_ref().map_or(&[][..], |t| t.roles.as_slice());
    let mut proposed_to = vec![0_usize; coaches.len()];
    let mut proposed = Vec::new();
    let mut uncovered = Vec::new();
    let eligible: Vec<(usize, [f64; 3])> = coaches
        .iter()
        .enumerate()
        .filter(|(_, c)| c.reasons.is_empty() && c.not_alone.is_none())
        .filter_map(|(i, c)| c.unit.map(|u| (i, u)))
        .collect();
    for ((site, unit), chosen) in scope.open.iter().zip(&solved.single) {
        if let Some((i, distance)) = chosen
            && let Some(candidate) = coaches.get(*i)
        {
            if let Some(n) = proposed_to.get_mut(*i) {
                *n += 1;
            }
            proposed.push(ProposedAssignment {
                site: named_site(site),
                coach: Named {
                    id: candidate.coach.id,
                    name: candidate.coach.name.clone(),
                },
                distance_metres: *distance,
            });
            continue;
        }
        uncovered.push(uncovered_site(named_site(site), *unit, &eligible, coaches));
    }
    // Sites that may move: a move where the coach proposed is another; where the site stays,
    // its place with its coach counts as current again.
    let mut moves = Vec::new();
    let mut stayed = vec![0_usize; coaches.len()];
    let index_of = |id: EntityId| coaches.iter().position(|c| c.coach.id == id);
    for ((site, unit, now), chosen) in scope
        .movable
        .iter()
        .zip(solved.single.iter().skip(scope.open.len()))
    {
        let Some(from) = index_of(*now) else {
            continue;
        };
        match chosen {
            Some((to, distance)) if *to != from => {
                if let (Some(n), Some(a), Some(b)) = (
                    proposed_to.get_mut(*to),
                    coaches.get(from),
                    coaches.get(*to),
                ) {
                    *n += 1;
                    let from_metres = a
                        .unit
                        .map_or(0, |u| metres_from_chord_squared(chord_squared(*unit, u)));
                    moves.push(Move {
                        site: named_site(site),
                        from: Named {
                            id: a.coach.id,
                            name: a.coach.name.clone(),
                        },
                        to: Named {
                            id: b.coach.id,
                            name: b.coach.name.clone(),
                        },
                        from_metres,
                        to_metres: *distance,
                    });
                }
            }
            _ => {
                if released.contains(&site.id)
                    && let Some(n) = stayed.get_mut(from)
                {
                    *n += 1;
                }
            }
        }
    }
    let mut staffed = Vec::new();
    for ((site, _), outcome) in scope.teams.iter().zip(solved.teams) {
        match outcome {
            network::TeamOutcome::Staffed(members) => {
                for (_, i, _) in &members {
                    if let Some(n) = proposed_to.get_mut(*i) {
                        *n += 1;
                    }
                }
                staffed.push((named_site(site), members));
            }
            network::TeamOutcome::Unfilled(missing) => {
                uncovered.push(incomplete_team(named_site(site), &missing, roles, coaches));
            }
        }
    }
    let (mut teams, new_teams) = teams_for(program, roles, coaches, staffed);
    uncovered.extend(scope.unlocated.iter().map(|site| UncoveredSite {
        site: named_site(site),
        because: UncoveredBecause::NoLocation,
        remedy: "a `location` for the site".to_owned(),
        nearest_coach: None,
        nearest_metres: None,
        missing_roles: Vec::new(),
    }));
    proposed.sort_by_key(|p| order(p.site.id));
    moves.sort_by_key(|m| order(m.site.id));
    teams.sort_by_key(|t| order(t.site.id));
    uncovered.sort_by_key(|u| order(u.site.id));
    let mut loads: Vec<(usize, CoachLoad)> = coaches
        .iter()
        .zip(&proposed_to)
        .zip(&stayed)
        .map(|((c, n), stayed)| {
            let mut reasons = c.reasons.clone();
            if c.reasons.is_empty() && c.room() == 0 && c.capacity.is_some() {
                reasons.push("is at capacity".to_owned());
            }
            (
                c.position,
                CoachLoad {
                    coach: Named {
                        id: c.coach.id,
                        name: c.coach.name.clone(),
                    },
                    capacity: c.capacity,
                    current: c.current + stayed,
                    proposed: *n,
                    eligible: reasons.is_empty(),
                    not_eligible_because: reasons,
                },
            )
        })
        .collect();
    loads.sort_by_key(|(position, _)| *position);
    let single_metres: u64 = proposed
        .iter()
        .map(|p| u64::from(p.distance_metres))
        .chain(moves.iter().map(|m| u64::from(m.to_metres)))
        .sum();
    let team_metres: u64 = teams
        .iter()
        .flat_map(|t| &t.members)
        .map(|m| u64::from(m.distance_metres))
        .sum();
    let short_single = uncovered
        .iter()
        .filter(|u| u.because == UncoveredBecause::NoRoom)
        .count();
    let short_team: usize = uncovered
        .iter()
        .flat_map(|u| &u.missing_roles)
        .filter(|m| m.coaches_who_could > 0)
        .map(|m| usize::from(m.places))
        .sum();
    Proposal {
        as_of,
        total_metres: single_metres + team_metres,
        capacity_short: short_single + short_team,
        proposed,
        uncovered,
        teams,
        moves,
        new_teams,
        coaches: loads.into_iter().map(|(_, load)| load).collect(),
        optimality: solved.optimality,
    }
}
