//! Hidden tests for 05-weak-value-map: the learner's crate is `weak_value_map`.
//!
//! The work tests count, never time: the map's own meter (`entries_examined`, every liveness
//! check) and, independently, the calls of `Hash::hash` on a key type defined here.

use std::cell::Cell;
use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

use grader_support::{CountingAlloc, Drops, prove};
use weak_value_map::{Handle, WeakValueMap};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

thread_local! {
    static HASHES: Cell<u64> = const { Cell::new(0) };
}

/// A key that counts how often it is hashed, and how many copies of it exist (each copy holds
/// a clone of `census`).
#[derive(Clone, Debug)]
struct Key {
    id: u32,
    census: Rc<()>,
}

impl Key {
    fn new(id: u32, census: &Rc<()>) -> Self {
        Self {
            id,
            census: Rc::clone(census),
        }
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Eq for Key {}

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        HASHES.with(|hashes| hashes.set(hashes.get() + 1));
        self.id.hash(state);
    }
}

/// Copies of keys made from `census` that exist now, besides `census` itself.
fn key_copies(census: &Rc<()>) -> usize {
    Rc::strong_count(census) - 1
}

/// The workload of the work tests: 10,000 inserts, each followed by `len` and `get`; odd values
/// die at once, even ones are kept, and every 500 inserts a third of the kept ones die together.
/// Checks every answer and returns the number of map operations it made.
fn mixed_workload(map: &mut WeakValueMap<Key, u32>, census: &Rc<()>) -> u64 {
    let mut kept: Vec<Handle<Key, u32>> = Vec::new();
    let mut operations = 0;
    for id in 0..10_000u32 {
        let handle = map.insert(Key::new(id, census), id);
        operations += 1;
        if id % 2 == 0 {
            kept.push(handle);
        } else {
            drop(handle);
        }
        if id % 500 == 499 {
            let mut position = 0;
            kept.retain(|_| {
                position += 1;
                position % 3 != 0
            });
        }
        assert_eq!(
            map.len(),
            kept.len(),
            "len after insert #{id}: the live entries"
        );
        operations += 1;
        let found = map.get(&Key::new(id, census)).map(|handle| *handle);
        let expected = (id % 2 == 0).then_some(id);
        assert_eq!(found, expected, "get of key {id}, just inserted");
        operations += 1;
    }
    operations
}

#[test]
fn insert_and_get_share_one_value() {
    prove(|| {
        let mut map = WeakValueMap::new();
        let inserted = map.insert(String::from("k"), vec![1, 2, 3]);
        let found = map.get("k");
        assert!(found.is_some(), "get finds a value that is alive");
        let found = found.unwrap();
        assert!(
            Handle::ptr_eq(&inserted, &found),
            "get hands out the inserted value itself, not a copy"
        );
        assert_eq!(*found, [1, 2, 3]);
        assert!(map.get("missing").is_none(), "get of a key never inserted");
    });
}

#[test]
fn the_map_holds_its_values_weakly() {
    prove(|| {
        let drops = Drops::new();
        let mut map = WeakValueMap::new();
        let handle = map.insert(1, drops.token());
        assert_eq!(
            Handle::strong_count(&handle),
            1,
            "the handle from insert is the only strong one: the map keeps none"
        );
        let clone = handle.clone();
        assert_eq!(
            Handle::strong_count(&handle),
            2,
            "a clone is a second strong handle"
        );
        drop(handle);
        assert_eq!(drops.count(), 0, "a clone is still alive: so is the value");
        drop(clone);
        assert_eq!(drops.count(), 1, "the last handle drops the value at once");
    });
}

#[test]
fn len_counts_live_entries_only() {
    prove(|| {
        let mut map = WeakValueMap::new();
        let a = map.insert('a', 1);
        let b = map.insert('b', 2);
        let c = map.insert('c', 3);
        assert_eq!(map.len(), 3, "three live entries");
        drop(b);
        assert_eq!(
            map.len(),
            2,
            "len right after a value died, with no other call between"
        );
        drop(a);
        drop(c);
        assert_eq!(map.len(), 0, "every value died");
        assert!(map.is_empty(), "is_empty when every value died");
    });
}

#[test]
fn get_of_a_dead_entry_is_none() {
    prove(|| {
        let mut map = WeakValueMap::new();
        let value = map.insert("k", String::from("v"));
        drop(value);
        assert!(map.get("k").is_none(), "get of a key whose value died");
    });
}

#[test]
fn iteration_yields_live_entries_only() {
    prove(|| {
        let mut map = WeakValueMap::new();
        let mut kept = Vec::new();
        for id in 0..20u32 {
            let handle = map.insert(id, id * 10);
            if id % 3 == 0 {
                kept.push(handle);
            }
        }
        let mut seen = BTreeSet::new();
        for (key, value) in map.iter() {
            assert_eq!(
                *value,
                *key * 10,
                "iteration pairs each key with its own value"
            );
            assert!(seen.insert(*key), "key {key} yielded twice");
        }
        let expected: BTreeSet<u32> = (0..20).filter(|id| id % 3 == 0).collect();
        assert_eq!(
            seen, expected,
            "the keys iteration yields: the live ones, each once"
        );
        let by_into_iter = (&map).into_iter().count();
        assert_eq!(
            by_into_iter,
            expected.len(),
            "`for (k, v) in &map` yields the same"
        );
    });
}

#[test]
fn iteration_hands_out_strong_handles() {
    prove(|| {
        let drops = Drops::new();
        let mut map = WeakValueMap::new();
        let original = map.insert(1, drops.token());
        let yielded: Vec<_> = map.iter().map(|(_, handle)| handle).collect();
        drop(original);
        assert_eq!(
            drops.count(),
            0,
            "a handle from iteration keeps the value alive"
        );
        assert_eq!(map.len(), 1, "so the entry stays live");
        drop(yielded);
        assert_eq!(drops.count(), 1, "until it goes too");
        assert_eq!(map.len(), 0);
    });
}

#[test]
fn values_may_die_during_iteration() {
    prove(|| {
        let mut map = WeakValueMap::new();
        let mut held: Vec<_> = (0..50u32).map(|id| map.insert(id, id)).collect();
        let mut visited = 0;
        for (_, handle) in map.iter() {
            visited += 1;
            drop(handle);
            held.clear(); // every value dies now, mid-iteration
        }
        assert_eq!(
            visited, 1,
            "after the first step every other value is dead: not yielded"
        );
        assert_eq!(map.len(), 0, "and every entry is dead after the loop");
        let fresh = map.insert(7, 7);
        assert_eq!(
            map.len(),
            1,
            "the map works on after deaths during iteration"
        );
        drop(fresh);
    });
}

#[test]
fn get_or_create_makes_a_value_once_while_it_lives() {
    prove(|| {
        let made = Cell::new(0);
        let make = || {
            made.set(made.get() + 1);
            format!("value #{}", made.get())
        };
        let mut map = WeakValueMap::new();
        let first = map.get_or_create("k", make);
        assert_eq!(
            map.len(),
            1,
            "the made value is stored, and alive after the call"
        );
        assert_eq!(*first, "value #1");
        let again = map.get_or_create("k", make);
        assert_eq!(made.get(), 1, "a live value is reused, not made again");
        assert!(Handle::ptr_eq(&first, &again), "the same value comes back");
        drop((first, again));
        let remade = map.get_or_create("k", make);
        assert_eq!(
            made.get(),
            2,
            "after the value died, get_or_create makes a new one"
        );
        assert_eq!(*remade, "value #2");
        assert_eq!(map.len(), 1, "one live entry for the key");
    });
}

#[test]
fn reinserting_a_key_replaces_its_value() {
    prove(|| {
        let mut map = WeakValueMap::new();
        let old = map.insert("k", "old");
        let new = map.insert("k", "new");
        assert_eq!(map.len(), 1, "one key, one entry");
        let found = map.get("k").map(|handle| *handle);
        assert_eq!(found, Some("new"), "the key now names the new value");
        assert_eq!(*old, "old", "the old value lives on with its own handle");
        drop(new);
    });
}

#[test]
fn a_replaced_value_dying_leaves_the_new_entry() {
    prove(|| {
        let mut map = WeakValueMap::new();
        let old = map.insert(String::from("k"), 1);
        let new = map.insert(String::from("k"), 2);
        drop(old);
        assert_eq!(
            map.len(),
            1,
            "len after the replaced value died: the new one is live"
        );
        let other = map.insert(String::from("other"), 3);
        let found = map.get("k").map(|handle| *handle);
        assert_eq!(
            found,
            Some(2),
            "the old value's death must not purge the new entry"
        );
        assert_eq!(map.len(), 2, "both live entries count");
        drop((new, other));
    });
}

#[test]
fn remove_returns_the_live_value_and_forgets_the_key() {
    prove(|| {
        let mut map = WeakValueMap::new();
        let value = map.insert("k", 5);
        let removed = map.remove("k");
        assert!(
            removed.is_some(),
            "remove of a live entry gives its value back"
        );
        let removed = removed.unwrap();
        assert!(
            Handle::ptr_eq(&removed, &value),
            "the value that was stored"
        );
        assert!(map.get("k").is_none(), "the key is gone");
        assert_eq!(map.len(), 0, "no entry left");
        assert!(map.remove("k").is_none(), "remove of a key no longer there");
        let dead = map.insert("dead", 0);
        drop(dead);
        assert!(
            map.remove("dead").is_none(),
            "remove of a key whose value died"
        );
    });
}

#[test]
fn a_removed_value_dying_leaves_a_new_entry() {
    prove(|| {
        let mut map = WeakValueMap::new();
        let old = map.insert("k", "old");
        let removed = map.remove("k");
        let new = map.insert("k", "new");
        drop((old, removed));
        assert_eq!(
            map.len(),
            1,
            "the removed value's death must not count against the new entry"
        );
        let touch = map.insert("other", "x");
        let found = map.get("k").map(|handle| *handle);
        assert_eq!(found, Some("new"), "nor purge it");
        drop((new, touch));
    });
}

#[test]
fn dead_entries_are_purged_not_kept() {
    prove(|| {
        let census = Rc::new(());
        let mut map = WeakValueMap::new();
        for id in 0..1_000 {
            let handle = map.insert(Key::new(id, &census), id);
            drop(handle);
        }
        let last = map.insert(Key::new(1_000, &census), 1_000);
        assert_eq!(map.len(), 1, "one live entry");
        let copies = key_copies(&census);
        assert!(
            copies <= 10,
            "the map still holds {copies} key copies after 1,000 values died and another insert: \
             dead entries must be purged by the next call that changes the map"
        );
        drop(last);
    });
}

#[test]
fn handles_may_outlive_the_map() {
    prove(|| {
        let drops = Drops::new();
        let mut map = WeakValueMap::new();
        let a = map.insert(1, drops.token());
        let b = map.insert(2, drops.token());
        drop(map);
        assert_eq!(
            drops.count(),
            0,
            "dropping the map leaves the values to their handles"
        );
        drop(a);
        drop(b);
        assert_eq!(
            drops.count(),
            2,
            "each value dies with its last handle, map or no map"
        );
    });
}

#[test]
fn nothing_leaks() {
    prove(|| {
        let ((), usage) = ALLOC.measure(|| {
            let mut map = WeakValueMap::new();
            let mut kept = Vec::new();
            for id in 0..200u32 {
                let handle = map.insert(id % 50, vec![id; 8]);
                if id % 3 == 0 {
                    kept.push(handle);
                }
                if id % 7 == 0 {
                    let _ = map.remove(&(id % 50));
                }
            }
            let early = map.insert(999, vec![]);
            drop(map); // before some of its values: their handles must not reach a freed map
            drop(kept);
            drop(early);
        });
        assert_eq!(
            usage.leaked_blocks, 0,
            "blocks still allocated after map and handles are gone"
        );
        assert_eq!(
            usage.leaked_bytes, 0,
            "bytes still allocated after map and handles are gone"
        );
    });
}

#[test]
fn liveness_checks_are_constant_per_operation() {
    prove(|| {
        let census = Rc::new(());
        let mut map = WeakValueMap::new();
        let operations = mixed_workload(&mut map, &census);
        let examined = map.entries_examined();
        assert!(
            examined >= 5_000,
            "entries_examined is {examined}, but the 5,000 gets that find a live value each \
             check an entry: count every liveness check"
        );
        assert!(
            examined <= 4 * operations,
            "{examined} entries examined for {operations} operations (at most 4 per operation \
             amortized): is something scanning the whole map on every call?"
        );
    });
}

#[test]
fn key_hashing_is_constant_per_operation() {
    prove(|| {
        let census = Rc::new(());
        let mut map = WeakValueMap::new();
        HASHES.with(|hashes| hashes.set(0));
        let operations = mixed_workload(&mut map, &census);
        let hashes = HASHES.with(Cell::get);
        assert!(
            hashes <= 8 * operations,
            "{hashes} key hashes for {operations} operations (at most 8 per operation \
             amortized, growing the table included): is something rehashing every key on every \
             call?"
        );
    });
}

#[test]
fn is_empty_and_ptr_eq_tell_apart_what_differs() {
    prove(|| {
        let mut map = WeakValueMap::new();
        assert!(map.is_empty(), "a new map is empty");
        let first = map.insert("a", 1);
        let second = map.insert("b", 1);
        assert!(!map.is_empty(), "two live entries: not empty");
        assert!(
            !Handle::ptr_eq(&first, &second),
            "two inserts make two values, even when they are equal"
        );
        assert!(Handle::ptr_eq(&first, &map.get(&"a").unwrap()), "get gives the same value");
        drop(second);
        assert!(!map.is_empty(), "one live entry left: not empty");
        drop(first);
        assert!(map.is_empty(), "every value is gone: empty");
    });
}
