//! Teams that persist across sites: a pair of coaches serves every site it is proposed for
//! together. Choosing the pairs and their sites at once is a three-dimensional assignment
//! (NP-hard); here it is done in two stages, each an exact flow: coaches who can fill the
//! first role are paired with coaches who can fill the second, nearest to each other first,
//! then the pairs are given sites, each at the sum of its members' distances, within the
//! smaller of the two members' room.

use super::flow::{FlowError, Network};
use super::network::{Coach, TeamOutcome};
use crate::scalar::{chord_squared, metres_from_chord_squared};

fn metres(a: [f64; 3], b: [f64; 3]) -> i64 {
    i64::from(metres_from_chord_squared(chord_squared(a, b)))
}

/// Pairs coaches of the two roles (positions in `coaches`) so that as many pairs as possible
/// form and, among such pairings, the members of each pair are nearest to each other. A coach
/// who can fill both roles joins the side with fewer coaches.
fn pair(coaches: &[Coach]) -> Result<Vec<(usize, usize)>, FlowError> {
    let can = |j: usize, r: usize| coaches.get(j).is_some_and(|c| c.roles.contains(&r));
    let first_only = (0..coaches.len())
        .filter(|&j| can(j, 0) && !can(j, 1))
        .count();
    let second_only = (0..coaches.len())
        .filter(|&j| can(j, 1) && !can(j, 0))
        .count();
    let both_go_first = first_only <= second_only;
    let first: Vec<usize> = (0..coaches.len())
        .filter(|&j| can(j, 0) && (!can(j, 1) || both_go_first))
        .collect();
    let second: Vec<usize> = (0..coaches.len())
        .filter(|&j| can(j, 1) && (!can(j, 0) || !both_go_first))
        .collect();
    if first.is_empty() || second.is_empty() {
        return Ok(Vec::new());
    }
    let unit = |j: usize| coaches.get(j).map_or([0.0; 3], |c| c.unit);
    // Nodes: first side, second side, sink.
    let sink = first.len() + second.len();
    let mut network = Network::new(sink + 1);
    let count = i64::try_from(first.len()).map_err(|_| FlowError::TooLarge)?;
    network.set_supply(sink, -count)?;
    let longest = first
        .iter()
        .flat_map(|a| second.iter().map(move |b| (a, b)))
        .map(|(a, b)| metres(unit(*a), unit(*b)))
        .max()
        .unwrap_or(0);
    let unpaired = i64::try_from(first.len().min(second.len()) + 1)
        .ok()
        .and_then(|n| n.checked_mul(longest + 1))
        .ok_or(FlowError::TooLarge)?;
    let mut arcs = Vec::with_capacity(first.len() * second.len());
    for (i, a) in first.iter().enumerate() {
        network.set_supply(i, 1)?;
        network.add_arc(i, sink, 1, unpaired)?;
        for (k, b) in second.iter().enumerate() {
            let arc = network.add_arc(i, first.len() + k, 1, metres(unit(*a), unit(*b)))?;
            arcs.push((arc, *a, *b));
        }
    }
    for k in 0..second.len() {
        network.add_arc(first.len() + k, sink, 1, 0)?;
    }
    let solution = network.solve()?;
    Ok(arcs
        .into_iter()
        .filter(|(arc, _, _)| solution.flow.get(*arc).copied().unwrap_or(0) > 0)
        .map(|(_, a, b)| (a, b))
        .collect())
}

/// Gives each team site (unit vectors `sites`) a pair or none: as many sites as the pairs'
/// room allows, then the least total of members' distances. The two roles are the team
/// rule's first and second, one coach each.
pub(super) fn solve(sites: &[[f64; 3]], coaches: &[Coach]) -> Result<Vec<TeamOutcome>, FlowError> {
    let pairs = pair(coaches)?;
    let unit = |j: usize| coaches.get(j).map_or([0.0; 3], |c| c.unit);
    let room = |j: usize| coaches.get(j).map_or(0, |c| c.room);
    // Nodes: source, pairs, sites.
    let first_site = 1 + pairs.len();
    let mut network = Network::new(first_site + sites.len());
    let demand = i64::try_from(sites.len()).map_err(|_| FlowError::TooLarge)?;
    network.set_supply(0, demand)?;
    let cost = |s: [f64; 3], (a, b): (usize, usize)| metres(s, unit(a)) + metres(s, unit(b));
    let longest = sites
        .iter()
        .flat_map(|s| pairs.iter().map(move |p| cost(*s, *p)))
        .max()
        .unwrap_or(0);
    let uncovered = i64::try_from(sites.len().min(pairs.len()) + 1)
        .ok()
        .and_then(|n| n.checked_mul(longest + 1))
        .ok_or(FlowError::TooLarge)?;
    for (p, (a, b)) in pairs.iter().enumerate() {
        network.add_arc(0, 1 + p, i64::from(room(*a).min(room(*b))), 0)?;
    }
    let mut arcs: Vec<Vec<(usize, usize)>> = Vec::with_capacity(sites.len());
    for (s, site) in sites.iter().enumerate() {
        let node = first_site + s;
        network.set_supply(node, -1)?;
        network.add_arc(0, node, 1, uncovered)?;
        let mut row = Vec::with_capacity(pairs.len());
        for (p, members) in pairs.iter().enumerate() {
            row.push((network.add_arc(1 + p, node, 1, cost(*site, *members))?, p));
        }
        arcs.push(row);
    }
    let solution = network.solve()?;
    Ok(sites
        .iter()
        .zip(arcs)
        .map(|(site, row)| {
            let chosen = row
                .iter()
                .find(|(arc, _)| solution.flow.get(*arc).copied().unwrap_or(0) > 0)
                .and_then(|(_, p)| pairs.get(*p));
            match chosen {
                Some((a, b)) => {
                    let member = |r: usize, j: usize| {
                        let d = metres_from_chord_squared(chord_squared(*site, unit(j)));
                        (r, coaches.get(j).map_or(0, |c| c.index), d)
                    };
                    TeamOutcome::Staffed(vec![member(0, *a), member(1, *b)])
                }
                None => TeamOutcome::Unfilled(vec![(0, 1), (1, 1)]),
            }
        })
        .collect())
}
