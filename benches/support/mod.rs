//! Shared by the benches: a counting allocator. The synthetic programs they read come from the
//! `synthetic` crate (synthetic/), which the examples share.

pub mod counting;
