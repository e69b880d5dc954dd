//! `report()`: the TIDieR checklist and the Proctor specification filled from a manual, as the
//! command line's `report --format json` writes them.

use practice_coaching::{Manual, Program, reference, report as checklists};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use serde::Serialize;

use crate::arguments::{self, from_json, type_name};
use crate::documents::PyProgram;
use crate::errors::value_error;
use crate::manual::PyManual;

/// The manual given: a `Manual`, or an embedded manual's name.
fn manual_of(value: &Bound<'_, PyAny>) -> PyResult<Manual> {
    if let Ok(manual) = value.cast::<PyManual>() {
        return Ok((*manual.get().manual).clone());
    }
    if let Ok(name) = value.extract::<String>() {
        return reference::manuals()
            .into_iter()
            .find(|(n, _)| *n == name)
            .map(|(_, m)| m.clone())
            .ok_or_else(|| {
                value_error(format!(
                    "manual: no embedded manual is named `{name}`; expected bhicci-launch, \
                     bhicci-late, evidencenow or ahrq-2009, or a Manual"
                ))
            });
    }
    Err(PyTypeError::new_err(format!(
        "manual: expected a Manual or an embedded manual's name, not {}",
        type_name(value)
    )))
}

/// `report` with its summary line beside its members, as `report --format json` writes it.
fn with_summary<'py>(
    py: Python<'py>,
    summary: String,
    report: &impl Serialize,
) -> PyResult<Bound<'py, PyAny>> {
    let mut json = serde_json::to_value(report).map_err(|error| value_error(error.to_string()))?;
    if let Some(members) = json.as_object_mut() {
        members.insert("summary".to_owned(), summary.into());
    }
    from_json(py, &json.to_string())
}

/// A reporting checklist filled from `manual`: `tidier` (with `program`, its record as of
/// `as_of`, today where None) or `proctor`.
#[pyfunction]
#[pyo3(signature = (kind, manual, program=None, as_of=None))]
pub fn report<'py>(
    py: Python<'py>,
    kind: &str,
    manual: &Bound<'py, PyAny>,
    program: Option<&Bound<'py, PyAny>>,
    as_of: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let manual = manual_of(manual)?;
    let program: Option<Program> = program
        .filter(|p| !p.is_none())
        .map(|p| {
            p.cast::<PyProgram>()
                .map(|p| (*p.get().program).clone())
                .map_err(|_| {
                    PyTypeError::new_err(format!(
                        "program: expected a Program, not {}",
                        type_name(p)
                    ))
                })
        })
        .transpose()?;
    let findings = manual.validate();
    if findings.has_errors() {
        return Err(value_error(format!(
            "manual has {} validation error(s); fix them first",
            findings.errors().count()
        )));
    }
    match kind {
        "proctor" => {
            if program.is_some() {
                return Err(value_error(
                    "program: the proctor specification reads the manual alone; leave it out",
                ));
            }
            let spec = checklists::proctor(&manual);
            with_summary(py, spec.summary(), &spec)
        }
        "tidier" => {
            let record = match &program {
                Some(program) => {
                    if program.manual.id != manual.id {
                        return Err(value_error(format!(
                            "program: it follows the manual `{}`; expected one following `{}`",
                            program.manual.id, manual.id
                        )));
                    }
                    let findings = program.validate(&manual);
                    if findings.has_errors() {
                        return Err(value_error(format!(
                            "program has {} validation error(s) against {} {}; fix them first",
                            findings.errors().count(),
                            manual.id,
                            manual.version
                        )));
                    }
                    Some((program, arguments::as_of(as_of, py)?))
                }
                None => None,
            };
            let checklist = checklists::tidier(&manual, record);
            with_summary(py, checklist.summary(), &checklist)
        }
        other => Err(value_error(format!(
            "kind: `{other}` is not a checklist; expected tidier or proctor"
        ))),
    }
}
