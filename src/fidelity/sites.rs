//! The relationships a scorer counts: each planned once, at its first record, into a plan that
//! the scorers of a log's two halves share, and counted by each scorer apart, so that the
//! halves plan no relationship twice and join by adding.

use std::sync::{Arc, OnceLock};

use foldhash::{HashMap, HashMapExt};

use super::tally::{SiteCounts, SitePlan};
use super::window::Window;
use crate::program::{Contact, Relationship};
use crate::{EntityId, Manual, Program};

/// A scorer's relationships, by site.
pub(super) struct Sites<'a> {
    index: HashMap<EntityId, usize>,
    /// Each relationship scored, and whether the team rule covers its site.
    scored: Vec<(&'a Relationship, bool)>,
    /// Each relationship's periods, planned at its first record (or when the scorer finishes)
    /// so that planning goes on beside reading rather than before it; shared with the scorer
    /// of a log's other half.
    plans: Arc<Vec<OnceLock<SitePlan>>>,
    /// What this scorer counted for each relationship, from its first record.
    counts: Vec<Option<SiteCounts>>,
    /// What the scorers of later parts of a log counted, joined: added relationship by
    /// relationship as each is finished, on whichever thread finishes it.
    joined: Vec<Vec<Option<SiteCounts>>>,
}

impl<'a> Sites<'a> {
    /// The relationships of `program`: a site's first, where it has several (the validator's
    /// finding).
    pub(super) fn new(program: &'a Program, manual: &Manual) -> Self {
        let mut index = HashMap::with_capacity(program.relationships.len());
        let mut scored = Vec::with_capacity(program.relationships.len());
        let team_sites = program.team_sites(manual);
        for relationship in &program.relationships {
            if index.contains_key(&relationship.site) {
                continue;
            }
            index.insert(relationship.site, scored.len());
            scored.push((relationship, team_sites.contains(&relationship.site)));
        }
        let plans = Arc::new(scored.iter().map(|_| OnceLock::new()).collect());
        let counts = scored.iter().map(|_| None).collect();
        Self {
            index,
            scored,
            plans,
            counts,
            joined: Vec::new(),
        }
    }

    /// The same relationships and plans, nothing counted: for another part of a log.
    pub(super) fn fresh(&self) -> Self {
        Self {
            index: self.index.clone(),
            scored: self.scored.clone(),
            plans: Arc::clone(&self.plans),
            counts: self.scored.iter().map(|_| None).collect(),
            joined: Vec::new(),
        }
    }

    /// The plan of `site`'s relationship and this scorer's counts of it, planned (against
    /// `manual` over `window`) and begun, with `around` activities, where not yet.
    pub(super) fn tally(
        &mut self,
        site: EntityId,
        (manual, window, around): (&Manual, &Window, usize),
    ) -> Option<(&SitePlan, &mut SiteCounts)> {
        let n = *self.index.get(&site)?;
        let &(relationship, team_site) = self.scored.get(n)?;
        let plan = self
            .plans
            .get(n)?
            .get_or_init(|| SitePlan::new(relationship, manual, window, team_site));
        let counts = self
            .counts
            .get_mut(n)?
            .get_or_insert_with(|| SiteCounts::new(plan, around));
        Some((plan, counts))
    }

    /// Fetches into the cache what counting `contact` at `site` will read, where its
    /// relationship is planned and counted already: called a row ahead, so that counting
    /// the next row finds its period in the cache.
    pub(super) fn fetch(&self, site: EntityId, contact: &Contact) {
        let Some(&n) = self.index.get(&site) else {
            return;
        };
        if let (Some(plan), Some(Some(counts))) = (
            self.plans.get(n).and_then(OnceLock::get),
            self.counts.get(n),
        ) {
            counts.fetch(plan, contact);
        }
    }

    /// Takes in the counts of `later`, the same relationships counted elsewhere (and what it
    /// took in); they are added when each relationship is finished.
    pub(super) fn join(&mut self, mut later: Self) {
        self.joined.push(later.counts);
        self.joined.append(&mut later.joined);
    }

    /// Every relationship as this scorer leaves it, in the program's order.
    pub(super) fn unfinished(self) -> Vec<Unfinished<'a>> {
        let plans: Vec<Option<SitePlan>> = match Arc::try_unwrap(self.plans) {
            Ok(plans) => plans.into_iter().map(OnceLock::into_inner).collect(),
            // Still shared with another scorer: copied.
            Err(shared) => shared.iter().map(|plan| plan.get().cloned()).collect(),
        };
        let mut joined: Vec<_> = self.joined.into_iter().map(Vec::into_iter).collect();
        self.scored
            .into_iter()
            .zip(plans)
            .zip(self.counts)
            .map(|(((relationship, team_site), plan), counts)| Unfinished {
                relationship,
                team_site,
                plan,
                counts,
                joined: joined
                    .iter_mut()
                    .filter_map(|later| later.next().flatten())
                    .collect(),
            })
            .collect()
    }
}

/// A relationship as a scorer leaves it: planned and counted where a record reached it.
pub(super) struct Unfinished<'a> {
    pub(super) relationship: &'a Relationship,
    team_site: bool,
    plan: Option<SitePlan>,
    counts: Option<SiteCounts>,
    /// What later parts of the log counted of it.
    joined: Vec<SiteCounts>,
}

impl Unfinished<'_> {
    /// Its periods, planned now (against `manual` over `window`) where no record reached it;
    /// how many there are.
    pub(super) fn plan(&mut self, manual: &Manual, window: &Window) -> usize {
        if self.plan.is_none() {
            self.plan = Some(self.planned_now(manual, window));
        }
        self.plan.as_ref().map_or(0, SitePlan::len)
    }

    /// Its periods planned now, against `manual` over `window`.
    fn planned_now(&self, manual: &Manual, window: &Window) -> SitePlan {
        SitePlan::new(self.relationship, manual, window, self.team_site)
    }

    /// Its plan and what was counted in it, planned now where not yet; beside them, the
    /// later parts' counts, added in and left to be freed.
    pub(super) fn counted(
        mut self,
        (manual, window, around): (&Manual, &Window, usize),
    ) -> (SitePlan, SiteCounts, Vec<SiteCounts>) {
        let plan = match self.plan.take() {
            Some(plan) => plan,
            None => self.planned_now(manual, window),
        };
        let mut joined = self.joined;
        let mut counts = match self.counts {
            Some(counts) => counts,
            None if joined.is_empty() => SiteCounts::new(&plan, around),
            None => joined.remove(0),
        };
        for later in &joined {
            counts.join(later);
        }
        (plan, counts, joined)
    }
}
