//! The counting allocator: its peak (the highest live byte count while a closure runs), and its
//! counters being per thread.

use grader_support::CountingAlloc;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

// The counters are per thread, so tests on libtest's threads do not disturb each other.
#[test]
fn peak_sees_the_highest_point_not_the_end() {
    // Two blocks of 4,000 bytes, one after the other: the peak is one block, not two.
    let ((), peak) = ALLOC.peak(|| {
        drop(std::hint::black_box(vec![0u8; 4000]));
        drop(std::hint::black_box(vec![0u8; 4000]));
    });
    assert!((4000..8000).contains(&peak), "peak {peak}");

    // Both at once: at least 8,000.
    let ((), peak) = ALLOC.peak(|| {
        let a = std::hint::black_box(vec![0u8; 4000]);
        let b = std::hint::black_box(vec![0u8; 4000]);
        drop((a, b));
    });
    assert!(peak >= 8000, "peak {peak}");

    // Nothing allocated: 0, even though earlier calls went higher.
    let ((), peak) = ALLOC.peak(|| {});
    assert_eq!(peak, 0);

    // A nested call reports its own peak, and the outer one still sees it.
    let (inner, outer) = ALLOC.peak(|| {
        let kept = std::hint::black_box(vec![0u8; 1000]);
        let ((), inner) = ALLOC.peak(|| drop(std::hint::black_box(vec![0u8; 5000])));
        drop(kept);
        inner
    });
    assert!((5000..6000).contains(&inner), "inner peak {inner}");
    assert!(outer >= 6000, "outer peak {outer}");

    // What is live at the start does not count, and the existing counters are untouched.
    let held = std::hint::black_box(vec![0u8; 10_000]);
    let ((), usage) = ALLOC.measure(|| {
        let ((), peak) = ALLOC.peak(|| drop(std::hint::black_box(vec![0u8; 100])));
        assert!((100..1000).contains(&peak), "peak {peak}");
    });
    assert_eq!(usage.leaked_bytes, 0);
    drop(held);
    assert!(ALLOC.peak_bytes() >= ALLOC.live_bytes());
}

#[test]
fn another_threads_allocations_are_not_counted() {
    let spawn_and_keep = || {
        std::thread::spawn(|| {
            // Kept for ever, as libtest's main thread keeps what it allocates when it first
            // waits for a test: none of it is this thread's.
            std::mem::forget(vec![0u8; 10_000]);
        })
        .join()
        .expect("the thread ran");
    };
    let (kept, usage) = ALLOC.measure(|| {
        spawn_and_keep();
        Box::new(7u64)
    });
    assert_eq!(*kept, 7);
    // What `spawn` allocates here and the new thread frees stays counted here (a few hundred
    // bytes); the 10,000 bytes the other thread kept are not.
    assert!(
        (8..1_000).contains(&usage.leaked_bytes),
        "only this thread's allocations are counted: {usage:?}"
    );
}
