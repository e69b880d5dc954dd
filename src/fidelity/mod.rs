//! Fidelity and progress: what was delivered against what the manual prescribed, read from a
//! program's record and from contact logs kept beside it (CSV or JSON Lines, as a spreadsheet or
//! REDCap exports them); progress through the phases; and the views a coach supervisor reads.
//!
//! Pure and deterministic like the rest of the library: no clock (the caller names the day
//! things are read as of) and no files (readers and writers are passed in).

mod log;

pub use log::{
    By, Coded, CsvRows, JsonLinesRows, Keys, Length, LogFormat, LogRecord, LogRow, LogRows,
    LogRule, Mapping, Named, People, RecordKind, RowProblem, Source, read_csv, read_json_lines,
    write_csv,
};
