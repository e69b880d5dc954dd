//! Errors as Python sees them: `practice_coaching.ParseError` (a `ValueError`) for a document
//! that does not parse, `ValueError` for a bad value.

use practice_coaching::ParseError;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// `practice_coaching.ParseError` for `error`, with its code, line, column and JSON Pointer
/// (`path`), prefixed by `what` (the file or argument) where one is given.
pub fn parse_error(py: Python<'_>, error: &ParseError, what: Option<&str>) -> PyErr {
    let message = match what {
        Some(what) => format!("{what}: {error}"),
        None => error.to_string(),
    };
    // The class is defined in Python, where it can be a `ValueError` with attributes.
    let raised = py
        .import("practice_coaching._errors")
        .and_then(|module| module.getattr("ParseError"))
        .and_then(|class| {
            class.call1((
                message,
                error.code().code(),
                error.line(),
                error.column(),
                error.pointer(),
            ))
        });
    match raised {
        Ok(instance) => PyErr::from_value(instance),
        Err(error) => error,
    }
}

/// A `ValueError` with `message`.
pub fn value_error(message: impl Into<String>) -> PyErr {
    PyValueError::new_err(message.into())
}
