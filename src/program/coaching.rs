//! Who coaches each site when: the program's assignments read by site and date, a team's
//! coaches taken from the team; which sites are coached on a day; and so which sites each
//! coach coaches on a day, as the caseload rules count them. The validator, the plan, the
//! roster, team coverage and proposals all read coaching from here.
//!
//! A history keeps every site's stretches in one list, site after site, each site's found by
//! its slot: for a whole program, the position of the site's id among the program's sites (the
//! first, where an id repeats). A site read by position then costs no lookup by id, and the
//! history is a few allocations, not one per site.

use std::borrow::Cow;
use std::sync::Arc;

use foldhash::{HashMap, HashMapExt};

use super::{Assignee, Assignment, Program, Site};
use crate::{Date, EntityId};

/// The coaches of one assignment, shared by everything read under it.
pub(crate) type Coaches = Arc<[EntityId]>;

/// The position of each site id among a program's sites (the first, where an id repeats).
pub(crate) type SitePositions = HashMap<EntityId, usize>;

/// The position of each id among `items` (the first, where an id repeats).
fn first_positions<T>(items: &[T], id: impl Fn(&T) -> EntityId) -> HashMap<EntityId, usize> {
    let mut positions = HashMap::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        positions.entry(id(item)).or_insert(i);
    }
    positions
}

/// One stretch of a site's coaching: one assignment's dates, its position in the program's
/// list, who it names and their coaches (a team's members; none for a team the program does
/// not list).
pub(crate) struct Stretch {
    pub(crate) from: Date,
    pub(crate) until: Option<Date>,
    pub(crate) assignment: usize,
    pub(crate) assignee: Assignee,
    pub(crate) coaches: Coaches,
}

/// The stretch of `stretches` (one site's, by first day) in force on `date`: the latest
/// started by then and not ended.
pub(crate) fn stretch_on(stretches: &[Stretch], date: Date) -> Option<&Stretch> {
    let started = stretches.partition_point(|s| s.from <= date);
    stretches
        .get(..started)?
        .iter()
        .rev()
        .find(|s| s.until.is_none_or(|until| date <= until))
}

/// Who coaches each site when, read once from a program's assignments and teams: each site's
/// stretches by first day (then by position), searched by date. A repeated team id reads as
/// its first team, as validation reads it.
pub(crate) struct AssignmentHistory<'a> {
    program: &'a Program,
    /// Each site's slot, by id.
    slots: Cow<'a, SitePositions>,
    /// Whether slot `i` is the site at position `i` of the program: read from a whole program
    /// whose site ids are all distinct.
    by_position: bool,
    /// Where each slot's stretches begin in `stretches`, with the end of the last.
    starts: Vec<usize>,
    /// The stretches of every slot, slot after slot.
    stretches: Vec<Stretch>,
    /// The stretches of sites the program does not list, by id.
    unlisted: HashMap<EntityId, Vec<Stretch>>,
    /// The site of a history read for one site alone (its slot is 0).
    alone: Option<EntityId>,
}

impl<'a> AssignmentHistory<'a> {
    /// Every site's coaching.
    pub(crate) fn new(program: &'a Program) -> Self {
        let positions = first_positions(&program.sites, |s| s.id);
        Self::over(program, Cow::Owned(positions))
    }

    /// Every site's coaching, with the sites' positions already read (the first of each id
    /// among the program's sites).
    pub(crate) fn over(program: &'a Program, positions: Cow<'a, SitePositions>) -> Self {
        let by_position = positions.len() == program.sites.len();
        Self::read(
            program,
            program.assignments.iter().enumerate(),
            positions,
            program.sites.len(),
            by_position,
        )
    }

    /// The coaching of `site` alone.
    pub(crate) fn of_site(program: &'a Program, site: EntityId) -> Self {
        let own = program
            .assignments
            .iter()
            .enumerate()
            .filter(move |(_, a)| a.site == site);
        let slot = HashMap::from_iter([(site, 0)]);
        let mut history = Self::read(program, own, Cow::Owned(slot), 1, false);
        history.alone = Some(site);
        history
    }

    fn read(
        program: &'a Program,
        assignments: impl Iterator<Item = (usize, &'a Assignment)>,
        slots: Cow<'a, SitePositions>,
        count: usize,
        by_position: bool,
    ) -> Self {
        let mut teams: HashMap<EntityId, Coaches> = HashMap::with_capacity(program.teams.len());
        for team in &program.teams {
            teams
                .entry(team.id)
                .or_insert_with(|| team.members.iter().map(|m| m.coach).collect());
        }
        let stretch = |position: usize, a: &Assignment| {
            // Shared per assignment: everything read under it clones a pointer, not a list.
            let coaches: Coaches = match a.assignee {
                Assignee::Coach(id) => Arc::from([id]),
                Assignee::Team(id) => teams.get(&id).map_or_else(|| Arc::from([]), Arc::clone),
            };
            Stretch {
                from: a.from,
                until: a.until,
                assignment: position,
                assignee: a.assignee,
                coaches,
            }
        };
        // Each assignment's slot, looked up in a loop of its own: the lookups do not wait on
        // one another, so their cache misses overlap.
        let assignments: Vec<(usize, &Assignment)> = assignments.collect();
        let placed: Vec<Option<usize>> = assignments
            .iter()
            .map(|(_, a)| slots.get(&a.site).copied().filter(|&s| s < count))
            .collect();
        // Counted, then placed slot by slot in the program's order.
        let mut starts = vec![0_usize; count + 1];
        for &slot in placed.iter().flatten() {
            if let Some(n) = starts.get_mut(slot) {
                *n += 1;
            }
        }
        let mut total = 0;
        for start in &mut starts {
            (*start, total) = (total, total + *start);
        }
        let mut next = starts.clone();
        let mut order = vec![0_usize; starts.last().copied().unwrap_or(0)];
        let mut unlisted: HashMap<EntityId, Vec<Stretch>> = HashMap::new();
        for (k, (&(position, a), slot)) in assignments.iter().zip(&placed).enumerate() {
            match slot.and_then(|s| next.get_mut(s)) {
                Some(cursor) => {
                    if let Some(at) = order.get_mut(*cursor) {
                        *at = k;
                    }
                    *cursor += 1;
                }
                None => unlisted
                    .entry(a.site)
                    .or_default()
                    .push(stretch(position, a)),
            }
        }
        let mut stretches: Vec<Stretch> = order
            .iter()
            .filter_map(|&k| assignments.get(k))
            .map(|&(position, a)| stretch(position, a))
            .collect();
        // Stable: stretches starting the same day keep the program's order.
        for pair in starts.windows(2) {
            if let [start, end] = *pair
                && end - start > 1
                && let Some(own) = stretches.get_mut(start..end)
            {
                own.sort_by_key(|s| s.from);
            }
        }
        for own in unlisted.values_mut() {
            own.sort_by_key(|s| s.from);
        }
        Self {
            program,
            slots,
            by_position,
            starts,
            stretches,
            unlisted,
            alone: None,
        }
    }

    /// The stretches of the slot `slot`, in date order.
    fn in_slot(&self, slot: usize) -> &[Stretch] {
        let range = self.starts.get(slot).zip(self.starts.get(slot + 1));
        range
            .and_then(|(&start, &end)| self.stretches.get(start..end))
            .unwrap_or_default()
    }

    /// Every stretch of `site`, in date order.
    pub(crate) fn stretches(&self, site: EntityId) -> &[Stretch] {
        match self.slots.get(&site) {
            Some(&slot) => self.in_slot(slot),
            None => self.unlisted.get(&site).map_or(&[], Vec::as_slice),
        }
    }

    /// The slot of the program's site at `position`: the position itself, without a lookup
    /// by id, where the history was read from a whole program whose site ids are distinct.
    fn slot_at(&self, position: usize) -> Option<usize> {
        if self.by_position {
            Some(position)
        } else {
            let site = self.program.sites.get(position)?;
            self.slots.get(&site.id).copied()
        }
    }

    /// Every stretch of the program's site at `position`, in date order.
    pub(crate) fn stretches_at(&self, position: usize) -> &[Stretch] {
        self.slot_at(position)
            .map_or(&[], |slot| self.in_slot(slot))
    }

    /// The stretch of `site` in force on `date`: the latest started by then and not ended.
    pub(crate) fn on(&self, site: EntityId, date: Date) -> Option<&Stretch> {
        stretch_on(self.stretches(site), date)
    }

    /// The coaches of `site` on `date`: none where no assignment is in force.
    pub(crate) fn coaches_on(&self, site: EntityId, date: Date) -> Coaches {
        self.on(site, date)
            .map_or_else(|| Arc::from([]), |s| Arc::clone(&s.coaches))
    }

    /// Each site assigned, with its record and its stretches in date order: the sites the
    /// program lists in the program's order, then those it does not (no record) in the order
    /// of their first assignments.
    pub(crate) fn sites(&self) -> impl Iterator<Item = (EntityId, Option<&'a Site>, &[Stretch])> {
        let sites = &self.program.sites;
        let listed = (0..self.starts.len().saturating_sub(1)).filter_map(move |slot| {
            let site = match self.alone {
                Some(id) => sites.iter().find(|s| s.id == id),
                None => sites.get(slot),
            };
            let id = self.alone.or(site.map(|s| s.id))?;
            let stretches = self.in_slot(slot);
            (!stretches.is_empty()).then_some((id, site, stretches))
        });
        let mut unlisted: Vec<(EntityId, &[Stretch])> = self
            .unlisted
            .iter()
            .map(|(site, stretches)| (*site, stretches.as_slice()))
            .collect();
        unlisted.sort_by_key(|(_, stretches)| stretches.iter().map(|s| s.assignment).min());
        listed.chain(
            unlisted
                .into_iter()
                .map(|(site, stretches)| (site, None, stretches)),
        )
    }

    /// The slot of each relationship's site, by the relationship's position: `None` for a site
    /// the program does not list (or, in a history of one site, for any other site). Looked up in a loop of their own, so that the lookups' cache
    /// misses overlap.
    pub(crate) fn relationship_slots(&self) -> Vec<Option<usize>> {
        self.program
            .relationships
            .iter()
            .map(|r| self.slots.get(&r.site).copied())
            .collect()
    }

    /// Which of the program's sites are coached on `as_of` ([`CurrentCoaching`]).
    pub(crate) fn current(&self, as_of: Option<Date>) -> CurrentCoaching<'_, 'a> {
        self.current_with(as_of, &self.relationship_slots())
    }

    /// [`current`](Self::current), with each relationship's slot already read
    /// ([`relationship_slots`](Self::relationship_slots)).
    pub(crate) fn current_with(
        &self,
        as_of: Option<Date>,
        slots: &[Option<usize>],
    ) -> CurrentCoaching<'_, 'a> {
        debug_assert_eq!(slots.len(), self.program.relationships.len());
        let mut active: Vec<Option<bool>> = vec![None; self.starts.len().saturating_sub(1)];
        for (relationship, slot) in self.program.relationships.iter().zip(slots) {
            let Some(flag) = slot.and_then(|s| active.get_mut(s)) else {
                continue;
            };
            let on = match as_of {
                None => relationship.end.is_none(),
                Some(date) => {
                    relationship.start <= date
                        && relationship.end.as_ref().is_none_or(|end| date <= end.date)
                }
            };
            *flag = Some(flag.unwrap_or(false) | on);
        }
        CurrentCoaching {
            history: self,
            as_of,
            active,
        }
    }

    /// For each coach of the program (by position; the first of a repeated id), the sites they
    /// coach on `as_of` and whether alone: under the assignment in force that day, where the
    /// site's coaching is current that day ([`CurrentCoaching`]). Without a day: under the open
    /// assignment (no `until`), where the relationship has not ended.
    pub(crate) fn coached_on(&self, as_of: Option<Date>) -> Vec<Vec<(&'a Site, bool)>> {
        let coaches = first_positions(&self.program.coaches, |c| c.id);
        self.coached_under(&self.current(as_of), &coaches)
    }

    /// [`coached_on`](Self::coached_on) the day `current` was read for, with the position of
    /// each coach id (the first, where an id repeats) already read.
    pub(crate) fn coached_under(
        &self,
        current: &CurrentCoaching<'_, 'a>,
        coaches: &HashMap<EntityId, usize>,
    ) -> Vec<Vec<(&'a Site, bool)>> {
        debug_assert!(std::ptr::eq(current.history, self));
        let program = self.program;
        let as_of = current.as_of;
        let mut coached: Vec<Vec<(&Site, bool)>> = vec![Vec::new(); program.coaches.len()];
        for (i, site) in program.sites.iter().enumerate() {
            if !current.is(i) {
                continue;
            }
            let stretches = self.stretches_at(i);
            let stretch = match as_of {
                None => stretches.iter().find(|s| s.until.is_none()),
                Some(date) => stretch_on(stretches, date),
            };
            let Some(stretch) = stretch else {
                continue;
            };
            let alone = matches!(stretch.assignee, Assignee::Coach(_));
            for coach in stretch.coaches.iter() {
                if let Some(slot) = coaches.get(coach).and_then(|&c| coached.get_mut(c)) {
                    slot.push((site, alone));
                }
            }
        }
        coached
    }
}

/// Which of a program's sites are coached on a day: a site with a recorded relationship active
/// that day (or, without a day, one not ended); a site whose relationship is not recorded
/// counts by its assignment alone. Read by [`AssignmentHistory::current`].
pub(crate) struct CurrentCoaching<'h, 'a> {
    history: &'h AssignmentHistory<'a>,
    /// The day read, or `None` for the record as it leaves things.
    as_of: Option<Date>,
    /// By slot: whether a relationship of the site is active, where one is recorded.
    active: Vec<Option<bool>>,
}

impl CurrentCoaching<'_, '_> {
    /// Whether the program's site at `position` has a relationship recorded, and whether one
    /// is active.
    fn at(&self, position: usize) -> Option<bool> {
        let slot = self.history.slot_at(position)?;
        self.active.get(slot).copied().flatten()
    }

    /// Whether the program's site at `position` is coached that day.
    pub(crate) fn is(&self, position: usize) -> bool {
        self.at(position).is_none_or(|on| on)
    }

    /// Whether the program's site at `position` has a relationship recorded.
    pub(crate) fn recorded(&self, position: usize) -> bool {
        self.at(position).is_some()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn a_site_is_coached_under_the_assignment_in_force() {
        let program = crate::reference::bhicci_sample_program();
        let history = AssignmentHistory::new(program);
        for (k, assignment) in program.assignments.iter().enumerate() {
            let stretch = history.on(assignment.site, assignment.from).unwrap();
            assert_eq!(stretch.assignment, k);
            let expected: Vec<EntityId> = match assignment.assignee {
                Assignee::Coach(id) => vec![id],
                Assignee::Team(id) => program
                    .teams
                    .iter()
                    .find(|t| t.id == id)
                    .unwrap()
                    .members
                    .iter()
                    .map(|m| m.coach)
                    .collect(),
            };
            assert_eq!(
                &history.coaches_on(assignment.site, assignment.from)[..],
                &expected[..]
            );
            let one = AssignmentHistory::of_site(program, assignment.site);
            assert_eq!(
                one.stretches(assignment.site).len(),
                history.stretches(assignment.site).len()
            );
        }
        let coached = history.coached_on(Some(program.assignments[0].from));
        assert_eq!(coached.len(), program.coaches.len());
        assert!(coached.iter().any(|sites| !sites.is_empty()));
    }

    /// Each site's stretches read the simple way: the site's assignments, by position, sorted
    /// stably by first day.
    fn by_id(program: &Program, site: EntityId) -> Vec<usize> {
        let mut own: Vec<(Date, usize)> = program
            .assignments
            .iter()
            .enumerate()
            .filter(|(_, a)| a.site == site)
            .map(|(k, a)| (a.from, k))
            .collect();
        own.sort_by_key(|(from, _)| *from);
        own.into_iter().map(|(_, k)| k).collect()
    }

    fn positions(stretches: &[Stretch]) -> Vec<usize> {
        stretches.iter().map(|s| s.assignment).collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Shuffled assignments, a site listed twice, and assignments of a site the program
        /// does not list: every site's stretches, read by id, by position, alone and in the
        /// list of sites, are its assignments in date order.
        #[test]
        fn a_site_reads_its_own_assignments_in_date_order(
            seed in any::<u64>(),
            twice in any::<bool>(),
            unlisted in 0_usize..3,
        ) {
            let json = synthetic::program(12, seed, synthetic::Mix::DEFAULT);
            let mut program = Program::from_json(&json).unwrap();
            let mut state = seed | 1;
            for k in (1..program.assignments.len()).rev() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let j = usize::try_from(state % (k as u64 + 1)).unwrap();
                program.assignments.swap(k, j);
            }
            if twice {
                let again = program.sites[3].clone();
                program.sites.push(again);
            }
            let stranger = EntityId::new("00000000-0000-4000-8000-00000000abcd").unwrap();
            for n in 0..unlisted {
                let mut assignment = program.assignments[n].clone();
                assignment.site = stranger;
                program.assignments.push(assignment);
            }
            let history = AssignmentHistory::new(&program);
            for (i, site) in program.sites.iter().enumerate() {
                let expected = by_id(&program, site.id);
                prop_assert_eq!(positions(history.stretches(site.id)), expected.clone());
                prop_assert_eq!(positions(history.stretches_at(i)), expected.clone());
                let alone = AssignmentHistory::of_site(&program, site.id);
                prop_assert_eq!(positions(alone.stretches(site.id)), expected);
            }
            prop_assert_eq!(positions(history.stretches(stranger)), by_id(&program, stranger));
            let listed: Vec<(EntityId, bool, Vec<usize>)> = history
                .sites()
                .map(|(id, record, stretches)| (id, record.is_some(), positions(stretches)))
                .collect();
            let mut expected: Vec<(EntityId, bool, Vec<usize>)> = Vec::new();
            for site in &program.sites {
                if !expected.iter().any(|(id, ..)| *id == site.id) {
                    expected.push((site.id, true, by_id(&program, site.id)));
                }
            }
            if unlisted > 0 {
                expected.push((stranger, false, by_id(&program, stranger)));
            }
            expected.retain(|(.., stretches)| !stretches.is_empty());
            prop_assert_eq!(listed, expected);
        }
    }
}
