//! Visible tests: `cargo test -p weak-value-map`. The grader's hidden tests check more: stale
//! death notices, purging, leaks, and the work the map does (counted, not timed).

use weak_value_map::{Handle, WeakValueMap};

#[test]
fn insert_then_get() {
    let mut map = WeakValueMap::new();
    let value = map.insert("answer", 42);
    let found = map.get("answer").expect("the value is alive");
    assert!(Handle::ptr_eq(&value, &found));
    assert_eq!(*found, 42);
}

#[test]
fn the_entry_goes_with_the_last_handle() {
    let mut map = WeakValueMap::new();
    let kept = map.insert(1, "kept");
    let gone = map.insert(2, "gone");
    assert_eq!(map.len(), 2);
    drop(gone);
    assert_eq!(map.len(), 1);
    assert!(map.get(&2).is_none());
    assert_eq!(*kept, "kept");
}

#[test]
fn get_or_create_reuses_a_live_value() {
    let mut map = WeakValueMap::new();
    let first = map.get_or_create("k", || String::from("made once"));
    let again = map.get_or_create("k", || String::from("made twice"));
    assert_eq!(*again, "made once");
    drop((first, again));
    let remade = map.get_or_create("k", || String::from("made again"));
    assert_eq!(*remade, "made again");
}

#[test]
fn the_map_does_not_keep_values_alive() {
    let mut map = WeakValueMap::new();
    let value = map.insert("k", ());
    assert_eq!(Handle::strong_count(&value), 1);
}
