//! Shared by the integration tests: generators of valid documents built by construction.
#![allow(dead_code)] // each test crate uses a different part

#[cfg(feature = "cli")]
pub mod binary;
pub mod findings;
pub mod generated;
pub mod hostile;
pub mod manual_gen;
pub mod program_gen;
