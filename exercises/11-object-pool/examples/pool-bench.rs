//! Pooled vs fresh allocation on allocation-heavy loops, both in this process:
//! `cargo run --release -p object-pool --example pool-bench`.
//!
//! Each iteration takes an object, fills it and lets it go: from a pool (the same object every
//! time, its allocations kept, cleared by the reset) or fresh (made, then freed at the end of
//! the iteration). Two objects, a million iterations each:
//!
//! - `buffer`: one 4 KiB `Vec<u8>` (one allocation when fresh);
//! - `rows`: 64 rows of 64 bytes, `Vec<Vec<u8>>` (65 allocations when fresh), the same 4 KiB
//!   of data.
//!
//! Each side runs `ROUNDS` times, alternating, and the best round counts: the machine is
//! shared, and the best round is the one least disturbed.

use std::hint::black_box;
use std::time::{Duration, Instant};

use object_pool::Pool;

const ITERATIONS: usize = 1_000_000;
const ROUNDS: usize = 3;
const BUFFER_BYTES: usize = 4096;
const ROWS: usize = 64;
const ROW_BYTES: usize = 64;

fn fill_buffer(buffer: &mut Vec<u8>, byte: u8) {
    buffer.resize(BUFFER_BYTES, byte);
}

fn fill_rows(rows: &mut Vec<Vec<u8>>, byte: u8) {
    // A reset object keeps its rows (emptied); a fresh one has none yet.
    rows.resize_with(ROWS, || Vec::with_capacity(ROW_BYTES));
    for row in rows.iter_mut() {
        row.resize(ROW_BYTES, byte);
    }
}

fn time(mut iteration: impl FnMut(u8)) -> Duration {
    let start = Instant::now();
    for i in 0..ITERATIONS {
        iteration(i as u8);
    }
    start.elapsed()
}

/// Runs both sides `ROUNDS` times and prints the best of each.
fn compare<T: 'static>(name: &str, create: fn() -> T, reset: fn(&mut T), fill: fn(&mut T, u8)) {
    let pool = Pool::new(create, reset, 1);
    let (mut pooled, mut fresh) = (Duration::MAX, Duration::MAX);
    for _ in 0..ROUNDS {
        pooled = pooled.min(time(|byte| {
            let mut object = pool.acquire();
            fill(&mut object, byte);
            black_box(&mut *object);
        }));
        fresh = fresh.min(time(|byte| {
            let mut object = create();
            fill(&mut object, byte);
            black_box(&mut object);
        }));
    }
    let stats = pool.stats();
    println!(
        "object={name} iterations={ITERATIONS} pooled_ms={:.1} fresh_ms={:.1} speedup={:.2} (pool: created={} reused={})",
        pooled.as_secs_f64() * 1e3,
        fresh.as_secs_f64() * 1e3,
        fresh.as_secs_f64() / pooled.as_secs_f64(),
        stats.created,
        stats.reused,
    );
}

fn main() {
    compare(
        "buffer",
        || Vec::with_capacity(BUFFER_BYTES),
        Vec::clear,
        fill_buffer,
    );
    compare(
        "rows",
        || Vec::with_capacity(ROWS),
        |rows: &mut Vec<Vec<u8>>| rows.iter_mut().for_each(Vec::clear),
        fill_rows,
    );
}
