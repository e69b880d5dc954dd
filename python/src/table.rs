//! `Table`: a tidy table of a fidelity reading, with the columns and values of the command
//! line's CSV (docs/data-dictionary.md), typed and without spreadsheet guard characters.

use std::sync::Arc;

use practice_coaching::Program;
use practice_coaching::fidelity::{ACTIVITY_COLUMNS, Fidelity, PERIOD_COLUMNS};
use practice_coaching::tidy::{Column, Kind, Value};
use pyo3::IntoPyObjectExt;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

/// Which table of a reading.
#[derive(Clone, Copy)]
pub enum Which {
    /// `delivered_periods`.
    Periods,
    /// `activity_adherence`.
    Activities,
}

/// A tidy table: one record per row, each column typed.
#[pyclass(name = "Table", module = "practice_coaching", frozen)]
pub struct PyTable {
    fidelity: Arc<Fidelity>,
    program: Arc<Program>,
    which: Which,
}

impl PyTable {
    pub fn new(fidelity: Arc<Fidelity>, program: Arc<Program>, which: Which) -> Self {
        Self {
            fidelity,
            program,
            which,
        }
    }

    fn columns_of(&self) -> &'static [Column] {
        match self.which {
            Which::Periods => &PERIOD_COLUMNS,
            Which::Activities => &ACTIVITY_COLUMNS,
        }
    }

    /// Calls `each` with every row's values, in order.
    fn rows(&self, mut each: impl FnMut(&[Value<'_>]) -> PyResult<()>) -> PyResult<()> {
        match self.which {
            Which::Periods => self
                .fidelity
                .period_rows(&self.program)
                .try_for_each(|row| each(&row)),
            Which::Activities => self
                .fidelity
                .activity_rows(&self.program)
                .try_for_each(|row| each(&row)),
        }
    }

    /// Each column's values as a Python list, in column order.
    fn column_lists<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyList>>> {
        let convert = Converter::new(py)?;
        let lists: Vec<Bound<'py, PyList>> = self
            .columns_of()
            .iter()
            .map(|_| PyList::empty(py))
            .collect();
        self.rows(|row| {
            for (list, value) in lists.iter().zip(row) {
                list.append(convert.value(value)?)?;
            }
            Ok(())
        })?;
        Ok(lists)
    }
}

/// Turns table values into Python objects: dates as `datetime.date`, numbers as `int` or
/// `float` (a share as rounded in the CSV), a missing value as `None`.
struct Converter<'py> {
    py: Python<'py>,
    date: Bound<'py, PyAny>,
}

impl<'py> Converter<'py> {
    fn new(py: Python<'py>) -> PyResult<Self> {
        let date = py
            .import("datetime")?
            .getattr("date")?
            .getattr("fromisoformat")?;
        Ok(Self { py, date })
    }

    fn value(&self, value: &Value<'_>) -> PyResult<Bound<'py, PyAny>> {
        let py = self.py;
        match value {
            Value::Text(text) | Value::Key(text) => text.as_ref().into_bound_py_any(py),
            Value::Date(date) => self.date.call1((date.to_string(),)),
            Value::Integer(n) => n.into_bound_py_any(py),
            Value::Decimal(_) | Value::Share(_) => value.number().into_bound_py_any(py),
            Value::Boolean(b) => b.into_bound_py_any(py),
            Value::Missing => Ok(py.None().into_bound(py)),
        }
    }
}

/// The data dictionary's name of a column's type.
const fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Text => "text",
        Kind::Key => "key",
        Kind::Id => "id",
        Kind::Date => "date",
        Kind::Integer => "integer",
        Kind::Decimal => "decimal",
        Kind::Boolean => "boolean",
    }
}

/// Calls `practice_coaching._frames.NAME(*args)`: the pandas side, which imports pandas only
/// when called.
pub fn frame<'py>(
    py: Python<'py>,
    name: &str,
    args: impl pyo3::call::PyCallArgs<'py>,
) -> PyResult<Bound<'py, PyAny>> {
    py.import("practice_coaching._frames")?
        .getattr(name)?
        .call1(args)
}

#[pymethods]
impl PyTable {
    /// The columns' names, as in the CSV's header.
    #[getter]
    fn columns(&self) -> Vec<&'static str> {
        self.columns_of().iter().map(|c| c.name).collect()
    }

    /// Each column's type as docs/data-dictionary.md names it (text, key, id, date, integer,
    /// decimal, boolean), by column name.
    #[getter]
    fn types<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let types = PyDict::new(py);
        for column in self.columns_of() {
            types.set_item(column.name, kind_name(column.kind))?;
        }
        Ok(types)
    }

    /// One dict per row, by column name.
    fn to_records<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        let convert = Converter::new(py)?;
        let columns = self.columns_of();
        let mut records = Vec::new();
        self.rows(|row| {
            let record = PyDict::new(py);
            for (column, value) in columns.iter().zip(row) {
                record.set_item(column.name, convert.value(value)?)?;
            }
            records.push(record);
            Ok(())
        })?;
        Ok(records)
    }

    /// The table as a pandas DataFrame: the CSV's columns, dates as datetime64, integers as
    /// int64, decimals as float64, booleans as bool, text as object.
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let lists = self.column_lists(py)?;
        let kinds: Vec<&str> = self
            .columns_of()
            .iter()
            .map(|c| kind_name(c.kind))
            .collect();
        frame(py, "table_frame", (self.columns(), kinds, lists))
    }

    fn __len__(&self) -> usize {
        match self.which {
            Which::Periods => self.fidelity.periods.len(),
            Which::Activities => self.fidelity.activities.len(),
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "<Table: {} rows x {} columns>",
            self.__len__(),
            self.columns_of().len()
        )
    }
}
