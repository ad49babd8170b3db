//! Hidden tests for 13-tracemalloc: the learner's crate is `tracemalloc`, and its `Tracker` is
//! this binary's global allocator (so `grader_support::CountingAlloc` cannot be: one global
//! allocator per binary). Every figure is this thread's, measured while nothing else on it
//! allocates. The random test prints its seed; `GRADER_SEED=N cargo grade check 13-tracemalloc`
//! replays it.

use std::hint::black_box;
use std::sync::atomic::{AtomicU8, Ordering};

use grader_support::prove;
use grader_support::refgc::SplitMix64;
use grader_support::replay::SEED_ENV;
use tracemalloc::{Filter, Key, NotTracing, Statistic, StatisticDiff, UNSCOPED};

#[global_allocator]
static ALLOCATOR: tracemalloc::Tracker = tracemalloc::Tracker;

fn stat(key: &str, size: usize, count: usize) -> Statistic {
    Statistic { key: key.to_owned(), size, count }
}

fn diff(key: &str, size: usize, size_diff: isize, count: usize, count_diff: isize) -> StatisticDiff {
    StatisticDiff { key: key.to_owned(), size, size_diff, count, count_diff }
}

fn boxed(bytes: usize) -> Box<[u8]> {
    black_box(vec![7u8; bytes].into_boxed_slice())
}

// ---- stage 1: counters ----

#[test]
fn vec_with_capacity_counts_its_exact_bytes() {
    prove(|| {
        tracemalloc::start();
        let a: Vec<u32> = Vec::with_capacity(250);
        assert_eq!(tracemalloc::get_traced_memory(), (1000, 1000), "Vec::<u32>::with_capacity(250) is 1000 bytes");
        let b: Vec<u64> = Vec::with_capacity(3);
        assert_eq!(tracemalloc::get_traced_memory(), (1024, 1024), "then 3 u64s more: 1024 bytes");
        let empty: Vec<u64> = Vec::with_capacity(0);
        assert_eq!(tracemalloc::get_traced_memory(), (1024, 1024), "a Vec of capacity 0 allocates nothing");
        drop(a);
        assert_eq!(tracemalloc::get_traced_memory(), (24, 1024), "freeing the 1000 bytes subtracts them; the peak stays");
        drop((b, empty));
        assert_eq!(tracemalloc::get_traced_memory(), (0, 1024), "all freed");
        tracemalloc::stop();
    });
}

#[test]
fn boxes_count_their_size() {
    prove(|| {
        tracemalloc::start();
        // black_box: an optimiser may remove a heap allocation nobody looks at.
        let one = black_box(Box::new(1u8));
        let pair = black_box(Box::new((1u64, 2u64)));
        let array = black_box(Box::new([0u16; 37]));
        assert_eq!(tracemalloc::get_traced_memory(), (1 + 16 + 74, 91), "boxes of 1, 16 and 74 bytes");
        drop(pair);
        let unit = black_box(Box::new(()));
        assert_eq!(tracemalloc::get_traced_memory(), (75, 91), "a Box of a zero-sized value allocates nothing");
        drop((one, array, unit));
        tracemalloc::stop();
    });
}

#[test]
fn zeroed_allocations_are_counted() {
    prove(|| {
        tracemalloc::start();
        let zeros = vec![0u64; 50]; // alloc_zeroed
        assert_eq!(tracemalloc::get_traced_memory(), (400, 400), "vec![0u64; 50] asks alloc_zeroed for 400 bytes");
        drop(zeros);
        assert_eq!(tracemalloc::get_traced_memory(), (0, 400), "and frees them");
        tracemalloc::stop();
    });
}

#[test]
fn realloc_growth_counts_the_new_size_once() {
    prove(|| {
        tracemalloc::start();
        let mut v: Vec<u8> = Vec::with_capacity(100);
        v.reserve_exact(1000); // the length is 0: room for 1000
        assert_eq!(v.capacity(), 1000);
        assert_eq!(tracemalloc::get_traced_memory(), (1000, 1000), "growing 100 bytes to 1000: the block is 1000 bytes now, the old 100 are gone (not 1100)");
        v.reserve_exact(3000);
        assert_eq!(tracemalloc::get_traced_memory(), (3000, 3000), "grown again to 3000");
        drop(v);
        assert_eq!(tracemalloc::get_traced_memory(), (0, 3000), "freed: the realloc'd block's trace has its new size");
        tracemalloc::stop();
    });
}

#[test]
fn realloc_shrink_counts_the_smaller_size() {
    prove(|| {
        tracemalloc::start();
        let mut v: Vec<u8> = Vec::with_capacity(2000);
        v.extend_from_slice(&[1; 10]);
        v.shrink_to_fit();
        assert_eq!(tracemalloc::get_traced_memory(), (10, 2000), "2000 bytes shrunk to 10: current 10, the peak 2000");
        drop(v);
        assert_eq!(tracemalloc::get_traced_memory(), (0, 2000), "freed");
        tracemalloc::stop();
    });
}

#[test]
fn peak_after_reset_peak_follows_realloc() {
    prove(|| {
        tracemalloc::start();
        let big = boxed(5000);
        drop(big);
        let mut v: Vec<u8> = Vec::with_capacity(10);
        tracemalloc::reset_peak();
        assert_eq!(tracemalloc::get_traced_memory(), (10, 10), "reset_peak sets the peak to the current size");
        v.reserve_exact(500);
        assert_eq!(tracemalloc::get_traced_memory(), (500, 500), "a realloc that grows past the peak raises it");
        v.shrink_to(0);
        assert_eq!(tracemalloc::get_traced_memory(), (0, 500), "shrink_to(0) frees the block");
        tracemalloc::stop();
    });
}

#[test]
fn reset_peak_keeps_live_blocks_and_counts_them_when_freed() {
    prove(|| {
        tracemalloc::start();
        let kept = boxed(300);
        let gone = boxed(700);
        drop(gone);
        tracemalloc::reset_peak();
        assert_eq!(tracemalloc::get_traced_memory(), (300, 300), "peak reset to the 300 live bytes");
        drop(kept);
        assert_eq!(tracemalloc::get_traced_memory(), (0, 300), "the kept block is still traced");
        tracemalloc::stop();
    });
}

#[test]
fn clear_traces_forgets_blocks_but_keeps_tracing() {
    prove(|| {
        tracemalloc::start();
        let old = boxed(800);
        tracemalloc::clear_traces();
        assert!(tracemalloc::is_tracing(), "clear_traces does not stop tracing");
        assert_eq!(tracemalloc::get_traced_memory(), (0, 0), "clear_traces sets current and peak to 0");
        let new = boxed(40);
        drop(old);
        assert_eq!(tracemalloc::get_traced_memory(), (40, 40), "a block from before clear_traces is not subtracted when freed");
        drop(new);
        tracemalloc::stop();
    });
}

#[test]
fn stop_forgets_everything_and_start_counts_from_zero() {
    prove(|| {
        tracemalloc::start();
        assert!(tracemalloc::is_tracing());
        let old = boxed(600);
        tracemalloc::stop();
        assert!(!tracemalloc::is_tracing(), "stopped");
        assert_eq!(tracemalloc::get_traced_memory(), (0, 0), "not tracing: (0, 0)");
        let untraced = boxed(999);
        assert_eq!(tracemalloc::get_traced_memory(), (0, 0), "nothing is traced while stopped");
        tracemalloc::start();
        assert_eq!(tracemalloc::get_traced_memory(), (0, 0), "start again: from zero, old blocks forgotten");
        drop((old, untraced));
        assert_eq!(tracemalloc::get_traced_memory(), (0, 0), "blocks from before the start are not subtracted when freed");
        tracemalloc::stop();
    });
}

#[test]
fn start_twice_keeps_the_traces() {
    prove(|| {
        tracemalloc::start();
        let a = boxed(128);
        tracemalloc::start();
        assert_eq!(tracemalloc::get_traced_memory(), (128, 128), "start while tracing changes nothing");
        drop(a);
        assert_eq!(tracemalloc::get_traced_memory(), (0, 128));
        tracemalloc::stop();
    });
}

#[test]
fn not_tracing_reset_and_clear_do_nothing() {
    prove(|| {
        tracemalloc::reset_peak();
        tracemalloc::clear_traces();
        assert!(!tracemalloc::is_tracing(), "reset_peak and clear_traces do not start tracing");
        let b = boxed(10);
        assert_eq!(tracemalloc::get_traced_memory(), (0, 0), "still not tracing");
        drop(b);
    });
}

#[test]
fn the_trackers_own_memory_is_not_traced() {
    prove(|| {
        tracemalloc::start();
        // Thousands of live blocks: the trace table grows many times, all untraced.
        let boxes: Vec<Box<u64>> = (0..5000u64).map(Box::new).collect();
        assert_eq!(tracemalloc::get_traced_memory(), (5000 * 8 + 5000 * 8, 80_000), "5000 boxes of 8 bytes plus a Vec of 5000 pointers; the table is not counted");
        drop(boxes);
        assert_eq!(tracemalloc::get_traced_memory(), (0, 80_000));
        tracemalloc::stop();
    });
}

#[test]
fn requests_no_allocator_can_meet_come_back_as_null() {
    prove(|| {
        use std::alloc::{GlobalAlloc, Layout};
        tracemalloc::start();
        // Valid layouts that no machine can satisfy: the answer is null (an allocation
        // failure), never an overflowing size computation or a `Layout` that breaks its rules.
        let mut huge: Vec<u8> = Vec::new();
        assert!(huge.try_reserve_exact(isize::MAX as usize - 8).is_err(), "a block of isize::MAX - 8 bytes cannot be had: try_reserve_exact is an Err");
        let aligned = Layout::from_size_align(1, 1 << 62).unwrap();
        // SAFETY: the layout's size is not zero.
        let block = unsafe { ALLOCATOR.alloc(aligned) };
        assert!(block.is_null(), "one byte aligned to 2^62 cannot be had: alloc returns null");
        assert_eq!(tracemalloc::get_traced_memory(), (0, 0), "failed requests are not counted");
        tracemalloc::stop();
    });
}

#[test]
fn a_block_freed_on_another_thread_stays_with_the_thread_that_traced_it() {
    prove(|| {
        use std::sync::Mutex;
        // 0: wait, 1: the block is in SLOT, 2: the worker is done
        static STEP: AtomicU8 = AtomicU8::new(0);
        static SLOT: Mutex<Option<Box<[u8]>>> = Mutex::new(None);
        fn wait_for(step: u8) {
            while STEP.load(Ordering::SeqCst) != step {
                std::thread::yield_now();
            }
        }
        // Spawned before tracing starts, so the thread's own bookkeeping is not traced here.
        let worker = std::thread::spawn(|| {
            wait_for(1);
            tracemalloc::start();
            let own = boxed(40);
            let theirs = SLOT.lock().unwrap().take();
            drop(theirs);
            let figures = tracemalloc::get_traced_memory();
            drop(own);
            tracemalloc::stop();
            STEP.store(2, Ordering::SeqCst);
            figures
        });
        tracemalloc::start();
        let mine = boxed(300);
        *SLOT.lock().unwrap() = Some(mine);
        STEP.store(1, Ordering::SeqCst);
        wait_for(2);
        assert_eq!(tracemalloc::get_traced_memory(), (300, 300), "the worker freed our 300-byte block: a tracker per thread never sees that free, so the block stays in our figures (as a leak would)");
        let theirs = worker.join().unwrap();
        assert_eq!(theirs, (40, 40), "the worker, tracing, freed a block it never traced: its own figures (40 bytes) do not move");
        tracemalloc::stop();
    });
}

#[test]
fn other_threads_are_not_traced() {
    prove(|| {
        // 0: wait, 1: allocate, 2: allocated, 3: free and end
        static STEP: AtomicU8 = AtomicU8::new(0);
        fn wait_for(step: u8) {
            while STEP.load(Ordering::SeqCst) != step {
                std::thread::yield_now();
            }
        }
        let worker = std::thread::spawn(|| {
            wait_for(1);
            let block = boxed(100_000);
            STEP.store(2, Ordering::SeqCst);
            wait_for(3);
            drop(block);
            // This thread traces its own blocks, apart from the test's thread.
            tracemalloc::start();
            let own = boxed(50);
            let figures = tracemalloc::get_traced_memory();
            drop(own);
            tracemalloc::stop();
            figures
        });
        tracemalloc::start();
        STEP.store(1, Ordering::SeqCst);
        wait_for(2);
        assert_eq!(tracemalloc::get_traced_memory(), (0, 0), "another thread's 100,000 bytes are not this thread's");
        let mine = boxed(10);
        STEP.store(3, Ordering::SeqCst);
        let theirs = worker.join().unwrap();
        assert_eq!(theirs, (50, 50), "the other thread, tracing, sees only its own 50 bytes");
        assert_eq!(tracemalloc::get_traced_memory().0, 10, "and this thread only its 10 bytes");
        drop(mine);
        tracemalloc::stop();
    });
}

#[test]
fn random_programs_match_a_model() {
    prove(|| {
        let seeds: Vec<u64> = match std::env::var(SEED_ENV).ok().and_then(|s| s.parse().ok()) {
            Some(seed) => vec![seed],
            None => (0..40).collect(),
        };
        for seed in seeds {
            let replay = format!("seed {seed}; replay it with `GRADER_SEED={seed} cargo grade check 13-tracemalloc`");
            let mut rng = SplitMix64::new(seed);
            let mut blocks: Vec<Vec<u8>> = Vec::with_capacity(64);
            tracemalloc::start();
            let (mut current, mut peak) = tracemalloc::get_traced_memory();
            let base = current; // the blocks Vec itself was allocated before start
            assert_eq!(base, 0, "{replay}");
            for step in 0..200 {
                let choice = rng.next_u64() % 6;
                let n = 1 + (rng.next_u64() % 3000) as usize;
                // No formatting here: a String would be traced. The message is built only
                // when an assertion fails.
                let what: (&str, usize, usize);
                if choice <= 1 && blocks.len() < 64 {
                    blocks.push(Vec::with_capacity(n));
                    current += n;
                    what = ("allocate", n, 0);
                } else if blocks.is_empty() {
                    what = ("nothing", 0, 0);
                } else {
                    let i = (rng.next_u64() % blocks.len() as u64) as usize;
                    let old = blocks[i].capacity();
                    match choice {
                        2 | 3 => {
                            blocks[i].reserve_exact(n); // empty: room for n
                            current = current - old + n.max(old);
                            what = ("reserve_exact on a block", old, n);
                        }
                        4 => {
                            let keep = n.min(old).max(1);
                            blocks[i].shrink_to(keep);
                            if keep < old {
                                current = current - old + keep;
                            }
                            what = ("shrink_to on a block", old, keep);
                        }
                        _ => {
                            drop(blocks.swap_remove(i));
                            current -= old;
                            what = ("free a block", old, 0);
                        }
                    }
                }
                peak = peak.max(current);
                if rng.next_u64() % 10 == 0 {
                    tracemalloc::reset_peak();
                    peak = current;
                }
                assert_eq!(tracemalloc::get_traced_memory(), (current, peak), "{replay}: after step {step} ({what:?}: operation, old capacity, argument), (current, peak)");
            }
            drop(blocks);
            tracemalloc::stop();
        }
    });
}

// ---- stage 2: snapshots, scopes, compare_to, filters ----

#[test]
fn a_snapshot_after_clear_traces_is_empty() {
    prove(|| {
        tracemalloc::start();
        let old = boxed(800);
        tracemalloc::clear_traces();
        assert_eq!(tracemalloc::take_snapshot().unwrap().len(), 0, "no trace is left");
        drop(old);
        tracemalloc::stop();
    });
}

#[test]
fn snapshots_and_statistics_are_not_traced() {
    prove(|| {
        tracemalloc::start();
        let boxes: Vec<Box<u64>> = (0..5000u64).map(Box::new).collect();
        assert_eq!(tracemalloc::get_traced_memory(), (5000 * 8 + 5000 * 8, 80_000), "5000 boxes of 8 bytes plus a Vec of 5000 pointers");
        let snapshot = tracemalloc::take_snapshot().unwrap();
        assert_eq!(snapshot.len(), 5001, "5001 live blocks");
        let stats = snapshot.statistics(Key::Scope);
        let diffs = snapshot.compare_to(&snapshot, Key::Scope);
        let filtered = snapshot.filter_traces(&[Filter::exclude(UNSCOPED)]);
        assert_eq!(tracemalloc::get_traced_memory(), (80_000, 80_000), "snapshots, statistics, diffs and filters are the tracker's memory, not traced");
        drop((snapshot, stats, diffs, filtered));
        assert_eq!(tracemalloc::get_traced_memory(), (80_000, 80_000), "and freeing them subtracts nothing");
        drop(boxes);
        assert_eq!(tracemalloc::get_traced_memory(), (0, 80_000));
        tracemalloc::stop();
    });
}

#[test]
fn take_snapshot_when_not_tracing_is_an_error() {
    prove(|| {
        assert_eq!(tracemalloc::take_snapshot().err(), Some(NotTracing), "not started: NotTracing");
        tracemalloc::start();
        assert!(tracemalloc::take_snapshot().is_ok(), "tracing: a snapshot");
        tracemalloc::stop();
        assert_eq!(tracemalloc::take_snapshot().err(), Some(NotTracing), "stopped: NotTracing again");
        assert_eq!(
            NotTracing.to_string(),
            "the tracemalloc module must be tracing memory allocations to take a snapshot",
            "the message is CPython's RuntimeError message"
        );
    });
}

#[test]
fn a_snapshot_is_a_copy_of_that_moment() {
    prove(|| {
        tracemalloc::start();
        let a = boxed(10);
        let snapshot = tracemalloc::take_snapshot().unwrap();
        let b = boxed(20);
        drop(a);
        assert_eq!(snapshot.len(), 1, "later allocations and frees do not change a snapshot");
        assert!(!snapshot.is_empty());
        assert_eq!(snapshot.statistics(Key::Scope), [stat(UNSCOPED, 10, 1)], "the snapshot still has the 10-byte block");
        drop(b);
        tracemalloc::clear_traces();
        assert!(tracemalloc::take_snapshot().unwrap().is_empty(), "after clear_traces: an empty snapshot");
        tracemalloc::stop();
    });
}

#[test]
fn statistics_group_by_scope_in_pythons_order() {
    prove(|| {
        tracemalloc::start();
        let kept = (
            tracemalloc::scope("a", || (boxed(50), boxed(50))),
            tracemalloc::scope("b", || boxed(100)),
            tracemalloc::scope("c", || (boxed(60), boxed(40))),
            tracemalloc::scope("d", || boxed(500)),
            boxed(1),
            tracemalloc::scope("e", || (boxed(1), boxed(1), boxed(1))),
        );
        let stats = tracemalloc::take_snapshot().unwrap().statistics(Key::Scope);
        assert_eq!(
            stats,
            [stat("d", 500, 1), stat("c", 100, 2), stat("a", 100, 2), stat("b", 100, 1), stat("e", 3, 3), stat(UNSCOPED, 1, 1)],
            "sorted by size, then count, then key, all descending (Python's Statistic._sort_key with reverse=True)"
        );
        drop(kept);
        tracemalloc::stop();
    });
}

#[test]
fn scopes_nest_and_come_back_after_a_panic() {
    prove(|| {
        tracemalloc::start();
        let kept = tracemalloc::scope("outer", || {
            let before = boxed(10);
            let inner = tracemalloc::scope("inner", || boxed(20));
            let after = boxed(30);
            let caught = std::panic::catch_unwind(|| tracemalloc::scope("panicking", || panic!("boom")));
            assert!(caught.is_err());
            let after_panic = boxed(40);
            (before, inner, after, after_panic)
        });
        let outside = boxed(5);
        let stats = tracemalloc::take_snapshot()
            .unwrap()
            .filter_traces(&[Filter::include("outer"), Filter::include("inner"), Filter::include(UNSCOPED)])
            .statistics(Key::Scope);
        assert_eq!(
            stats,
            [stat("outer", 80, 3), stat("inner", 20, 1), stat(UNSCOPED, 5, 1)],
            "the innermost scope labels a block; the outer label comes back when a scope ends, also by a panic"
        );
        drop((kept, outside));
        tracemalloc::stop();
    });
}

#[test]
fn a_realloc_takes_the_scope_open_when_it_happens() {
    prove(|| {
        tracemalloc::start();
        let mut v: Vec<u8> = tracemalloc::scope("made", || Vec::with_capacity(8));
        tracemalloc::scope("grown", || v.reserve_exact(108));
        let stats = tracemalloc::take_snapshot().unwrap().statistics(Key::Scope);
        assert_eq!(stats, [stat("grown", 108, 1)], "as CPython's tracemalloc: a realloc'd block is traced where the realloc happened");
        drop(v);
        tracemalloc::stop();
    });
}

#[test]
fn compare_to_sorts_by_absolute_size_difference() {
    prove(|| {
        tracemalloc::start();
        let a = tracemalloc::scope("a", || boxed(100));
        let b = tracemalloc::scope("b", || boxed(50));
        let c = tracemalloc::scope("c", || boxed(300));
        let old = tracemalloc::take_snapshot().unwrap();
        drop((b, c));
        let b2 = tracemalloc::scope("b", || (boxed(125), boxed(125)));
        let d = tracemalloc::scope("d", || boxed(30));
        let new = tracemalloc::take_snapshot().unwrap();
        assert_eq!(
            new.compare_to(&old, Key::Scope),
            [diff("c", 0, -300, 0, -1), diff("b", 250, 200, 2, 1), diff("d", 30, 30, 1, 1), diff("a", 100, 0, 1, 0)],
            "biggest change first, by absolute value: a key gone since the old snapshot counts too"
        );
        assert_eq!(
            old.compare_to(&new, Key::Scope),
            [diff("c", 300, 300, 1, 1), diff("b", 50, -200, 1, -1), diff("d", 0, -30, 0, -1), diff("a", 100, 0, 1, 0)],
            "the other way round"
        );
        drop((a, b2, d));
        tracemalloc::stop();
    });
}

#[test]
fn compare_to_breaks_ties_as_python_does() {
    prove(|| {
        tracemalloc::start();
        let old_kept = (
            tracemalloc::scope("gone", || boxed(100)),
            tracemalloc::scope("same_count", || (boxed(50), boxed(50))),
            tracemalloc::scope("z_equal", || boxed(7)),
            tracemalloc::scope("y_equal", || boxed(7)),
        );
        let old = tracemalloc::take_snapshot().unwrap();
        let (gone, same_count, z_equal, y_equal) = old_kept;
        drop(gone);
        let new_kept = (
            tracemalloc::scope("new", || boxed(100)),
            tracemalloc::scope("more_blocks", || (boxed(50), boxed(25), boxed(25))),
            tracemalloc::scope("same_count", || boxed(100)),
            tracemalloc::scope("few_blocks", || boxed(100)),
        );
        let new = tracemalloc::take_snapshot().unwrap();
        assert_eq!(
            new.compare_to(&old, Key::Scope),
            [
                diff("same_count", 200, 100, 3, 1),
                diff("more_blocks", 100, 100, 3, 3),
                diff("new", 100, 100, 1, 1),
                diff("few_blocks", 100, 100, 1, 1),
                diff("gone", 0, -100, 0, -1),
                diff("z_equal", 7, 0, 1, 0),
                diff("y_equal", 7, 0, 1, 0),
            ],
            "ties on |size_diff| go by size, then |count_diff|, then count, then key, all descending (StatisticDiff._sort_key)"
        );
        drop((same_count, z_equal, y_equal, new_kept));
        tracemalloc::stop();
    });
}

#[test]
fn filter_traces_includes_any_and_excludes_win() {
    prove(|| {
        tracemalloc::start();
        let kept = (
            tracemalloc::scope("a", || boxed(1)),
            tracemalloc::scope("b", || (boxed(2), boxed(2))),
            tracemalloc::scope("c", || boxed(3)),
            boxed(4),
        );
        let snapshot = tracemalloc::take_snapshot().unwrap();
        let sizes = |filters: &[Filter]| -> Vec<(String, usize)> {
            let mut got: Vec<(String, usize)> = snapshot
                .filter_traces(filters)
                .statistics(Key::Scope)
                .into_iter()
                .map(|s| (s.key, s.size))
                .collect();
            got.sort();
            got
        };
        let all = vec![("<unscoped>".to_owned(), 4), ("a".to_owned(), 1), ("b".to_owned(), 4), ("c".to_owned(), 3)];
        assert_eq!(sizes(&[]), all, "no filters: every trace");
        assert_eq!(sizes(&[Filter::include("a"), Filter::include("c")]), [("a".to_owned(), 1), ("c".to_owned(), 3)], "two inclusive filters: a trace matching either");
        assert_eq!(sizes(&[Filter::exclude("b")]), [("<unscoped>".to_owned(), 4), ("a".to_owned(), 1), ("c".to_owned(), 3)], "an exclusive filter alone drops its scope only");
        assert_eq!(sizes(&[Filter::include("b"), Filter::exclude("b"), Filter::include("a")]), [("a".to_owned(), 1)], "exclusion wins over inclusion");
        assert_eq!(sizes(&[Filter::include(UNSCOPED)]), [("<unscoped>".to_owned(), 4)], "UNSCOPED matches blocks outside every scope");
        assert_eq!(sizes(&[Filter::include("nothing")]), Vec::<(String, usize)>::new(), "an inclusive filter nobody matches keeps nothing");
        assert_eq!(snapshot.len(), 5, "filter_traces makes a new snapshot; the old one keeps everything");
        drop(kept);
        tracemalloc::stop();
    });
}

// ---- stage 3: call sites ----

#[inline(never)]
fn allocate_here(bytes: usize) -> Box<[u8]> {
    std::hint::black_box(vec![1u8; bytes].into_boxed_slice())
}

#[inline(never)]
fn allocate_there(bytes: usize) -> Vec<u16> {
    std::hint::black_box(Vec::with_capacity(bytes / 2))
}

#[inline(never)]
fn grow_elsewhere(v: &mut Vec<u16>, more: usize) {
    v.reserve_exact(std::hint::black_box(more));
}

fn site_of<'s>(stats: &'s [Statistic], function: &str) -> Option<&'s Statistic> {
    stats.iter().find(|s| s.key.contains(function))
}

#[test]
fn statistics_group_by_call_site() {
    prove(|| {
        tracemalloc::start_with_call_sites();
        assert!(tracemalloc::is_tracing(), "start_with_call_sites starts tracing");
        let kept = (allocate_here(100), allocate_here(200), allocate_there(1000), allocate_here(300));
        let stats = tracemalloc::take_snapshot().unwrap().statistics(Key::CallSite);
        let here = site_of(&stats, "allocate_here").unwrap_or_else(|| panic!("no call site names allocate_here: {stats:#?}"));
        let there = site_of(&stats, "allocate_there").unwrap_or_else(|| panic!("no call site names allocate_there: {stats:#?}"));
        assert_eq!((here.size, here.count), (600, 3), "three blocks from one call site are one group: {stats:#?}");
        assert_eq!((there.size, there.count), (1000, 1), "another function is another group: {stats:#?}");
        assert_eq!(stats.len(), 2, "only these two call sites allocated: {stats:#?}");
        assert_eq!(stats[0], *there, "the bigger group first");
        assert!(here.key.contains("tests.rs"), "the key names the file of the call site: {}", here.key);
        assert_ne!(here.key, there.key);
        drop(kept);
        tracemalloc::stop();
    });
}

#[test]
fn a_realloc_is_traced_at_its_own_call_site() {
    prove(|| {
        tracemalloc::start_with_call_sites();
        let mut v = allocate_there(20);
        grow_elsewhere(&mut v, 500);
        let stats = tracemalloc::take_snapshot().unwrap().statistics(Key::CallSite);
        assert_eq!(stats.len(), 1, "one block: {stats:#?}");
        assert!(stats[0].key.contains("grow_elsewhere"), "traced where it was grown: {stats:#?}");
        assert_eq!((stats[0].size, stats[0].count), (1000, 1));
        drop(v);
        tracemalloc::stop();
    });
}

#[test]
fn call_sites_only_after_start_with_call_sites() {
    prove(|| {
        tracemalloc::start();
        let before = allocate_here(64);
        let stats = tracemalloc::take_snapshot().unwrap().statistics(Key::CallSite);
        assert_eq!(stats, [stat("<unknown>", 64, 1)], "started without call sites: the block has none");
        tracemalloc::stop();
        tracemalloc::start_with_call_sites();
        let after = allocate_here(32);
        let stats = tracemalloc::take_snapshot().unwrap().statistics(Key::CallSite);
        assert_eq!(stats.len(), 1, "the block from before is forgotten: {stats:#?}");
        assert!(stats[0].key.contains("allocate_here"), "{stats:#?}");
        tracemalloc::stop();
        tracemalloc::start();
        let plain = allocate_here(16);
        let stats = tracemalloc::take_snapshot().unwrap().statistics(Key::CallSite);
        assert_eq!(stats, [stat("<unknown>", 16, 1)], "stop ends call-site capture: a plain start captures none");
        tracemalloc::stop();
        drop((before, after, plain));
    });
}

#[test]
fn blocks_with_call_sites_count_and_are_forgotten_when_freed() {
    prove(|| {
        tracemalloc::start_with_call_sites();
        let first = allocate_here(100);
        let mut grown = allocate_there(20);
        assert_eq!(tracemalloc::get_traced_memory(), (120, 120), "100 bytes and 10 u16s, each with its call site");
        drop(first);
        assert_eq!(tracemalloc::get_traced_memory(), (20, 120), "freeing a block with a call site subtracts it");
        grow_elsewhere(&mut grown, 40);
        assert_eq!(tracemalloc::get_traced_memory().0, 2 * grown.capacity(), "a grown block with a call site counts its new size once");
        drop(grown);
        assert_eq!(tracemalloc::get_traced_memory().0, 0, "all freed");
        assert!(tracemalloc::take_snapshot().unwrap().is_empty(), "and the snapshot has no block left");
        tracemalloc::stop();
    });
}

#[test]
fn compare_to_by_call_site() {
    prove(|| {
        tracemalloc::start_with_call_sites();
        let a = allocate_here(100);
        let old = tracemalloc::take_snapshot().unwrap();
        let b = allocate_there(400);
        drop(a);
        let new = tracemalloc::take_snapshot().unwrap();
        let diffs = new.compare_to(&old, Key::CallSite);
        assert_eq!(diffs.len(), 2, "{diffs:#?}");
        assert!(diffs[0].key.contains("allocate_there") && diffs[0].size_diff == 400, "{diffs:#?}");
        assert!(diffs[1].key.contains("allocate_here") && diffs[1].size_diff == -100 && diffs[1].size == 0, "{diffs:#?}");
        drop(b);
        tracemalloc::stop();
    });
}
