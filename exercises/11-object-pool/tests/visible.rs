//! Visible tests: `cargo test -p object-pool`. The grader's hidden tests check more: the order
//! of reuse, what the reset sees and when it runs, `max_size`, exact counts, panics, and leaks.

use object_pool::{Guard, Pool, Stats};

#[test]
fn a_given_back_buffer_is_reused() {
    let pool = Pool::new(|| Vec::<u8>::with_capacity(64), Vec::clear, 4);
    let first = {
        let mut buffer = pool.acquire();
        buffer.push(1);
        buffer.as_ptr()
    };
    let again = pool.acquire();
    assert_eq!(again.as_ptr(), first, "the same allocation comes back");
    assert!(again.is_empty(), "reset before reuse");
    assert_eq!(
        pool.stats(),
        Stats {
            created: 1,
            reused: 1
        }
    );
}

#[test]
fn two_guards_at_once_hold_two_objects() {
    let pool = Pool::new(String::new, String::clear, 4);
    let mut a = pool.acquire();
    let mut b = pool.acquire();
    a.push('a');
    b.push('b');
    assert_eq!((a.as_str(), b.as_str()), ("a", "b"));
    assert_eq!(pool.stats().created, 2);
}

#[test]
fn release_gives_back_and_into_inner_keeps() {
    let pool = Pool::new(|| 0u32, |n| *n = 0, 4);
    Guard::release(pool.acquire());
    assert_eq!(pool.idle(), 1);
    let kept = Guard::into_inner(pool.acquire());
    assert_eq!(kept, 0);
    assert_eq!(pool.idle(), 0, "into_inner takes the object out for good");
}

#[test]
fn a_full_pool_drops_what_comes_back() {
    let pool = Pool::new(|| 0u32, |n| *n = 0, 1);
    let a = pool.acquire();
    let b = pool.acquire();
    drop(a);
    drop(b);
    assert_eq!(pool.idle(), 1);
}
