//! Planning any site of a program from a chosen day, within the caps.

use super::frame::Frame;
use super::options::{Horizon, MAX_PLAN_EVENTS, MAX_PLAN_MONTHS, PlanError, PlanOptions};
use super::plan::Plan;
use super::program_wide::ProgramSchedule;
use crate::program::{AssignmentHistory, PhaseTransition, Relationship};
use crate::{Date, EntityId, Manual, Program};

impl Program {
    /// Plans `site` from `from` to `horizon`: its recorded relationship, or for a site without
    /// one, a relationship projected from `from` with the manual's first phase (at its starting
    /// level, every later phase at its planned length). With a recorded relationship, `from`
    /// (its start by default, never earlier) only chooses the first day shown: the plan is the
    /// relationship's whole plan from that day, periods counted from its start. Program-wide
    /// events come from the program's series ([`Program::schedule`]).
    ///
    /// # Errors
    /// An unknown site; a site without a relationship and no `from`; a horizon past
    /// 9999-12-31; nothing left to plan from `from`; a plan longer than [`MAX_PLAN_MONTHS`] or
    /// holding more than [`MAX_PLAN_EVENTS`] events and dates.
    pub fn plan_site(
        &self,
        site: EntityId,
        from: Option<Date>,
        horizon: Horizon,
        manual: &Manual,
        options: PlanOptions,
    ) -> Result<Plan, PlanError> {
        if !self.sites.iter().any(|s| s.id == site) {
            return Err(PlanError::UnknownSite(site));
        }
        let recorded = self.relationships.iter().find(|r| r.site == site);
        let projected;
        let relationship = match (recorded, from) {
            (Some(recorded), _) => recorded,
            (None, Some(from)) => {
                projected = Relationship::projected_from(site, from, manual);
                &projected
            }
            (None, None) => return Err(PlanError::NoStart(site)),
        };
        let from = from.map_or(relationship.start, |f| f.max(relationship.start));
        let until = match horizon {
            Horizon::Natural => None,
            Horizon::Until(until) => Some(until),
            Horizon::Months(months) => Some(
                from.checked_add_months(months)
                    .ok_or(PlanError::PastLastDate { from, months })?,
            ),
        };
        let frame = Frame::new(
            relationship,
            manual,
            from,
            until,
            options,
            recorded.is_some(),
        );
        let (from, until) = (frame.from, frame.until);
        if until <= from {
            return Err(PlanError::NothingToPlan { from, until });
        }
        // Past 9999-12-31 no plan can run, so no cap is passed.
        if from
            .checked_add_months(MAX_PLAN_MONTHS)
            .is_some_and(|cap| until > cap)
        {
            return Err(PlanError::TooLong { from, until });
        }
        let history = AssignmentHistory::of_site(self, site);
        let start = self.start().unwrap_or(relationship.start);
        let schedule = ProgramSchedule::new(manual, start, (from, until), options, MAX_PLAN_EVENTS);
        let plan = frame.plan(manual, &history, &schedule, MAX_PLAN_EVENTS);
        if plan.size() > MAX_PLAN_EVENTS {
            return Err(PlanError::TooManyEvents { from, until });
        }
        Ok(plan)
    }
}

impl Relationship {
    /// A relationship of `site` starting on `from` in the manual's first phase, with nothing
    /// recorded: what [`Program::plan_site`] projects for a site without a relationship.
    #[must_use]
    pub fn projected_from(site: EntityId, from: Date, manual: &Manual) -> Self {
        Self {
            site,
            start: from,
            end: None,
            phases: manual
                .phases
                .first()
                .map(|phase| PhaseTransition {
                    date: from,
                    phase: phase.key.clone(),
                    reason: None,
                })
                .into_iter()
                .collect(),
            titration: Vec::new(),
            met: Vec::new(),
            components: Vec::new(),
            contacts: Vec::new(),
        }
    }
}
