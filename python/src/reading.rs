//! `fidelity()` and `Fidelity`: delivered against prescribed, as the command line's `fidelity`
//! reads it, with a contact log kept beside the program.

use std::fs::File;
use std::io::BufReader;
use std::sync::Arc;

use practice_coaching::fidelity::{Fidelity, Scorer, Window};

use practice_coaching::contact_log::{LogAccount, LogFormat, LogRule, Mapping, RowProblem};
use practice_coaching::{Date, Manual, Program};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::arguments::{self, from_json, path_text, py_date, type_name};
use crate::documents::PyProgram;
use crate::errors::{parse_error, value_error};
use crate::manual::{current_manual, program_findings};
use crate::table::{PyTable, Which};

/// The column mapping of a log: a path to its JSON, a dict, or the crate's own columns.
fn mapping(py: Python<'_>, value: Option<&Bound<'_, PyAny>>) -> PyResult<Mapping> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(Mapping::default());
    };
    let (bytes, what) = if value.is_instance_of::<PyDict>() {
        let text: String = py
            .import("json")?
            .call_method1("dumps", (value,))?
            .extract()?;
        (text.into_bytes(), "mapping".to_owned())
    } else {
        let name = path_text(value, "mapping").map_err(|_| {
            PyTypeError::new_err(format!(
                "mapping: expected a path or a dict, not {}",
                type_name(value)
            ))
        })?;
        (arguments::file_bytes(value)?, format!("mapping {name}"))
    };
    Mapping::from_json(&bytes).map_err(|error| parse_error(py, &error, Some(&what)))
}

/// What reading a log gave beside the rows scored.
struct LogReading {
    problems: Vec<RowProblem>,
    account: LogAccount,
}

/// Reads the log at `path` through `mapping` into `scorer`, collecting every bad row; a row
/// longer than the limit, or a header no row can be read through, stops with a `ValueError`.
fn read_log(
    path: &str,
    mapping: &Mapping,
    scorer: &mut Scorer<'_>,
    (program, manual): (&Program, &Manual),
) -> Result<LogReading, String> {
    let file =
        File::open(path).map_err(|error| format!("contacts {path}: cannot read it: {error}"))?;
    let format = LogFormat::from_file_name(path).unwrap_or(LogFormat::Csv);
    let mut rows = format.read(manual, program, BufReader::new(file), mapping);
    let stopped = |problem: &RowProblem| match problem.rule {
        LogRule::RowTooLong => format!(
            "contacts {path}: line {}: a row is longer than the limit: {}",
            problem.line, problem.message
        ),
        _ => format!("contacts {path}: {problem}"),
    };
    rows.header().map_err(|problem| stopped(&problem))?;
    let mut problems = Vec::new();
    scorer
        .add_rows(rows.by_ref(), |row| {
            if let Err(problem) = row {
                problems.push(problem.clone());
            }
        })
        .map_err(|problem| stopped(&problem))?;
    Ok(LogReading {
        problems,
        account: rows.account(),
    })
}

/// Delivered against prescribed for `program`, as of `as_of` (today where None), against
/// `manual` (the embedded one it follows where None), with the contacts of a log at
/// `contacts` read through `mapping` added to those the program records.
#[pyfunction]
#[pyo3(signature = (program, manual=None, contacts=None, mapping=None, as_of=None))]
pub fn fidelity(
    py: Python<'_>,
    program: &Bound<'_, PyProgram>,
    manual: Option<&Bound<'_, PyAny>>,
    contacts: Option<&Bound<'_, PyAny>>,
    mapping: Option<&Bound<'_, PyAny>>,
    as_of: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyFidelity> {
    let program = Arc::clone(&program.get().program);
    let given = manual.is_some_and(|m| !m.is_none());
    let manual = current_manual(&program, manual)?;
    let as_of = arguments::as_of(as_of, py)?;
    let contacts = contacts
        .filter(|c| !c.is_none())
        .map(|c| path_text(c, "contacts"))
        .transpose()?;
    if contacts.is_none() && mapping.is_some_and(|m| !m.is_none()) {
        return Err(value_error(
            "mapping: applies to a contact log; give contacts= too",
        ));
    }
    let mapping = mapping_for(py, contacts.as_deref(), mapping)?;
    // As the command line: a manual that breaks its own rules is refused; the program's errors
    // are counted, so that a program being mended still reads.
    if given {
        let findings = manual.validate();
        if findings.has_errors() {
            return Err(value_error(format!(
                "manual has {} validation error(s); fix them before reading a program against it",
                findings.errors().count()
            )));
        }
    }
    let checked = program_findings(&program, given.then_some(&*manual))?;
    let (reading, log) = py
        .detach(|| {
            let mut scorer = Scorer::new(&manual, &program, Window::as_of(as_of));
            let log = contacts
                .as_deref()
                .map(|path| read_log(path, &mapping, &mut scorer, (&program, &manual)))
                .transpose()?;
            Ok((scorer.finish(), log))
        })
        .map_err(|message: String| value_error(message))?;
    Ok(PyFidelity {
        fidelity: Arc::new(reading),
        program,
        as_of,
        program_errors: checked.errors().count(),
        log,
    })
}

/// The mapping, read only where a log is.
fn mapping_for(
    py: Python<'_>,
    contacts: Option<&str>,
    value: Option<&Bound<'_, PyAny>>,
) -> PyResult<Mapping> {
    match contacts {
        Some(_) => mapping(py, value),
        None => Ok(Mapping::default()),
    }
}

/// A fidelity reading: its tables, its summary, and the bad rows of the log read with it.
#[pyclass(name = "Fidelity", module = "practice_coaching", frozen)]
pub struct PyFidelity {
    fidelity: Arc<Fidelity>,
    program: Arc<Program>,
    as_of: Date,
    program_errors: usize,
    log: Option<LogReading>,
}

#[pymethods]
impl PyFidelity {
    /// One row per site, prescription period and channel (`delivered_periods`).
    #[getter]
    fn periods(&self) -> PyTable {
        PyTable::new(
            Arc::clone(&self.fidelity),
            Arc::clone(&self.program),
            Which::Periods,
        )
    }

    /// One row per activity at a site or program-wide (`activity_adherence`).
    #[getter]
    fn activities(&self) -> PyTable {
        PyTable::new(
            Arc::clone(&self.fidelity),
            Arc::clone(&self.program),
            Which::Activities,
        )
    }

    /// The program in figures, as in the command line's `fidelity --format json`.
    #[getter]
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let json = serde_json::to_string(&self.fidelity.summary)
            .map_err(|error| value_error(error.to_string()))?;
        from_json(py, &json)
    }

    /// Contacts read but counted in no period, by reason.
    #[getter]
    fn unscored<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let json = serde_json::to_string(&self.fidelity.unscored)
            .map_err(|error| value_error(error.to_string()))?;
        from_json(py, &json)
    }

    /// The bad rows of the contact log: dicts with line, column, code, value and message.
    #[getter]
    fn problems<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        let Some(log) = &self.log else {
            return Ok(Vec::new());
        };
        log.problems
            .iter()
            .map(|problem| {
                let record = PyDict::new(py);
                record.set_item("line", problem.line)?;
                record.set_item("column", problem.column.as_deref())?;
                record.set_item("code", problem.rule.code())?;
                record.set_item("value", problem.value.as_deref())?;
                record.set_item("message", &problem.message)?;
                Ok(record)
            })
            .collect()
    }

    /// Where every line of the contact log went (None without a log).
    #[getter]
    fn log<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.log
            .as_ref()
            .map(|log| {
                let json = serde_json::to_string(&log.account)
                    .map_err(|error| value_error(error.to_string()))?;
                from_json(py, &json)
            })
            .transpose()
    }

    /// The day read as of.
    #[getter]
    fn as_of<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py_date(py, self.as_of)
    }

    /// The program's validation errors against the manual: counted, not refused.
    #[getter]
    fn program_errors(&self) -> usize {
        self.program_errors
    }

    /// The whole reading as Python dicts, as the command line's `fidelity --format json` has
    /// its members.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let json = serde_json::to_string(&*self.fidelity)
            .map_err(|error| value_error(error.to_string()))?;
        from_json(py, &json)
    }

    fn __repr__(&self) -> String {
        format!(
            "<Fidelity as of {}: {} periods, {} activities>",
            self.as_of,
            self.fidelity.periods.len(),
            self.fidelity.activities.len()
        )
    }
}
