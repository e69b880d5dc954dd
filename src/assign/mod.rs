//! Who coaches which site: an optimal proposal of one coach per site that has none.
//!
//! [`Program::propose_assignments`] gives each site without a current or planned coach the
//! coach that keeps the program's total travel least: the sum of great-circle distances from
//! each site to its coach, in whole metres. Coaches keep their current sites, which use their
//! capacity; no coach is proposed past their capacity; a coach who fails a required
//! qualification check of the manual is not proposed. Sites the manual's team rule gives a
//! team are listed apart: proposing teams is another problem.
//!
//! The proposal is a minimum-cost flow, solved exactly by the network simplex of [`flow`]:
//! sites send one unit each to a coach with room (at the distance's cost) or, where there is
//! not room for every site, to "uncovered" at a cost higher than any reassignment could save,
//! so that as many sites as possible are covered and, among such proposals, travel is least.
//! Each site starts with its nearest coaches as candidates ([`ProposalOptions::candidates`]);
//! the answer is then proven optimal over every coach, by pricing every arc left out with the
//! solution's potentials, and where one would lower the cost it is added and the problem
//! solved again. Sites and coaches are taken in the order of their ids, and each site's
//! candidates by distance and then id, so the same program gives the same proposal whatever
//! the order of its lists.

pub mod flow;

use std::fmt;

use serde::Serialize;

use crate::program::{Assignee, Assignment, Coach, Program, Site};
use crate::scalar::{chord_squared, metres_from_chord_squared};
use crate::validate::RuleSeverity;
use crate::{Capacity, Date, EntityId, Manual, Severity};

use flow::{FlowError, Network};

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
        }
    }
}

/// Why no proposal could be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProposalError {
    /// Sites need a coach, but some coaches have no capacity: no `capacity` of their own, no
    /// capacity in the options, and no caseload threshold in the manual.
    CapacityMissing {
        /// The names of the coaches without one.
        coaches: Vec<String>,
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
pub struct Named {
    /// Its id.
    pub id: EntityId,
    /// Its name.
    pub name: String,
}

/// A site and the coach proposed for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
}

impl UncoveredBecause {
    /// `no_location`, `no_eligible_coach` or `no_room`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::NoLocation => "no_location",
            Self::NoEligibleCoach => "no_eligible_coach",
            Self::NoRoom => "no_room",
        }
    }
}

/// A site that needs a coach and is left without one, why, and what would cover it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
}

/// A coach's load: sites now, sites proposed, against their capacity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

/// How the proposal was proven optimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Optimality {
    /// Always `true`: a proposal is returned only once proven optimal.
    pub optimal: bool,
    /// How many times the flow was solved: once, plus once per widening of the candidates.
    pub rounds: u32,
    /// Site-to-coach arcs in the last flow solved.
    pub candidate_arcs: usize,
    /// Site-to-coach arcs left out, each priced against the last solution's potentials and
    /// found unable to lower the cost.
    pub pruned_arcs_checked: usize,
}

/// An optimal proposal of one coach per site, with each coach's load and what stays
/// uncovered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Proposal {
    /// The day the proposal starts: current assignments are read on it.
    pub as_of: Date,
    /// Sites given a coach, in the program's order.
    pub proposed: Vec<ProposedAssignment>,
    /// Sites that need a coach and are left without one, in the program's order.
    pub uncovered: Vec<UncoveredSite>,
    /// Sites without a coach that the manual's team rule gives a team: not proposed here.
    pub needs_team: Vec<Named>,
    /// Every coach, in the program's order.
    pub coaches: Vec<CoachLoad>,
    /// The sum of the proposed distances in whole metres: the least of any proposal that
    /// covers as many sites.
    pub total_metres: u64,
    /// More capacity, in sites, that would cover every site left without room.
    pub capacity_short: usize,
    /// How the proposal was proven optimal.
    pub optimality: Optimality,
}

impl Proposal {
    /// The proposal as new assignments, each from the proposal's day, open-ended.
    #[must_use]
    pub fn assignments(&self) -> Vec<Assignment> {
        self.proposed
            .iter()
            .map(|p| Assignment {
                site: p.site.id,
                assignee: Assignee::Coach(p.coach.id),
                from: self.as_of,
                until: None,
            })
            .collect()
    }

    /// Writes one CSV row per site without a coach (docs/data-dictionary.md): `site_id`,
    /// `site_name`, `status` (`proposed`, `uncovered` or `needs_team`), `coach_id`,
    /// `coach_name`, `distance_metres`, `because`, `remedy`. Text that a spreadsheet would run
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
            "coach_id",
            "coach_name",
            "distance_metres",
            "because",
            "remedy",
        ])?;
        for p in &self.proposed {
            writer.write_record([
                p.site.id.to_string().as_str(),
                cell(&p.site.name).as_ref(),
                "proposed",
                p.coach.id.to_string().as_str(),
                cell(&p.coach.name).as_ref(),
                p.distance_metres.to_string().as_str(),
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
                u.because.as_str(),
                cell(&u.remedy).as_ref(),
            ])?;
        }
        for site in &self.needs_team {
            writer.write_record([
                site.id.to_string().as_str(),
                cell(&site.name).as_ref(),
                "needs_team",
                "",
                "",
                "",
                "team_rule",
                "a team, as the manual's team rule asks",
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
    reasons: Vec<String>,
    unit: Option<[f64; 3]>,
}

impl Candidate<'_> {
    fn room(&self) -> u16 {
        let current = u16::try_from(self.current).unwrap_or(u16::MAX);
        self.capacity.unwrap_or(0).saturating_sub(current)
    }
}

impl Program {
    /// Proposes a coach for each site with no current or planned coach on `as_of`, against
    /// `manual`: the proposal of least total distance among those that cover the most sites,
    /// proven optimal.
    ///
    /// What it reads:
    /// - a site needs a coach where no assignment of it is in force on `as_of` or starts
    ///   later, and its coaching has not ended (it has no relationship, or one not ended
    ///   before `as_of`); where the manual's team rule gives it a team it is listed in
    ///   [`Proposal::needs_team`] instead;
    /// - a coach's capacity is their own `capacity`, else `options.capacity`, else the
    ///   manual's caseload threshold; the sites they coach on `as_of` (counted as the caseload
    ///   rule counts them) use it;
    /// - a coach is not proposed who fails a check the manual requires of them (a
    ///   qualification check, or a team for coaches without an experience where the manual
    ///   requires one), or who has no location.
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
        let scope = Scope::read(self, manual, as_of);
        let coaches = candidates(self, manual, as_of, options);
        if !scope.open.is_empty() {
            let missing: Vec<String> = coaches
                .iter()
                .filter(|c| c.capacity.is_none())
                .map(|c| c.coach.name.clone())
                .collect();
            if !missing.is_empty() {
                return Err(ProposalError::CapacityMissing { coaches: missing });
            }
        }
        let solved = solve(&scope, &coaches, options.candidates.max(1))?;
        Ok(report(self, as_of, &scope, &coaches, &solved))
    }
}

/// The sites of a program that need a coach.
struct Scope<'a> {
    /// Sites to propose a coach for, with their location's unit vector.
    open: Vec<(&'a Site, [f64; 3])>,
    /// Sites without a location.
    unlocated: Vec<&'a Site>,
    /// Sites the team rule gives a team.
    needs_team: Vec<&'a Site>,
}

impl<'a> Scope<'a> {
    fn read(program: &'a Program, manual: &Manual, as_of: Date) -> Self {
        let mut assigned: foldhash::HashSet<EntityId> = foldhash::HashSet::default();
        for assignment in &program.assignments {
            if assignment.until.is_none_or(|until| until >= as_of) {
                assigned.insert(assignment.site);
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
            unlocated: Vec::new(),
            needs_team: Vec::new(),
        };
        let mut sites: Vec<&Site> = program
            .sites
            .iter()
            .filter(|s| !assigned.contains(&s.id))
            .filter(|s| ongoing.get(&s.id).is_none_or(|on| *on))
            .collect();
        sites.sort_by_key(|s| s.id);
        sites.dedup_by_key(|s| s.id);
        for site in sites {
            let team = manual.team.as_ref().is_some_and(|rule| {
                rule.required_at(site, organizations.get(&site.organization).copied())
            });
            if team {
                scope.needs_team.push(site);
            } else if let Some(location) = site.location {
                scope.open.push((site, location.unit_vector()));
            } else {
                scope.unlocated.push(site);
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
    let coached = crate::validate::coached_on(program, manual, as_of);
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
                .or_else(|| manual.caseload.as_ref().map(|c| c.sites.get())),
            current: coached.get(position).map_or(0, Vec::len),
            reasons: not_eligible_because(manual, coach),
            unit: coach.location.map(crate::Location::unit_vector),
        })
        .collect();
    coaches.sort_by_key(|c| (c.coach.id, c.position));
    coaches
}

/// What keeps `coach` from being proposed alone to a site, in words.
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
    if let Some(policy) = manual
        .team
        .as_ref()
        .and_then(|t| t.for_coaches_without.as_ref())
        && RuleSeverity::under(policy.requirement) == Some(Severity::Error)
        && coach.experience_of(&policy.experience).is_none()
    {
        reasons.push(format!(
            "has no `{}` experience, and the manual requires a team for such coaches",
            policy.experience
        ));
    }
    if coach.location.is_none() {
        reasons.push("has no location".to_owned());
    }
    reasons
}

/// The solved proposal: for each open site (by its position in `Scope::open`), the coach
/// (by position in the candidates) and distance, or none.
struct Solved {
    chosen: Vec<Option<(usize, u32)>>,
    optimality: Optimality,
}

/// The arcs of each site: coaches (by position among those with room) and distances, the
/// nearest first.
type Arcs = Vec<Vec<(usize, u32)>>;

/// A coach who may take a site: position among the candidates, unit vector, room.
type Open = (usize, [f64; 3], u16);

/// Each site's nearest `k` coaches with room and their distances, the farthest distance kept
/// per site, and the longest squared chord between any site and coach.
fn nearest(scope: &Scope<'_>, open: &[Open], k: usize) -> (Arcs, Vec<u32>, f64) {
    let mut arcs: Arcs = Vec::with_capacity(scope.open.len());
    let mut farthest: Vec<u32> = Vec::with_capacity(scope.open.len());
    let mut longest_chord = 0.0_f64;
    let mut row: Vec<(f64, usize)> = Vec::with_capacity(open.len());
    let by_distance = |a: &(f64, usize), b: &(f64, usize)| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1));
    for (_, site) in &scope.open {
        row.clear();
        row.extend(
            open.iter()
                .enumerate()
                .map(|(j, (_, coach, _))| (chord_squared(*site, *coach), j)),
        );
        longest_chord = row.iter().fold(longest_chord, |m, (c, _)| m.max(*c));
        if row.len() > k {
            row.select_nth_unstable_by(k - 1, by_distance);
            row.truncate(k);
        }
        row.sort_unstable_by(by_distance);
        let kept: Vec<(usize, u32)> = row
            .iter()
            .map(|(chord, j)| (*j, metres_from_chord_squared(*chord)))
            .collect();
        farthest.push(kept.last().map_or(0, |(_, d)| *d));
        arcs.push(kept);
    }
    (arcs, farthest, longest_chord)
}

/// Solves the flow over each site's nearest coaches with room, widening where a coach left
/// out would lower the cost, until every coach left out is priced out.
fn solve(scope: &Scope<'_>, coaches: &[Candidate<'_>], k: usize) -> Result<Solved, FlowError> {
    let open: Vec<Open> = coaches
        .iter()
        .enumerate()
        .filter(|(_, c)| c.reasons.is_empty() && c.room() > 0)
        .filter_map(|(i, c)| c.unit.map(|u| (i, u, c.room())))
        .collect();
    let sites = scope.open.len();
    let (mut arcs, farthest, longest_chord) = nearest(scope, &open, k);
    // Leaving a site uncovered costs more than any chain of reassignments could save: each
    // chain moves at most one site per coach, by at most the longest distance.
    let longest = i64::from(metres_from_chord_squared(longest_chord)) + 1;
    let uncovered_cost = i64::try_from(sites.min(open.len()) + 1)
        .ok()
        .and_then(|n| n.checked_mul(longest))
        .ok_or(FlowError::TooLarge)?;
    let mut rounds = 0;
    loop {
        rounds += 1;
        let (solution, site_arcs) = solve_once(sites, &open, &arcs, uncovered_cost)?;
        let (added, checked) = price_pruned(scope, &open, &mut arcs, &farthest, &solution);
        if added == 0 {
            let chosen = site_arcs
                .iter()
                .map(|arcs| {
                    arcs.iter()
                        .find(|(arc, _, _)| solution.flow.get(*arc).copied().unwrap_or(0) > 0)
                        .and_then(|(_, j, d)| open.get(*j).map(|(i, _, _)| (*i, *d)))
                })
                .collect();
            return Ok(Solved {
                chosen,
                optimality: Optimality {
                    optimal: true,
                    rounds,
                    candidate_arcs: arcs.iter().map(Vec::len).sum(),
                    pruned_arcs_checked: checked,
                },
            });
        }
        // Keep each site's arcs nearest first, so that ties fall the same way in every round.
        for site_arcs in &mut arcs {
            site_arcs.sort_unstable_by_key(|(j, d)| (*d, *j));
        }
    }
}

/// Prices every site-to-coach arc left out of `arcs` against `solution`'s potentials, and adds
/// those that would lower the cost. Returns how many were added and how many were priced.
fn price_pruned(
    scope: &Scope<'_>,
    open: &[Open],
    arcs: &mut Arcs,
    farthest: &[u32],
    solution: &flow::Solution,
) -> (usize, usize) {
    let sites = scope.open.len();
    // The potential of a site is its node's, of a coach theirs.
    let site_potential = |s: usize| solution.potential.get(s).copied().unwrap_or(0);
    let coach_potential = |j: usize| solution.potential.get(sites + j).copied().unwrap_or(0);
    let highest = (0..open.len()).map(coach_potential).max().unwrap_or(0);
    let mut added = 0;
    let mut checked = 0;
    let mut kept = vec![false; open.len()];
    for (s, (_, site)) in scope.open.iter().enumerate() {
        let Some(site_arcs) = arcs.get_mut(s) else {
            continue;
        };
        let pruned = open.len().saturating_sub(site_arcs.len());
        checked += pruned;
        if pruned == 0 {
            continue;
        }
        // Every coach left out is at least as far as the farthest kept, so where even the
        // highest coach potential prices that distance out, all of them are.
        let bound = i64::from(farthest.get(s).copied().unwrap_or(0)) + site_potential(s) - highest;
        if bound >= 0 {
            continue;
        }
        kept.fill(false);
        for (j, _) in site_arcs.iter() {
            if let Some(k) = kept.get_mut(*j) {
                *k = true;
            }
        }
        let before = site_arcs.len();
        for (j, (_, coach, _)) in open.iter().enumerate() {
            if kept.get(j).copied().unwrap_or(true) {
                continue;
            }
            let distance = metres_from_chord_squared(chord_squared(*site, *coach));
            if i64::from(distance) + site_potential(s) - coach_potential(j) < 0 {
                site_arcs.push((j, distance));
            }
        }
        added += site_arcs.len() - before;
    }
    (added, checked)
}

/// One flow: sites (nodes `0..sites`), coaches with room (`sites..sites + coaches`), and a
/// sink. Returns the solution and, per site, its arcs as (arc number, coach, distance).
#[allow(clippy::type_complexity)]
fn solve_once(
    sites: usize,
    coaches: &[Open],
    arcs: &Arcs,
    uncovered_cost: i64,
) -> Result<(flow::Solution, Vec<Vec<(usize, usize, u32)>>), FlowError> {
    let sink = sites + coaches.len();
    let mut network = Network::new(sink + 1);
    let demand = i64::try_from(sites).map_err(|_| FlowError::TooLarge)?;
    network.set_supply(sink, -demand)?;
    let mut numbered = Vec::with_capacity(sites);
    for (s, site_arcs) in arcs.iter().enumerate() {
        network.set_supply(s, 1)?;
        let mut row = Vec::with_capacity(site_arcs.len());
        for (j, distance) in site_arcs {
            let arc = network.add_arc(s, sites + j, 1, i64::from(*distance))?;
            row.push((arc, *j, *distance));
        }
        network.add_arc(s, sink, 1, uncovered_cost)?;
        numbered.push(row);
    }
    for (j, (_, _, room)) in coaches.iter().enumerate() {
        network.add_arc(sites + j, sink, i64::from(*room), 0)?;
    }
    Ok((network.solve()?, numbered))
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
        },
        None => UncoveredSite {
            site,
            because: UncoveredBecause::NoEligibleCoach,
            remedy: "a coach who meets the manual's required checks, with a location".to_owned(),
            nearest_coach: None,
            nearest_metres: None,
        },
    }
}

/// The proposal in the program's terms.
fn report(
    program: &Program,
    as_of: Date,
    scope: &Scope<'_>,
    coaches: &[Candidate<'_>],
    solved: &Solved,
) -> Proposal {
    let named_site = |s: &Site| Named {
        id: s.id,
        name: s.name.clone(),
    };
    let named_coach = |c: &Coach| Named {
        id: c.id,
        name: c.name.clone(),
    };
    let position: foldhash::HashMap<EntityId, usize> = program
        .sites
        .iter()
        .enumerate()
        .rev()
        .map(|(i, s)| (s.id, i))
        .collect();
    let order = |id: EntityId| position.get(&id).copied().unwrap_or(usize::MAX);
    let mut proposed_to = vec![0_usize; coaches.len()];
    let mut proposed = Vec::new();
    let mut uncovered = Vec::new();
    let eligible: Vec<(usize, [f64; 3])> = coaches
        .iter()
        .enumerate()
        .filter(|(_, c)| c.reasons.is_empty())
        .filter_map(|(i, c)| c.unit.map(|u| (i, u)))
        .collect();
    for ((site, unit), chosen) in scope.open.iter().zip(&solved.chosen) {
        if let Some((i, distance)) = chosen
            && let Some(candidate) = coaches.get(*i)
        {
            if let Some(n) = proposed_to.get_mut(*i) {
                *n += 1;
            }
            proposed.push(ProposedAssignment {
                site: named_site(site),
                coach: named_coach(candidate.coach),
                distance_metres: *distance,
            });
            continue;
        }
        uncovered.push(uncovered_site(named_site(site), *unit, &eligible, coaches));
    }
    uncovered.extend(scope.unlocated.iter().map(|site| UncoveredSite {
        site: named_site(site),
        because: UncoveredBecause::NoLocation,
        remedy: "a `location` for the site".to_owned(),
        nearest_coach: None,
        nearest_metres: None,
    }));
    proposed.sort_by_key(|p| order(p.site.id));
    uncovered.sort_by_key(|u| order(u.site.id));
    let mut needs_team: Vec<Named> = scope.needs_team.iter().map(|s| named_site(s)).collect();
    needs_team.sort_by_key(|s| order(s.id));
    let mut loads: Vec<(usize, CoachLoad)> = coaches
        .iter()
        .zip(&proposed_to)
        .map(|(c, n)| {
            let mut reasons = c.reasons.clone();
            if c.reasons.is_empty() && c.room() == 0 && c.capacity.is_some() {
                reasons.push("is at capacity".to_owned());
            }
            (
                c.position,
                CoachLoad {
                    coach: named_coach(c.coach),
                    capacity: c.capacity,
                    current: c.current,
                    proposed: *n,
                    eligible: reasons.is_empty(),
                    not_eligible_because: reasons,
                },
            )
        })
        .collect();
    loads.sort_by_key(|(position, _)| *position);
    Proposal {
        as_of,
        total_metres: proposed.iter().map(|p| u64::from(p.distance_metres)).sum(),
        capacity_short: uncovered
            .iter()
            .filter(|u| u.because == UncoveredBecause::NoRoom)
            .count(),
        proposed,
        uncovered,
        needs_team,
        coaches: loads.into_iter().map(|(_, load)| load).collect(),
        optimality: solved.optimality,
    }
}
