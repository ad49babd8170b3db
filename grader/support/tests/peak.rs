//! The counting allocator's peak: the highest live byte count while a closure runs.

use grader_support::CountingAlloc;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

// One test function: the counters are process-wide and libtest runs tests on several threads.
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
