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
//! The counters are process-wide. The grader runs one test per process, and libtest's main
//! thread waits idle while a test runs, so what [`CountingAlloc::measure`] sees is the test's.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering::Relaxed};

/// Forwards to the system allocator and counts live bytes, live blocks and allocations, and
/// keeps the highest live byte count (the peak, see [`CountingAlloc::peak`]).
#[derive(Debug)]
pub struct CountingAlloc {
    live_bytes: AtomicIsize,
    /// The highest `live_bytes` since the last reset (by [`CountingAlloc::peak`]).
    peak_bytes: AtomicIsize,
    live_blocks: AtomicIsize,
    allocations: AtomicUsize,
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
        Self {
            live_bytes: AtomicIsize::new(0),
            peak_bytes: AtomicIsize::new(0),
            live_blocks: AtomicIsize::new(0),
            allocations: AtomicUsize::new(0),
        }
    }

    /// Bytes currently allocated through this allocator.
    pub fn live_bytes(&self) -> isize {
        self.live_bytes.load(Relaxed)
    }

    /// Blocks currently allocated through this allocator.
    pub fn live_blocks(&self) -> isize {
        self.live_blocks.load(Relaxed)
    }

    /// Allocations made so far.
    pub fn allocations(&self) -> usize {
        self.allocations.load(Relaxed)
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
        self.peak_bytes.load(Relaxed)
    }

    /// Runs `f` and returns, with its result, the peak: how many bytes above the live count at
    /// the start were allocated at the highest point while `f` ran (0 when `f` allocated
    /// nothing, or freed before it allocated). Calls may nest; an outer call still sees the
    /// inner call's highest point.
    pub fn peak<R>(&self, f: impl FnOnce() -> R) -> (R, isize) {
        let start = self.live_bytes();
        let outer_peak = self.peak_bytes.swap(start, Relaxed);
        let result = f();
        let highest = self.peak_bytes.fetch_max(outer_peak, Relaxed);
        (result, highest - start)
    }

    fn on_alloc(&self, size: usize) {
        let live = self.live_bytes.fetch_add(size as isize, Relaxed) + size as isize;
        self.peak_bytes.fetch_max(live, Relaxed);
        self.live_blocks.fetch_add(1, Relaxed);
        self.allocations.fetch_add(1, Relaxed);
    }

    fn on_dealloc(&self, size: usize) {
        self.live_bytes.fetch_sub(size as isize, Relaxed);
        self.live_blocks.fetch_sub(1, Relaxed);
    }
}

impl Default for CountingAlloc {
    fn default() -> Self {
        Self::new()
    }
}

// SAFETY: every method forwards to `System` with the caller's own arguments, so `System`'s
// guarantees are ours; the counters are atomics and never allocate.
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
