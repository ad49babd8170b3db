//! Hidden tests for 04-my-weak: the learner's crate is `my_weak`.
//!
//! Two moments are observed separately: the value's drop (a `Drops` token inside it) and the
//! block's release (the counting allocator's live blocks). Where a wrong solution would leave
//! a handle pointing at freed memory, the test keeps that handle in `ManuallyDrop` until the
//! allocator has been checked, so the failure is reported, not a use-after-free.

use std::cell::{Cell, RefCell};
use std::mem::ManuallyDrop;
use std::rc::Rc;

use grader_support::{CountingAlloc, DropToken, Drops, prove};
use my_weak::{MyRc, MyWeak};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

#[test]
fn downgrade_counts_a_weak_handle_and_no_strong_one() {
    prove(|| {
        let rc = MyRc::new(String::from("value"));
        let weak = MyRc::downgrade(&rc);
        assert_eq!(
            MyRc::strong_count(&rc),
            1,
            "downgrade does not add a strong handle"
        );
        assert_eq!(
            MyRc::weak_count(&rc),
            1,
            "one weak handle after one downgrade"
        );
        assert_eq!(
            weak.strong_count(),
            1,
            "the weak handle sees the one strong handle"
        );
        assert_eq!(weak.weak_count(), 1, "the weak handle counts itself");
        let second = MyRc::downgrade(&rc.clone());
        assert_eq!(
            MyRc::weak_count(&rc),
            2,
            "two weak handles after two downgrades"
        );
        assert_eq!(
            second.strong_count(),
            1,
            "the temporary clone is gone again"
        );
    });
}

#[test]
fn upgrade_gives_a_strong_handle_to_the_same_value() {
    prove(|| {
        let rc = MyRc::new(vec![1, 2, 3]);
        let weak = MyRc::downgrade(&rc);
        let upgraded = weak.upgrade();
        assert!(
            upgraded.is_some(),
            "upgrade succeeds while a strong handle exists"
        );
        let upgraded = upgraded.unwrap();
        assert!(
            MyRc::ptr_eq(&rc, &upgraded),
            "upgrade points at the same allocation"
        );
        assert_eq!(*upgraded, [1, 2, 3]);
        assert_eq!(
            MyRc::strong_count(&rc),
            2,
            "the upgraded handle is counted as strong"
        );
        assert_eq!(
            MyRc::weak_count(&rc),
            1,
            "upgrade does not use up the weak handle"
        );
        drop(upgraded);
        assert_eq!(
            MyRc::strong_count(&rc),
            1,
            "dropping the upgraded handle decrements"
        );
    });
}

#[test]
fn upgraded_handle_keeps_the_value_after_the_original_goes() {
    prove(|| {
        let drops = Drops::new();
        let rc = MyRc::new(drops.token());
        let weak = MyRc::downgrade(&rc);
        let upgraded = weak.upgrade().expect("the value is alive");
        drop(rc);
        assert_eq!(
            drops.count(),
            0,
            "the upgraded handle is a strong one: the value stays"
        );
        assert_eq!(weak.strong_count(), 1, "one strong handle left");
        drop(upgraded);
        assert_eq!(drops.count(), 1, "the last strong handle drops the value");
    });
}

#[test]
fn value_is_dropped_by_the_last_strong_handle_though_weak_ones_remain() {
    prove(|| {
        let drops = Drops::new();
        let a = MyRc::new(drops.token());
        let b = a.clone();
        let weak = MyRc::downgrade(&a);
        let other_weak = weak.clone();
        drop(a);
        assert_eq!(
            drops.count(),
            0,
            "one strong handle is left: the value must be alive"
        );
        drop(b);
        assert_eq!(
            drops.count(),
            1,
            "the last strong handle drops the value, weak ones or not"
        );
        drop(weak);
        drop(other_weak);
        assert_eq!(drops.count(), 1, "weak handles never drop the value again");
    });
}

#[test]
fn block_outlives_the_value_until_the_last_weak_handle() {
    prove(|| {
        let drops = Drops::new();
        let blocks_before = ALLOC.live_blocks();
        let rc = MyRc::new(drops.token());
        let weak = ManuallyDrop::new(MyRc::downgrade(&rc));
        assert_eq!(
            ALLOC.live_blocks() - blocks_before,
            1,
            "one block for the counts and the value"
        );
        drop(rc);
        assert_eq!(
            drops.count(),
            1,
            "the value goes with the last strong handle"
        );
        assert_eq!(
            ALLOC.live_blocks() - blocks_before,
            1,
            "the block must stay allocated while a weak handle points at it"
        );
        drop(ManuallyDrop::into_inner(weak));
        assert_eq!(
            ALLOC.live_blocks() - blocks_before,
            0,
            "the last weak handle frees the block"
        );
        assert_eq!(drops.count(), 1, "the value is not dropped a second time");
    });
}

#[test]
fn upgrade_fails_after_the_value_is_gone() {
    prove(|| {
        let rc = MyRc::new(5u32);
        let weak = MyRc::downgrade(&rc);
        drop(rc);
        // A wrong upgrade would revive a dead value; never drop such a handle.
        let upgraded = weak.upgrade().map(ManuallyDrop::new);
        assert!(
            upgraded.is_none(),
            "upgrade must return None once the last strong handle is gone"
        );
        assert_eq!(weak.strong_count(), 0, "no strong handle is left");
        assert_eq!(weak.weak_count(), 1, "the weak handle still counts itself");
    });
}

#[test]
fn weak_clones_and_drops_are_counted() {
    prove(|| {
        let rc = MyRc::new('x');
        let first = MyRc::downgrade(&rc);
        let second = first.clone();
        let third = second.clone();
        assert_eq!(
            MyRc::weak_count(&rc),
            3,
            "a clone of a weak handle is one more weak handle"
        );
        assert_eq!(
            first.weak_count(),
            3,
            "every weak handle sees the same count"
        );
        assert_eq!(
            MyRc::strong_count(&rc),
            1,
            "cloning weak handles adds no strong one"
        );
        drop(second);
        assert_eq!(third.weak_count(), 2, "dropping a weak handle decrements");
        drop(first);
        drop(third);
        assert_eq!(MyRc::weak_count(&rc), 0, "all weak handles gone");
    });
}

#[test]
fn no_leak_once_strong_and_weak_handles_are_gone() {
    prove(|| {
        let drops = Drops::new();
        let ((), usage) = ALLOC.measure(|| {
            let rc = MyRc::new((drops.token(), [0u8; 64]));
            let weak = MyRc::downgrade(&rc);
            let other = weak.clone();
            drop(rc);
            drop(weak);
            drop(other);
        });
        assert_eq!(drops.count(), 1, "the value is dropped once");
        assert_eq!(
            usage.leaked_blocks, 0,
            "blocks still allocated after every handle is gone"
        );
        assert_eq!(
            usage.leaked_bytes, 0,
            "bytes still allocated after every handle is gone"
        );
    });
}

#[test]
fn no_leak_when_weak_handles_go_first() {
    prove(|| {
        let ((), usage) = ALLOC.measure(|| {
            let rc = MyRc::new([0u8; 32]);
            let weak = MyRc::downgrade(&rc);
            drop(weak.clone());
            drop(weak);
            assert_eq!(MyRc::weak_count(&rc), 0, "both weak handles are gone");
            drop(rc);
        });
        assert_eq!(
            usage.leaked_blocks, 0,
            "the last strong handle frees the block when no weak one is left"
        );
    });
}

#[test]
fn every_order_of_drops_drops_once_and_frees_once() {
    prove(|| {
        // Handles 0 and 1 are strong, 2 and 3 weak: all 24 orders of dropping them.
        for order in permutations(4) {
            let drops = Drops::new();
            let ((), usage) = ALLOC.measure(|| {
                let rc = MyRc::new(drops.token());
                let mut strong = [Some(rc.clone()), Some(rc)];
                let weak = MyRc::downgrade(strong[0].as_ref().unwrap());
                let mut weak = [Some(weak.clone()), Some(weak)];
                let mut strong_left = 2;
                for &handle in &order {
                    if handle < 2 {
                        strong[handle] = None;
                        strong_left -= 1;
                    } else {
                        weak[handle - 2] = None;
                    }
                    let expected = usize::from(strong_left == 0);
                    assert_eq!(drops.count(), expected, "value drops after dropping handles in the order {order:?} (0, 1 strong; 2, 3 weak)");
                    for left in weak.iter().flatten() {
                        assert_eq!(upgrades(left), strong_left > 0, "upgrade succeeds exactly while a strong handle is left (order {order:?})");
                    }
                }
            });
            assert_eq!(
                usage.leaked_blocks, 0,
                "blocks left after dropping handles in the order {order:?} (0, 1 strong; 2, 3 weak)"
            );
        }
    });
}

#[test]
fn a_weak_handle_outlives_many_strong_cycles() {
    prove(|| {
        let drops = Drops::new();
        let rc = MyRc::new(drops.token());
        let weak = MyRc::downgrade(&rc);
        let ((), usage) = ALLOC.measure(|| {
            for round in 0..1000 {
                let upgraded = weak.upgrade().expect("the value is alive");
                let copy = upgraded.clone();
                assert_eq!(
                    MyRc::strong_count(&copy),
                    3,
                    "three strong handles in round {round}"
                );
                let again = MyRc::downgrade(&copy);
                assert_eq!(weak.weak_count(), 2, "two weak handles in round {round}");
                drop((upgraded, copy, again));
                assert_eq!(
                    weak.strong_count(),
                    1,
                    "back to one strong handle after round {round}"
                );
                assert_eq!(
                    weak.weak_count(),
                    1,
                    "back to one weak handle after round {round}"
                );
            }
        });
        assert_eq!(
            usage.allocations, 0,
            "upgrade, clone and downgrade never allocate"
        );
        assert_eq!(drops.count(), 0, "a strong handle was alive all along");
        drop(rc);
        assert_eq!(
            drops.count(),
            1,
            "the original strong handle was the last one"
        );
        assert!(!upgrades(&weak), "and the weak handle sees that");
    });
}

#[test]
fn new_allocates_once_and_weak_handles_never() {
    prove(|| {
        let (handles, usage) = ALLOC.measure(|| {
            let rc = MyRc::new(1u64);
            let weak = MyRc::downgrade(&rc);
            let copy = weak.clone();
            let upgraded = copy.upgrade();
            (rc, weak, copy, upgraded)
        });
        assert_eq!(
            usage.allocations, 1,
            "one allocation holds both counts and the value"
        );
        drop(handles);
    });
}

#[test]
fn weak_new_points_nowhere_and_allocates_nothing() {
    prove(|| {
        let ((), usage) = ALLOC.measure(|| {
            let empty: MyWeak<String> = MyWeak::new();
            assert!(
                empty.upgrade().is_none(),
                "an empty weak handle never upgrades"
            );
            assert_eq!(
                empty.strong_count(),
                0,
                "no strong handle behind an empty weak one"
            );
            assert_eq!(
                empty.weak_count(),
                0,
                "an empty weak handle shares no block to count"
            );
            let copy = empty.clone();
            assert!(copy.upgrade().is_none(), "its clone is empty too");
            let default: MyWeak<String> = MyWeak::default();
            assert!(default.upgrade().is_none(), "Default is MyWeak::new()");
        });
        assert_eq!(usage.allocations, 0, "MyWeak::new() allocates nothing");
        assert_eq!(usage.leaked_blocks, 0, "and leaves nothing behind");
    });
}

#[test]
fn get_mut_refuses_while_a_weak_handle_exists() {
    prove(|| {
        let mut rc = MyRc::new(vec![1]);
        assert!(
            MyRc::get_mut(&mut rc).is_some(),
            "the only handle of either kind may mutate"
        );
        let weak = MyRc::downgrade(&rc);
        assert!(
            MyRc::get_mut(&mut rc).is_none(),
            "a weak handle could upgrade: get_mut must refuse"
        );
        drop(weak);
        match MyRc::get_mut(&mut rc) {
            Some(values) => values.push(2),
            None => panic!("get_mut must work again once the weak handle is gone"),
        }
        assert_eq!(*rc, [1, 2]);
    });
}

#[test]
fn try_unwrap_with_weak_handles_moves_the_value_and_keeps_the_block() {
    prove(|| {
        let drops = Drops::new();
        let blocks_before = ALLOC.live_blocks();
        let rc = MyRc::new(drops.token());
        let weak = ManuallyDrop::new(MyRc::downgrade(&rc));
        let unwrapped = MyRc::try_unwrap(rc);
        assert!(
            unwrapped.is_ok(),
            "the only strong handle unwraps, weak handles or not"
        );
        assert_eq!(drops.count(), 0, "the value is moved out, not dropped");
        assert_eq!(
            ALLOC.live_blocks() - blocks_before,
            1,
            "the weak handle keeps the block allocated"
        );
        let upgraded = weak.upgrade().map(ManuallyDrop::new);
        assert!(upgraded.is_none(), "the value left: upgrade must fail");
        drop(ManuallyDrop::into_inner(weak));
        assert_eq!(
            ALLOC.live_blocks() - blocks_before,
            0,
            "the last weak handle frees the block"
        );
        drop(unwrapped);
        assert_eq!(
            drops.count(),
            1,
            "the value is dropped once, by its new owner"
        );
    });
}

#[test]
fn try_unwrap_of_a_shared_value_gives_the_handle_back() {
    prove(|| {
        let drops = Drops::new();
        let blocks_before = ALLOC.live_blocks();
        let rc = MyRc::new(drops.token());
        let other = MyRc::clone(&rc);
        let weak = MyRc::downgrade(&rc);
        let rc = match MyRc::try_unwrap(rc) {
            Err(rc) => rc,
            Ok(value) => {
                // The block may be gone now: forget everything that points into it, never
                // touch it again, and fail.
                std::mem::forget((value, other, weak));
                panic!(
                    "try_unwrap moved the value out while another strong handle still held it (it must give the handle back as Err)"
                );
            }
        };
        assert!(MyRc::ptr_eq(&rc, &other), "Err gives back the same handle");
        assert_eq!(MyRc::strong_count(&other), 2, "both strong handles are still counted");
        assert_eq!(drops.count(), 0, "the value is still alive");
        drop(rc);
        let again = match MyRc::try_unwrap(other) {
            Ok(value) => value,
            Err(_) => panic!("the last strong handle unwraps, though a weak handle remains"),
        };
        assert!(weak.upgrade().is_none(), "the value left: upgrade must fail");
        assert_eq!(drops.count(), 0, "moved out, not dropped");
        drop(again);
        drop(weak);
        assert_eq!(drops.count(), 1, "the value is dropped once, by its new owner");
        assert_eq!(ALLOC.live_blocks() - blocks_before, 0, "the block is freed");
    });
}

/// A value that holds a weak handle to itself, and tries to upgrade it while being dropped.
/// Fields drop in declaration order: `me` is the last one with bytes in the block, and the
/// zero-sized `_witness` after it checks that dropping `me` did not free the block.
struct SelfAware {
    upgraded_in_drop: Rc<Cell<Option<bool>>>,
    _token: DropToken,
    me: RefCell<MyWeak<SelfAware>>,
    _witness: BlockStillAllocated,
}

impl SelfAware {
    /// A `MyRc<SelfAware>` whose value holds a weak handle to its own block.
    fn new(drops: &Drops, upgraded_in_drop: &Rc<Cell<Option<bool>>>) -> MyRc<SelfAware> {
        let rc = MyRc::new(SelfAware {
            upgraded_in_drop: Rc::clone(upgraded_in_drop),
            _token: drops.token(),
            me: RefCell::new(MyWeak::new()),
            _witness: BlockStillAllocated,
        });
        *rc.me.borrow_mut() = MyRc::downgrade(&rc);
        rc
    }
}

impl Drop for SelfAware {
    fn drop(&mut self) {
        LIVE_BLOCKS_AT_DROP_START.set(Some(ALLOC.live_blocks()));
        // A handle wrongly revived from a value being dropped is leaked, never dropped.
        let revived = self.me.borrow().upgrade().map(ManuallyDrop::new);
        self.upgraded_in_drop.set(Some(revived.is_some()));
    }
}

thread_local! {
    /// Live blocks when a `SelfAware` value began to drop.
    static LIVE_BLOCKS_AT_DROP_START: Cell<Option<isize>> = const { Cell::new(None) };
}

/// The last field of `SelfAware`. It has no bytes in the block, so it can look at the
/// allocator even when a wrong solution has just freed the block around it; its panic then
/// stops the learner's `drop` before that touches the freed block again.
struct BlockStillAllocated;

impl Drop for BlockStillAllocated {
    fn drop(&mut self) {
        if let Some(at_start) = LIVE_BLOCKS_AT_DROP_START.take() {
            assert_eq!(
                ALLOC.live_blocks(),
                at_start,
                "the MyWeak inside the value freed the block while the value was still being dropped: \
                 the block may go only after the value's drop has returned"
            );
        }
    }
}

#[test]
fn a_value_holding_the_last_weak_handle_to_itself_is_released_once() {
    prove(|| {
        let drops = Drops::new();
        let upgraded_in_drop = Rc::new(Cell::new(None));
        let ((), usage) = ALLOC.measure(|| {
            let rc = SelfAware::new(&drops, &upgraded_in_drop);
            assert_eq!(
                MyRc::weak_count(&rc),
                1,
                "the value holds one weak handle to itself"
            );
            drop(rc);
        });
        assert_eq!(drops.count(), 1, "the value is dropped once");
        assert_eq!(
            usage.leaked_blocks, 0,
            "the weak handle inside the value must not keep the block alive"
        );
    });
}

#[test]
fn upgrade_inside_the_values_own_drop_fails() {
    prove(|| {
        let drops = Drops::new();
        let upgraded_in_drop = Rc::new(Cell::new(None));
        let rc = SelfAware::new(&drops, &upgraded_in_drop);
        drop(rc);
        assert_eq!(
            drops.count(),
            1,
            "the value is dropped with its last strong handle"
        );
        assert_eq!(
            upgraded_in_drop.get(),
            Some(false),
            "while the value is being dropped the strong count is already 0: upgrade must return None"
        );
    });
}

/// Whether `weak` upgrades. A strong handle that is the only one was revived from a dead value
/// by a wrong `upgrade`: it is leaked, so the failure is the assertion, not a second drop.
fn upgrades<T>(weak: &MyWeak<T>) -> bool {
    match weak.upgrade() {
        None => false,
        Some(rc) => {
            if MyRc::strong_count(&rc) == 1 {
                std::mem::forget(rc);
            }
            true
        }
    }
}

/// Every order of `0..n`, in lexicographic order.
fn permutations(n: usize) -> Vec<Vec<usize>> {
    if n == 0 {
        return vec![Vec::new()];
    }
    let mut all = Vec::new();
    for rest in permutations(n - 1) {
        for at in 0..=rest.len() {
            let mut order = rest.clone();
            order.insert(at, n - 1);
            all.push(order);
        }
    }
    all.sort();
    all
}
