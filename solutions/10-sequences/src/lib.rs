//! Exercise 10: three ways to hold or stream a million integers, and what each really costs.
//!
//! The seed compares `[i for i in range(n)]`, `array.array('i', range(n))` and
//! `(i for i in range(n))` with `sys.getsizeof`. Here are the same three in Rust:
//!
//! | Python | here | the values live |
//! |---|---|---|
//! | `list` of `int` objects | [`List`]: a `Vec<Box<i32>>` | one heap block each, the vector holds pointers |
//! | `array.array('i')` | [`Array`]: a `Vec<i32>` | side by side in one block |
//! | a generator | [`accumulate`], [`stream_stats`]: iterators | nowhere: made when asked for, one at a time |
//!
//! Each gets real work — a running statistic ([`Stats`]) over the values a filter keeps — and
//! the two containers report their [`Footprint`]: what `sys.getsizeof` would count, and the
//! whole cost. The module [`layout_quiz`] holds your predictions of `size_of`/`align_of` for
//! twenty types. Book: `book/src/10-sequences.md`.

#![forbid(unsafe_code)]

pub mod layout_quiz;

/// A running statistic: how many values were added, their sum, the smallest and the largest.
///
/// The sum is an `i64`: a million `i32`s can add up to far more than `i32::MAX`.
///
/// ```
/// use sequences_solution::Stats;
///
/// let mut stats = Stats::new();
/// for value in [3, -7, 12] {
///     stats.add(value);
/// }
/// assert_eq!(stats, Stats { count: 3, sum: 8, min: Some(-7), max: Some(12) });
/// assert_eq!(Stats::new().min, None); // nothing seen: no minimum
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    /// How many values were added.
    pub count: u64,
    /// Their sum.
    pub sum: i64,
    /// The smallest value added, `None` before the first.
    pub min: Option<i32>,
    /// The largest value added, `None` before the first.
    pub max: Option<i32>,
}

impl Stats {
    /// No values seen yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Takes one more value into account.
    pub fn add(&mut self, value: i32) {
        // solution:begin
        self.count += 1;
        self.sum += i64::from(value);
        self.min = Some(self.min.map_or(value, |min| min.min(value)));
        self.max = Some(self.max.map_or(value, |max| max.max(value)));
        // solution:end
    }
}

/// What a container costs, in bytes.
///
/// `shallow` is what `sys.getsizeof` counts: the container itself (`size_of` of the value) and
/// the buffer it owns directly, all of its capacity, used or not. `total` adds everything the
/// buffer points to: for a [`List`], one `i32` block per item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Footprint {
    /// The container and its own buffer (what `sys.getsizeof` reports).
    pub shallow: usize,
    /// `shallow` plus the blocks the buffer points to.
    pub total: usize,
}

/// A Python `list` of `int`s: a vector of pointers, each to its own heap block holding one value.
///
/// ```
/// use sequences_solution::List;
///
/// let list = List::from_values([5, -1, 7]);
/// assert_eq!(list.len(), 3);
/// assert_eq!(list.get(2), Some(7));
/// assert_eq!(list.stats(|x| x > 0).sum, 12);
/// let footprint = list.footprint();
/// assert_eq!(footprint.total - footprint.shallow, 3 * 4); // the three boxed i32s
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List {
    #[expect(
        clippy::vec_box,
        reason = "the point: one heap block per int, as CPython's list of int objects"
    )]
    items: Vec<Box<i32>>,
}

impl List {
    /// `[x for x in values]`: every value boxed on its own, the vector holding the boxes.
    pub fn from_values(values: impl IntoIterator<Item = i32>) -> Self {
        // solution:begin
        Self {
            items: values.into_iter().map(Box::new).collect(),
        }
        // solution:end
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        // solution:begin
        self.items.len()
        // solution:end
    }

    /// Whether the list has no items.
    pub fn is_empty(&self) -> bool {
        // solution:begin
        self.items.is_empty()
        // solution:end
    }

    /// The item at `index` (a copy), `None` past the end.
    pub fn get(&self, index: usize) -> Option<i32> {
        // solution:begin
        self.items.get(index).map(|boxed| **boxed)
        // solution:end
    }

    /// The running statistic of the items `keep` accepts, in one pass, allocating nothing.
    pub fn stats(&self, keep: impl Fn(i32) -> bool) -> Stats {
        // solution:begin
        let mut stats = Stats::new();
        for boxed in &self.items {
            let value = **boxed;
            if keep(value) {
                stats.add(value);
            }
        }
        stats
        // solution:end
    }

    /// The list itself and its pointer buffer (all of its capacity) as `shallow`; `total` adds
    /// one `i32` block per item.
    pub fn footprint(&self) -> Footprint {
        // solution:begin
        let shallow = size_of::<Self>() + self.items.capacity() * size_of::<Box<i32>>();
        Footprint {
            shallow,
            total: shallow + self.items.len() * size_of::<i32>(),
        }
        // solution:end
    }
}

/// Python's `array.array('i')`: the values themselves, packed side by side in one block.
///
/// ```
/// use sequences_solution::Array;
///
/// let array = Array::from_values([5, -1, 7]);
/// assert_eq!(array.get(1), Some(-1));
/// assert_eq!(array.stats(|x| x < 7).min, Some(-1));
/// let footprint = array.footprint();
/// assert_eq!(footprint.shallow, footprint.total); // nothing outside its own buffer
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Array {
    items: Vec<i32>,
}

impl Array {
    /// `array.array('i', values)`: the values copied into one buffer.
    pub fn from_values(values: impl IntoIterator<Item = i32>) -> Self {
        // solution:begin
        Self {
            items: values.into_iter().collect(),
        }
        // solution:end
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        // solution:begin
        self.items.len()
        // solution:end
    }

    /// Whether the array has no items.
    pub fn is_empty(&self) -> bool {
        // solution:begin
        self.items.is_empty()
        // solution:end
    }

    /// The item at `index`, `None` past the end.
    pub fn get(&self, index: usize) -> Option<i32> {
        // solution:begin
        self.items.get(index).copied()
        // solution:end
    }

    /// The running statistic of the items `keep` accepts, in one pass, allocating nothing.
    pub fn stats(&self, keep: impl Fn(i32) -> bool) -> Stats {
        // solution:begin
        let mut stats = Stats::new();
        for &value in &self.items {
            if keep(value) {
                stats.add(value);
            }
        }
        stats
        // solution:end
    }

    /// The array itself and its buffer (all of its capacity); `total` is the same, as the values
    /// live in the buffer.
    pub fn footprint(&self) -> Footprint {
        // solution:begin
        let shallow = size_of::<Self>() + self.items.capacity() * size_of::<i32>();
        Footprint {
            shallow,
            total: shallow,
        }
        // solution:end
    }
}

/// The generator's way: the running statistic of the values `keep` accepts, pulled one at a
/// time from `values` and never stored. A million values cost no more memory than ten.
///
/// ```
/// use sequences_solution::stream_stats;
///
/// let stats = stream_stats(0..1_000_000, |x| x % 3 == 0);
/// assert_eq!(stats.count, 333_334);
/// assert_eq!(stats.max, Some(999_999));
/// ```
pub fn stream_stats(values: impl IntoIterator<Item = i32>, keep: impl Fn(i32) -> bool) -> Stats {
    // solution:begin
    let mut stats = Stats::new();
    for value in values {
        if keep(value) {
            stats.add(value);
        }
    }
    stats
    // solution:end
}

/// A generator of running totals, Python's `itertools.accumulate`: yields `v0`, `v0 + v1`,
/// `v0 + v1 + v2`, … as `i64`, pulling one value from the source per item it yields.
///
/// ```
/// use sequences_solution::accumulate;
///
/// let totals: Vec<i64> = accumulate([1, 2, 3, -10]).collect();
/// assert_eq!(totals, [1, 3, 6, -4]);
/// ```
#[derive(Debug, Clone)]
pub struct Accumulate<I> {
    values: I,
    total: i64,
}

/// Running totals of `values`, made lazily: nothing is pulled from `values` until the first
/// `next`, and each `next` pulls exactly one value. An endless source is fine:
///
/// ```
/// use sequences_solution::accumulate;
///
/// let mut totals = accumulate(std::iter::repeat(i32::MAX));
/// assert_eq!(totals.nth(2), Some(3 * i64::from(i32::MAX))); // past i32::MAX: totals are i64
/// ```
pub fn accumulate<I: IntoIterator<Item = i32>>(values: I) -> Accumulate<I::IntoIter> {
    // solution:begin
    Accumulate {
        values: values.into_iter(),
        total: 0,
    }
    // solution:end
}

impl<I: Iterator<Item = i32>> Iterator for Accumulate<I> {
    type Item = i64;

    fn next(&mut self) -> Option<i64> {
        // solution:begin
        let value = self.values.next()?;
        self.total += i64::from(value);
        Some(self.total)
        // solution:end
    }
}
