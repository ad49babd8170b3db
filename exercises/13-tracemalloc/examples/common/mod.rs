//! The allocation-heavy loop the benchmark times, shared by its allocator binaries.

use std::hint::black_box;
use std::time::Instant;

/// Iterations of the loop; each allocates and frees a `Vec` and a `Box`.
pub const ITERATIONS: usize = 1_000_000;

/// Times the loop (`iterations` of it, best of five rounds) and prints
/// `variant=… ns_per_op=…`, one op being one iteration: two allocations and two frees.
pub fn run(variant: &str, iterations: usize) {
    let mut best = f64::INFINITY;
    for _ in 0..5 {
        let start = Instant::now();
        for i in 0..iterations {
            let buffer: Vec<u8> = Vec::with_capacity(16 + i % 64);
            let boxed = Box::new(i);
            black_box((&buffer, &boxed));
        }
        best = best.min(start.elapsed().as_nanos() as f64 / iterations as f64);
    }
    println!("variant={variant} ns_per_op={best:.1}");
}
