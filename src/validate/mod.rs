//! Validation: every rule that spans fields, reported as findings with a JSON Pointer each.
//!
//! Depends on the model, never the reverse.

mod manual;
mod pointer;
mod program;
mod report;
mod rule;

pub(crate) use pointer::escape_token;
pub use report::{Diagnostic, Report, Severity};
pub use rule::{Rule, RuleSeverity};
