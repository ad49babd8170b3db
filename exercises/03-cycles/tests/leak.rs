//! How to prove a leak in a test: count what the heap holds before and after.
//!
//! This file installs a counting global allocator, so it holds exactly one test: the counters
//! are process-wide, and a second test running at the same time on another thread would
//! allocate into the same numbers. (The grader runs each hidden test in its own process and
//! uses the same technique.)

use std::alloc::{GlobalAlloc, Layout, System};
use std::rc::Rc;
use std::sync::atomic::{AtomicIsize, Ordering::Relaxed};

use cycles::{break_cycle, make_cycle};

/// Forwards every call to the system allocator and keeps the number of live blocks.
struct CountingAlloc {
    live_blocks: AtomicIsize,
}

// SAFETY: every method forwards to `System` with the caller's own arguments, so `System`'s
// guarantees are ours; the counter is an atomic and never allocates.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `alloc`'s contract (a non-zero size), which is `System`'s.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            self.live_blocks.fetch_add(1, Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller passes a block this allocator (so `System`) made, with its layout.
        unsafe { System.dealloc(ptr, layout) };
        self.live_blocks.fetch_sub(1, Relaxed);
    }
}

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc {
    live_blocks: AtomicIsize::new(0),
};

/// Blocks allocated and not freed while `f` ran.
fn blocks_left_by(f: impl FnOnce()) -> isize {
    let before = ALLOC.live_blocks.load(Relaxed);
    f();
    ALLOC.live_blocks.load(Relaxed) - before
}

#[test]
fn a_cycle_keeps_its_blocks_and_a_broken_one_does_not() {
    let sentinel = Rc::new(());
    let leaked = blocks_left_by(|| {
        let (a, b) = make_cycle(Rc::clone(&sentinel), Rc::clone(&sentinel));
        drop(a);
        drop(b);
    });
    assert_eq!(
        leaked, 2,
        "the two nodes (one block each) outlive their handles"
    );
    assert_eq!(
        Rc::strong_count(&sentinel) - 1,
        2,
        "and their values were never dropped"
    );

    let left = blocks_left_by(|| {
        let (a, b) = make_cycle(Rc::clone(&sentinel), Rc::clone(&sentinel));
        break_cycle(&a);
        drop(a);
        drop(b);
    });
    assert_eq!(
        left, 0,
        "a cycle broken before the drop gives both blocks back"
    );
    assert_eq!(
        Rc::strong_count(&sentinel) - 1,
        2,
        "only the first pair is still alive"
    );
}
