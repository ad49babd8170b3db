//! Exercise 13: a tracking global allocator with the API of Python's `tracemalloc`.
//!
//! [`Tracker`] is a [`GlobalAlloc`] that forwards every request to [`System`] and, on a thread
//! that called [`start`], remembers each live block: its size (as asked of the allocator, as
//! `tracemalloc` counts) and the [`scope`] label it was allocated under, and after
//! [`start_with_call_sites`] where it was allocated. On top of it, the module API of
//! `tracemalloc`: [`start`], [`stop`], [`is_tracing`], [`get_traced_memory`], [`reset_peak`],
//! [`clear_traces`], [`take_snapshot`], and a [`Snapshot`] with [`Snapshot::statistics`],
//! [`Snapshot::compare_to`] and [`Snapshot::filter_traces`]. Book: `book/src/13-tracemalloc.md`.
//!
//! Two rules make it usable from tests:
//!
//! - **Per thread.** Everything is thread-local: a thread traces only what it allocates itself,
//!   so another thread (libtest's main thread, a logger) never moves this thread's figures.
//! - **Never through itself.** While the tracker works (it allocates for its own table, its
//!   snapshots, its statistics) a thread-local flag is up, and every allocation made meanwhile
//!   goes straight to [`System`] untraced: no recursion, and the tracker's own memory is never
//!   in the figures.
//!
//! A program (or test binary) installs it once:
//!
//! ```
//! use tracemalloc_solution as tm;
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
// solution:begin remove
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
// solution:end
use std::fmt;
use std::sync::Arc;

/// The label of a block allocated outside every [`scope`].
pub const UNSCOPED: &str = "<unscoped>";

/// The global allocator: [`System`], plus a record of every block this thread allocates while
/// it traces.
///
/// ```
/// #[global_allocator]
/// static ALLOCATOR: tracemalloc_solution::Tracker = tracemalloc_solution::Tracker;
/// # fn main() {}
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Tracker;

/// One live block, as the trace table keeps it.
#[derive(Debug, Clone)]
struct Trace {
    /// Bytes asked of the allocator.
    size: usize,
    /// The innermost [`scope`] open when the block was allocated.
    scope: Option<&'static str>,
    /// Where it was allocated, unresolved (only after [`start_with_call_sites`]).
    site: Option<Arc<Backtrace>>,
}

// solution:begin remove
/// Everything one thread's tracker knows.
struct State {
    tracing: bool,
    call_sites: bool,
    current: usize,
    peak: usize,
    /// Live traced blocks by address.
    traces: BTreeMap<usize, Trace>,
}

impl State {
    const fn new() -> Self {
        State {
            tracing: false,
            call_sites: false,
            current: 0,
            peak: 0,
            traces: BTreeMap::new(),
        }
    }

    fn add(&mut self, address: usize, size: usize) {
        // Not while panicking: the panic hook holds the backtrace lock while it prints, and
        // `force_capture` would wait for that lock for ever.
        let site = (self.call_sites && !std::thread::panicking())
            .then(|| Arc::new(Backtrace::force_capture()));
        let scope = SCOPE.with(Cell::get);
        if let Some(old) = self.traces.insert(address, Trace { size, scope, site }) {
            // A block the tracker believed live came back from the allocator: forget the old
            // trace (the allocator reused an address whose free this thread did not see).
            self.current -= old.size;
        }
        self.current += size;
        self.peak = self.peak.max(self.current);
    }

    fn remove(&mut self, address: usize) {
        if let Some(old) = self.traces.remove(&address) {
            self.current -= old.size;
        }
    }

    fn clear(&mut self) {
        self.traces.clear();
        self.current = 0;
        self.peak = 0;
    }
}

thread_local! {
    /// Up while the tracker works on this thread: allocations made then are not traced.
    static BUSY: Cell<bool> = const { Cell::new(false) };
    /// The innermost open [`scope`].
    static SCOPE: Cell<Option<&'static str>> = const { Cell::new(None) };
    static STATE: RefCell<State> = const { RefCell::new(State::new()) };
}

/// Proof that this thread's tracker is busy; lowers the flag when dropped (also on a panic).
struct Busy;

impl Busy {
    /// Raises the flag, or `None` when it is already up (the tracker is allocating for itself)
    /// or the thread's locals are gone (the thread is ending).
    fn enter() -> Option<Busy> {
        // `then`, not `then_some(Busy)`: that would build a `Busy` even when the flag was
        // already up, and dropping it would lower the flag under the outer user's feet.
        BUSY.try_with(|busy| (!busy.replace(true)).then(|| Busy))
            .ok()
            .flatten()
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        let _ = BUSY.try_with(|busy| busy.set(false));
    }
}

/// Runs `work` on this thread's state with the busy flag up; `None` when the tracker is
/// already busy on this thread or the thread is ending.
fn with_state<R>(work: impl FnOnce(&mut State) -> R) -> Option<R> {
    let _busy = Busy::enter()?;
    STATE
        .try_with(|state| {
            state
                .try_borrow_mut()
                .ok()
                .map(|mut state| work(&mut state))
        })
        .ok()
        .flatten()
}

fn record_alloc(ptr: *mut u8, size: usize) {
    if !ptr.is_null() {
        with_state(|state| {
            if state.tracing {
                state.add(ptr as usize, size);
            }
        });
    }
}

fn record_free(ptr: *mut u8) {
    with_state(|state| {
        if state.tracing {
            state.remove(ptr as usize);
        }
    });
}
// solution:end

// SAFETY: every method forwards the caller's request unchanged to `System`, which upholds
// `GlobalAlloc`'s contract; the bookkeeping around it never touches the blocks themselves.
//
// The forwarding is given (a test binary whose allocator panics cannot even list its tests);
// the tracking around it is yours.
unsafe impl GlobalAlloc for Tracker {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: our caller guarantees `layout` has a non-zero size, as `System.alloc` needs.
        let ptr = unsafe { System.alloc(layout) };
        // solution:begin remove
        record_alloc(ptr, layout.size());
        // solution:end
        //~ // TODO: trace the block (on this thread, while tracing, never through yourself).
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: our caller guarantees `layout` has a non-zero size, as `System.alloc_zeroed`
        // needs.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        // solution:begin remove
        record_alloc(ptr, layout.size());
        // solution:end
        //~ // TODO: trace the block.
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // solution:begin remove
        // Forget the trace first: once `System` has the block back, another thread may get
        // the same address.
        record_free(ptr);
        // solution:end
        //~ // TODO: forget the block's trace (before `System` can hand the address out again).
        // SAFETY: our caller guarantees `ptr` was allocated by this allocator (so by `System`,
        // which did all our allocating) with this `layout`, and is not used again.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: our caller guarantees `ptr` is a live block of ours (so of `System`'s) with
        // this `layout`, and that `new_size` is non-zero and does not overflow when rounded up
        // to `layout.align()`.
        let new_ptr = unsafe { System.realloc(ptr, layout, new_size) };
        // solution:begin remove
        if !new_ptr.is_null() {
            // As CPython's tracemalloc does: the old block's trace goes, the new block is
            // traced with its whole new size, under the scope open now.
            record_free(ptr);
            record_alloc(new_ptr, new_size);
        }
        // solution:end
        //~ // TODO: on success, the old block's trace goes and the new block is traced.
        new_ptr
    }
}

/// Starts tracing this thread's allocations (without call sites). Already tracing: nothing
/// changes, as `tracemalloc.start()` twice.
///
/// ```
/// # #[global_allocator] static A: tracemalloc_solution::Tracker = tracemalloc_solution::Tracker;
/// tracemalloc_solution::start();
/// assert!(tracemalloc_solution::is_tracing());
/// tracemalloc_solution::stop();
/// ```
pub fn start() {
    // solution:begin
    with_state(|state| state.tracing = true);
    // solution:end
}

/// Starts tracing, and from now on also captures where each block is allocated (a
/// [`Backtrace`], resolved only when [`Snapshot::statistics`] asks for [`Key::CallSite`]).
/// Costly: microseconds per allocation. Blocks allocated before keep no call site.
///
/// ```
/// # #[global_allocator] static A: tracemalloc_solution::Tracker = tracemalloc_solution::Tracker;
/// use tracemalloc_solution::{self as tm, Key};
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
    // solution:begin
    with_state(|state| {
        state.tracing = true;
        state.call_sites = true;
    });
    // solution:end
}

/// Stops tracing this thread and forgets every trace: current and peak go back to 0, as
/// `tracemalloc.stop()` does.
///
/// ```
/// # #[global_allocator] static A: tracemalloc_solution::Tracker = tracemalloc_solution::Tracker;
/// use tracemalloc_solution as tm;
///
/// tm::start();
/// let kept = Box::new([0u8; 100]);
/// tm::stop();
/// assert!(!tm::is_tracing());
/// assert_eq!(tm::get_traced_memory(), (0, 0));
/// # drop(kept);
/// ```
pub fn stop() {
    // solution:begin
    with_state(|state| {
        state.tracing = false;
        state.call_sites = false;
        state.clear();
    });
    // solution:end
}

/// Whether this thread is tracing.
///
/// ```
/// # #[global_allocator] static A: tracemalloc_solution::Tracker = tracemalloc_solution::Tracker;
/// assert!(!tracemalloc_solution::is_tracing());
/// ```
pub fn is_tracing() -> bool {
    // solution:begin
    with_state(|state| state.tracing).unwrap_or(false)
    // solution:end
}

/// `(current, peak)`: the bytes of this thread's traced blocks that are live now, and the most
/// that were live at once since tracing started (or since [`reset_peak`] or
/// [`clear_traces`]). `(0, 0)` when not tracing.
///
/// ```
/// # #[global_allocator] static A: tracemalloc_solution::Tracker = tracemalloc_solution::Tracker;
/// use tracemalloc_solution as tm;
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
    // solution:begin
    with_state(|state| (state.current, state.peak)).unwrap_or((0, 0))
    // solution:end
}

/// Sets the peak to the current size, so the next [`get_traced_memory`] reports the peak of
/// what follows (`tracemalloc.reset_peak()`, Python 3.9+). Does nothing when not tracing.
///
/// ```
/// # #[global_allocator] static A: tracemalloc_solution::Tracker = tracemalloc_solution::Tracker;
/// use tracemalloc_solution as tm;
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
    // solution:begin
    with_state(|state| {
        if state.tracing {
            state.peak = state.current;
        }
    });
    // solution:end
}

/// Forgets every trace, and current and peak go to 0, but tracing goes on
/// (`tracemalloc.clear_traces()`). A block allocated before is not counted when it is freed.
///
/// ```
/// # #[global_allocator] static A: tracemalloc_solution::Tracker = tracemalloc_solution::Tracker;
/// use tracemalloc_solution as tm;
///
/// tm::start();
/// let old = Box::new([0u8; 10]);
/// tm::clear_traces();
/// drop(old);
/// assert_eq!(tm::get_traced_memory(), (0, 0));
/// tm::stop();
/// ```
pub fn clear_traces() {
    // solution:begin
    with_state(|state| {
        if state.tracing {
            state.clear();
        }
    });
    // solution:end
}

/// Runs `work` with `label` as the current scope: blocks it allocates (on this thread) are
/// traced under `label`. Scopes nest (the innermost label wins) and the previous label comes
/// back when `work` returns or panics.
///
/// ```
/// # #[global_allocator] static A: tracemalloc_solution::Tracker = tracemalloc_solution::Tracker;
/// use tracemalloc_solution::{self as tm, Key};
///
/// tm::start();
/// let parsed = tm::scope("parse", || vec![0u8; 300]);
/// let stats = tm::take_snapshot().unwrap().statistics(Key::Scope);
/// assert_eq!((stats[0].key.as_str(), stats[0].size, stats[0].count), ("parse", 300, 1));
/// tm::stop();
/// # drop(parsed);
/// ```
pub fn scope<R>(label: &'static str, work: impl FnOnce() -> R) -> R {
    // solution:begin
    /// Puts the outer label back when dropped, also during a panic.
    struct Restore(Option<&'static str>);
    impl Drop for Restore {
        fn drop(&mut self) {
            SCOPE.with(|scope| scope.set(self.0));
        }
    }
    let _restore = Restore(SCOPE.with(|scope| scope.replace(Some(label))));
    work()
    // solution:end
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
/// # #[global_allocator] static A: tracemalloc_solution::Tracker = tracemalloc_solution::Tracker;
/// use tracemalloc_solution::{self as tm, NotTracing};
///
/// assert_eq!(tm::take_snapshot().err(), Some(NotTracing));
/// tm::start();
/// let block = Box::new(5u32);
/// assert_eq!(tm::take_snapshot().unwrap().len(), 1);
/// tm::stop();
/// # drop(block);
/// ```
pub fn take_snapshot() -> Result<Snapshot, NotTracing> {
    // solution:begin
    with_state(|state| {
        if state.tracing {
            Ok(Snapshot {
                traces: state.traces.values().cloned().collect(),
            })
        } else {
            Err(NotTracing)
        }
    })
    .unwrap_or(Err(NotTracing))
    // solution:end
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
        // solution:begin
        self.traces.len()
        // solution:end
    }

    /// Whether no block was traced.
    pub fn is_empty(&self) -> bool {
        // solution:begin
        self.traces.is_empty()
        // solution:end
    }

    /// The traces grouped by `key`, biggest first, as Python sorts them: by size, then count,
    /// then key, all descending.
    ///
    /// ```
    /// # #[global_allocator] static A: tracemalloc_solution::Tracker = tracemalloc_solution::Tracker;
    /// use tracemalloc_solution::{self as tm, Key, Statistic};
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
        // solution:begin
        let _busy = Busy::enter();
        let mut groups: HashMap<String, (usize, usize)> = HashMap::new();
        for trace in &self.traces {
            let group = groups.entry(trace_key(trace, key)).or_default();
            group.0 += trace.size;
            group.1 += 1;
        }
        let mut stats: Vec<Statistic> = groups
            .into_iter()
            .map(|(key, (size, count))| Statistic { key, size, count })
            .collect();
        stats.sort_by(|a, b| (b.size, b.count, &b.key).cmp(&(a.size, a.count, &a.key)));
        stats
        // solution:end
    }

    /// What changed since `old`, grouped by `key`: one entry per key of either snapshot, sorted
    /// as Python's `Snapshot.compare_to` sorts, descending by the absolute size difference,
    /// then the size, then the absolute count difference, then the count, then the key.
    ///
    /// ```
    /// # #[global_allocator] static A: tracemalloc_solution::Tracker = tracemalloc_solution::Tracker;
    /// use tracemalloc_solution::{self as tm, Key};
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
        // solution:begin
        let _busy = Busy::enter();
        let mut old_groups: HashMap<String, Statistic> = old
            .statistics(key)
            .into_iter()
            .map(|stat| (stat.key.clone(), stat))
            .collect();
        let signed = |n: usize| n as isize;
        let mut diffs: Vec<StatisticDiff> = self
            .statistics(key)
            .into_iter()
            .map(|new| {
                let (old_size, old_count) = old_groups
                    .remove(&new.key)
                    .map_or((0, 0), |old| (old.size, old.count));
                StatisticDiff {
                    size_diff: signed(new.size) - signed(old_size),
                    count_diff: signed(new.count) - signed(old_count),
                    key: new.key,
                    size: new.size,
                    count: new.count,
                }
            })
            .collect();
        diffs.extend(old_groups.into_values().map(|old| StatisticDiff {
            key: old.key,
            size: 0,
            size_diff: -signed(old.size),
            count: 0,
            count_diff: -signed(old.count),
        }));
        let sort_key = |d: &StatisticDiff| {
            (
                d.size_diff.unsigned_abs(),
                d.size,
                d.count_diff.unsigned_abs(),
                d.count,
                d.key.clone(),
            )
        };
        diffs.sort_by_key(|d| std::cmp::Reverse(sort_key(d)));
        diffs
        // solution:end
    }

    /// A snapshot of the traces that pass `filters`, as Python's `Snapshot.filter_traces`: a
    /// trace is kept when it matches at least one inclusive filter (or there is none) and no
    /// exclusive filter. No filters: a copy.
    ///
    /// ```
    /// # #[global_allocator] static A: tracemalloc_solution::Tracker = tracemalloc_solution::Tracker;
    /// use tracemalloc_solution::{self as tm, Filter};
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
        // solution:begin
        let _busy = Busy::enter();
        let label = |trace: &Trace| trace.scope.unwrap_or(UNSCOPED);
        let mut includes = filters.iter().filter(|f| f.inclusive).peekable();
        let has_includes = includes.peek().is_some();
        let traces = self
            .traces
            .iter()
            .filter(|trace| {
                let included = !has_includes
                    || filters
                        .iter()
                        .any(|f| f.inclusive && f.scope == label(trace));
                let excluded = filters
                    .iter()
                    .any(|f| !f.inclusive && f.scope == label(trace));
                included && !excluded
            })
            .cloned()
            .collect();
        Snapshot { traces }
        // solution:end
    }
}

// solution:begin remove
fn trace_key(trace: &Trace, key: Key) -> String {
    match key {
        Key::Scope => trace.scope.unwrap_or(UNSCOPED).to_owned(),
        Key::CallSite => trace
            .site
            .as_deref()
            .map_or_else(|| "<unknown>".to_owned(), call_site),
    }
}

/// The first frame of `backtrace` outside the standard library and this file, as
/// `"function at file:line:column"`.
/// Resolving symbols happens here, the first time the backtrace is printed.
fn call_site(backtrace: &Backtrace) -> String {
    let text = backtrace.to_string();
    // One symbol per line, `   4: name` (or, for a function inlined into the frame above,
    // just `name`), each followed by its `at file:line:column` line when debug info has it.
    let mut symbols: Vec<(&str, Option<&str>)> = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let line = line.trim_start();
        if line.starts_with("at ") {
            continue;
        }
        let function = match line.split_once(": ") {
            Some((number, name)) if number.parse::<usize>().is_ok() => name,
            _ => line,
        };
        let location = lines
            .peek()
            .and_then(|next| next.trim_start().strip_prefix("at "));
        symbols.push((function, location));
    }
    // The standard library's frames have their source under `/rustc/<commit>/`; a trait
    // method of a std type reads `<u8 as alloc::…>::…`, which only the location tells. The
    // tracker's own frames are told by their file: with only line tables (optimised test
    // builds) their names carry no crate path, and the allocator's entry point may be a tail
    // call that leaves no frame at all.
    let own_file = file!();
    let skipped = |function: &str, location: Option<&str>| {
        let name = function.trim_start_matches('<');
        let path = location.map(|at| {
            let at = at.trim_start_matches("./");
            at.split(':').next().unwrap_or(at)
        });
        ["std::", "core::", "alloc::", "__rust"]
            .iter()
            .any(|prefix| name.starts_with(prefix))
            || location.is_some_and(|at| at.starts_with("/rustc/"))
            || path.is_some_and(|path| path.ends_with(own_file) || own_file.ends_with(path))
    };
    symbols
        .iter()
        .find(|(function, location)| !skipped(function, *location))
        .map_or_else(
            || "<unknown>".to_owned(),
            |(function, location)| match location {
                Some(location) => format!("{function} at {location}"),
                None => (*function).to_owned(),
            },
        )
}
// solution:end
