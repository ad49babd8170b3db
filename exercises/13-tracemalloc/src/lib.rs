//! Exercise 13: a tracking global allocator with the API of Python's `tracemalloc`.
//!
//! [`Tracker`] is a [`GlobalAlloc`] that forwards every request to [`System`] and, on a thread
//! that called [`start`], counts each live block: its size (as asked of the allocator, as
//! `tracemalloc` counts) under the [`scope`] label it was allocated in, and after
//! [`start_with_call_sites`] where it was allocated. On top of it, the module API of
//! `tracemalloc`: [`start`], [`stop`], [`is_tracing`], [`get_traced_memory`], [`reset_peak`],
//! [`clear_traces`], [`take_snapshot`], and a [`Snapshot`] with [`Snapshot::statistics`],
//! [`Snapshot::compare_to`] and [`Snapshot::filter_traces`]. Book: `book/src/13-tracemalloc.md`.
//!
//! Two rules make it usable from tests:
//!
//! - **Per thread.** Everything is thread-local: a thread traces only what it allocates itself,
//!   so another thread (libtest's main thread, a logger) never moves this thread's figures.
//! - **Never through itself.** While the tracker works (it allocates for its own tables, its
//!   snapshots, its statistics) a thread-local flag is up, and every allocation made meanwhile
//!   goes straight to [`System`] untraced: no recursion, and the tracker's own memory is never
//!   in the figures.
//!
//! A program (or test binary) installs it once:
//!
//! ```
//! use tracemalloc as tm;
//!
//! #[global_allocator]
//! static ALLOCATOR: tm::Tracker = tm::Tracker;
//!
//! tm::start();
//! let buffer: Vec<u8> = Vec::with_capacity(1000);
//! assert_eq!(tm::get_traced_memory(), (1000, 1000));
//! drop(buffer);
//! assert_eq!(tm::get_traced_memory(), (0, 1000));
//! tm::stop();
//! ```

#![warn(clippy::undocumented_unsafe_blocks, missing_docs)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::backtrace::Backtrace;
use std::fmt;
use std::sync::Arc;

/// The label of a block allocated outside every [`scope`].
pub const UNSCOPED: &str = "<unscoped>";

/// The global allocator: [`System`], plus a record of every block this thread allocates while
/// it traces.
///
/// ```
/// #[global_allocator]
/// static ALLOCATOR: tracemalloc::Tracker = tracemalloc::Tracker;
/// # fn main() {}
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Tracker;

/// Live blocks of one kind in a [`Snapshot`]: `count` blocks of `size` bytes in all, allocated
/// under one scope (and, with a call site, one block where it was allocated).
#[derive(Debug, Clone)]
struct Trace {
    /// Bytes asked of the allocator, all blocks together.
    size: usize,
    /// How many blocks.
    count: usize,
    /// The innermost [`scope`] open when they were allocated ([`UNSCOPED`] outside every one).
    scope: &'static str,
    /// Where the block was allocated, unresolved (only after [`start_with_call_sites`]).
    site: Option<Arc<Backtrace>>,
}

// SAFETY: every method hands the caller's request to `System`, which upholds `GlobalAlloc`'s
// contract, and gives back what `System` returned; the bookkeeping never touches the blocks.
//
// The forwarding is given (a test binary whose allocator panics cannot even list its tests);
// the tracking around it is yours.
unsafe impl GlobalAlloc for Tracker {
    // `#[inline]`: the tracker lives in another crate than the program's `#[global_allocator]`,
    // and without it each request pays one more call (a third of an untraced request's cost).
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: our caller guarantees `layout` has a non-zero size, as `System.alloc` needs.
        let ptr = unsafe { System.alloc(layout) };
        // TODO: trace the block (on this thread, while tracing, never through yourself).
        ptr
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: our caller guarantees `layout` has a non-zero size, as `System.alloc_zeroed`
        // needs.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        // TODO: trace the block.
        ptr
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // TODO: forget the block's trace (before `System` can hand the address out again).
        // SAFETY: our caller guarantees `ptr` was allocated by this allocator (so by `System`,
        // which did all our allocating) with this `layout`, and is not used again.
        unsafe { System.dealloc(ptr, layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: our caller guarantees `ptr` is a live block of ours (so of `System`'s) with
        // this `layout`, and that `new_size` is non-zero and does not overflow when rounded up
        // to `layout.align()`.
        let new_ptr = unsafe { System.realloc(ptr, layout, new_size) };
        // TODO: on success, the old block's trace goes and the new block is traced.
        new_ptr
    }
}

/// Starts tracing this thread's allocations (without call sites). Already tracing: nothing
/// changes, as `tracemalloc.start()` twice.
///
/// ```
/// # #[global_allocator] static A: tracemalloc::Tracker = tracemalloc::Tracker;
/// tracemalloc::start();
/// assert!(tracemalloc::is_tracing());
/// tracemalloc::stop();
/// ```
pub fn start() {
    todo!()
}

/// Starts tracing, and from now on also captures where each block is allocated (a
/// [`Backtrace`], resolved only when [`Snapshot::statistics`] asks for [`Key::CallSite`]).
/// Costly: microseconds per allocation. Blocks allocated before keep no call site.
///
/// ```
/// # #[global_allocator] static A: tracemalloc::Tracker = tracemalloc::Tracker;
/// use tracemalloc::{self as tm, Key};
///
/// #[inline(never)]
/// fn make_buffer() -> Vec<u8> {
///     Vec::with_capacity(64)
/// }
///
/// tm::start_with_call_sites();
/// let buffer = make_buffer();
/// let stats = tm::take_snapshot().unwrap().statistics(Key::CallSite);
/// assert!(stats[0].key.contains("make_buffer"), "{}", stats[0].key);
/// tm::stop();
/// # drop(buffer);
/// ```
pub fn start_with_call_sites() {
    todo!()
}

/// Stops tracing this thread and forgets every trace: current and peak go back to 0, as
/// `tracemalloc.stop()` does.
///
/// ```
/// # #[global_allocator] static A: tracemalloc::Tracker = tracemalloc::Tracker;
/// use tracemalloc as tm;
///
/// tm::start();
/// let kept = Box::new([0u8; 100]);
/// tm::stop();
/// assert!(!tm::is_tracing());
/// assert_eq!(tm::get_traced_memory(), (0, 0));
/// # drop(kept);
/// ```
pub fn stop() {
    todo!()
}

/// Whether this thread is tracing.
///
/// ```
/// # #[global_allocator] static A: tracemalloc::Tracker = tracemalloc::Tracker;
/// assert!(!tracemalloc::is_tracing());
/// ```
pub fn is_tracing() -> bool {
    todo!()
}

/// `(current, peak)`: the bytes of this thread's traced blocks that are live now, and the most
/// that were live at once since tracing started (or since [`reset_peak`] or
/// [`clear_traces`]). `(0, 0)` when not tracing.
///
/// ```
/// # #[global_allocator] static A: tracemalloc::Tracker = tracemalloc::Tracker;
/// use tracemalloc as tm;
///
/// tm::start();
/// let a = Box::new(1u64);
/// let b = Box::new([0u32; 4]);
/// drop(a);
/// assert_eq!(tm::get_traced_memory(), (16, 24));
/// tm::stop();
/// # drop(b);
/// ```
pub fn get_traced_memory() -> (usize, usize) {
    todo!()
}

/// Sets the peak to the current size, so the next [`get_traced_memory`] reports the peak of
/// what follows (`tracemalloc.reset_peak()`, Python 3.9+). Does nothing when not tracing.
///
/// ```
/// # #[global_allocator] static A: tracemalloc::Tracker = tracemalloc::Tracker;
/// use tracemalloc as tm;
///
/// tm::start();
/// drop(Vec::<u8>::with_capacity(4096));
/// let kept = Box::new(7u8);
/// tm::reset_peak();
/// assert_eq!(tm::get_traced_memory(), (1, 1));
/// tm::stop();
/// # drop(kept);
/// ```
pub fn reset_peak() {
    todo!()
}

/// Forgets every trace, and current and peak go to 0, but tracing goes on
/// (`tracemalloc.clear_traces()`). A block allocated before is not counted when it is freed.
///
/// ```
/// # #[global_allocator] static A: tracemalloc::Tracker = tracemalloc::Tracker;
/// use tracemalloc as tm;
///
/// tm::start();
/// let old = Box::new([0u8; 10]);
/// tm::clear_traces();
/// drop(old);
/// assert_eq!(tm::get_traced_memory(), (0, 0));
/// tm::stop();
/// ```
pub fn clear_traces() {
    todo!()
}

/// Runs `work` with `label` as the current scope: blocks it allocates (on this thread) are
/// traced under `label`. Scopes nest (the innermost label wins) and the previous label comes
/// back when `work` returns or panics.
///
/// ```
/// # #[global_allocator] static A: tracemalloc::Tracker = tracemalloc::Tracker;
/// use tracemalloc::{self as tm, Key};
///
/// tm::start();
/// let parsed = tm::scope("parse", || vec![0u8; 300]);
/// let stats = tm::take_snapshot().unwrap().statistics(Key::Scope);
/// assert_eq!((stats[0].key.as_str(), stats[0].size, stats[0].count), ("parse", 300, 1));
/// tm::stop();
/// # drop(parsed);
/// ```
pub fn scope<R>(label: &'static str, work: impl FnOnce() -> R) -> R {
    todo!()
}

/// What [`take_snapshot`] answers when this thread is not tracing: Python's `RuntimeError`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotTracing;

impl fmt::Display for NotTracing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the tracemalloc module must be tracing memory allocations to take a snapshot")
    }
}

impl std::error::Error for NotTracing {}

/// A copy of this thread's traces at one moment (`tracemalloc.take_snapshot()`), or
/// [`NotTracing`].
///
/// ```
/// # #[global_allocator] static A: tracemalloc::Tracker = tracemalloc::Tracker;
/// use tracemalloc::{self as tm, NotTracing};
///
/// assert_eq!(tm::take_snapshot().err(), Some(NotTracing));
/// tm::start();
/// let block = Box::new(5u32);
/// assert_eq!(tm::take_snapshot().unwrap().len(), 1);
/// tm::stop();
/// # drop(block);
/// ```
pub fn take_snapshot() -> Result<Snapshot, NotTracing> {
    todo!()
}

/// How [`Snapshot::statistics`] groups traces: Python's `key_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// By the [`scope`] label ([`UNSCOPED`] outside every scope).
    Scope,
    /// By call site: `"function at file:line:column"` of the first frame outside the tracker
    /// and the standard library (`'lineno'` in Python). Only blocks allocated after
    /// [`start_with_call_sites`] have one; the others are grouped under `"<unknown>"`.
    CallSite,
}

/// One group of a [`Snapshot::statistics`]: Python's `Statistic`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statistic {
    /// The scope label or the call site.
    pub key: String,
    /// Total bytes of the group's blocks.
    pub size: usize,
    /// Number of blocks.
    pub count: usize,
}

/// One group of a [`Snapshot::compare_to`]: Python's `StatisticDiff`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatisticDiff {
    /// The scope label or the call site.
    pub key: String,
    /// Bytes in the new snapshot.
    pub size: usize,
    /// New minus old bytes.
    pub size_diff: isize,
    /// Blocks in the new snapshot.
    pub count: usize,
    /// New minus old blocks.
    pub count_diff: isize,
}

/// Keeps or drops traces in [`Snapshot::filter_traces`] by their scope label: Python's
/// `tracemalloc.Filter(inclusive, filename_pattern)`, with a label instead of a file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filter {
    /// `true`: keep only matching traces (when several inclusive filters are given, a trace
    /// matching any one of them); `false`: drop matching traces.
    pub inclusive: bool,
    /// The scope label to match ([`UNSCOPED`] matches blocks outside every scope).
    pub scope: &'static str,
}

impl Filter {
    /// Keep only traces of this scope (or of another inclusive filter's).
    pub fn include(scope: &'static str) -> Self {
        Filter {
            inclusive: true,
            scope,
        }
    }

    /// Drop the traces of this scope.
    pub fn exclude(scope: &'static str) -> Self {
        Filter {
            inclusive: false,
            scope,
        }
    }
}

/// The traces of one thread at one moment. Made by [`take_snapshot`]; its own memory is the
/// tracker's and is never traced.
#[derive(Debug, Clone)]
pub struct Snapshot {
    traces: Vec<Trace>,
}

impl Snapshot {
    /// The number of traced blocks.
    pub fn len(&self) -> usize {
        todo!()
    }

    /// Whether no block was traced.
    pub fn is_empty(&self) -> bool {
        todo!()
    }

    /// The traces grouped by `key`, biggest first, as Python sorts them: by size, then count,
    /// then key, all descending.
    ///
    /// ```
    /// # #[global_allocator] static A: tracemalloc::Tracker = tracemalloc::Tracker;
    /// use tracemalloc::{self as tm, Key, Statistic};
    ///
    /// tm::start();
    /// let small = tm::scope("small", || Box::new([0u8; 10]));
    /// let big = tm::scope("big", || (Box::new([0u8; 20]), Box::new([0u8; 30])));
    /// let stats = tm::take_snapshot().unwrap().statistics(Key::Scope);
    /// assert_eq!(stats, [
    ///     Statistic { key: "big".into(), size: 50, count: 2 },
    ///     Statistic { key: "small".into(), size: 10, count: 1 },
    /// ]);
    /// tm::stop();
    /// # drop((small, big));
    /// ```
    pub fn statistics(&self, key: Key) -> Vec<Statistic> {
        todo!()
    }

    /// What changed since `old`, grouped by `key`: one entry per key of either snapshot, sorted
    /// as Python's `Snapshot.compare_to` sorts, descending by the absolute size difference,
    /// then the size, then the absolute count difference, then the count, then the key.
    ///
    /// ```
    /// # #[global_allocator] static A: tracemalloc::Tracker = tracemalloc::Tracker;
    /// use tracemalloc::{self as tm, Key};
    ///
    /// tm::start();
    /// let before = tm::take_snapshot().unwrap();
    /// let grown = tm::scope("load", || vec![1u8; 100]);
    /// let diff = tm::take_snapshot().unwrap().compare_to(&before, Key::Scope);
    /// assert_eq!((diff[0].key.as_str(), diff[0].size_diff, diff[0].count_diff), ("load", 100, 1));
    /// tm::stop();
    /// # drop(grown);
    /// ```
    pub fn compare_to(&self, old: &Snapshot, key: Key) -> Vec<StatisticDiff> {
        todo!()
    }

    /// A snapshot of the traces that pass `filters`, as Python's `Snapshot.filter_traces`: a
    /// trace is kept when it matches at least one inclusive filter (or there is none) and no
    /// exclusive filter. No filters: a copy.
    ///
    /// ```
    /// # #[global_allocator] static A: tracemalloc::Tracker = tracemalloc::Tracker;
    /// use tracemalloc::{self as tm, Filter};
    ///
    /// tm::start();
    /// let a = tm::scope("a", || Box::new(1u8));
    /// let b = tm::scope("b", || Box::new(2u8));
    /// let snapshot = tm::take_snapshot().unwrap();
    /// assert_eq!(snapshot.filter_traces(&[Filter::exclude("a")]).len(), 1);
    /// tm::stop();
    /// # drop((a, b));
    /// ```
    pub fn filter_traces(&self, filters: &[Filter]) -> Snapshot {
        todo!()
    }
}
