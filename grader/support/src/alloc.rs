//! A counting global allocator, so hidden tests can prove that nothing leaked.
//!
//! A hidden-test binary installs it once:
//!
//! ```
//! use grader_support::CountingAlloc;
//!
//! #[global_allocator]
//! static ALLOC: CountingAlloc = CountingAlloc::new();
//!
//! let (_, usage) = ALLOC.measure(|| {
//!     let boxed = Box::new([0u8; 64]);
//!     drop(boxed);
//! });
//! assert_eq!(usage.leaked_bytes, 0);
//! assert!(usage.allocations >= 1);
//! ```
//!
//! [`CountingAlloc::peak`] measures the highest point instead, for memory budgets ("streaming a
//! million items never holds more than 1 KiB"):
//!
//! ```
//! # use grader_support::CountingAlloc;
//! # #[global_allocator]
//! # static ALLOC: CountingAlloc = CountingAlloc::new();
//! let (sum, peak) = ALLOC.peak(|| {
//!     let squares: Vec<u64> = (0..1000).map(|i| i * i).collect(); // 8,000 bytes at once
//!     squares.iter().sum::<u64>()
//! });
//! assert_eq!(sum, 332_833_500);
//! assert!(peak >= 8000);
//! ```
//!
//! Sizes are the ones asked for (`Layout::size`), as `tracemalloc` counts them: what `malloc`
//! rounds up to is not seen. A `realloc` counts as freeing the old block and then allocating the
//! new one, so the peak never includes both at once (the system may need both for a moment).
//!
//! The counters are **per thread**: a thread sees what it allocated and freed itself, nothing
//! else. Process-wide counters would be flaky: libtest's main thread allocates (a channel
//! context, kept for ever) the first time it blocks waiting for the test's thread, and on a busy
//! machine that can happen while a test is measuring. A block allocated on one thread and freed
//! on another counts as freed on the second; the hidden tests measure on one thread.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// Forwards to the system allocator and counts, for each thread, live bytes, live blocks and
/// allocations, and keeps the highest live byte count (the peak, see [`CountingAlloc::peak`]).
#[derive(Debug)]
pub struct CountingAlloc {
    // The counters live in `COUNTERS`, one set per thread; the type only forwards.
    _private: (),
}

/// One thread's counters.
#[derive(Debug, Clone, Copy)]
struct Counters {
    live_bytes: isize,
    /// The highest `live_bytes` since the last reset (by [`CountingAlloc::peak`]).
    peak_bytes: isize,
    live_blocks: isize,
    allocations: usize,
}

impl Counters {
    const ZERO: Self = Self {
        live_bytes: 0,
        peak_bytes: 0,
        live_blocks: 0,
        allocations: 0,
    };
}

thread_local! {
    // Const-initialised and without a destructor: reading it never allocates (the allocator
    // may use it) and works until the thread is gone.
    static COUNTERS: Cell<Counters> = const { Cell::new(Counters::ZERO) };
}

/// This thread's counters (all zero if the thread is being torn down).
fn counters() -> Counters {
    COUNTERS.try_with(Cell::get).unwrap_or(Counters::ZERO)
}

/// Changes this thread's counters (nothing if the thread is being torn down).
fn update(change: impl FnOnce(&mut Counters)) {
    let _ = COUNTERS.try_with(|cell| {
        let mut counters = cell.get();
        change(&mut counters);
        cell.set(counters);
    });
}

/// What happened to the heap while a closure ran (see [`CountingAlloc::measure`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    /// Bytes allocated and not freed by the end (negative when more was freed than allocated).
    pub leaked_bytes: isize,
    /// Blocks allocated and not freed by the end.
    pub leaked_blocks: isize,
    /// Number of allocations (including reallocations) made.
    pub allocations: usize,
}

impl CountingAlloc {
    /// A counter with everything at zero, usable in a `static`.
    pub const fn new() -> Self {
        Self { _private: () }
    }

    /// Bytes this thread allocated and has not freed.
    pub fn live_bytes(&self) -> isize {
        counters().live_bytes
    }

    /// Blocks this thread allocated and has not freed.
    pub fn live_blocks(&self) -> isize {
        counters().live_blocks
    }

    /// Allocations this thread made so far.
    pub fn allocations(&self) -> usize {
        counters().allocations
    }

    /// Runs `f` and reports what it left on the heap. Drop everything `f` created inside it
    /// (or return it and drop it before calling again) to see a leak as a non-zero count.
    pub fn measure<R>(&self, f: impl FnOnce() -> R) -> (R, Usage) {
        let (bytes, blocks, allocations) =
            (self.live_bytes(), self.live_blocks(), self.allocations());
        let result = f();
        let usage = Usage {
            leaked_bytes: self.live_bytes() - bytes,
            leaked_blocks: self.live_blocks() - blocks,
            allocations: self.allocations() - allocations,
        };
        (result, usage)
    }

    /// The highest number of live bytes reached since the process started, or since the
    /// innermost [`CountingAlloc::peak`] running now started.
    pub fn peak_bytes(&self) -> isize {
        counters().peak_bytes
    }

    /// Runs `f` and returns, with its result, the peak: how many bytes above the live count at
    /// the start were allocated at the highest point while `f` ran (0 when `f` allocated
    /// nothing, or freed before it allocated). Calls may nest; an outer call still sees the
    /// inner call's highest point.
    pub fn peak<R>(&self, f: impl FnOnce() -> R) -> (R, isize) {
        let start = self.live_bytes();
        let mut outer_peak = 0;
        update(|c| {
            outer_peak = c.peak_bytes;
            c.peak_bytes = start;
        });
        let result = f();
        let highest = self.peak_bytes();
        update(|c| c.peak_bytes = c.peak_bytes.max(outer_peak));
        (result, highest - start)
    }

    fn on_alloc(&self, size: usize) {
        update(|c| {
            c.live_bytes += size as isize;
            c.peak_bytes = c.peak_bytes.max(c.live_bytes);
            c.live_blocks += 1;
            c.allocations += 1;
        });
    }

    fn on_dealloc(&self, size: usize) {
        update(|c| {
            c.live_bytes -= size as isize;
            c.live_blocks -= 1;
        });
    }
}

impl Default for CountingAlloc {
    fn default() -> Self {
        Self::new()
    }
}

// SAFETY: every method forwards to `System` with the caller's own arguments, so `System`'s
// guarantees are ours; the counters are a const thread-local `Cell` and never allocate.
#[expect(
    unsafe_code,
    reason = "a global allocator is an unsafe trait; it only forwards"
)]
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract (non-zero size), which is
        // exactly `System.alloc`'s.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            self.on_alloc(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            self.on_alloc(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller guarantees `ptr` came from this allocator (hence from `System`)
        // with this `layout`.
        unsafe { System.dealloc(ptr, layout) };
        self.on_dealloc(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller upholds `realloc`'s contract for a block that `System` allocated.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            self.on_dealloc(layout.size());
            self.on_alloc(new_size);
        }
        new
    }
}
