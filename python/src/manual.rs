//! `Manual`: a manual read from JSON, written back and validated, and the manual a program is
//! read against where a call takes one.

use std::sync::Arc;

use practice_coaching::{DocumentKind, Manual, Program, Report, reference};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

use crate::arguments::{self, document, from_json, text_or_bytes, type_name};
use crate::errors::value_error;
use crate::findings::PyReport;

/// A practice coaching manual, read and checked for single values.
#[pyclass(name = "Manual", module = "practice_coaching", frozen)]
pub struct PyManual {
    pub manual: Arc<Manual>,
}

#[pymethods]
impl PyManual {
    /// Reads a manual from JSON text or bytes.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Self> {
        let bytes = text_or_bytes(text, "text")?;
        let manual = document(py, &bytes, DocumentKind::Manual, Manual::from_json, None)?;
        Ok(Self::new(manual))
    }

    /// Reads a manual from a JSON file.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<Self> {
        let name = arguments::path_text(path, "path")?;
        let bytes = arguments::file_bytes(path)?;
        let manual = document(
            py,
            &bytes,
            DocumentKind::Manual,
            Manual::from_json,
            Some(&name),
        )?;
        Ok(Self::new(manual))
    }

    /// The manual as JSON text, as the crate writes it.
    fn to_json(&self) -> String {
        self.manual.to_json()
    }

    /// The manual as Python dicts and lists.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        from_json(py, &self.manual.to_json())
    }

    /// Checks every rule that spans fields.
    fn validate(&self, py: Python<'_>) -> PyReport {
        let manual = &*self.manual;
        let report = py.detach(|| manual.validate());
        PyReport::new(report, None)
    }

    /// The manual's id.
    #[getter]
    fn id(&self) -> String {
        self.manual.id.to_string()
    }

    /// The manual's version.
    #[getter]
    fn version(&self) -> String {
        self.manual.version.to_string()
    }

    fn __repr__(&self) -> String {
        format!("<Manual {} {}>", self.manual.id, self.manual.version)
    }
}

impl PyManual {
    pub fn new(manual: Manual) -> Self {
        Self {
            manual: Arc::new(manual),
        }
    }
}

/// The manuals a program is checked against: those given (one, or a list for a program that
/// followed several versions), or the embedded ones its `manual` member names.
pub fn manuals_of(
    program: &Program,
    manual: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<Arc<Manual>>> {
    let Some(manual) = manual.filter(|m| !m.is_none()) else {
        return reference::manuals_for(program)
            .map(|found| {
                found
                    .into_iter()
                    .map(|(_, m)| Arc::new(m.clone()))
                    .collect()
            })
            .map_err(|error| value_error(format!("{error}; pass the manual with manual=")));
    };
    if let Ok(one) = manual.cast::<PyManual>() {
        return Ok(vec![Arc::clone(&one.get().manual)]);
    }
    let not_manuals = || {
        PyTypeError::new_err(format!(
            "manual: expected a Manual or a list of Manuals, not {}",
            type_name(manual)
        ))
    };
    let list: Vec<Bound<'_, PyAny>> = manual.extract().map_err(|_| not_manuals())?;
    if list.is_empty() {
        return Err(value_error(
            "manual: the list is empty; expected at least one Manual",
        ));
    }
    list.iter()
        .map(|m| {
            m.cast::<PyManual>()
                .map(|m| Arc::clone(&m.get().manual))
                .map_err(|_| not_manuals())
        })
        .collect()
}

/// The one manual a program is read against: the one given, or the embedded one it follows now.
pub fn current_manual(
    program: &Program,
    manual: Option<&Bound<'_, PyAny>>,
) -> PyResult<Arc<Manual>> {
    match manual.filter(|m| !m.is_none()) {
        Some(manual) => manual
            .cast::<PyManual>()
            .map(|m| Arc::clone(&m.get().manual))
            .map_err(|_| {
                PyTypeError::new_err(format!(
                    "manual: expected a Manual, not {}",
                    type_name(manual)
                ))
            }),
        None => reference::manual_for(program)
            .map(|(_, m)| Arc::new(m.clone()))
            .map_err(|error| value_error(format!("{error}; pass the manual with manual="))),
    }
}

/// The program's findings as the command line's `plan` and `fidelity` check it: against
/// `given`, the manual the caller passed, or else against every embedded version the program
/// names (a program that followed earlier versions is checked against each).
pub fn program_findings(program: &Program, given: Option<&Manual>) -> PyResult<Report> {
    if let Some(manual) = given {
        return Ok(program.validate(manual));
    }
    let manuals = manuals_of(program, None)?;
    let manuals: Vec<&Manual> = manuals.iter().map(|m| &**m).collect();
    Ok(program.validate_versions(&manuals, None))
}
