//! Arguments as Python passes them: text or bytes, paths, dates; a bad one is a `TypeError`
//! or `ValueError` that names it.

use std::borrow::Cow;

use practice_coaching::{Date, DocumentKind, ParseError};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use crate::errors::{parse_error, value_error};

/// The bytes of `value`, a `str` or `bytes`, for argument `name`.
pub fn text_or_bytes<'a>(value: &'a Bound<'_, PyAny>, name: &str) -> PyResult<Cow<'a, [u8]>> {
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Ok(Cow::Borrowed(bytes.as_bytes()));
    }
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(Cow::Owned(text.extract::<String>()?.into_bytes()));
    }
    Err(PyTypeError::new_err(format!(
        "{name}: expected str or bytes, not {}",
        type_name(value)
    )))
}

/// The contents of the file at `path` (a `str` or `os.PathLike`), read by Python so that a
/// missing file is its own `FileNotFoundError` naming the file.
pub fn file_bytes(path: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    let py = path.py();
    let path = py.import("os")?.call_method1("fspath", (path,))?;
    let bytes = py
        .import("pathlib")?
        .getattr("Path")?
        .call1((path,))?
        .call_method0("read_bytes")?;
    Ok(bytes.cast::<PyBytes>()?.as_bytes().to_vec())
}

/// The path `value` as a string (`str` or `os.PathLike`), for argument `name`.
pub fn path_text(value: &Bound<'_, PyAny>, name: &str) -> PyResult<String> {
    let py = value.py();
    let path = py
        .import("os")?
        .call_method1("fspath", (value,))
        .map_err(|_| {
            PyTypeError::new_err(format!(
                "{name}: expected a path (str or os.PathLike), not {}",
                type_name(value)
            ))
        })?;
    path.extract::<String>()
        .map_err(|_| PyTypeError::new_err(format!("{name}: expected a text path, not bytes")))
}

/// The date `value` (a `datetime.date` or `YYYY-MM-DD` text) for argument `name`; `None`
/// where `value` is `None`.
pub fn date(value: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<Date>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    let py = value.py();
    let datetime = py.import("datetime")?;
    let text: String = if value.is_instance(&datetime.getattr("datetime")?)? {
        return Err(PyTypeError::new_err(format!(
            "{name}: expected a datetime.date or YYYY-MM-DD text, not a datetime (a day has no \
             time; pass its .date())"
        )));
    } else if value.is_instance(&datetime.getattr("date")?)? {
        value.call_method0("isoformat")?.extract()?
    } else if let Ok(text) = value.cast::<PyString>() {
        text.extract::<String>()?
    } else {
        return Err(PyTypeError::new_err(format!(
            "{name}: expected a datetime.date or YYYY-MM-DD text, not {}",
            type_name(value)
        )));
    };
    Date::new(&text)
        .map(Some)
        .map_err(|error| value_error(format!("{name}: {error}")))
}

/// The day `value` names, or today in the local time zone where it is `None`, as the command
/// line reads `--as-of`: the library reads no clock, so the day comes from Python's.
pub fn as_of(value: Option<&Bound<'_, PyAny>>, py: Python<'_>) -> PyResult<Date> {
    if let Some(date) = date(value, "as_of")? {
        return Ok(date);
    }
    let today = py
        .import("datetime")?
        .getattr("date")?
        .call_method0("today")?;
    date(Some(&today), "as_of").and_then(|d| d.ok_or_else(|| value_error("as_of: no date")))
}

/// `date` as a Python `datetime.date`.
pub fn py_date(py: Python<'_>, date: Date) -> PyResult<Bound<'_, PyAny>> {
    py.import("datetime")?
        .getattr("date")?
        .call_method1("fromisoformat", (date.to_string(),))
}

/// The Python type's name of `value`, for messages.
pub fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| "?".to_owned(), |name| name.to_string())
}

/// Python objects for JSON text, through Python's own `json` module.
pub fn from_json<'py>(py: Python<'py>, json: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (json,))
}

/// The DTSTAMP of a calendar: `value`, an aware `datetime.datetime`, or now where None.
pub fn stamp(
    py: Python<'_>,
    value: Option<&Bound<'_, PyAny>>,
) -> PyResult<chrono::DateTime<chrono::Utc>> {
    let datetime = py.import("datetime")?;
    let value = match value.filter(|v| !v.is_none()) {
        Some(value) => value.clone(),
        None => datetime
            .getattr("datetime")?
            .call_method1("now", (datetime.getattr("timezone")?.getattr("utc")?,))?,
    };
    if !value.is_instance(&datetime.getattr("datetime")?)? || value.getattr("tzinfo")?.is_none() {
        return Err(PyTypeError::new_err(format!(
            "dtstamp: expected a datetime.datetime with a time zone, not {}",
            type_name(&value)
        )));
    }
    let seconds: f64 = value.call_method0("timestamp")?.extract()?;
    #[allow(clippy::cast_possible_truncation)] // whole seconds of years 1 to 9999
    let whole = seconds.floor() as i64;
    chrono::DateTime::from_timestamp(whole, 0)
        .ok_or_else(|| value_error(format!("dtstamp: {seconds} is out of range")))
}

/// Reads `bytes` as a document of kind `wanted` with `parse`; a document of the other kind is
/// a `ValueError` that says so, one that does not parse a `ParseError`.
pub fn document<T>(
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
