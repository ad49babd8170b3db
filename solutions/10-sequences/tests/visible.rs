//! Visible tests: `cargo test -p sequences`. The grader's hidden tests check more: other inputs
//! (seeded, a million items), memory budgets measured by a counting allocator (the generator
//! under 1 KiB), footprints against what was really allocated, and every quiz answer.

use sequences_solution::layout_quiz::{self, Prediction};
use sequences_solution::{Array, List, Stats, accumulate, stream_stats};

#[test]
fn stats_of_a_few_values() {
    let mut stats = Stats::new();
    for value in [4, -2, 9] {
        stats.add(value);
    }
    assert_eq!(
        stats,
        Stats {
            count: 3,
            sum: 11,
            min: Some(-2),
            max: Some(9)
        }
    );
}

#[test]
fn the_three_agree_on_range_0_to_n() {
    let n = 10_000;
    let even = |x: i32| x % 2 == 0;
    let list = List::from_values(0..n);
    let array = Array::from_values(0..n);
    assert_eq!(list.len(), 10_000);
    assert_eq!(array.get(9_999), Some(9_999));
    let expected = stream_stats(0..n, even);
    assert_eq!(expected.count, 5_000);
    assert_eq!(expected.sum, 24_995_000);
    assert_eq!(list.stats(even), expected);
    assert_eq!(array.stats(even), expected);
}

#[test]
fn a_list_costs_more_than_getsizeof_says() {
    let list = List::from_values(0..100);
    let footprint = list.footprint();
    assert_eq!(footprint.total - footprint.shallow, 100 * size_of::<i32>());
}

#[test]
fn accumulate_is_lazy() {
    let mut totals = accumulate([10, 20, 30]);
    assert_eq!(totals.next(), Some(10));
    assert_eq!(totals.next(), Some(30));
    assert_eq!(totals.next(), Some(60));
    assert_eq!(totals.next(), None);
}

#[test]
fn one_quiz_answer() {
    assert_eq!(
        layout_quiz::char_layout(),
        Prediction {
            size: size_of::<char>(),
            align: align_of::<char>()
        }
    );
}
