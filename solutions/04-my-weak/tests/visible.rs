//! Visible tests: `cargo test -p my-weak`. The grader's hidden tests check more: when exactly
//! the value is dropped and the block freed (with a drop counter and a counting allocator),
//! every order of dropping handles, and that a `MyWeak` can be neither dereferenced nor sent
//! to another thread.

use my_weak_solution::{MyRc, MyWeak};

#[test]
fn downgrade_then_upgrade() {
    let rc = MyRc::new(41);
    let weak = MyRc::downgrade(&rc);
    let again = weak.upgrade().expect("the value is alive");
    assert_eq!(*again + 1, 42);
    assert_eq!(MyRc::strong_count(&rc), 2);
    assert_eq!(MyRc::weak_count(&rc), 1);
}

#[test]
fn upgrade_fails_once_the_last_strong_handle_is_gone() {
    let rc = MyRc::new(String::from("gone soon"));
    let weak = MyRc::downgrade(&rc);
    drop(rc);
    assert!(weak.upgrade().is_none());
    assert_eq!(weak.strong_count(), 0);
}

#[test]
fn weak_handles_are_counted() {
    let rc = MyRc::new(());
    let first = MyRc::downgrade(&rc);
    let second = first.clone();
    assert_eq!(MyRc::weak_count(&rc), 2);
    drop(first);
    assert_eq!(second.weak_count(), 1);
}

#[test]
fn an_empty_weak_never_upgrades() {
    let empty: MyWeak<u8> = MyWeak::new();
    assert!(empty.upgrade().is_none());
}
