//! Hidden tests for 10-sequences: the learner's crate is `sequences`.
//!
//! Inputs are seeded pseudo-random values (SplitMix64), different from the book's and the
//! visible tests': each seed is printed, and `GRADER_SEED=N cargo grade check 10-sequences`
//! replays one. Memory is measured, never guessed: the counting allocator reports the blocks a
//! container left on the heap and the peak bytes a computation reached (sizes as asked of the
//! allocator, as `tracemalloc` counts them).

use std::cell::Cell;
use std::num::NonZeroU32;
use std::rc::Rc;

use grader_support::refgc::SplitMix64;
use grader_support::{CountingAlloc, prove};
use sequences::layout_quiz::{self, Prediction};
use sequences::{Array, List, Stats, accumulate, stream_stats};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

const MILLION: usize = 1_000_000;

/// The seeds to run: `GRADER_SEED` alone when set, else a fixed few.
fn seeds() -> Vec<u64> {
    match std::env::var(grader_support::replay::SEED_ENV)
        .ok()
        .and_then(|seed| seed.parse().ok())
    {
        Some(seed) => vec![seed],
        None => vec![3, 1009, 77_777],
    }
}

/// Prints the seed (shown with a failure) and says how to replay it.
fn announce(seed: u64) -> String {
    let replay = format!("seed {seed}: GRADER_SEED={seed} cargo grade check 10-sequences");
    println!("{replay}");
    replay
}

/// `len` pseudo-random values in `low..=high`, drawn from `seed`; allocates nothing. With
/// `exact`, its size hint is exact (as `range(n)`'s); without, it says nothing (as a generator).
#[derive(Debug, Clone)]
struct Values {
    rng: SplitMix64,
    left: usize,
    low: i64,
    span: u64,
    exact: bool,
    /// How many values were pulled (shared by clones made after it was set).
    pulled: Option<Rc<Cell<usize>>>,
}

impl Values {
    fn new(seed: u64, len: usize, low: i32, high: i32) -> Self {
        Self {
            rng: SplitMix64::new(seed),
            left: len,
            low: i64::from(low),
            span: (i64::from(high) - i64::from(low) + 1) as u64,
            exact: true,
            pulled: None,
        }
    }

    /// The whole `i32` range.
    fn full(seed: u64, len: usize) -> Self {
        Self::new(seed, len, i32::MIN, i32::MAX)
    }

    /// No size hint: a collecting container cannot allocate the right size up front.
    fn unsized_hint(mut self) -> Self {
        self.exact = false;
        self
    }

    /// Counts the values pulled in `counter`.
    fn counted(mut self, counter: &Rc<Cell<usize>>) -> Self {
        self.pulled = Some(Rc::clone(counter));
        self
    }
}

impl Iterator for Values {
    type Item = i32;

    fn next(&mut self) -> Option<i32> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        if let Some(pulled) = &self.pulled {
            pulled.set(pulled.get() + 1);
        }
        Some((self.low + (self.rng.next_u64() % self.span) as i64) as i32)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        if self.exact {
            (self.left, Some(self.left))
        } else {
            (0, None)
        }
    }
}

/// The statistic, computed here: count, sum, min, max of the kept values.
fn reference_stats(values: impl Iterator<Item = i32>, keep: impl Fn(i32) -> bool) -> Stats {
    let (mut count, mut sum, mut min, mut max) = (0u64, 0i64, None::<i32>, None::<i32>);
    for value in values.filter(|&value| keep(value)) {
        count += 1;
        sum += i64::from(value);
        min = Some(min.map_or(value, |m| m.min(value)));
        max = Some(max.map_or(value, |m| m.max(value)));
    }
    Stats {
        count,
        sum,
        min,
        max,
    }
}

/// A filter drawn from the seed: keep the values `x` with `x mod modulus == remainder`.
fn filter_for(seed: u64) -> (i64, i64) {
    let mut rng = SplitMix64::new(seed ^ 0xF11E);
    let modulus = 2 + rng.below(9) as i64;
    (modulus, rng.below(modulus as usize) as i64)
}

fn keeps(modulus: i64, remainder: i64) -> impl Fn(i32) -> bool {
    move |x| i64::from(x).rem_euclid(modulus) == remainder
}

// ---------------------------------------------------------------- Stats

#[test]
fn stats_add_counts_sums_and_tracks_extremes() {
    prove(|| {
        for seed in seeds() {
            let replay = announce(seed);
            for (low, high, what) in [
                (i32::MIN, i32::MAX, "values of any sign"),
                (1_000, 2_000_000, "positive values only (the minimum is not 0)"),
                (-2_000_000, -1_000, "negative values only (the maximum is not 0)"),
            ] {
                let values = Values::new(seed, 5_000, low, high);
                let mut got = Stats::new();
                for value in values.clone() {
                    got.add(value);
                }
                let expected = reference_stats(values, |_| true);
                assert_eq!(
                    got, expected,
                    "Stats after adding 5,000 {what}: count, sum, smallest and largest ({replay})"
                );
            }
        }
    });
}

#[test]
fn stats_sum_does_not_overflow() {
    prove(|| {
        let mut stats = Stats::new();
        for _ in 0..1_000 {
            stats.add(i32::MAX);
        }
        stats.add(i32::MIN);
        let expected = Stats {
            count: 1_001,
            sum: 1_000 * i64::from(i32::MAX) + i64::from(i32::MIN),
            min: Some(i32::MIN),
            max: Some(i32::MAX),
        };
        assert_eq!(
            stats, expected,
            "1,000 times i32::MAX and one i32::MIN: the sum is an i64, far beyond i32::MAX"
        );
        assert_eq!(
            Stats::new(),
            Stats::default(),
            "a new Stats has seen nothing"
        );
    });
}

// ---------------------------------------------------------------- List

#[test]
fn list_holds_each_value_in_its_own_block() {
    prove(|| {
        let seed = seeds()[0];
        let replay = announce(seed);
        let values = Values::full(seed, MILLION);
        let (list, usage) = ALLOC.measure(|| List::from_values(values.clone()));
        assert_eq!(list.len(), MILLION, "List::len after a million values");
        assert!(!list.is_empty(), "a list of a million values is not empty");
        let mismatches = values
            .enumerate()
            .filter(|&(index, value)| list.get(index) != Some(value))
            .count();
        assert_eq!(
            mismatches, 0,
            "List::get(i) is the i-th value given to from_values ({replay})"
        );
        assert_eq!(
            usage.leaked_blocks,
            MILLION as isize + 1,
            "a List of a million ints is a million heap blocks (one Box<i32> each, as CPython \
             allocates one int object each) plus the pointer buffer"
        );
        assert_eq!(list.get(MILLION), None, "List::get past the end is None");
    });
}

#[test]
fn list_stats_match_and_allocate_nothing() {
    prove(|| {
        for seed in seeds() {
            let replay = announce(seed);
            let values = Values::full(seed, 200_000);
            let list = List::from_values(values.clone());
            let (modulus, remainder) = filter_for(seed);
            let expected = reference_stats(values, keeps(modulus, remainder));
            let (got, peak) = ALLOC.peak(|| list.stats(keeps(modulus, remainder)));
            assert_eq!(
                got, expected,
                "List::stats of the values x with x mod {modulus} == {remainder} ({replay})"
            );
            assert_eq!(
                peak, 0,
                "List::stats allocated {peak} bytes: it reads the list in place, one pass, \
                 no copy"
            );
        }
    });
}

#[test]
fn list_footprint_is_what_was_allocated() {
    prove(|| {
        for seed in seeds() {
            let replay = announce(seed);
            let len = 1_000 + SplitMix64::new(seed).below(50_000);
            // No size hint: the pointer buffer grows, so its capacity is usually above `len`.
            let values = Values::full(seed, len).unsized_hint();
            let (list, usage) = ALLOC.measure(|| List::from_values(values));
            let footprint = list.footprint();
            assert_eq!(
                footprint.total,
                usage.leaked_bytes as usize + size_of::<List>(),
                "List::footprint().total of {len} values: size_of::<List>() plus every byte \
                 from_values left on the heap (the whole pointer buffer, its capacity, and one \
                 i32 per item) ({replay})"
            );
            assert_eq!(
                footprint.shallow,
                footprint.total - len * size_of::<i32>(),
                "List::footprint().shallow counts the list and its pointer buffer but not the \
                 boxed values, as sys.getsizeof leaves out the int objects ({replay})"
            );
        }
    });
}

#[test]
fn empty_list() {
    prove(|| {
        let list = List::from_values(std::iter::empty());
        assert_eq!(list.len(), 0, "List::len of an empty list");
        assert!(list.is_empty(), "List::is_empty of an empty list");
        assert_eq!(list.get(0), None, "List::get(0) of an empty list");
        assert_eq!(
            list.stats(|_| true),
            Stats::new(),
            "List::stats of an empty list"
        );
        let one = List::from_values([i32::MIN]);
        assert!(!one.is_empty(), "a list of one value is not empty");
        assert_eq!(one.get(0), Some(i32::MIN), "List::get(0) of [i32::MIN]");
        assert_eq!(
            one.footprint().total - one.footprint().shallow,
            size_of::<i32>(),
            "the one boxed i32 of a one-item list"
        );
    });
}

// ---------------------------------------------------------------- Array

#[test]
fn array_packs_the_values_in_one_block() {
    prove(|| {
        let seed = seeds()[0];
        let replay = announce(seed);
        let values = Values::full(seed, MILLION).unsized_hint();
        let ((array, usage), peak) = ALLOC.peak(|| ALLOC.measure(|| Array::from_values(values)));
        assert_eq!(array.len(), MILLION, "Array::len after a million values");
        assert!(!array.is_empty(), "an array of a million values is not empty");
        let mismatches = Values::full(seed, MILLION)
            .enumerate()
            .filter(|&(index, value)| array.get(index) != Some(value))
            .count();
        assert_eq!(
            mismatches, 0,
            "Array::get(i) is the i-th value given to from_values ({replay})"
        );
        assert_eq!(
            usage.leaked_blocks, 1,
            "an Array is one heap block, the i32s side by side (array.array('i') keeps no int \
             objects)"
        );
        assert!(
            peak <= 8 * MILLION as isize,
            "building an Array of a million i32s reached {peak} bytes; 4 bytes per value, \
             doubled at most while the buffer grows, is 8,000,000"
        );
        assert_eq!(array.get(MILLION), None, "Array::get past the end is None");
    });
}

#[test]
fn array_stats_match_and_allocate_nothing() {
    prove(|| {
        for seed in seeds() {
            let replay = announce(seed);
            let values = Values::new(seed, 200_000, -5_000_000, 5_000_000);
            let array = Array::from_values(values.clone());
            let (modulus, remainder) = filter_for(seed);
            let expected = reference_stats(values, keeps(modulus, remainder));
            let (got, peak) = ALLOC.peak(|| array.stats(keeps(modulus, remainder)));
            assert_eq!(
                got, expected,
                "Array::stats of the values x with x mod {modulus} == {remainder} ({replay})"
            );
            assert_eq!(
                peak, 0,
                "Array::stats allocated {peak} bytes: it reads the array in place, one pass"
            );
        }
    });
}

#[test]
fn array_footprint_is_what_was_allocated() {
    prove(|| {
        for seed in seeds() {
            let replay = announce(seed);
            let len = 1_000 + SplitMix64::new(seed).below(50_000);
            let values = Values::full(seed, len).unsized_hint();
            let (array, usage) = ALLOC.measure(|| Array::from_values(values));
            let footprint = array.footprint();
            assert_eq!(
                footprint.total,
                usage.leaked_bytes as usize + size_of::<Array>(),
                "Array::footprint().total of {len} values: size_of::<Array>() plus the whole \
                 buffer, its capacity, not only its length ({replay})"
            );
            assert_eq!(
                footprint.shallow, footprint.total,
                "an Array's values live in its own buffer: shallow and total are the same \
                 ({replay})"
            );
        }
    });
}

#[test]
fn empty_array() {
    prove(|| {
        let array = Array::from_values(std::iter::empty());
        assert_eq!(array.len(), 0, "Array::len of an empty array");
        assert!(array.is_empty(), "Array::is_empty of an empty array");
        assert_eq!(array.get(0), None, "Array::get(0) of an empty array");
        assert_eq!(
            array.stats(|_| true),
            Stats::new(),
            "Array::stats of an empty array"
        );
        assert_eq!(
            array.footprint().total,
            size_of::<Array>(),
            "an empty array owns no buffer"
        );
    });
}

// ---------------------------------------------------------------- the generator's way

#[test]
fn stream_stats_of_a_million_values_stays_under_1_kib() {
    prove(|| {
        for seed in seeds() {
            let replay = announce(seed);
            let (modulus, remainder) = filter_for(seed);
            let expected =
                reference_stats(Values::full(seed, MILLION), keeps(modulus, remainder));
            let (got, peak) = ALLOC.peak(|| {
                stream_stats(
                    Values::full(seed, MILLION).unsized_hint(),
                    keeps(modulus, remainder),
                )
            });
            assert_eq!(
                got, expected,
                "stream_stats of a million values, keeping x mod {modulus} == {remainder} \
                 ({replay})"
            );
            assert!(
                peak < 1024,
                "stream_stats of a million values reached {peak} bytes; a generator holds one \
                 value at a time: under 1 KiB"
            );
        }
    });
}

#[test]
fn stream_stats_reads_each_value_once() {
    prove(|| {
        let pulled = Rc::new(Cell::new(0));
        let values = Values::new(5, 1_234, -10, 10).counted(&pulled);
        let got = stream_stats(values, |x| x > 0);
        assert_eq!(
            pulled.get(),
            1_234,
            "stream_stats pulls each of the 1,234 values once (a generator cannot be rewound)"
        );
        let expected = reference_stats(Values::new(5, 1_234, -10, 10), |x| x > 0);
        assert_eq!(got, expected, "stream_stats keeping the positive values");
    });
}

#[test]
fn accumulate_yields_running_totals() {
    prove(|| {
        for seed in seeds() {
            let replay = announce(seed);
            let len = 10_000 + SplitMix64::new(seed).below(10_000);
            // One more than there should be: an endless iterator fails here, not in a timeout.
            let got: Vec<i64> = accumulate(Values::full(seed, len)).take(len + 1).collect();
            let expected: Vec<i64> = Values::full(seed, len)
                .scan(0i64, |total, value| {
                    *total += i64::from(value);
                    Some(*total)
                })
                .collect();
            assert_eq!(
                got, expected,
                "accumulate of {len} values: v0, v0 + v1, … as i64 ({replay})"
            );
        }
        assert_eq!(
            accumulate(std::iter::empty()).next(),
            None,
            "accumulate of nothing yields nothing"
        );
        let big: Vec<i64> = accumulate([i32::MAX, i32::MAX, i32::MIN]).take(4).collect();
        assert_eq!(
            big,
            [
                i64::from(i32::MAX),
                2 * i64::from(i32::MAX),
                2 * i64::from(i32::MAX) + i64::from(i32::MIN)
            ],
            "accumulate([i32::MAX, i32::MAX, i32::MIN]): the totals are i64, beyond i32"
        );
    });
}

#[test]
fn accumulate_of_a_million_values_stays_under_1_kib() {
    prove(|| {
        for seed in seeds() {
            let replay = announce(seed);
            let ((checked, first_wrong), peak) = ALLOC.peak(|| {
                let mut expected = 0i64;
                let mut checked = 0usize;
                let mut first_wrong = None;
                let mut mine = Values::full(seed, MILLION);
                for got in accumulate(Values::full(seed, MILLION).unsized_hint()).take(MILLION + 1) {
                    expected += i64::from(mine.next().unwrap_or(0));
                    if got != expected && first_wrong.is_none() {
                        first_wrong = Some((checked, got, expected));
                    }
                    checked += 1;
                }
                (checked, first_wrong)
            });
            assert_eq!(
                checked, MILLION,
                "accumulate yields one total per value ({replay})"
            );
            assert_eq!(
                first_wrong, None,
                "(index, got, expected) of the first wrong running total ({replay})"
            );
            assert!(
                peak < 1024,
                "accumulate over a million values reached {peak} bytes; a generator holds one \
                 value and the total: under 1 KiB"
            );
        }
    });
}

#[test]
fn accumulate_pulls_one_value_per_item() {
    prove(|| {
        let pulled = Rc::new(Cell::new(0));
        let mut totals = accumulate(Values::new(9, 1_000, -100, 100).counted(&pulled));
        assert_eq!(
            pulled.get(),
            0,
            "accumulate(values) pulls nothing before the first next(): a generator starts \
             when asked"
        );
        for asked in 1..=5 {
            totals.next();
            assert_eq!(
                pulled.get(),
                asked,
                "after {asked} calls of next(), {asked} values pulled"
            );
        }
    });
}

// ---------------------------------------------------------------- the layout quiz

/// Compares a prediction with the real layout of `T` on this machine. A wrong answer is told
/// which of the two numbers is off, what it said and whether the real one is larger or smaller,
/// with `rule` as a nudge, never the real numbers: working them out is the exercise.
#[track_caller]
fn check<T>(predicted: Prediction, name: &str, rule: &str) {
    let real = Prediction {
        size: size_of::<T>(),
        align: align_of::<T>(),
    };
    if predicted == real {
        return;
    }
    let verdict = |what: &str, given: usize, real: usize| match given.cmp(&real) {
        std::cmp::Ordering::Equal => format!("your {what}, {given}, is right"),
        std::cmp::Ordering::Less => format!("your {what}, {given}, is too small"),
        std::cmp::Ordering::Greater => format!("your {what}, {given}, is too large"),
    };
    panic!(
        "size_of/align_of::<{name}>() on x86_64 Linux: {}; {}. Think again: {rule}",
        verdict("size_of", predicted.size, real.size),
        verdict("align_of", predicted.align, real.align),
    );
}

#[allow(dead_code)]
struct Reordered {
    a: u8,
    b: u32,
    c: u8,
}

#[allow(dead_code)]
#[repr(C)]
struct InOrder {
    a: u8,
    b: u32,
    c: u8,
}

#[allow(dead_code)]
#[repr(C)]
struct Header {
    tag: u8,
    length: u64,
    flags: u16,
}

#[allow(dead_code)]
struct Packed3 {
    tag: u8,
    length: u64,
    flags: u16,
}

#[allow(dead_code)]
enum Direction {
    North,
    East,
    South,
    West,
}

#[allow(dead_code)]
enum Value {
    Int(i64),
    Flag(bool),
}

trait Shape {
    #[allow(dead_code)]
    fn area(&self) -> f64;
}

#[test]
fn quiz_u128() {
    prove(|| {
        check::<u128>(
            layout_quiz::u128_layout(),
            "u128",
            "on x86_64 a primitive integer is aligned to its size, and since Rust 1.77 that holds for u128 too (it follows the C ABI's __int128; earlier Rust said otherwise)",
        );
    });
}

#[test]
fn quiz_char() {
    prove(|| {
        check::<char>(
            layout_quiz::char_layout(),
            "char",
            "a char is any Unicode scalar value, up to U+10FFFF, not one byte as C's char: which integer type can hold that?",
        );
    });
}

#[test]
fn quiz_box_i32() {
    prove(|| {
        check::<Box<i32>>(
            layout_quiz::box_i32(),
            "Box<i32>",
            "a Box is a thin pointer whatever it points to, and the target is 64-bit; the i32 sits in its own heap block",
        );
    });
}

#[test]
fn quiz_rust_u8_u32_u8() {
    prove(|| {
        check::<Reordered>(
            layout_quiz::rust_u8_u32_u8(),
            "Reordered (u8, u32, u8)",
            "Rust's default layout may reorder fields to waste less padding; the size is then rounded up to a multiple of the alignment",
        );
    });
}

#[test]
fn quiz_repr_c_u8_u32_u8() {
    prove(|| {
        check::<InOrder>(
            layout_quiz::repr_c_u8_u32_u8(),
            "InOrder (#[repr(C)] u8, u32, u8)",
            "#[repr(C)] keeps the written order: each field at the next multiple of its alignment, then tail padding up to a multiple of the struct's alignment",
        );
    });
}

#[test]
fn quiz_repr_c_u8_u64_u16() {
    prove(|| {
        check::<Header>(
            layout_quiz::repr_c_u8_u64_u16(),
            "Header (#[repr(C)] u8, u64, u16)",
            "#[repr(C)] keeps the written order: each field at the next multiple of its alignment, tail padding at the end; the alignment is the largest field's",
        );
    });
}

#[test]
fn quiz_rust_u8_u64_u16() {
    prove(|| {
        check::<Packed3>(
            layout_quiz::rust_u8_u64_u16(),
            "Packed3 (u8, u64, u16)",
            "Rust's default layout sorts the fields to waste less padding, but the size is still rounded up to a multiple of the alignment",
        );
    });
}

#[test]
fn quiz_option_u32() {
    prove(|| {
        check::<Option<u32>>(
            layout_quiz::option_u32(),
            "Option<u32>",
            "every bit pattern of a u32 is a number, so None needs a tag of its own; mind the alignment",
        );
    });
}

#[test]
fn quiz_option_nonzero_u32() {
    prove(|| {
        check::<Option<NonZeroU32>>(
            layout_quiz::option_nonzero_u32(),
            "Option<NonZeroU32>",
            "zero is never a NonZeroU32: can None hide in a value the type never uses (a niche)?",
        );
    });
}

#[test]
fn quiz_option_char() {
    prove(|| {
        check::<Option<char>>(
            layout_quiz::option_char(),
            "Option<char>",
            "a char never exceeds 0x10FFFF: can None hide in a value the type never uses (a niche)?",
        );
    });
}

#[test]
fn quiz_option_box_u64() {
    prove(|| {
        check::<Option<Box<u64>>>(
            layout_quiz::option_box_u64(),
            "Option<Box<u64>>",
            "a Box is never null: can None hide in a value the type never uses (a niche)?",
        );
    });
}

#[test]
fn quiz_direction() {
    prove(|| {
        check::<Direction>(
            layout_quiz::direction(),
            "Direction (4 variants, no data)",
            "four variants without data: the enum is only its tag, so how much room does a tag for four values need?",
        );
    });
}

#[test]
fn quiz_value_enum() {
    prove(|| {
        check::<Value>(
            layout_quiz::value_enum(),
            "Value (Int(i64) | Flag(bool))",
            "an enum is its tag plus its largest variant, which sits at an offset aligned for it; an i64 has no bit pattern to spare for the tag",
        );
    });
}

#[test]
fn quiz_option_option_bool() {
    prove(|| {
        check::<Option<Option<bool>>>(
            layout_quiz::option_option_bool(),
            "Option<Option<bool>>",
            "a bool uses only 0 and 1 of its byte: are there values left over for Some(None) and None (niches)?",
        );
    });
}

#[test]
fn quiz_vec_i32() {
    prove(|| {
        check::<Vec<i32>>(
            layout_quiz::vec_i32(),
            "Vec<i32>",
            "a Vec is a handle, not its contents: what must it know about its heap buffer? The element type does not change that",
        );
    });
}

#[test]
fn quiz_string() {
    prove(|| {
        check::<String>(
            layout_quiz::string(),
            "String",
            "a String is a Vec<u8> underneath",
        );
    });
}

#[test]
fn quiz_option_vec_i32() {
    prove(|| {
        check::<Option<Vec<i32>>>(
            layout_quiz::option_vec_i32(),
            "Option<Vec<i32>>",
            "the Vec's buffer pointer is never null: can None hide in a value the type never uses (a niche)?",
        );
    });
}

#[test]
fn quiz_rc_u64() {
    prove(|| {
        check::<Rc<u64>>(
            layout_quiz::rc_u64(),
            "Rc<u64>",
            "the counts and the value of an Rc live in its heap block, not in the handle",
        );
    });
}

#[test]
fn quiz_slice_ref_i32() {
    prove(|| {
        check::<&[i32]>(
            layout_quiz::slice_ref_i32(),
            "&[i32]",
            "a slice reference is a fat pointer: what does it carry besides the address?",
        );
    });
}

#[test]
fn quiz_box_dyn_shape() {
    prove(|| {
        check::<Box<dyn Shape>>(
            layout_quiz::box_dyn_shape(),
            "Box<dyn Shape>",
            "a trait object is reached through a fat pointer: what does it carry besides the value's address?",
        );
    });
}
