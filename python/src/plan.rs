//! `Program.plan` and `Plan`: a site's coaching relationship expanded into a schedule, as the
//! command line's `plan` makes it.

use std::sync::Arc;

use practice_coaching::timeline::{Horizon, MAX_PLAN_MONTHS, Plan, PlanOptions};
use practice_coaching::{Date, EntityId, Manual, Program, Report};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

use crate::arguments::{from_json, type_name};
use crate::errors::value_error;
use crate::manual::{current_manual, program_findings};
use crate::table::frame;

/// What `Program.plan` was asked.
pub struct PlanRequest<'a> {
    /// The site's id or name.
    pub site: &'a str,
    /// The first day planned.
    pub start: Option<Date>,
    /// Months planned; the relationship's own length where None.
    pub months: Option<u32>,
    /// Plan on weekends too.
    pub include_weekends: bool,
}

/// The months asked for: a whole number from 1 to the plan cap, or None.
pub fn months(value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<u32>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    if value.is_instance_of::<pyo3::types::PyBool>() {
        return Err(PyTypeError::new_err("months: expected an int, not bool"));
    }
    let months: i64 = value.extract().map_err(|_| {
        PyTypeError::new_err(format!("months: expected an int, not {}", type_name(value)))
    })?;
    u32::try_from(months)
        .ok()
        .filter(|m| (1..=MAX_PLAN_MONTHS).contains(m))
        .map(Some)
        .ok_or_else(|| {
            value_error(format!(
                "months: {months} is out of range; expected 1 to {MAX_PLAN_MONTHS}"
            ))
        })
}

/// The site of `program` that `site` names, as the command line's `--site` finds it: its id,
/// its name, or the start of either that only one site has.
fn site_id(program: &Program, site: &str) -> PyResult<EntityId> {
    program
        .find_site(site)
        .map(|found| found.id)
        .map_err(|e| value_error(format!("site: {e}")))
}

/// Refuses a document with validation errors, as the command line does before planning.
fn refuse(report: &Report, what: &str) -> PyResult<()> {
    if !report.has_errors() {
        return Ok(());
    }
    Err(value_error(format!(
        "{what} has {} validation error(s); call validate() and fix them before planning",
        report.errors().count()
    )))
}

/// Plans `request.site` of `program` against `manual` (the embedded manual it follows where
/// None), after checking both as the command line does.
pub fn plan(
    py: Python<'_>,
    program: &Arc<Program>,
    manual: Option<&Bound<'_, PyAny>>,
    request: &PlanRequest<'_>,
) -> PyResult<PyPlan> {
    let site = site_id(program, request.site)?;
    let given = manual.is_some_and(|m| !m.is_none());
    let current = current_manual(program, manual)?;
    if given {
        refuse(&current.validate(), "the manual")?;
    }
    refuse(
        &program_findings(program, given.then_some(&*current))?,
        "the program",
    )?;
    let horizon = request.months.map_or(Horizon::Natural, Horizon::Months);
    let options = PlanOptions {
        weekends: request.include_weekends,
    };
    let plan = py
        .detach(|| program.plan_site(&current, site, request.start, horizon, options))
        .map_err(|error| value_error(error.to_string()))?;
    Ok(PyPlan {
        plan,
        program: Arc::clone(program),
        manual: current,
    })
}

/// A site's plan: its planned contacts per period and channel, and dated events.
#[pyclass(name = "Plan", module = "practice_coaching", frozen)]
pub struct PyPlan {
    plan: Plan,
    program: Arc<Program>,
    manual: Arc<Manual>,
}

impl PyPlan {
    /// The site's name, or its id where the program does not name it.
    fn site_name(&self) -> String {
        self.program
            .sites
            .iter()
            .find(|s| s.id == self.plan.site)
            .map_or_else(|| self.plan.site.to_string(), |s| s.name.clone())
    }
}

#[pymethods]
impl PyPlan {
    /// The plan's events, one dict each (date, period, kind and the kind's own members,
    /// channel, index, minutes, coaches), dates as `datetime.date`.
    #[getter]
    fn events<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let json = serde_json::to_string(&self.plan.events)
            .map_err(|error| value_error(error.to_string()))?;
        frame(py, "event_records", (json,))
    }

    /// The plan as the command line's `plan --format json` writes it, as Python dicts.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let json =
            serde_json::to_string(&self.plan).map_err(|error| value_error(error.to_string()))?;
        from_json(py, &json)
    }

    /// The plan as an iCalendar (RFC 5545) file, every event stamped `dtstamp` (an aware
    /// `datetime`; now where None).
    #[pyo3(signature = (dtstamp=None))]
    fn to_ics(&self, py: Python<'_>, dtstamp: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
        let stamp = crate::arguments::stamp(py, dtstamp)?;
        let title = format!("Coaching plan: {}", self.site_name());
        let mut out = Vec::new();
        self.plan
            .write_icalendar(&self.manual, &self.program, &title, stamp, &mut out)
            .map_err(|error| value_error(error.to_string()))?;
        String::from_utf8(out).map_err(|error| value_error(error.to_string()))
    }

    /// The events as a pandas DataFrame, one row each, dates as datetime64.
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let events = self.events(py)?;
        frame(py, "events_frame", (events,))
    }

    fn __repr__(&self) -> String {
        format!(
            "<Plan of {} from {} until {}: {} events>",
            self.site_name(),
            self.plan.from,
            self.plan.until,
            self.plan.events.len()
        )
    }
}
