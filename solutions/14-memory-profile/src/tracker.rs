//! A tracking global allocator (given code): per-thread counts of live bytes and of the peak.
//!
//! Install it once per program, wrapping the system allocator (or any other):
//!
//! ```
//! use memory_profile_solution::{Tracking, current};
//!
//! #[global_allocator]
//! static ALLOC: Tracking = Tracking::system();
//!
//! let before = current();
//! let block = vec![0u8; 1000];
//! assert_eq!(current() - before, 1000);
//! drop(block);
//! assert_eq!(current(), before);
//! ```
//!
//! Sizes are the ones asked for (`Layout::size`), as `tracemalloc` counts them. A `realloc`
//! counts as freeing the old block, then allocating the new one.
//!
//! The counters are **per thread**, in a const thread-local `Cell`: a thread sees what it
//! allocated and freed itself. So [`current`] can go below what it was when a thread frees
//! blocks another thread allocated, and allocations of threads a profiled closure spawns are
//! not counted on the caller's thread (`tracemalloc` counts every thread of the process).
//!
//! Re-entrancy: updating a counter is a `Cell::get` and a `Cell::set` on a thread-local that
//! has no destructor and a const initialiser, so it never allocates, never borrows, and cannot
//! call back into the allocator; a counter update can never be interrupted by another one on
//! the same thread, and the wrapped allocator may allocate through the global one without
//! deadlock or double borrow.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// This thread's counters.
#[derive(Debug, Clone, Copy)]
struct Counters {
    /// Bytes allocated on this thread and not freed (freed on this thread).
    live: isize,
    /// The highest `live` since the thread started or the last `reset_peak`, or what
    /// `raise_peak` set it to.
    peak: isize,
}

thread_local! {
    // Const-initialised, no destructor: reading it never allocates, so the allocator can use
    // it, and `try_with` keeps working while the thread is torn down.
    static COUNTERS: Cell<Counters> = const { Cell::new(Counters { live: 0, peak: 0 }) };
}

/// This thread's counters (zero while the thread is being torn down).
fn counters() -> Counters {
    COUNTERS
        .try_with(Cell::get)
        .unwrap_or(Counters { live: 0, peak: 0 })
}

/// Changes this thread's counters (nothing while the thread is being torn down).
fn update(change: impl FnOnce(&mut Counters)) {
    let _ = COUNTERS.try_with(|cell| {
        let mut counters = cell.get();
        change(&mut counters);
        cell.set(counters);
    });
}

/// Bytes this thread allocated and has not freed: `tracemalloc.get_traced_memory()[0]`.
///
/// ```
/// use memory_profile_solution::{Tracking, current};
/// # #[global_allocator]
/// # static ALLOC: Tracking = Tracking::system();
///
/// let before = current();
/// let text = String::with_capacity(64);
/// assert_eq!(current(), before + 64);
/// # drop(text);
/// ```
pub fn current() -> isize {
    counters().live
}

/// The highest [`current`] since the thread started or since the last [`reset_peak`], unless
/// [`raise_peak`] set it higher: `tracemalloc.get_traced_memory()[1]`.
///
/// ```
/// use memory_profile_solution::{Tracking, current, peak, reset_peak};
/// # #[global_allocator]
/// # static ALLOC: Tracking = Tracking::system();
///
/// reset_peak();
/// let start = current();
/// drop(vec![0u8; 4096]);
/// assert_eq!(peak() - start, 4096); // freed, but the high point stays
/// ```
pub fn peak() -> isize {
    counters().peak
}

/// Sets the peak to what is live now, forgetting the earlier high point:
/// `tracemalloc.reset_peak()` (Python 3.9+). Read [`peak`] first if you still need it.
///
/// ```
/// use memory_profile_solution::{Tracking, current, peak, reset_peak};
/// # #[global_allocator]
/// # static ALLOC: Tracking = Tracking::system();
///
/// drop(vec![0u8; 4096]);
/// reset_peak();
/// assert_eq!(peak(), current());
/// ```
pub fn reset_peak() {
    update(|c| c.peak = c.live);
}

/// Raises the peak to `bytes` if it is below: puts back a high point that a [`reset_peak`]
/// forgot. Never lowers it. (`tracemalloc` has no such call.)
///
/// ```
/// use memory_profile_solution::{Tracking, peak, raise_peak, reset_peak};
/// # #[global_allocator]
/// # static ALLOC: Tracking = Tracking::system();
///
/// drop(vec![0u8; 4096]);
/// let saved = peak();
/// reset_peak();
/// raise_peak(saved);
/// assert_eq!(peak(), saved);
/// raise_peak(0);
/// assert_eq!(peak(), saved); // never lowered
/// ```
pub fn raise_peak(bytes: isize) {
    update(|c| c.peak = c.peak.max(bytes));
}

/// A global allocator that forwards to `A` and counts, per thread, live bytes and the peak.
///
/// ```
/// use memory_profile_solution::Tracking;
///
/// #[global_allocator]
/// static ALLOC: Tracking = Tracking::system();
/// ```
///
/// Wrapping another counting allocator lets both count the same blocks (the grader does so):
/// `static ALLOC: Tracking<Other> = Tracking::new(Other::new());`.
#[derive(Debug, Default)]
pub struct Tracking<A = System> {
    inner: A,
}

impl Tracking<System> {
    /// Tracks the system allocator.
    pub const fn system() -> Self {
        Self { inner: System }
    }
}

impl<A> Tracking<A> {
    /// Tracks `inner`: every allocation goes to it, and is counted on the way.
    pub const fn new(inner: A) -> Self {
        Self { inner }
    }

    /// The wrapped allocator.
    pub fn inner(&self) -> &A {
        &self.inner
    }
}

fn on_alloc(size: usize) {
    update(|c| {
        c.live += size as isize;
        c.peak = c.peak.max(c.live);
    });
}

fn on_dealloc(size: usize) {
    update(|c| c.live -= size as isize);
}

// SAFETY: every method forwards to `A` with the caller's own arguments, so `A`'s guarantees
// (an allocator honouring `GlobalAlloc`'s contract) are ours; the bookkeeping only touches a
// const thread-local `Cell` and never allocates, unwinds or calls back into the allocator.
#[allow(unsafe_code)]
unsafe impl<A: GlobalAlloc> GlobalAlloc for Tracking<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract (a non-zero size), which
        // is exactly what `A::alloc` requires.
        let ptr = unsafe { self.inner.alloc(layout) };
        if !ptr.is_null() {
            on_alloc(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`: the caller's contract is `A::alloc_zeroed`'s.
        let ptr = unsafe { self.inner.alloc_zeroed(layout) };
        if !ptr.is_null() {
            on_alloc(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller guarantees `ptr` was allocated by this allocator, hence by `A`
        // (every block comes from `self.inner`), with this `layout`.
        unsafe { self.inner.dealloc(ptr, layout) };
        on_dealloc(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees `ptr` came from this allocator (hence from `A`) with
        // `layout`, and that `new_size` is valid for it: `A::realloc`'s contract.
        let new = unsafe { self.inner.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            on_dealloc(layout.size());
            on_alloc(new_size);
        }
        new
    }
}
