//! Exercise 14: the seed's `memory_profile` decorator, done as a wrapper that nests, and a leak
//! hunt.
//!
//! - [`tracker`] (given): [`Tracking`], a global allocator that wraps another one and counts,
//!   per thread, the bytes live now ([`current`]) and the highest count since the last
//!   [`reset_peak`] ([`peak`]); [`raise_peak`] puts back a higher mark. It is `tracemalloc`'s
//!   `get_traced_memory()` and `reset_peak()`, without the traces.
//! - [`memory_profile`] (yours): runs a closure and returns its result with the time it took, the
//!   bytes it left live and the most bytes it had live at once, without disturbing a profile
//!   (or a peak reading) that the caller already started.
//! - [`service`] (given, with three leaks to find and fix): a small event-processing service;
//!   [`service::run`] feeds it a fixed workload and returns what it printed.
//!
//! Book: `book/src/14-memory-profile.md`.

pub mod profile;
pub mod service;
pub mod tracker;

pub use profile::{Profile, memory_profile};
pub use tracker::{Tracking, current, peak, raise_peak, reset_peak};
