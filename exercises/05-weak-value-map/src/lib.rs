//! Exercise 05: `WeakValueMap<K, V>`, Python's `weakref.WeakValueDictionary` in Rust.
//!
//! The map holds its values weakly: an entry lives as long as some [`Handle`] to its value does,
//! and vanishes when the last one goes. As in CPython, the map does not go looking for dead
//! entries. It is *told*: the value's own destructor leaves a death notice (the entry's key) in a
//! queue the map shares, and the next call that changes the map purges the entries named there.
//! CPython's `KeyedRef` callback does the same (`Lib/weakref.py`). Book:
//! `book/src/05-weak-value-map.md`.
//!
//! # Invariants
//!
//! 1. A `Slot` (the block behind every handle: the value, its key, a flag) is *attached* exactly
//!    while it is its key's entry in `entries`. `insert` detaches the value it replaces and
//!    `remove` the value it removes, each *before* anything else can run.
//! 2. A slot's destructor leaves its key in `notices` if, and only if, it is attached (and the map
//!    still exists). So each key in `notices` names an entry of `entries` whose value is dead, and
//!    no entry is named twice.
//! 3. Hence `entries.len() - notices.len()` is the number of live entries: `len` costs O(1).
//! 4. Every `&mut self` method purges first, removing each entry named in `notices`: O(1) per
//!    notice, and each death leaves at most one notice. Nothing ever scans the map to find the
//!    dead, so the work is O(1) amortized per operation (the book has the argument).
//! 5. Liveness is checked only through `WeakValueMap::examine`, which counts every check in
//!    [`WeakValueMap::entries_examined`].

#![forbid(unsafe_code)]

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::collections::hash_map;
use std::fmt;
use std::hash::Hash;
use std::ops::Deref;
use std::rc::{Rc, Weak};

/// The queue of death notices: keys of attached values that died and await purging.
type Notices<K> = RefCell<Vec<K>>;

/// The block every [`Handle`] to one value shares (inside an `Rc`); the map keeps a `Weak` to it.
struct Slot<K, V> {
    value: V,
    /// The entry's key, moved into the death notice: `Some` until the slot is dropped.
    key: Option<K>,
    /// Whether this slot is still its key's entry in the map (invariant 1).
    attached: Cell<bool>,
    /// The map's notice queue. Weak: a handle that outlives its map must not keep the queue.
    notices: Weak<Notices<K>>,
}

impl<K, V> Drop for Slot<K, V> {
    /// Runs when the last strong handle goes: the value is dying. An attached slot tells its map
    /// (invariant 2), like the callback of CPython's `KeyedRef`.
    fn drop(&mut self) {
        todo!()
    }
}

/// A strong handle to a value of a [`WeakValueMap`]: the value lives while a handle does.
///
/// The map itself holds no handle. Clone a handle to keep the value longer; drop every clone
/// and the value is dropped on the spot, and its entry leaves the map.
///
/// ```
/// use weak_value_map::{Handle, WeakValueMap};
///
/// let mut map = WeakValueMap::new();
/// let a = map.insert("a", String::from("apple"));
/// assert_eq!(a.len(), 5); // the value's methods, through Deref
/// let b = a.clone();
/// assert_eq!(Handle::strong_count(&a), 2);
/// drop((a, b));
/// assert!(map.get("a").is_none());
/// ```
pub struct Handle<K, V>(Rc<Slot<K, V>>);

impl<K, V> Handle<K, V> {
    /// Whether two handles hold the same value (Python's `is`), not equal values.
    ///
    /// ```
    /// use weak_value_map::{Handle, WeakValueMap};
    ///
    /// let mut map = WeakValueMap::new();
    /// let one = map.insert(1, "same");
    /// let other = map.insert(2, "same");
    /// assert!(Handle::ptr_eq(&one, &map.get(&1).unwrap()));
    /// assert!(!Handle::ptr_eq(&one, &other));
    /// ```
    pub fn ptr_eq(this: &Self, other: &Self) -> bool {
        todo!()
    }

    /// How many handles keep the value alive (the map's own weak reference is not one).
    ///
    /// ```
    /// use weak_value_map::{Handle, WeakValueMap};
    ///
    /// let mut map = WeakValueMap::new();
    /// let handle = map.insert("k", 0);
    /// assert_eq!(Handle::strong_count(&handle), 1);
    /// ```
    pub fn strong_count(this: &Self) -> usize {
        todo!()
    }
}

impl<K, V> Clone for Handle<K, V> {
    /// Another handle to the same value (no `Clone` bound on `K` or `V`: nothing is copied).
    fn clone(&self) -> Self {
        todo!()
    }
}

impl<K, V> Deref for Handle<K, V> {
    type Target = V;

    /// Shared access to the value.
    fn deref(&self) -> &V {
        todo!()
    }
}

impl<K, V: fmt::Debug> fmt::Debug for Handle<K, V> {
    /// Formats as the value does.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

/// A map whose entries last only as long as their values are held elsewhere (Python's
/// `weakref.WeakValueDictionary`).
///
/// ```
/// use weak_value_map::WeakValueMap;
///
/// let mut cache = WeakValueMap::new();
/// let obj1 = cache.get_or_create("item1", || String::from("item1"));
/// let obj2 = cache.get_or_create("item2", || String::from("item2"));
/// assert_eq!(cache.len(), 2);
/// drop(obj1); // no gc.collect(): the entry goes with the last handle
/// assert_eq!(cache.len(), 1);
/// assert_eq!(*obj2, "item2");
/// ```
pub struct WeakValueMap<K, V> {
    entries: HashMap<K, Weak<Slot<K, V>>>,
    notices: Rc<Notices<K>>,
    examined: Cell<u64>,
}

impl<K, V> WeakValueMap<K, V> {
    /// An empty map.
    ///
    /// ```
    /// use weak_value_map::WeakValueMap;
    ///
    /// let map: WeakValueMap<String, i32> = WeakValueMap::new();
    /// assert!(map.is_empty());
    /// ```
    pub fn new() -> Self {
        todo!()
    }

    /// The number of live entries, in O(1): entries whose value died are never counted, even
    /// before they are purged.
    ///
    /// ```
    /// use weak_value_map::WeakValueMap;
    ///
    /// let mut map = WeakValueMap::new();
    /// let kept = map.insert(1, 'a');
    /// let gone = map.insert(2, 'b');
    /// drop(gone);
    /// assert_eq!(map.len(), 1);
    /// # drop(kept);
    /// ```
    pub fn len(&self) -> usize {
        todo!()
    }

    /// Whether the map has no live entry.
    ///
    /// ```
    /// use weak_value_map::WeakValueMap;
    ///
    /// let mut map = WeakValueMap::new();
    /// let value = map.insert("k", 1);
    /// assert!(!map.is_empty());
    /// drop(value);
    /// assert!(map.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        todo!()
    }

    /// How many times this map has checked whether an entry's value is alive, since it was made.
    ///
    /// This is the map's work meter, part of its contract: every liveness check goes through
    /// `examine`, which counts it. `get`, `remove`, `get_or_create` and `insert` of a key already
    /// present check one entry; iteration checks each entry it passes; `len` and purging check
    /// none, because death notices say which entries are dead.
    ///
    /// ```
    /// use weak_value_map::WeakValueMap;
    ///
    /// let mut map = WeakValueMap::new();
    /// let _kept = map.insert(1, ());
    /// assert_eq!(map.entries_examined(), 0);
    /// let _ = map.get(&1);
    /// assert_eq!(map.entries_examined(), 1);
    /// ```
    pub fn entries_examined(&self) -> u64 {
        todo!()
    }

    /// The live entries, each as its key and a new strong handle (so a value cannot die while
    /// you hold what the iterator gave you). Entries whose value died are skipped. The order is
    /// the hash map's: unspecified.
    ///
    /// ```
    /// use weak_value_map::WeakValueMap;
    ///
    /// let mut map = WeakValueMap::new();
    /// let _a = map.insert("a", 1);
    /// drop(map.insert("b", 2));
    /// let _c = map.insert("c", 3);
    /// let mut live: Vec<_> = map.iter().map(|(key, value)| (*key, *value)).collect();
    /// live.sort();
    /// assert_eq!(live, [("a", 1), ("c", 3)]);
    /// ```
    pub fn iter(&self) -> Iter<'_, K, V> {
        Iter {
            entries: self.entries.iter(),
            map: self,
        }
    }

    /// The one place that checks whether an entry's value is alive: a handle to it if it is.
    /// Counts the check (invariant 5). Given: use it for every check you make.
    fn examine(&self, weak: &Weak<Slot<K, V>>) -> Option<Handle<K, V>> {
        self.examined.set(self.examined.get() + 1);
        weak.upgrade().map(Handle)
    }
}

impl<K: Eq + Hash + Clone, V> WeakValueMap<K, V> {
    /// A handle to the value of `key`, if its entry is live (Python: `cache.get(key)`).
    ///
    /// ```
    /// use weak_value_map::WeakValueMap;
    ///
    /// let mut map = WeakValueMap::new();
    /// let value = map.insert(String::from("k"), 7);
    /// assert_eq!(map.get("k").map(|handle| *handle), Some(7));
    /// drop(value);
    /// assert!(map.get("k").is_none());
    /// ```
    pub fn get<Q>(&self, key: &Q) -> Option<Handle<K, V>>
    where
        // Not imported: `Borrow` in scope would shadow `RefCell::borrow` on the notice queue.
        K: std::borrow::Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        todo!()
    }

    /// Stores `value` under `key`, replacing the key's previous value, and returns the only
    /// strong handle to it: drop it and the entry goes (Python: `cache[key] = value`).
    ///
    /// ```
    /// use weak_value_map::WeakValueMap;
    ///
    /// let mut map = WeakValueMap::new();
    /// let old = map.insert("k", "old");
    /// let new = map.insert("k", "new");
    /// drop(old); // the replaced value's death does not touch the new entry
    /// assert_eq!(map.get("k").map(|handle| *handle), Some("new"));
    /// # drop(new);
    /// ```
    #[must_use = "the map holds its values weakly: dropping this handle drops the value at once"]
    pub fn insert(&mut self, key: K, value: V) -> Handle<K, V> {
        todo!()
    }

    /// Removes `key`'s entry and returns a handle to its value if it was live (Python:
    /// `cache.pop(key, None)`). The value itself lives on while handles to it remain.
    ///
    /// ```
    /// use weak_value_map::WeakValueMap;
    ///
    /// let mut map = WeakValueMap::new();
    /// let value = map.insert("k", 1);
    /// let removed = map.remove("k").unwrap();
    /// assert!(map.get("k").is_none());
    /// assert_eq!(*removed, 1);
    /// # drop(value);
    /// ```
    pub fn remove<Q>(&mut self, key: &Q) -> Option<Handle<K, V>>
    where
        K: std::borrow::Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        todo!()
    }

    /// The value of `key` if its entry is live; otherwise a new value from `make`, stored under
    /// `key`. Either way you get a strong handle, so the value cannot die before you hold it.
    ///
    /// ```
    /// use weak_value_map::{Handle, WeakValueMap};
    ///
    /// let mut map = WeakValueMap::new();
    /// let first = map.get_or_create("k", || vec![1]);
    /// let again = map.get_or_create("k", || unreachable!("the value is alive"));
    /// assert!(Handle::ptr_eq(&first, &again));
    /// ```
    pub fn get_or_create(&mut self, key: K, make: impl FnOnce() -> V) -> Handle<K, V> {
        todo!()
    }

    /// Removes every entry named in a death notice: O(1) each, no scan (invariant 4).
    fn purge(&mut self) {
        todo!()
    }
}

impl<K, V> Default for WeakValueMap<K, V> {
    /// An empty map.
    fn default() -> Self {
        Self::new()
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for WeakValueMap<K, V> {
    /// Formats the live entries as a map (checking each entry, like [`WeakValueMap::iter`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// The iterator of [`WeakValueMap::iter`]: live entries as `(&key, handle)`.
pub struct Iter<'a, K, V> {
    entries: hash_map::Iter<'a, K, Weak<Slot<K, V>>>,
    map: &'a WeakValueMap<K, V>,
}

impl<'a, K, V> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, Handle<K, V>);

    /// The next live entry, skipping dead ones.
    fn next(&mut self) -> Option<Self::Item> {
        todo!()
    }
}

impl<'a, K, V> IntoIterator for &'a WeakValueMap<K, V> {
    type Item = (&'a K, Handle<K, V>);
    type IntoIter = Iter<'a, K, V>;

    /// `for (key, value) in &map`: the same as [`WeakValueMap::iter`].
    fn into_iter(self) -> Iter<'a, K, V> {
        self.iter()
    }
}
