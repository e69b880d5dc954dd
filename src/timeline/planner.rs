//! Making plans: a relationship's, every relationship's of a program, any site's from a chosen
//! day within the caps, and the program's own schedule. The timeline's methods of [`Program`]
//! are here.

use super::events::{contacts, milestones, periodic_activities};
use super::frame::Frame;
use super::options::{Horizon, MAX_PLAN_EVENTS, MAX_PLAN_MONTHS, PlanError, PlanOptions};
use super::plan::Plan;
use super::program_wide::ProgramSchedule;
use super::schedule::{expand_periods, segments};
use super::stay::stays;
use crate::program::{AssignmentHistory, PhaseTransition, Relationship};
use crate::{Date, EntityId, Manual, Program};

impl Program {
    /// Plans every relationship of the program (see [`Relationship::plan`]), reading the
    /// assignments and teams once and making the program-wide events once.
    #[must_use]
    pub fn plans(&self, manual: &Manual, until: Option<Date>) -> Vec<Plan> {
        self.plans_with(manual, until, PlanOptions::default())
    }

    /// [`plans`](Self::plans) with `options`.
    #[must_use]
    pub fn plans_with(
        &self,
        manual: &Manual,
        until: Option<Date>,
        options: PlanOptions,
    ) -> Vec<Plan> {
        let history = AssignmentHistory::new(self);
        let frames: Vec<Frame> = self
            .relationships
            .iter()
            .map(|r| Frame::new(r, manual, r.start, until, options, true))
            .collect();
        let Some(start) = self.start() else {
            return Vec::new();
        };
        let shown = (
            frames.iter().map(|f| f.from).min().unwrap_or(start),
            frames.iter().map(|f| f.until).max().unwrap_or(start),
        );
        let schedule = ProgramSchedule::new(manual, start, shown, options, usize::MAX);
        frames
            .iter()
            .map(|frame| plan(frame, manual, &history, &schedule, usize::MAX))
            .collect()
    }

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
        manual: &Manual,
        site: EntityId,
        from: Option<Date>,
        horizon: Horizon,
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
        let plan = plan(&frame, manual, &history, &schedule, MAX_PLAN_EVENTS);
        if plan.size() > MAX_PLAN_EVENTS {
            return Err(PlanError::TooManyEvents { from, until });
        }
        Ok(plan)
    }

    /// The program-wide events from `from` until `until` (exclusive), counted from the
    /// program's [`start`](Self::start) (from `from` for a program without relationships): the
    /// same dates every site's plan shows.
    #[must_use]
    pub fn schedule(
        &self,
        manual: &Manual,
        from: Date,
        until: Date,
        options: PlanOptions,
    ) -> ProgramSchedule {
        let start = self.start().unwrap_or(from);
        ProgramSchedule::new(manual, start, (from, until), options, usize::MAX)
    }
}

impl Relationship {
    /// Expands the relationship into a plan up to `until` (exclusive; by default the end of the
    /// relationship if it has ended, else the end of the last projected phase), never past the
    /// relationship's end, with planned dates on working days. To plan many relationships of
    /// one program, [`Program::plans`] reads the assignments once. The plan is not capped: for a
    /// horizon from untrusted input, [`Program::plan_site`] refuses plans past
    /// [`MAX_PLAN_MONTHS`](super::MAX_PLAN_MONTHS) or [`MAX_PLAN_EVENTS`](super::MAX_PLAN_EVENTS).
    #[must_use]
    pub fn plan(&self, manual: &Manual, program: &Program, until: Option<Date>) -> Plan {
        self.plan_with(manual, program, until, PlanOptions::default())
    }

    /// [`plan`](Self::plan) with `options`.
    #[must_use]
    pub fn plan_with(
        &self,
        manual: &Manual,
        program: &Program,
        until: Option<Date>,
        options: PlanOptions,
    ) -> Plan {
        let history = AssignmentHistory::of_site(program, self.site);
        let frame = Frame::new(self, manual, self.start, until, options, true);
        let start = program.start().unwrap_or(self.start);
        let shown = (frame.from, frame.until);
        let schedule = ProgramSchedule::new(manual, start, shown, options, usize::MAX);
        plan(&frame, manual, &history, &schedule, usize::MAX)
    }

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

/// The plan: every period and event as the whole relationship has them, those inside the
/// frame kept; program-wide events from `schedule`; at most about `limit` dated things.
fn plan(
    frame: &Frame,
    manual: &Manual,
    history: &AssignmentHistory<'_>,
    schedule: &ProgramSchedule,
    limit: usize,
) -> Plan {
    let stays = stays(&frame.projected, frame.end);
    let mut plan = Plan {
        site: frame.projected.site,
        start: frame.start,
        from: frame.start,
        until: frame.until,
        segments: segments(
            &frame.projected,
            manual,
            frame.start,
            frame.until,
            frame.recorded_until,
        ),
        periods: Vec::new(),
        events: Vec::new(),
        activities: Vec::new(),
    };
    // Periods are counted from the relationship's start whatever the first day shown.
    expand_periods(&mut plan, manual, &stays, frame.end);
    plan.periods.sort_by_key(|p| (p.from, p.channel));
    cut_before_from(frame, &mut plan);
    contacts(&mut plan, manual, history, frame, limit);
    milestones(&mut plan, manual, &stays, frame, limit);
    schedule.show_sessions(&mut plan);
    periodic_activities(&mut plan, manual, schedule, frame, limit);
    plan.events
        .sort_by(|a, b| (a.date, &a.kind, a.index).cmp(&(b.date, &b.kind, b.index)));
    plan
}

/// Starts `plan` on the first day shown: segments cut there, periods that end by then
/// dropped (one in progress stays whole, as one running past the horizon does).
fn cut_before_from(frame: &Frame, plan: &mut Plan) {
    if frame.from <= plan.from {
        return;
    }
    plan.from = frame.from;
    plan.segments.retain(|s| s.until > frame.from);
    if let Some(first) = plan.segments.first_mut() {
        first.from = first.from.max(frame.from);
    }
    plan.periods.retain(|p| p.until > frame.from);
}
