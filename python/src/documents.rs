//! `Manual` and `Program`: documents read from JSON, written back, and validated; the embedded
//! references and the JSON Schemas.

use std::sync::Arc;

use practice_coaching::{
    DocumentKind, Manual, ParseError, Program, Report, reference, schema as schemas,
};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

use crate::arguments::{self, from_json, text_or_bytes, type_name};
use crate::errors::{parse_error, value_error};
use crate::findings::PyReport;
use crate::plan::{self, PlanRequest};

/// A practice coaching manual, read and checked for single values.
#[pyclass(name = "Manual", module = "practice_coaching", frozen)]
pub struct PyManual {
    pub manual: Arc<Manual>,
}

/// A program: who coaches whom, and what happened.
#[pyclass(name = "Program", module = "practice_coaching", frozen)]
pub struct PyProgram {
    pub program: Arc<Program>,
}

/// Reads `bytes` as a document of kind `wanted` with `parse`; a document of the other kind is
/// a `ValueError` that says so, one that does not parse a `ParseError`.
fn read<T>(
    py: Python<'_>,
    bytes: &[u8],
    wanted: DocumentKind,
    parse: fn(&[u8]) -> Result<T, ParseError>,
    what: Option<&str>,
) -> PyResult<T>
where
    T: Send,
{
    // A large program takes a while to parse: other Python threads run meanwhile. The kind is
    // looked at only where the parse fails, so a document read well is read once.
    let parsed =
        py.detach(|| parse(bytes).map_err(|error| (error, DocumentKind::detect(bytes).ok())));
    match parsed {
        Ok(document) => Ok(document),
        Err((_, Some(kind))) if kind != wanted => {
            let prefix = what.map_or_else(String::new, |w| format!("{w}: "));
            Err(value_error(format!(
                "{prefix}the document is a {}; expected a {}",
                kind.as_str(),
                wanted.as_str()
            )))
        }
        Err((error, _)) => Err(parse_error(py, &error, what)),
    }
}

#[pymethods]
impl PyManual {
    /// Reads a manual from JSON text or bytes.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Self> {
        let bytes = text_or_bytes(text, "text")?;
        let manual = read(py, &bytes, DocumentKind::Manual, Manual::from_json, None)?;
        Ok(Self::new(manual))
    }

    /// Reads a manual from a JSON file.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<Self> {
        let name = arguments::path_text(path, "path")?;
        let bytes = arguments::file_bytes(path)?;
        let manual = read(
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

#[pymethods]
impl PyProgram {
    /// Reads a program from JSON text or bytes.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Self> {
        let bytes = text_or_bytes(text, "text")?;
        let program = read(py, &bytes, DocumentKind::Program, Program::from_json, None)?;
        Ok(Self::new(program))
    }

    /// Reads a program from a JSON file.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<Self> {
        let name = arguments::path_text(path, "path")?;
        let bytes = arguments::file_bytes(path)?;
        let program = read(
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
