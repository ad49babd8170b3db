//! The benchmark's loop under `System`, the baseline. Run by `tracemalloc-bench`.

use std::alloc::System;

mod common;

#[global_allocator]
static ALLOCATOR: System = System;

fn main() {
    common::run("system", common::ITERATIONS);
}
