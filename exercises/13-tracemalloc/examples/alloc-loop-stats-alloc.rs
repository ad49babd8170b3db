//! The benchmark's loop under `stats_alloc`, a published tracking allocator from crates.io
//! (counters of allocations, frees and bytes over `System`, no per-block table): the yardstick
//! for what tracking costs elsewhere. Run by `tracemalloc-bench`.

use std::alloc::System;

use stats_alloc::{INSTRUMENTED_SYSTEM, StatsAlloc};

mod common;

#[global_allocator]
static ALLOCATOR: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

fn main() {
    common::run("stats_alloc", common::ITERATIONS);
    // Read the counters once, so the instrumentation is known to have run.
    let stats = ALLOCATOR.stats();
    assert!(stats.allocations >= common::ITERATIONS);
}
