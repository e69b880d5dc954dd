//! Shared by the benches (and, through one path, the examples that write the same synthetic
//! inputs): a counting allocator and a deterministic generator of synthetic programs.
#![allow(dead_code)] // each bench uses a different part

pub mod counting;
pub mod synthetic;
