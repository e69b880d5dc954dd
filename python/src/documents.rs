//! `Program`: a program read from JSON, written back, validated and planned; the embedded
//! references and the JSON Schemas.

use std::sync::Arc;

use practice_coaching::{
    DocumentKind, Manual, ParseError, Program, Report, reference, schema as schemas,
};
use pyo3::prelude::*;

use crate::arguments::{self, document, from_json, text_or_bytes};
use crate::errors::{parse_error, value_error};
use crate::findings::PyReport;
use crate::manual::{PyManual, manuals_of};
use crate::plan::{self, PlanRequest};

/// A program: who coaches whom, and what happened.
#[pyclass(name = "Program", module = "practice_coaching", frozen)]
pub struct PyProgram {
    pub program: Arc<Program>,
}

#[pymethods]
impl PyProgram {
    /// Reads a program from JSON text or bytes.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Self> {
        let bytes = text_or_bytes(text, "text")?;
        let program = document(py, &bytes, DocumentKind::Program, Program::from_json, None)?;
        Ok(Self::new(program))
    }

    /// Reads a program from a JSON file.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<Self> {
        let name = arguments::path_text(path, "path")?;
        let bytes = arguments::file_bytes(path)?;
        let program = document(
            py,
            &bytes,
            DocumentKind::Program,
            Program::from_json,
            Some(&name),
        )?;
        Ok(Self::new(program))
    }

    /// The program as JSON text, as the crate writes it.
    fn to_json(&self) -> String {
        self.program.to_json()
    }

    /// The program as Python dicts and lists.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        from_json(py, &self.program.to_json())
    }

    /// Checks the program against its manual (the embedded one it names where `manual` is
    /// None; a list for a program that followed several versions), as of `as_of` (today where
    /// None).
    #[pyo3(signature = (manual=None, as_of=None))]
    fn validate(
        &self,
        py: Python<'_>,
        manual: Option<&Bound<'_, PyAny>>,
        as_of: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyReport> {
        let manuals = manuals_of(&self.program, manual)?;
        let as_of = arguments::as_of(as_of, py)?;
        let program = &*self.program;
        let report = py.detach(|| {
            let manuals: Vec<&Manual> = manuals.iter().map(|m| &**m).collect();
            program.validate_versions(&manuals, Some(as_of))
        });
        Ok(PyReport::new(report, Some(as_of)))
    }

    /// A site's coaching relationship expanded into a schedule.
    #[pyo3(signature = (site, manual=None, start=None, months=None, include_weekends=false))]
    fn plan(
        &self,
        py: Python<'_>,
        site: &str,
        manual: Option<&Bound<'_, PyAny>>,
        start: Option<&Bound<'_, PyAny>>,
        months: Option<&Bound<'_, PyAny>>,
        include_weekends: bool,
    ) -> PyResult<plan::PyPlan> {
        let request = PlanRequest {
            site,
            start: arguments::date(start, "start")?,
            months: plan::months(months)?,
            include_weekends,
        };
        plan::plan(py, &self.program, manual, &request)
    }

    /// The manual the program follows: its id and accepted versions.
    #[getter]
    fn manual(&self) -> (String, String) {
        (
            self.program.manual.id.to_string(),
            self.program.manual.version.to_string(),
        )
    }

    fn __repr__(&self) -> String {
        format!(
            "<Program following {} {}: {} sites>",
            self.program.manual.id,
            self.program.manual.version,
            self.program.sites.len()
        )
    }
}

impl PyProgram {
    pub fn new(program: Program) -> Self {
        Self {
            program: Arc::new(program),
        }
    }
}

/// The names of the embedded manuals and sample programs.
#[pyfunction]
pub fn reference_names() -> Vec<&'static str> {
    reference::DOCUMENTS.iter().map(|(name, _)| *name).collect()
}

/// The embedded manual or sample program `name`.
#[pyfunction(name = "reference")]
pub fn embedded<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    if let Some((_, manual)) = reference::manuals().into_iter().find(|(n, _)| *n == name) {
        return Ok(Bound::new(py, PyManual::new(manual.clone()))?.into_any());
    }
    if let Some((_, program, _)) = reference::sample_programs()
        .into_iter()
        .find(|(n, _, _)| *n == name)
    {
        return Ok(Bound::new(py, PyProgram::new(program.clone()))?.into_any());
    }
    Err(value_error(format!(
        "name: no embedded document is named `{name}`; expected one of {}",
        reference_names().join(", ")
    )))
}

/// The JSON Schema `name`: `manual`, `program` or `contact-log-mapping`.
#[pyfunction]
pub fn schema<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    let schema = match name {
        "manual" => schemas::manual_schema(),
        "program" => schemas::program_schema(),
        "contact-log-mapping" => schemas::contact_log_mapping_schema(),
        other => {
            return Err(value_error(format!(
                "name: no schema is named `{other}`; expected manual, program or \
                 contact-log-mapping"
            )));
        }
    };
    from_json(py, &schemas::to_text(&schema))
}

/// For the bench: reads a program from JSON and validates it against `manual` wholly in Rust
/// (no Python object made), and returns how many findings it has. Timed from Python beside
/// `Program.from_json(...).validate(...)`, it shows what the binding adds.
#[pyfunction]
pub fn bench_validate(
    py: Python<'_>,
    program: &Bound<'_, PyAny>,
    manual: &Bound<'_, PyManual>,
    as_of: &Bound<'_, PyAny>,
) -> PyResult<usize> {
    let program = text_or_bytes(program, "program")?;
    let manual = &*manual.get().manual;
    let as_of = arguments::as_of(Some(as_of), py)?;
    py.detach(|| {
        let program = Program::from_json(&program)?;
        let report: Report = program.validate_versions(&[manual], Some(as_of));
        Ok(report.diagnostics().len())
    })
    .map_err(|error: ParseError| parse_error(py, &error, None))
}
