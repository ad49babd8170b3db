//! Visible tests: `cargo test -p tracemalloc`. The grader's hidden tests check more: exact
//! byte counts of many allocation patterns, realloc growth and shrink, the peak after
//! `reset_peak`, `clear_traces`, other threads, statistics per scope and per call site, and
//! `compare_to` in Python's order.

use tracemalloc_solution::{self as tm, Key, NotTracing, Statistic};

#[global_allocator]
static ALLOCATOR: tm::Tracker = tm::Tracker;

#[test]
fn counts_a_vec_of_known_capacity() {
    tm::start();
    let buffer: Vec<u64> = Vec::with_capacity(100);
    assert_eq!(
        tm::get_traced_memory(),
        (800, 800),
        "100 u64s are 800 bytes"
    );
    drop(buffer);
    assert_eq!(
        tm::get_traced_memory(),
        (0, 800),
        "freed: current 0, the peak stays"
    );
    tm::stop();
}

#[test]
fn not_tracing_means_no_snapshot() {
    assert!(!tm::is_tracing());
    assert_eq!(tm::take_snapshot().err(), Some(NotTracing));
    assert_eq!(tm::get_traced_memory(), (0, 0));
}

#[test]
fn statistics_per_scope() {
    tm::start();
    let parsed = tm::scope("parse", || vec![0u8; 1000]);
    let rendered = tm::scope("render", || (Box::new([0u8; 200]), Box::new([0u8; 300])));
    let stats = tm::take_snapshot().unwrap().statistics(Key::Scope);
    assert_eq!(
        stats,
        [
            Statistic {
                key: "parse".into(),
                size: 1000,
                count: 1
            },
            Statistic {
                key: "render".into(),
                size: 500,
                count: 2
            },
        ]
    );
    tm::stop();
    drop((parsed, rendered));
}
