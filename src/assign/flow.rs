//! Minimum-cost flow by the primal network simplex method, with 64-bit integer costs.
//!
//! The method follows the network simplex of the LEMON graph library (Kovács, "Minimum-cost
//! flow algorithms: an experimental evaluation", Optimization Methods and Software 30(1), 2015):
//! a strongly feasible spanning tree started from artificial arcs to an extra root node,
//! block search pricing, and the tree kept as parent, thread and subtree-size lists so that a
//! pivot costs time in proportion to the part of the tree it changes. Integer costs make
//! optima exact and comparable.
//!
//! Every answer carries its own proof: [`Network::solve`] checks, before returning, that the
//! flow balances at every node, keeps within every capacity, and that the node potentials
//! price every arc as an optimal flow must (an arc below its capacity costs no less than the
//! potentials say, an arc above zero no more). A solution that failed the check would be
//! reported as an error, never returned.

// Lists are read through `get` and written through `set` below, which never panic; an index
// out of range (which the construction rules out) would leave a flow that fails the final
// check, reported as `FlowError::Unverified`.

use std::fmt;

/// The largest cost of one unit of flow on one arc, in either sign: 2^50, about 1.1e15. A
/// network is solved where its highest cost, times its nodes, stays below 2^60, so that sums
/// along the spanning tree stay within 64 bits; [`FlowError::TooLarge`] otherwise.
pub const MAX_ARC_COST: i64 = 1 << 50;

/// The largest capacity of an arc and supply of a node: 2^50.
pub const MAX_AMOUNT: i64 = 1 << 50;

/// Why a network could not be solved.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FlowError {
    /// An arc names a node the network does not have.
    #[non_exhaustive]
    NodeOutOfRange {
        /// The node named.
        node: usize,
        /// How many nodes the network has.
        nodes: usize,
    },
    /// An arc's capacity, or a node's supply, is negative or above [`MAX_AMOUNT`].
    #[non_exhaustive]
    AmountOutOfRange {
        /// What was out of range: `capacity` or `supply`.
        what: &'static str,
        /// The value given.
        value: i64,
    },
    /// An arc's cost is above [`MAX_ARC_COST`] in either sign.
    #[non_exhaustive]
    CostOutOfRange {
        /// The cost given.
        cost: i64,
    },
    /// The supplies do not add up to zero, so no flow can balance them.
    #[non_exhaustive]
    Unbalanced {
        /// The sum of the supplies.
        sum: i64,
    },
    /// The network is too large for its costs to be summed along the tree in 64 bits.
    TooLarge,
    /// No flow meets every supply within the capacities.
    Infeasible,
    /// The cost can fall without end (a cycle of negative cost and unlimited capacity).
    Unbounded,
    /// The solver ended with a flow that failed its own optimality check; this is a fault of
    /// the solver, never of the input.
    Unverified,
}

impl fmt::Display for FlowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NodeOutOfRange { node, nodes } => {
                write!(f, "an arc names node {node}; expected a node below {nodes}")
            }
            Self::AmountOutOfRange { what, value } => write!(
                f,
                "{what} {value} is out of range; expected 0 to {MAX_AMOUNT} (supply: in either sign)"
            ),
            Self::CostOutOfRange { cost } => write!(
                f,
                "arc cost {cost} is out of range; expected -{MAX_ARC_COST} to {MAX_ARC_COST}"
            ),
            Self::Unbalanced { sum } => {
                write!(
                    f,
                    "the supplies add up to {sum}; expected them to add up to 0"
                )
            }
            Self::TooLarge => {
                f.write_str("the network is too large for its costs to be summed in 64 bits")
            }
            Self::Infeasible => {
                f.write_str("no flow meets every supply within the arcs' capacities")
            }
            Self::Unbounded => f.write_str("the cost has no lower bound"),
            Self::Unverified => {
                f.write_str("the solver's flow failed its optimality check (a fault of the solver)")
            }
        }
    }
}

impl std::error::Error for FlowError {}

/// A directed network: nodes with supplies (positive: flow leaves it; negative: flow ends
/// there) and arcs with a capacity and a cost per unit of flow.
#[derive(Debug, Clone, Default)]
pub struct Network {
    supply: Vec<i64>,
    source: Vec<usize>,
    target: Vec<usize>,
    capacity: Vec<i64>,
    cost: Vec<i64>,
}

/// An optimal flow: the flow on each arc, a potential for each node that proves it optimal,
/// and its total cost.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Solution {
    /// The flow on each arc, in the order the arcs were added.
    pub flow: Vec<i64>,
    /// Each node's potential: every arc's reduced cost, its cost plus its source's potential
    /// less its target's, is at least zero where the arc carries less than its capacity and
    /// at most zero where it carries any flow.
    pub potential: Vec<i64>,
    /// The total cost: each arc's flow times its cost, summed.
    pub cost: i64,
}

impl Solution {
    /// The reduced cost of an arc from `from` to `to` costing `cost` under this solution's
    /// potentials (an arc of the network, or one left out of it); `None` for a node the
    /// network does not have. An arc left out with a negative reduced cost would lower the
    /// total cost if it were added.
    #[must_use]
    pub fn reduced_cost(&self, from: usize, to: usize, cost: i64) -> Option<i64> {
        let from = *self.potential.get(from)?;
        let to = *self.potential.get(to)?;
        cost.checked_add(from)?.checked_sub(to)
    }
}

impl Network {
    /// A network of `nodes` nodes, each with no supply, and no arcs.
    #[must_use]
    pub fn new(nodes: usize) -> Self {
        Self {
            supply: vec![0; nodes],
            ..Self::default()
        }
    }

    /// How many nodes the network has.
    #[must_use]
    pub fn nodes(&self) -> usize {
        self.supply.len()
    }

    /// How many arcs the network has.
    #[must_use]
    pub fn arcs(&self) -> usize {
        self.source.len()
    }

    /// Sets the supply of `node`: positive where flow leaves it, negative where flow ends.
    ///
    /// # Errors
    /// When `node` is not in the network or the supply is beyond [`MAX_AMOUNT`] either way.
    pub fn set_supply(&mut self, node: usize, supply: i64) -> Result<(), FlowError> {
        if !(-MAX_AMOUNT..=MAX_AMOUNT).contains(&supply) {
            return Err(FlowError::AmountOutOfRange {
                what: "supply",
                value: supply,
            });
        }
        let nodes = self.nodes();
        let slot = self
            .supply
            .get_mut(node)
            .ok_or(FlowError::NodeOutOfRange { node, nodes })?;
        *slot = supply;
        Ok(())
    }

    /// Adds an arc from `from` to `to` that carries up to `capacity` units at `cost` each, and
    /// returns its number (arcs are numbered from 0 in the order added).
    ///
    /// # Errors
    /// When a node is not in the network, the capacity is negative or above [`MAX_AMOUNT`],
    /// or the cost is beyond [`MAX_ARC_COST`] either way.
    pub fn add_arc(
        &mut self,
        from: usize,
        to: usize,
        capacity: i64,
        cost: i64,
    ) -> Result<usize, FlowError> {
        let nodes = self.nodes();
        for node in [from, to] {
            if node >= nodes {
                return Err(FlowError::NodeOutOfRange { node, nodes });
            }
        }
        if !(0..=MAX_AMOUNT).contains(&capacity) {
            return Err(FlowError::AmountOutOfRange {
                what: "capacity",
                value: capacity,
            });
        }
        if !(-MAX_ARC_COST..=MAX_ARC_COST).contains(&cost) {
            return Err(FlowError::CostOutOfRange { cost });
        }
        self.source.push(from);
        self.target.push(to);
        self.capacity.push(capacity);
        self.cost.push(cost);
        Ok(self.source.len() - 1)
    }

    /// The flow of least total cost that meets every node's supply within the arcs'
    /// capacities, with the potentials that prove it optimal. The same network always gives
    /// the same flow.
    ///
    /// ```
    /// use practice_coaching::assign::flow::Network;
    /// // Two units from node 0 to node 2: one straight (cost 5), one through node 1 (2 + 2).
    /// let mut network = Network::new(3);
    /// network.set_supply(0, 2)?;
    /// network.set_supply(2, -2)?;
    /// network.add_arc(0, 2, 1, 5)?;
    /// network.add_arc(0, 1, 1, 2)?;
    /// network.add_arc(1, 2, 5, 2)?;
    /// let solution = network.solve()?;
    /// assert_eq!(solution.flow, vec![1, 1, 1]);
    /// assert_eq!(solution.cost, 9);
    /// # Ok::<(), practice_coaching::assign::flow::FlowError>(())
    /// ```
    ///
    /// # Errors
    /// When the supplies do not add up to zero, no flow meets them, the cost is unbounded, or
    /// the network is too large for 64-bit sums ([`FlowError`]).
    pub fn solve(&self) -> Result<Solution, FlowError> {
        let mut sum: i64 = 0;
        for supply in &self.supply {
            sum = sum.checked_add(*supply).ok_or(FlowError::TooLarge)?;
        }
        if sum != 0 {
            return Err(FlowError::Unbalanced { sum });
        }
        let mut simplex = Simplex::new(self)?;
        simplex.run()?;
        let solution = simplex.solution()?;
        self.verify(&solution)?;
        Ok(solution)
    }

    /// Checks that `solution` balances every node, keeps within every capacity, and is priced
    /// optimal by its potentials.
    fn verify(&self, solution: &Solution) -> Result<(), FlowError> {
        let mut balance = self.supply.clone();
        let arcs = self
            .source
            .iter()
            .zip(&self.target)
            .zip(self.capacity.iter().zip(&self.cost))
            .zip(&solution.flow);
        for (((&from, &to), (&capacity, &cost)), &flow) in arcs {
            if !(0..=capacity).contains(&flow) {
                return Err(FlowError::Unverified);
            }
            let reduced = solution
                .reduced_cost(from, to, cost)
                .ok_or(FlowError::Unverified)?;
            if (flow < capacity && reduced < 0) || (flow > 0 && reduced > 0) {
                return Err(FlowError::Unverified);
            }
            for (node, change) in [(from, -flow), (to, flow)] {
                let slot = balance.get_mut(node).ok_or(FlowError::Unverified)?;
                *slot = slot.checked_add(change).ok_or(FlowError::Unverified)?;
            }
        }
        if solution.flow.len() != self.arcs() || balance.iter().any(|b| *b != 0) {
            return Err(FlowError::Unverified);
        }
        Ok(())
    }
}

/// An arc at zero flow, in the tree, or at its capacity.
const LOWER: i8 = 1;
const TREE: i8 = 0;
const UPPER: i8 = -1;
/// A tree arc that runs from a node up to its parent, or down from the parent to it.
const UP: i8 = 1;
const DOWN: i8 = -1;
/// No node.
const NONE: usize = usize::MAX;
/// The capacity of the artificial arcs.
const UNLIMITED: i64 = i64::MAX;

fn get<T: Copy + Default>(list: &[T], index: usize) -> T {
    list.get(index).copied().unwrap_or_default()
}

fn set<T>(list: &mut [T], index: usize, value: T) {
    if let Some(slot) = list.get_mut(index) {
        *slot = value;
    }
}

/// The working state of the network simplex: the network with one artificial arc from or to
/// an extra root node per node, and the spanning tree.
struct Simplex {
    /// Real nodes; the root is node `nodes`.
    nodes: usize,
    /// Real arcs; artificial arc of node `u` is arc `arcs + u`.
    arcs: usize,
    source: Vec<usize>,
    target: Vec<usize>,
    capacity: Vec<i64>,
    cost: Vec<i64>,
    flow: Vec<i64>,
    state: Vec<i8>,
    potential: Vec<i64>,
    parent: Vec<usize>,
    pred: Vec<usize>,
    pred_dir: Vec<i8>,
    thread: Vec<usize>,
    rev_thread: Vec<usize>,
    succ_num: Vec<usize>,
    last_succ: Vec<usize>,
    dirty_revs: Vec<usize>,
    // The pivot in progress.
    in_arc: usize,
    join: usize,
    u_in: usize,
    v_in: usize,
    u_out: usize,
    delta: i64,
    // Block search pricing.
    next_arc: usize,
    block_size: usize,
}

impl Simplex {
    fn new(network: &Network) -> Result<Self, FlowError> {
        let nodes = network.nodes();
        let arcs = network.arcs();
        let all = arcs.checked_add(nodes).ok_or(FlowError::TooLarge)?;
        // An artificial arc costs more than any path of real arcs, so that a feasible flow
        // never uses one; potentials then stay within twice this in magnitude.
        let highest = network.cost.iter().map(|c| c.abs()).max().unwrap_or(0);
        let artificial = i64::try_from(nodes)
            .ok()
            .and_then(|n| (highest + 1).checked_mul(n.checked_add(1)?))
            .filter(|a| *a <= i64::MAX / 8)
            .ok_or(FlowError::TooLarge)?;
        let root = nodes;
        let mut simplex = Self {
            nodes,
            arcs,
            source: network.source.clone(),
            target: network.target.clone(),
            capacity: network.capacity.clone(),
            cost: network.cost.clone(),
            flow: vec![0; all],
            state: vec![LOWER; all],
            potential: vec![0; nodes + 1],
            parent: vec![NONE; nodes + 1],
            pred: vec![NONE; nodes + 1],
            pred_dir: vec![UP; nodes + 1],
            thread: vec![0; nodes + 1],
            rev_thread: vec![0; nodes + 1],
            succ_num: vec![1; nodes + 1],
            last_succ: vec![0; nodes + 1],
            dirty_revs: Vec::new(),
            in_arc: NONE,
            join: NONE,
            u_in: NONE,
            v_in: NONE,
            u_out: NONE,
            delta: 0,
            next_arc: 0,
            block_size: block_size(arcs),
        };
        simplex.source.resize(all, root);
        simplex.target.resize(all, root);
        simplex.capacity.resize(all, UNLIMITED);
        simplex.cost.resize(all, 0);
        // The root heads a tree of every node hung from it by its artificial arc.
        set(&mut simplex.thread, root, if nodes == 0 { root } else { 0 });
        set(&mut simplex.rev_thread, 0, root);
        set(&mut simplex.succ_num, root, nodes + 1);
        set(
            &mut simplex.last_succ,
            root,
            if nodes == 0 { root } else { root - 1 },
        );
        for (u, &supply) in network.supply.iter().enumerate() {
            let e = arcs + u;
            set(&mut simplex.parent, u, root);
            set(&mut simplex.pred, u, e);
            set(&mut simplex.thread, u, u + 1);
            set(&mut simplex.rev_thread, u + 1, u);
            set(&mut simplex.last_succ, u, u);
            set(&mut simplex.state, e, TREE);
            if supply >= 0 {
                set(&mut simplex.pred_dir, u, UP);
                set(&mut simplex.source, e, u);
                set(&mut simplex.target, e, root);
                set(&mut simplex.flow, e, supply);
            } else {
                set(&mut simplex.pred_dir, u, DOWN);
                set(&mut simplex.potential, u, artificial);
                set(&mut simplex.source, e, root);
                set(&mut simplex.target, e, u);
                set(&mut simplex.flow, e, -supply);
                set(&mut simplex.cost, e, artificial);
            }
        }
        Ok(simplex)
    }

    /// Pivots until no arc prices in; then checks that no artificial arc carries flow.
    fn run(&mut self) -> Result<(), FlowError> {
        while self.find_entering_arc() {
            self.find_join_node()?;
            let change = self.find_leaving_arc()?;
            if self.delta == UNLIMITED {
                return Err(FlowError::Unbounded);
            }
            self.change_flow(change)?;
            if change {
                self.update_tree()?;
                self.update_potential();
            }
        }
        let artificial = self.flow.get(self.arcs..).unwrap_or_default();
        if artificial.iter().any(|f| *f != 0) {
            return Err(FlowError::Infeasible);
        }
        Ok(())
    }

    /// The reduced cost of arc `e` times its state: negative where the arc would lower the
    /// cost if it entered the tree.
    fn price(&self, e: usize) -> i64 {
        let cost = get(&self.cost, e) + get(&self.potential, get(&self.source, e))
            - get(&self.potential, get(&self.target, e));
        i64::from(get(&self.state, e)) * cost
    }

    /// Block search: the most negative price within the first block (from where the last
    /// search stopped, wrapping around) that has one.
    fn find_entering_arc(&mut self) -> bool {
        let arcs = self.arcs;
        if arcs == 0 {
            return false;
        }
        let mut min = 0;
        let mut count = self.block_size;
        let start = self.next_arc.min(arcs);
        for e in (start..arcs).chain(0..start) {
            let price = self.price(e);
            if price < min {
                min = price;
                self.in_arc = e;
            }
            count -= 1;
            if count == 0 {
                if min < 0 {
                    self.next_arc = e + 1;
                    return true;
                }
                count = self.block_size;
            }
        }
        if min < 0 {
            self.next_arc = start;
            return true;
        }
        false
    }

    /// The first common ancestor of the entering arc's ends.
    fn find_join_node(&mut self) -> Result<(), FlowError> {
        let mut u = get(&self.source, self.in_arc);
        let mut v = get(&self.target, self.in_arc);
        // Each step climbs one level; the tree has `nodes + 1` levels at most, twice over.
        for _ in 0..=2 * (self.nodes + 1) {
            if u == v {
                self.join = u;
                return Ok(());
            }
            if get(&self.succ_num, u) < get(&self.succ_num, v) {
                u = get(&self.parent, u);
            } else {
                v = get(&self.parent, v);
            }
        }
        Err(FlowError::Unverified)
    }

    /// The arc of the cycle that blocks the flow first (the last such on the second side, so
    /// that the tree stays strongly feasible); whether it is a tree arc (else the entering
    /// arc itself only moves between its bounds).
    fn find_leaving_arc(&mut self) -> Result<bool, FlowError> {
        let (first, second) = if get(&self.state, self.in_arc) == LOWER {
            (
                get(&self.source, self.in_arc),
                get(&self.target, self.in_arc),
            )
        } else {
            (
                get(&self.target, self.in_arc),
                get(&self.source, self.in_arc),
            )
        };
        self.delta = get(&self.capacity, self.in_arc);
        let mut result = 0;
        let room = |s: &Self, u: usize, direction: i8| {
            let e = get(&s.pred, u);
            let flow = get(&s.flow, e);
            if get(&s.pred_dir, u) == direction {
                let capacity = get(&s.capacity, e);
                if capacity == UNLIMITED {
                    UNLIMITED
                } else {
                    capacity - flow
                }
            } else {
                flow
            }
        };
        let mut u = first;
        let mut steps = 0;
        while u != self.join {
            let d = room(self, u, DOWN);
            if d < self.delta {
                self.delta = d;
                self.u_out = u;
                result = 1;
            }
            u = get(&self.parent, u);
            steps += 1;
            if steps > self.nodes + 1 {
                return Err(FlowError::Unverified);
            }
        }
        let mut u = second;
        let mut steps = 0;
        while u != self.join {
            let d = room(self, u, UP);
            if d <= self.delta {
                self.delta = d;
                self.u_out = u;
                result = 2;
            }
            u = get(&self.parent, u);
            steps += 1;
            if steps > self.nodes + 1 {
                return Err(FlowError::Unverified);
            }
        }
        if result == 1 {
            self.u_in = first;
            self.v_in = second;
        } else {
            self.u_in = second;
            self.v_in = first;
        }
        Ok(result != 0)
    }

    /// Pushes `delta` round the cycle and updates the states of the arcs that enter and
    /// leave.
    fn change_flow(&mut self, change: bool) -> Result<(), FlowError> {
        if self.delta > 0 {
            let value = i64::from(get(&self.state, self.in_arc)) * self.delta;
            let in_flow = get(&self.flow, self.in_arc) + value;
            set(&mut self.flow, self.in_arc, in_flow);
            for (start, sign) in [
                (get(&self.source, self.in_arc), -1),
                (get(&self.target, self.in_arc), 1),
            ] {
                let mut u = start;
                let mut steps = 0;
                while u != self.join {
                    let e = get(&self.pred, u);
                    let change = sign * i64::from(get(&self.pred_dir, u)) * value;
                    let next = get(&self.flow, e) + change;
                    set(&mut self.flow, e, next);
                    u = get(&self.parent, u);
                    steps += 1;
                    if steps > self.nodes + 1 {
                        return Err(FlowError::Unverified);
                    }
                }
            }
        }
        if change {
            set(&mut self.state, self.in_arc, TREE);
            let out = get(&self.pred, self.u_out);
            let state = if get(&self.flow, out) == 0 {
                LOWER
            } else {
                UPPER
            };
            set(&mut self.state, out, state);
        } else {
            let value = -get(&self.state, self.in_arc);
            set(&mut self.state, self.in_arc, value);
        }
        Ok(())
    }

    /// Hangs the subtree cut off by the leaving arc from the entering arc, re-rooting it at
    /// `u_in`, and mends the thread, subtree sizes and last successors.
    #[allow(clippy::too_many_lines)]
    fn update_tree(&mut self) -> Result<(), FlowError> {
        let (u_in, v_in, u_out, join) = (self.u_in, self.v_in, self.u_out, self.join);
        let old_rev_thread = get(&self.rev_thread, u_out);
        let old_succ_num = get(&self.succ_num, u_out);
        let old_last_succ = get(&self.last_succ, u_out);
        let v_out = get(&self.parent, u_out);
        let limit = self.nodes + 1;

        if u_in == u_out {
            // The entering arc replaces the leaving one at the same node.
            set(&mut self.parent, u_in, v_in);
            set(&mut self.pred, u_in, self.in_arc);
            let dir = if u_in == get(&self.source, self.in_arc) {
                UP
            } else {
                DOWN
            };
            set(&mut self.pred_dir, u_in, dir);
            if get(&self.thread, v_in) != u_out {
                let after = get(&self.thread, old_last_succ);
                set(&mut self.thread, old_rev_thread, after);
                set(&mut self.rev_thread, after, old_rev_thread);
                let after = get(&self.thread, v_in);
                set(&mut self.thread, v_in, u_out);
                set(&mut self.rev_thread, u_out, v_in);
                set(&mut self.thread, old_last_succ, after);
                set(&mut self.rev_thread, after, old_last_succ);
            }
        } else {
            // Where the subtree of u_out was right after v_in, the thread continues after it.
            let thread_continue = if old_rev_thread == v_in {
                get(&self.thread, old_last_succ)
            } else {
                get(&self.thread, v_in)
            };
            // Re-hang the stem, the nodes from u_in up to u_out, each from the one before.
            let mut stem = u_in;
            let mut par_stem = v_in;
            let mut last = get(&self.last_succ, u_in);
            let mut after = get(&self.thread, last);
            set(&mut self.thread, v_in, u_in);
            self.dirty_revs.clear();
            self.dirty_revs.push(v_in);
            let mut steps = 0;
            while stem != u_out {
                let next_stem = get(&self.parent, stem);
                set(&mut self.thread, last, next_stem);
                self.dirty_revs.push(last);
                // Take the subtree of stem out of the thread.
                let before = get(&self.rev_thread, stem);
                set(&mut self.thread, before, after);
                set(&mut self.rev_thread, after, before);
                set(&mut self.parent, stem, par_stem);
                par_stem = stem;
                stem = next_stem;
                last = if get(&self.last_succ, stem) == get(&self.last_succ, par_stem) {
                    get(&self.rev_thread, par_stem)
                } else {
                    get(&self.last_succ, stem)
                };
                after = get(&self.thread, last);
                steps += 1;
                if steps > limit {
                    return Err(FlowError::Unverified);
                }
            }
            set(&mut self.parent, u_out, par_stem);
            set(&mut self.thread, last, thread_continue);
            set(&mut self.rev_thread, thread_continue, last);
            set(&mut self.last_succ, u_out, last);
            if old_rev_thread != v_in {
                set(&mut self.thread, old_rev_thread, after);
                set(&mut self.rev_thread, after, old_rev_thread);
            }
            for i in 0..self.dirty_revs.len() {
                let u = get(&self.dirty_revs, i);
                let next = get(&self.thread, u);
                set(&mut self.rev_thread, next, u);
            }
            // Along the stem from u_out down to u_in: arcs, directions, sizes, last successors.
            let mut tmp_sc: usize = 0;
            let tmp_ls = get(&self.last_succ, u_out);
            let mut u = u_out;
            let mut steps = 0;
            while u != u_in {
                let p = get(&self.parent, u);
                let value = get(&self.pred, p);
                set(&mut self.pred, u, value);
                let value = -get(&self.pred_dir, p);
                set(&mut self.pred_dir, u, value);
                // The stem's subtree sizes shrink from u_out down; computed in wrapping
                // arithmetic as LEMON does in signed, the result is a size again.
                tmp_sc = tmp_sc
                    .wrapping_add(get(&self.succ_num, u))
                    .wrapping_sub(get(&self.succ_num, p));
                set(&mut self.succ_num, u, tmp_sc);
                set(&mut self.last_succ, p, tmp_ls);
                u = p;
                steps += 1;
                if steps > limit {
                    return Err(FlowError::Unverified);
                }
            }
            set(&mut self.pred, u_in, self.in_arc);
            let dir = if u_in == get(&self.source, self.in_arc) {
                UP
            } else {
                DOWN
            };
            set(&mut self.pred_dir, u_in, dir);
            set(&mut self.succ_num, u_in, old_succ_num);
        }

        // Last successors from v_in towards the root.
        let up_limit_out = if get(&self.last_succ, join) == v_in {
            join
        } else {
            NONE
        };
        let last_succ_out = get(&self.last_succ, u_out);
        let mut u = v_in;
        let mut steps = 0;
        while u != NONE && get(&self.last_succ, u) == v_in {
            set(&mut self.last_succ, u, last_succ_out);
            u = get(&self.parent, u);
            steps += 1;
            if steps > limit {
                return Err(FlowError::Unverified);
            }
        }
        // Last successors from v_out towards the root.
        let replacement = if join != old_rev_thread && v_in != old_rev_thread {
            Some(old_rev_thread)
        } else if last_succ_out == old_last_succ {
            None
        } else {
            Some(last_succ_out)
        };
        if let Some(replacement) = replacement {
            let mut u = v_out;
            let mut steps = 0;
            while u != up_limit_out && u != NONE && get(&self.last_succ, u) == old_last_succ {
                set(&mut self.last_succ, u, replacement);
                u = get(&self.parent, u);
                steps += 1;
                if steps > limit {
                    return Err(FlowError::Unverified);
                }
            }
        }
        // Subtree sizes from v_in and from v_out up to the join.
        for (start, grow) in [(v_in, true), (v_out, false)] {
            let mut u = start;
            let mut steps = 0;
            while u != join && u != NONE {
                let size = get(&self.succ_num, u);
                let size = if grow {
                    size.wrapping_add(old_succ_num)
                } else {
                    size.wrapping_sub(old_succ_num)
                };
                set(&mut self.succ_num, u, size);
                u = get(&self.parent, u);
                steps += 1;
                if steps > limit {
                    return Err(FlowError::Unverified);
                }
            }
        }
        Ok(())
    }

    /// Shifts the potentials of the re-hung subtree so that the entering arc prices at zero.
    fn update_potential(&mut self) {
        let sigma = get(&self.potential, self.v_in)
            - get(&self.potential, self.u_in)
            - i64::from(get(&self.pred_dir, self.u_in)) * get(&self.cost, self.in_arc);
        let end = get(&self.thread, get(&self.last_succ, self.u_in));
        let mut u = self.u_in;
        for _ in 0..=self.nodes {
            if u == end {
                return;
            }
            let value = get(&self.potential, u) + sigma;
            set(&mut self.potential, u, value);
            u = get(&self.thread, u);
        }
    }

    /// The flow on the real arcs, the potentials of the real nodes, and the total cost.
    fn solution(&self) -> Result<Solution, FlowError> {
        let flow = self.flow.get(..self.arcs).unwrap_or_default().to_vec();
        let potential = self
            .potential
            .get(..self.nodes)
            .unwrap_or_default()
            .to_vec();
        let mut cost: i64 = 0;
        for (f, c) in flow.iter().zip(&self.cost) {
            cost = f
                .checked_mul(*c)
                .and_then(|fc| cost.checked_add(fc))
                .ok_or(FlowError::TooLarge)?;
        }
        Ok(Solution {
            flow,
            potential,
            cost,
        })
    }
}

/// The number of arcs priced per block: the square root of the arcs, at least ten.
fn block_size(arcs: usize) -> usize {
    let mut root: usize = 1;
    while root.saturating_mul(root) < arcs {
        root += 1;
    }
    root.max(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_network_is_solved_at_no_cost() {
        let solution = Network::new(0).solve().unwrap();
        assert_eq!(solution.cost, 0);
        let solution = Network::new(3).solve().unwrap();
        assert_eq!(solution.potential.len(), 3);
    }

    #[test]
    fn bad_input_is_refused_with_what_was_wrong() {
        let mut network = Network::new(2);
        assert_eq!(
            network.add_arc(0, 2, 1, 1),
            Err(FlowError::NodeOutOfRange { node: 2, nodes: 2 })
        );
        assert!(matches!(
            network.add_arc(0, 1, -1, 1),
            Err(FlowError::AmountOutOfRange { .. })
        ));
        assert!(matches!(
            network.add_arc(0, 1, 1, i64::MIN),
            Err(FlowError::CostOutOfRange { .. })
        ));
        network.set_supply(0, 1).unwrap();
        assert_eq!(network.solve(), Err(FlowError::Unbalanced { sum: 1 }));
        network.set_supply(1, -1).unwrap();
        assert_eq!(network.solve(), Err(FlowError::Infeasible));
        network.add_arc(0, 1, 1, -7).unwrap();
        assert_eq!(network.solve().unwrap().cost, -7);
        assert!(FlowError::Infeasible.to_string().contains("no flow"));
    }

    #[test]
    fn a_negative_cycle_of_limited_capacity_is_saturated() {
        let mut network = Network::new(3);
        network.add_arc(0, 1, 4, -1).unwrap();
        network.add_arc(1, 2, 4, -1).unwrap();
        network.add_arc(2, 0, 3, -1).unwrap();
        let solution = network.solve().unwrap();
        assert_eq!(solution.flow, vec![3, 3, 3]);
        assert_eq!(solution.cost, -9);
    }

    #[test]
    fn a_transportation_problem_matches_its_known_optimum() {
        // Three suppliers of 20, 30, 25 and three buyers of 10, 35, 30 (a textbook case with
        // optimum 555 where each route's cost is as below).
        let costs = [[8, 6, 10], [9, 12, 13], [14, 9, 16]];
        let mut network = Network::new(6);
        for (i, s) in [20, 30, 25].into_iter().enumerate() {
            network.set_supply(i, s).unwrap();
        }
        for (j, d) in [10, 35, 30].into_iter().enumerate() {
            network.set_supply(3 + j, -d).unwrap();
        }
        for (i, row) in costs.iter().enumerate() {
            for (j, c) in row.iter().enumerate() {
                network.add_arc(i, 3 + j, 100, *c).unwrap();
            }
        }
        let solution = network.solve().unwrap();
        // The best plan found by enumerating the vertices of this small problem.
        let brute = brute_force_transport(&costs, [20, 30, 25], [10, 35, 30]);
        assert_eq!(solution.cost, brute);
    }

    /// The cheapest way to ship `supply` to `demand` over the complete bipartite graph, by
    /// trying every integer split of the first two buyers' amounts per supplier.
    fn brute_force_transport(costs: &[[i64; 3]; 3], supply: [i64; 3], demand: [i64; 3]) -> i64 {
        let mut best = i64::MAX;
        for a0 in 0..=supply[0] {
            for b0 in 0..=supply[0] - a0 {
                let c0 = supply[0] - a0 - b0;
                for a1 in 0..=supply[1] {
                    for b1 in 0..=supply[1] - a1 {
                        let c1 = supply[1] - a1 - b1;
                        let a2 = demand[0] - a0 - a1;
                        let b2 = demand[1] - b0 - b1;
                        let c2 = demand[2] - c0 - c1;
                        if a2 < 0 || b2 < 0 || c2 < 0 || a2 + b2 + c2 != supply[2] {
                            continue;
                        }
                        let plan = [[a0, b0, c0], [a1, b1, c1], [a2, b2, c2]];
                        let cost: i64 = plan
                            .iter()
                            .zip(costs)
                            .flat_map(|(p, c)| p.iter().zip(c).map(|(x, y)| x * y))
                            .sum();
                        best = best.min(cost);
                    }
                }
            }
        }
        best
    }
}
