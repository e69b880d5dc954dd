//! `Report` and `Finding`: what validation found, as the command line's `validate --format
//! json` lists it.

use practice_coaching::{Date, Diagnostic, Report};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::arguments::py_date;
use crate::table::frame;

/// One finding: a rule broken at a JSON Pointer.
#[pyclass(name = "Finding", module = "practice_coaching", frozen, eq)]
#[derive(PartialEq, Eq)]
pub struct PyFinding {
    /// The rule's code, e.g. `dose-contacts-inverted`.
    #[pyo3(get)]
    rule: &'static str,
    /// `error` or `warning`.
    #[pyo3(get)]
    severity: &'static str,
    /// The JSON Pointer of the offending member.
    #[pyo3(get)]
    path: String,
    /// What is wrong, naming the value and what was expected.
    #[pyo3(get)]
    message: String,
}

impl From<&Diagnostic> for PyFinding {
    fn from(d: &Diagnostic) -> Self {
        Self {
            rule: d.rule.code(),
            severity: d.severity.as_str(),
            path: d.path.clone(),
            message: d.message.clone(),
        }
    }
}

#[pymethods]
impl PyFinding {
    /// The finding as a dict with keys rule, severity, path and message.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let record = PyDict::new(py);
        record.set_item("rule", self.rule)?;
        record.set_item("severity", self.severity)?;
        record.set_item("path", &self.path)?;
        record.set_item("message", &self.message)?;
        Ok(record)
    }

    fn __repr__(&self) -> String {
        format!(
            "<Finding {} {} at {}: {}>",
            self.severity, self.rule, self.path, self.message
        )
    }
}

/// Every finding of a validation, in the library's order.
#[pyclass(name = "Report", module = "practice_coaching", frozen)]
pub struct PyReport {
    report: Report,
    as_of: Option<Date>,
}

impl PyReport {
    pub fn new(report: Report, as_of: Option<Date>) -> Self {
        Self { report, as_of }
    }
}

#[pymethods]
impl PyReport {
    /// Every finding.
    #[getter]
    fn findings(&self) -> Vec<PyFinding> {
        self.report
            .diagnostics()
            .iter()
            .map(PyFinding::from)
            .collect()
    }

    /// How many findings are errors.
    #[getter]
    fn errors(&self) -> usize {
        self.report.errors().count()
    }

    /// How many findings are warnings.
    #[getter]
    fn warnings(&self) -> usize {
        self.report.warnings().count()
    }

    /// Findings left out because they only follow from one reported.
    #[getter]
    fn suppressed(&self) -> usize {
        self.report.suppressed()
    }

    /// The day a program was validated as of; None for a manual.
    #[getter]
    fn as_of<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.as_of.map(|date| py_date(py, date)).transpose()
    }

    /// Whether any finding is an error.
    fn has_errors(&self) -> bool {
        self.report.has_errors()
    }

    /// The findings as dicts with keys rule, severity, path and message.
    fn to_records<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.findings().iter().map(|f| f.to_dict(py)).collect()
    }

    /// The findings as a pandas DataFrame with columns rule, severity, path and message.
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let records = self.to_records(py)?;
        frame(
            py,
            "records_frame",
            (records, ["rule", "severity", "path", "message"]),
        )
    }

    fn __len__(&self) -> usize {
        self.report.diagnostics().len()
    }

    fn __repr__(&self) -> String {
        format!(
            "<Report: {} errors, {} warnings>",
            self.errors(),
            self.warnings()
        )
    }
}
