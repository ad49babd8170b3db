//! Hidden tests for 02-my-rc: the learner's crate is `my_rc`.

use std::cell::RefCell;
use std::rc::Rc;

use grader_support::{CountingAlloc, Drops, prove};
use my_rc::MyRc;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

#[test]
fn new_and_deref_reach_the_value() {
    prove(|| {
        let rc = MyRc::new(String::from("hello"));
        assert_eq!(rc.len(), 5, "methods of the value work through the handle");
        assert_eq!(*rc, "hello");
        assert_eq!(MyRc::strong_count(&rc), 1, "a new handle is the only one");
    });
}

#[test]
fn clone_shares_the_value_and_counts() {
    prove(|| {
        let a = MyRc::new(7u64);
        let b = a.clone();
        let c = b.clone();
        assert_eq!(MyRc::strong_count(&a), 3, "three handles");
        assert!(std::ptr::eq(&*a, &*c), "clones point at the same value, not a copy");
        drop(b);
        assert_eq!(MyRc::strong_count(&c), 2, "dropping a handle decrements");
    });
}

#[test]
fn value_is_dropped_exactly_once_by_the_last_handle() {
    prove(|| {
        let drops = Drops::new();
        let a = MyRc::new(drops.token());
        let b = a.clone();
        let c = a.clone();
        drop(a);
        drop(c);
        assert_eq!(drops.count(), 0, "one handle is still alive: the value must be too");
        drop(b);
        assert_eq!(drops.count(), 1, "the last handle drops the value, once");
    });
}

#[test]
fn drop_order_of_handles_does_not_matter() {
    prove(|| {
        for order in [[0, 1, 2, 3], [3, 2, 1, 0], [2, 0, 3, 1]] {
            let drops = Drops::new();
            let first = MyRc::new(drops.token());
            let mut handles: Vec<Option<MyRc<_>>> = vec![Some(first.clone()), Some(first.clone()), Some(first.clone()), Some(first)];
            for (step, &index) in order.iter().enumerate() {
                handles[index] = None;
                let expected = usize::from(step == 3);
                assert_eq!(drops.count(), expected, "drops after {} of 4 handles went", step + 1);
            }
        }
    });
}

#[test]
fn no_bytes_leak_after_the_last_handle() {
    prove(|| {
        let ((), usage) = ALLOC.measure(|| {
            let a = MyRc::new([0u8; 256]);
            let b = a.clone();
            let c = b.clone();
            drop(a);
            drop(b);
            drop(c);
        });
        assert_eq!(usage.leaked_bytes, 0, "bytes still allocated after every handle is gone");
        assert_eq!(usage.leaked_blocks, 0, "blocks still allocated after every handle is gone");
    });
}

#[test]
fn new_allocates_once_and_clone_never() {
    prove(|| {
        let (handles, usage) = ALLOC.measure(|| {
            let a = MyRc::new(1u32);
            (a.clone(), a.clone(), a)
        });
        assert_eq!(usage.allocations, 1, "one allocation holds the count and the value");
        drop(handles);
    });
}

#[test]
fn try_unwrap_moves_out_a_unique_value_without_leaking() {
    prove(|| {
        let drops = Drops::new();
        let (value, usage) = ALLOC.measure(|| {
            let rc = MyRc::new((drops.token(), String::from("kept")));
            let value = MyRc::try_unwrap(rc);
            assert!(value.is_ok(), "a unique handle unwraps");
            let (token, text) = value.ok().unwrap();
            assert_eq!(text, "kept");
            assert_eq!(drops.count(), 0, "the value moved out alive, not dropped");
            drop(text);
            token
        });
        assert_eq!(usage.leaked_blocks, 0, "the shared block is freed by try_unwrap");
        drop(value);
        assert_eq!(drops.count(), 1, "and the value is dropped once, by its new owner");
    });
}

#[test]
fn try_unwrap_gives_a_shared_handle_back_unchanged() {
    prove(|| {
        let drops = Drops::new();
        let a = MyRc::new(drops.token());
        let b = a.clone();
        let back = MyRc::try_unwrap(a);
        assert!(back.is_err(), "a shared value cannot be unwrapped");
        let a = back.err().unwrap();
        assert_eq!(MyRc::strong_count(&a), 2, "the count is unchanged");
        assert!(MyRc::ptr_eq(&a, &b), "the same handle comes back");
        drop(a);
        drop(b);
        assert_eq!(drops.count(), 1, "still dropped exactly once");
    });
}

#[test]
fn get_mut_only_for_the_only_handle() {
    prove(|| {
        let mut a = MyRc::new(vec![1, 2]);
        match MyRc::get_mut(&mut a) {
            Some(values) => values.push(3),
            None => panic!("get_mut on the only handle must give access"),
        }
        let b = a.clone();
        assert!(MyRc::get_mut(&mut a).is_none(), "get_mut on a shared value must refuse");
        assert_eq!(*b, [1, 2, 3], "the change made through get_mut is visible");
        drop(b);
        assert!(MyRc::get_mut(&mut a).is_some(), "unique again after the clone is gone");
    });
}

#[test]
fn ptr_eq_is_identity_not_equality() {
    prove(|| {
        let a = MyRc::new(5);
        let b = MyRc::new(5);
        assert!(MyRc::ptr_eq(&a, &a.clone()), "a clone is the same object");
        assert!(!MyRc::ptr_eq(&a, &b), "equal values in two allocations are two objects");
    });
}

#[test]
fn nested_handles_are_released_with_their_owner() {
    prove(|| {
        let drops = Drops::new();
        let ((), usage) = ALLOC.measure(|| {
            let inner = MyRc::new(drops.token());
            let outer = MyRc::new(vec![inner.clone(), inner.clone()]);
            assert_eq!(MyRc::strong_count(&inner), 3);
            drop(inner);
            let keep = outer.clone();
            drop(outer);
            assert_eq!(drops.count(), 0, "the outer value still holds the inner handles");
            drop(keep);
            assert_eq!(drops.count(), 1, "dropping the outer value releases the inner one");
        });
        assert_eq!(usage.leaked_blocks, 0, "no block of either MyRc is left");
    });
}

#[test]
fn values_with_borrowed_state_work_through_deref() {
    prove(|| {
        let log = MyRc::new(RefCell::new(Vec::new()));
        let writer = log.clone();
        writer.borrow_mut().push("via the second handle");
        assert_eq!(*log.borrow(), ["via the second handle"]);
        let shared = Rc::new(());
        let rc = MyRc::new(Rc::clone(&shared));
        assert_eq!(Rc::strong_count(&shared), 2, "the value inside is a real Rc handle");
        drop(rc);
        assert_eq!(Rc::strong_count(&shared), 1, "dropped with the last MyRc");
    });
}
