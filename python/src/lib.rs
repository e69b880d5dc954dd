//! The native half of the `practice_coaching` Python package: the crate's documents, findings,
//! plans and fidelity readings as Python objects. Every call goes through the library's public
//! API, the same paths the command line takes; long work runs with the interpreter lock
//! released.

mod arguments;
mod checklist;
mod documents;
mod errors;
mod findings;
mod manual;
mod plan;
mod reading;
mod table;

use pyo3::prelude::*;

/// The module `practice_coaching._native`.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<manual::PyManual>()?;
    m.add_class::<documents::PyProgram>()?;
    m.add_class::<findings::PyReport>()?;
    m.add_class::<findings::PyFinding>()?;
    m.add_class::<plan::PyPlan>()?;
    m.add_class::<reading::PyFidelity>()?;
    m.add_class::<table::PyTable>()?;
    m.add_function(wrap_pyfunction!(documents::reference_names, m)?)?;
    m.add_function(wrap_pyfunction!(documents::embedded, m)?)?;
    m.add_function(wrap_pyfunction!(documents::schema, m)?)?;
    m.add_function(wrap_pyfunction!(documents::bench_validate, m)?)?;
    m.add_function(wrap_pyfunction!(reading::fidelity, m)?)?;
    m.add_function(wrap_pyfunction!(checklist::report, m)?)?;
    Ok(())
}
