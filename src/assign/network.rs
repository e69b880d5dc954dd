//! The flow a proposal solves: coaches send their room to single-coach sites and to the roles
//! of sites that need a team, through one node per site and coach so that a coach fills at
//! most one role at a site; whatever cannot be filled goes to "uncovered" at a cost above any
//! chain of reassignments. Candidates are each site's nearest coaches (per role for a team
//! site); every pair left out is priced against the solution's potentials and added where it
//! would lower the cost, until none would.

use super::Optimality;
use super::flow::{FlowError, Network, Solution};
use crate::scalar::{chord_squared, metres_from_chord_squared};

/// A coach who may be proposed.
#[derive(Clone)]
pub(super) struct Coach {
    /// Position among the proposal's candidates.
    pub index: usize,
    pub unit: [f64; 3],
    pub room: u16,
    /// Whether they may coach a site alone.
    pub alone: bool,
    /// The team roles (by position in the team rule) they may fill.
    pub roles: Vec<usize>,
}

/// What became of a site that needs a team.
pub(super) enum TeamOutcome {
    /// Its members: role (by position), coach (by candidate index), distance.
    Staffed(Vec<(usize, usize, u32)>),
    /// Roles left unfilled (by position) and how many places of each.
    Unfilled(Unfilled),
}

/// The solved proposal.
pub(super) struct Outcome {
    /// For each single-coach site, its coach (by candidate index) and distance, or none.
    pub single: Vec<Option<(usize, u32)>>,
    /// For each team site, its team or what was left unfilled.
    pub teams: Vec<TeamOutcome>,
    pub optimality: Optimality,
}

/// Candidate coaches (by position in `coaches`) with their distance, the nearest first.
type Kept = Vec<(usize, u32)>;

struct Lists {
    single: Vec<Kept>,
    /// Each single site's current coach (by position in `coaches`), where it may be moved.
    current: Vec<Option<usize>>,
    /// What moving a site from its current coach costs, in metres.
    move_cost: i64,
    /// The farthest kept coach of each single site, where any coach was left out.
    single_far: Vec<Option<u32>>,
    /// Each team site's coaches, over all roles.
    pairs: Vec<Kept>,
    /// For each team site and role, the farthest kept coach, where any was left out.
    role_far: Vec<Vec<Option<u32>>>,
    longest_chord: f64,
}

/// The `k` nearest of `pool` (coach positions) to `at`, the nearest first (ties by position),
/// and the farthest distance kept where any was left out.
fn nearest_of(
    at: [f64; 3],
    pool: impl Iterator<Item = usize>,
    coaches: &[Coach],
    k: usize,
    longest: &mut f64,
) -> (Kept, Option<u32>) {
    let mut row: Vec<(f64, usize)> = pool
        .filter_map(|j| coaches.get(j).map(|c| (chord_squared(at, c.unit), j)))
        .collect();
    *longest = row.iter().fold(*longest, |m, (c, _)| m.max(*c));
    let by = |a: &(f64, usize), b: &(f64, usize)| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1));
    let pruned = row.len() > k;
    if pruned {
        row.select_nth_unstable_by(k - 1, by);
        row.truncate(k);
    }
    row.sort_unstable_by(by);
    let kept: Kept = row
        .iter()
        .map(|(c, j)| (*j, metres_from_chord_squared(*c)))
        .collect();
    let far = if pruned {
        kept.last().map(|(_, d)| *d)
    } else {
        None
    };
    (kept, far)
}

fn lists(
    singles: &[[f64; 3]],
    teams: &[[f64; 3]],
    roles: usize,
    coaches: &[Coach],
    k: usize,
) -> Lists {
    // Filled in by `solve`.
    let current = Vec::new();
    let mut longest_chord = 0.0;
    let mut single = Vec::with_capacity(singles.len());
    let mut single_far = Vec::with_capacity(singles.len());
    let alone: Vec<usize> = (0..coaches.len())
        .filter(|&j| coaches.get(j).is_some_and(|c| c.alone))
        .collect();
    for at in singles {
        let (kept, far) = nearest_of(*at, alone.iter().copied(), coaches, k, &mut longest_chord);
        single.push(kept);
        single_far.push(far);
    }
    let move_cost = 0;
    let mut pairs = Vec::with_capacity(teams.len());
    let mut role_far = Vec::with_capacity(teams.len());
    for at in teams {
        let mut union: Kept = Vec::new();
        let mut fars = Vec::with_capacity(roles);
        for r in 0..roles {
            let pool = (0..coaches.len())
                .filter(|&j| coaches.get(j).is_some_and(|c| c.roles.contains(&r)));
            let (kept, far) = nearest_of(*at, pool, coaches, k, &mut longest_chord);
            for entry in kept {
                if !union.iter().any(|(j, _)| *j == entry.0) {
                    union.push(entry);
                }
            }
            fars.push(far);
        }
        union.sort_unstable_by_key(|(j, d)| (*d, *j));
        pairs.push(union);
        role_far.push(fars);
    }
    Lists {
        single,
        current,
        move_cost,
        single_far,
        pairs,
        role_far,
        longest_chord,
    }
}

/// A single site's arcs as (arc, coach, distance), and its uncovered arc.
type SingleArcs = (Vec<(usize, usize, u32)>, usize);
/// A team site's pairs as (coach, distance, arcs to the role places as (arc, role)), and per
/// role its uncovered arc.
type TeamArcs = (Vec<(usize, u32, Vec<(usize, usize)>)>, Vec<usize>);
/// Roles unfilled at a site (role, places).
pub(super) type Unfilled = Vec<(usize, i64)>;

impl Lists {
    /// The cost of coach `j` at single site `s`, `d` metres away: the distance, and the move
    /// cost where the site has another coach now.
    fn cost(&self, s: usize, j: usize, d: u32) -> i64 {
        lists_cost(&self.current, self.move_cost, s, j, d)
    }
}

fn lists_cost(current: &[Option<usize>], move_cost: i64, s: usize, j: usize, d: u32) -> i64 {
    match current.get(s).copied().flatten() {
        Some(now) if now != j => i64::from(d) + move_cost,
        _ => i64::from(d),
    }
}

/// The arcs of one network, numbered for reading the flow back.
struct Built {
    network: Network,
    /// Per single site: (arc, coach, distance) and the uncovered arc.
    single: Vec<SingleArcs>,
    /// Per team site: per pair (coach, distance, arcs to the roles as (arc, role)), and per
    /// role the uncovered arc; empty for sites no longer proposed.
    team: Vec<TeamArcs>,
    /// Node of each single site, and of each team site's role places.
    single_node: Vec<usize>,
    slot_node: Vec<Vec<usize>>,
}

fn build(
    lists: &Lists,
    active: &[bool],
    counts: &[u16],
    coaches: &[Coach],
    uncovered: i64,
) -> Result<Built, FlowError> {
    let source = 0;
    let coach_node = |j: usize| 1 + j;
    let singles = lists.single.len();
    let roles = counts.len();
    let first_slot = 1 + coaches.len() + singles;
    let pair_count: usize = lists
        .pairs
        .iter()
        .zip(active)
        .filter(|(_, a)| **a)
        .map(|(p, _)| p.len())
        .sum();
    let slots = lists.pairs.len() * roles;
    let mut network = Network::new(first_slot + slots + pair_count);
    let mut demand: i64 = 0;
    let mut single = Vec::with_capacity(singles);
    let mut single_node = Vec::with_capacity(singles);
    for (s, kept) in lists.single.iter().enumerate() {
        let node = 1 + coaches.len() + s;
        network.set_supply(node, -1)?;
        demand += 1;
        let arcs = kept
            .iter()
            .map(|(j, d)| {
                Ok((
                    network.add_arc(coach_node(*j), node, 1, lists.cost(s, *j, *d))?,
                    *j,
                    *d,
                ))
            })
            .collect::<Result<Vec<_>, FlowError>>()?;
        // A site that has a coach now is never left without one to cover another: leaving
        // it costs more than leaving any new site.
        let left = if lists.current.get(s).copied().flatten().is_some() {
            uncovered.checked_mul(2).ok_or(FlowError::TooLarge)?
        } else {
            uncovered
        };
        let open = network.add_arc(source, node, 1, left)?;
        single.push((arcs, open));
        single_node.push(node);
    }
    let mut next_pair = first_slot + slots;
    let mut team = Vec::with_capacity(lists.pairs.len());
    let mut slot_node = Vec::with_capacity(lists.pairs.len());
    for (t, kept) in lists.pairs.iter().enumerate() {
        let nodes: Vec<usize> = (0..roles).map(|r| first_slot + t * roles + r).collect();
        if !active.get(t).copied().unwrap_or(false) {
            team.push((Vec::new(), Vec::new()));
            slot_node.push(nodes);
            continue;
        }
        let mut open = Vec::with_capacity(roles);
        for (node, count) in nodes.iter().zip(counts) {
            let count = i64::from(*count);
            network.set_supply(*node, -count)?;
            demand += count;
            open.push(network.add_arc(source, *node, count, uncovered)?);
        }
        let mut pairs = Vec::with_capacity(kept.len());
        for (j, d) in kept {
            let pair = next_pair;
            next_pair += 1;
            network.add_arc(coach_node(*j), pair, 1, i64::from(*d))?;
            let mut out = Vec::new();
            for r in coaches.get(*j).map_or(&[][..], |c| c.roles.as_slice()) {
                if let Some(node) = nodes.get(*r) {
                    out.push((network.add_arc(pair, *node, 1, 0)?, *r));
                }
            }
            pairs.push((*j, *d, out));
        }
        team.push((pairs, open));
        slot_node.push(nodes);
    }
    network.set_supply(source, demand)?;
    for (j, coach) in coaches.iter().enumerate() {
        network.add_arc(source, coach_node(j), i64::from(coach.room), 0)?;
    }
    Ok(Built {
        network,
        single,
        team,
        single_node,
        slot_node,
    })
}

/// Prices every pair left out against `solution`, adding those that would lower the cost.
/// Returns how many were added and how many were priced.
fn price(
    lists: &mut Lists,
    built: &Built,
    active: &[bool],
    singles: &[[f64; 3]],
    teams: &[[f64; 3]],
    coaches: &[Coach],
    solution: &Solution,
) -> (usize, usize) {
    let potential = |node: usize| solution.potential.get(node).copied().unwrap_or(0);
    let coach_potential = |j: usize| potential(1 + j);
    let lowest = (0..coaches.len()).map(coach_potential).min().unwrap_or(0);
    let distance = |at: [f64; 3], j: usize| {
        coaches
            .get(j)
            .map_or(0, |c| metres_from_chord_squared(chord_squared(at, c.unit)))
    };
    let (mut added, mut priced) = (0, 0);
    let mut kept = vec![false; coaches.len()];
    let current = lists.current.clone();
    let move_cost = lists.move_cost;
    for (s, at) in singles.iter().enumerate() {
        let (Some(list), Some(node)) = (lists.single.get_mut(s), built.single_node.get(s)) else {
            continue;
        };
        let alone = coaches.iter().filter(|c| c.alone).count();
        priced += alone.saturating_sub(list.len());
        // Every coach left out is at least as far as the farthest kept, and no coach's
        // potential is below the lowest: where that prices out, all of them do.
        let Some(far) = lists.single_far.get(s).copied().flatten() else {
            continue;
        };
        if i64::from(far) + lowest - potential(*node) >= 0 {
            continue;
        }
        kept.fill(false);
        for (j, _) in list.iter() {
            if let Some(k) = kept.get_mut(*j) {
                *k = true;
            }
        }
        for (j, coach) in coaches.iter().enumerate() {
            if !coach.alone || kept.get(j).copied().unwrap_or(true) {
                continue;
            }
            let d = distance(*at, j);
            if lists_cost(&current, move_cost, s, j, d) + coach_potential(j) - potential(*node) < 0
            {
                list.push((j, d));
                added += 1;
            }
        }
        list.sort_unstable_by_key(|(j, d)| (*d, *j));
    }
    for (t, at) in teams.iter().enumerate() {
        if !active.get(t).copied().unwrap_or(false) {
            continue;
        }
        let (Some(list), Some(fars), Some(nodes)) = (
            lists.pairs.get_mut(t),
            lists.role_far.get(t),
            built.slot_node.get(t),
        ) else {
            continue;
        };
        let able = coaches.iter().filter(|c| !c.roles.is_empty()).count();
        priced += able.saturating_sub(list.len());
        // A pair left out prices out where its cost clears the highest role place it could
        // fill; the bound is checked role by role.
        let doubtful: Vec<usize> = fars
            .iter()
            .zip(nodes)
            .enumerate()
            .filter_map(|(r, (far, node))| {
                far.filter(|far| i64::from(*far) + lowest - potential(*node) < 0)
                    .map(|_| r)
            })
            .collect();
        if doubtful.is_empty() {
            continue;
        }
        kept.fill(false);
        for (j, _) in list.iter() {
            if let Some(k) = kept.get_mut(*j) {
                *k = true;
            }
        }
        for (j, coach) in coaches.iter().enumerate() {
            if kept.get(j).copied().unwrap_or(true)
                || !coach.roles.iter().any(|r| doubtful.contains(r))
            {
                continue;
            }
            let highest = coach
                .roles
                .iter()
                .filter_map(|r| nodes.get(*r))
                .map(|n| potential(*n))
                .max()
                .unwrap_or(0);
            let d = distance(*at, j);
            if i64::from(d) + coach_potential(j) - highest < 0 {
                list.push((j, d));
                added += 1;
            }
        }
        list.sort_unstable_by_key(|(j, d)| (*d, *j));
    }
    (added, priced)
}

/// Sets each single site's current coach and the move cost; a site's current coach is always
/// a candidate, however far.
fn with_current(
    lists: &mut Lists,
    singles: &[[f64; 3]],
    current: &[Option<usize>],
    move_cost: u32,
    coaches: &[Coach],
) {
    lists.move_cost = i64::from(move_cost);
    lists.current = current.to_vec();
    lists.current.resize(singles.len(), None);
    for (s, (list, now)) in lists.single.iter_mut().zip(&lists.current).enumerate() {
        if let Some(j) = now
            && !list.iter().any(|(c, _)| c == j)
            && let (Some(at), Some(coach)) = (singles.get(s), coaches.get(*j))
        {
            list.push((
                *j,
                metres_from_chord_squared(chord_squared(*at, coach.unit)),
            ));
        }
    }
}

/// Solves the proposal: single-coach sites at `singles`, team sites at `teams` whose team
/// has `counts` places per role, from `coaches`, starting from each site's `k` nearest.
///
/// `current` gives, per single site, its current coach (by position in `coaches`) where it
/// may be moved, at `move_cost` metres a move.
#[allow(clippy::too_many_arguments)]
pub(super) fn solve(
    singles: &[[f64; 3]],
    current: &[Option<usize>],
    move_cost: u32,
    teams: &[[f64; 3]],
    counts: &[u16],
    coaches: &[Coach],
    k: usize,
) -> Result<Outcome, FlowError> {
    let mut lists = lists(singles, teams, counts.len(), coaches, k.max(1));
    with_current(&mut lists, singles, current, move_cost, coaches);
    let longest = i64::from(metres_from_chord_squared(lists.longest_chord)) + lists.move_cost + 1;
    let places: usize =
        singles.len() + teams.len() * counts.iter().map(|c| usize::from(*c)).sum::<usize>();
    let uncovered = i64::try_from(places.min(coaches.len()) + 1)
        .ok()
        .and_then(|n| n.checked_mul(longest))
        .ok_or(FlowError::TooLarge)?;
    let mut active = vec![true; teams.len()];
    let mut unfilled: Vec<Option<Unfilled>> = vec![None; teams.len()];
    let mut rounds = 0;
    loop {
        rounds += 1;
        let built = build(&lists, &active, counts, coaches, uncovered)?;
        let solution = built.network.solve()?;
        let (added, priced) = price(
            &mut lists, &built, &active, singles, teams, coaches, &solution,
        );
        if added > 0 {
            continue;
        }
        let flow = |arc: usize| solution.flow.get(arc).copied().unwrap_or(0);
        // While a team site has a place unfilled, the sites with the most places unfilled get
        // no team, as many as those places would make whole teams (at least one), the first
        // by id among equals; the rest is solved again.
        let mut incomplete: Vec<(usize, Unfilled, i64)> = built
            .team
            .iter()
            .enumerate()
            .filter_map(|(t, (_, open))| {
                let missing: Unfilled = open
                    .iter()
                    .enumerate()
                    .map(|(r, arc)| (r, flow(*arc)))
                    .filter(|(_, n)| *n > 0)
                    .collect();
                let total = missing.iter().map(|(_, n)| n).sum();
                (!missing.is_empty()).then_some((t, missing, total))
            })
            .collect();
        if !incomplete.is_empty() {
            let per_team: i64 = counts.iter().map(|c| i64::from(*c)).sum::<i64>().max(1);
            let unfilled_places: i64 = incomplete.iter().map(|(_, _, n)| n).sum();
            let quota = usize::try_from(unfilled_places / per_team)
                .unwrap_or(1)
                .max(1);
            incomplete.sort_by_key(|(t, _, n)| (std::cmp::Reverse(*n), *t));
            for (t, missing, _) in incomplete.into_iter().take(quota) {
                if let (Some(a), Some(u)) = (active.get_mut(t), unfilled.get_mut(t)) {
                    *a = false;
                    *u = Some(missing);
                }
            }
            continue;
        }
        let single = built
            .single
            .iter()
            .map(|(arcs, _)| {
                arcs.iter()
                    .find(|(arc, _, _)| flow(*arc) > 0)
                    .and_then(|(_, j, d)| coaches.get(*j).map(|c| (c.index, *d)))
            })
            .collect();
        let teams_out = built
            .team
            .iter()
            .zip(unfilled)
            .map(|((pairs, _), unfilled)| match unfilled {
                Some(missing) => TeamOutcome::Unfilled(missing),
                None => TeamOutcome::Staffed(
                    pairs
                        .iter()
                        .flat_map(|(j, d, out)| {
                            out.iter()
                                .filter(|(arc, _)| flow(*arc) > 0)
                                .filter_map(|(_, r)| coaches.get(*j).map(|c| (*r, c.index, *d)))
                        })
                        .collect(),
                ),
            })
            .collect();
        let candidate_arcs = lists.single.iter().map(Vec::len).sum::<usize>()
            + lists
                .pairs
                .iter()
                .zip(&active)
                .filter(|(_, a)| **a)
                .map(|(p, _)| p.len())
                .sum::<usize>();
        return Ok(Outcome {
            single,
            teams: teams_out,
            optimality: Optimality {
                optimal: true,
                rounds,
                candidate_arcs,
                pruned_arcs_checked: priced,
                lower_bound_metres: None,
            },
        });
    }
}
