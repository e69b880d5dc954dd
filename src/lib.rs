//! practice-coaching
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    warn(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod discipline;
pub mod manual;
mod parse;
pub mod program;
pub mod reference;
pub mod scalar;
pub mod schema;
mod site_kind;
pub mod validate;

pub use discipline::Discipline;
pub use manual::Manual;
pub use parse::{ParseError, ParseErrorCode};
pub use program::Program;
pub use scalar::{
    CoachesPerContact, ContactCount, Date, EntityId, Hours, Key, Minutes, Quantity, ScalarError,
    SiteCount, TimesPerPeriod, Weeks, Years,
};
pub use site_kind::SiteKind;
pub use validate::{Diagnostic, Report, Rule, RuleSeverity, Severity};
