//! The cache: a hash map for lookups, and two ordered indexes for eviction.
//!
//! # Invariants
//!
//! 1. Every entry has a *stamp*, a number taken from a counter that only goes up: the stamp of
//!    its last [`insert`](TtlCache::insert). A smaller stamp is an older entry; two entries
//!    never share one, so "the oldest" is always exactly one entry, even when the clock did not
//!    move between inserts.
//! 2. An entry inserted at time `t` with time to live `ttl` expires at `t + ttl` and is expired
//!    from then on: at time `now` it is expired when `now >= t + ttl`. (The seed's
//!    `time.time() - timestamp > ttl` keeps it one more instant; see the chapter.)
//! 3. The map and the two indexes hold the same entries: the age index maps each stamp to its
//!    key, the expiry index holds each entry's `(expires_at, stamp)`. Every change touches all
//!    three, so no index holds a stale element and nothing needs lazy deletion.
//! 4. The map never holds more than `max_size` entries.

use std::borrow::Borrow;
// solution:begin remove
use std::collections::{BTreeMap, BTreeSet, HashMap};
// solution:end
use std::hash::Hash;
//~ use std::marker::PhantomData;
use std::time::Duration;

use crate::Clock;

// solution:begin remove
/// One cached value, with when it expires and its stamp (invariant 1).
struct Entry<V> {
    value: V,
    expires_at: Duration,
    stamp: u64,
}
// solution:end

/// A cache with a maximum size and a time to live per entry, on an injectable [`Clock`].
///
/// - An entry inserted at time `t` with time to live `ttl` can be read while
///   `now < t + ttl`, and is expired from `now == t + ttl` on (a zero `ttl` expires at once).
/// - Inserting a *new* key into a full cache first removes every expired entry; if none had
///   expired it removes the oldest entry: the one whose last `insert` came first (ties at the
///   same clock reading go by the order of the calls). Replacing an existing key removes
///   nothing else.
/// - [`get`](Self::get) does not refresh an entry's age (that would be an LRU cache).
/// - Every operation reads the clock once and costs O(log n) (amortized for expired entries,
///   each removed once).
///
/// ```
/// use std::time::Duration;
/// use ttl_cache_solution::{ManualClock, TtlCache};
///
/// let clock = ManualClock::new();
/// let mut cache = TtlCache::new(2, clock.clone());
/// cache.insert("user:1", "John", Duration::from_secs(30));
/// assert_eq!(cache.get("user:1"), Some(&"John"));
/// clock.advance(Duration::from_secs(30));
/// assert_eq!(cache.get("user:1"), None, "expired exactly at 30 s");
/// ```
pub struct TtlCache<K, V, C> {
    max_size: usize,
    clock: C,
    // solution:begin remove
    entries: HashMap<K, Entry<V>>,
    by_age: BTreeMap<u64, K>,
    by_expiry: BTreeSet<(Duration, u64)>,
    next_stamp: u64,
    // solution:end
    //~ // TODO: your fields: the entries by key (value, expiry, age), and whatever lets you find
    //~ // the earliest expiry and the oldest entry without looking at every entry. Delete this
    //~ // marker field.
    //~ _entries: PhantomData<(K, V)>,
}

impl<K: Hash + Eq + Clone, V, C: Clock> TtlCache<K, V, C> {
    /// An empty cache that holds at most `max_size` entries (zero: it never holds any) and reads
    /// the time from `clock`.
    ///
    /// ```
    /// use ttl_cache_solution::{MonotonicClock, TtlCache};
    ///
    /// let mut cache: TtlCache<String, u32, _> = TtlCache::new(128, MonotonicClock::new());
    /// assert_eq!(cache.max_size(), 128);
    /// assert!(cache.is_empty());
    /// ```
    pub fn new(max_size: usize, clock: C) -> Self {
        // solution:begin
        Self {
            max_size,
            clock,
            entries: HashMap::new(),
            by_age: BTreeMap::new(),
            by_expiry: BTreeSet::new(),
            next_stamp: 0,
        }
        // solution:end
    }

    /// The most entries the cache holds.
    ///
    /// ```
    /// use ttl_cache_solution::{ManualClock, TtlCache};
    ///
    /// let cache: TtlCache<u32, u32, _> = TtlCache::new(3, ManualClock::new());
    /// assert_eq!(cache.max_size(), 3);
    /// ```
    pub fn max_size(&self) -> usize {
        self.max_size
    }

    /// The clock the cache reads.
    ///
    /// ```
    /// use std::time::Duration;
    /// use ttl_cache_solution::{Clock, ManualClock, TtlCache};
    ///
    /// let cache: TtlCache<u32, u32, _> = TtlCache::new(3, ManualClock::new());
    /// assert_eq!(cache.clock().now(), Duration::ZERO);
    /// ```
    pub fn clock(&self) -> &C {
        &self.clock
    }

    /// The value of `key` if it is present and not expired. An expired entry is removed on the
    /// way. `Some(&value)` for a stored value, `None` for a missing one: a stored `()` or
    /// `Option::None` is never confused with a missing key (the seed's `get` returns `None`
    /// for both).
    ///
    /// ```
    /// use std::time::Duration;
    /// use ttl_cache_solution::{ManualClock, TtlCache};
    ///
    /// let mut cache = TtlCache::new(4, ManualClock::new());
    /// cache.insert("none", None::<u32>, Duration::from_secs(1));
    /// assert_eq!(cache.get("none"), Some(&None), "a stored None");
    /// assert_eq!(cache.get("missing"), None, "no entry");
    /// ```
    pub fn get<Q>(&mut self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        // solution:begin
        let now = self.clock.now();
        let expired = now >= self.entries.get(key)?.expires_at;
        if expired {
            self.unlink(key);
            return None;
        }
        self.entries.get(key).map(|entry| &entry.value)
        // solution:end
    }

    /// Stores `value` under `key` for `ttl` from now, and returns the key's previous value if
    /// it had one that was not expired.
    ///
    /// Replacing a key removes nothing else and makes the entry the newest. A new key in a
    /// full cache first removes every expired entry, and if none had expired, the oldest entry.
    /// A zero `ttl` stores nothing (the entry would be expired at once) but still removes the
    /// key's previous value; so does a cache of `max_size` zero.
    ///
    /// ```
    /// use std::time::Duration;
    /// use ttl_cache_solution::{ManualClock, TtlCache};
    ///
    /// let ttl = Duration::from_secs(60);
    /// let mut cache = TtlCache::new(2, ManualClock::new());
    /// cache.insert("a", 1, ttl);
    /// cache.insert("b", 2, ttl);
    /// assert_eq!(cache.insert("a", 10, ttl), Some(1), "replaced; b stays");
    /// assert_eq!(cache.get("b"), Some(&2));
    /// cache.insert("c", 3, ttl); // full: b is now the oldest
    /// assert_eq!(cache.get("b"), None);
    /// assert_eq!(cache.get("a"), Some(&10));
    /// ```
    pub fn insert(&mut self, key: K, value: V, ttl: Duration) -> Option<V> {
        // solution:begin
        let now = self.clock.now();
        let previous = self.take(&key, now);
        if ttl.is_zero() || self.max_size == 0 {
            return previous;
        }
        if self.entries.len() >= self.max_size {
            self.purge(now);
            if self.entries.len() >= self.max_size {
                self.evict_oldest();
            }
        }
        let expires_at = now.checked_add(ttl).unwrap_or(Duration::MAX);
        let stamp = self.next_stamp;
        self.next_stamp += 1;
        self.by_age.insert(stamp, key.clone());
        self.by_expiry.insert((expires_at, stamp));
        self.entries.insert(
            key,
            Entry {
                value,
                expires_at,
                stamp,
            },
        );
        previous
        // solution:end
    }

    /// Removes `key` and returns its value if it was not expired (an expired entry is removed
    /// too, and gives `None`).
    ///
    /// ```
    /// use std::time::Duration;
    /// use ttl_cache_solution::{ManualClock, TtlCache};
    ///
    /// let mut cache = TtlCache::new(2, ManualClock::new());
    /// cache.insert("a", 1, Duration::from_secs(5));
    /// assert_eq!(cache.remove("a"), Some(1));
    /// assert_eq!(cache.remove("a"), None);
    /// ```
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        // solution:begin
        let now = self.clock.now();
        self.take(key, now)
        // solution:end
    }

    /// Removes every expired entry and returns how many it removed: O(log n) per entry removed,
    /// nothing for the live ones.
    ///
    /// ```
    /// use std::time::Duration;
    /// use ttl_cache_solution::{ManualClock, TtlCache};
    ///
    /// let clock = ManualClock::new();
    /// let mut cache = TtlCache::new(4, clock.clone());
    /// cache.insert("short", 1, Duration::from_secs(1));
    /// cache.insert("long", 2, Duration::from_secs(10));
    /// clock.advance(Duration::from_secs(1));
    /// assert_eq!(cache.purge_expired(), 1);
    /// assert_eq!(cache.len(), 1);
    /// ```
    pub fn purge_expired(&mut self) -> usize {
        // solution:begin
        let now = self.clock.now();
        self.purge(now)
        // solution:end
    }

    /// The number of live entries. It removes the expired ones first (so it takes `&mut self`):
    /// what it counts is what `get` could return.
    ///
    /// ```
    /// use std::time::Duration;
    /// use ttl_cache_solution::{ManualClock, TtlCache};
    ///
    /// let clock = ManualClock::new();
    /// let mut cache = TtlCache::new(4, clock.clone());
    /// cache.insert(1, "one", Duration::from_secs(1));
    /// assert_eq!(cache.len(), 1);
    /// clock.advance(Duration::from_secs(1));
    /// assert_eq!(cache.len(), 0);
    /// ```
    pub fn len(&mut self) -> usize {
        // solution:begin
        self.purge_expired();
        self.entries.len()
        // solution:end
    }

    /// Whether the cache has no live entry (see [`len`](Self::len)).
    ///
    /// ```
    /// use ttl_cache_solution::{ManualClock, TtlCache};
    ///
    /// let mut cache: TtlCache<u32, u32, _> = TtlCache::new(4, ManualClock::new());
    /// assert!(cache.is_empty());
    /// ```
    pub fn is_empty(&mut self) -> bool {
        self.len() == 0
    }

    // solution:begin remove
    /// Removes `key`'s entry from the map and both indexes; its value if it was live at `now`.
    fn take<Q>(&mut self, key: &Q, now: Duration) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let entry = self.unlink(key)?;
        (now < entry.expires_at).then_some(entry.value)
    }

    /// Removes `key`'s entry from the map and both indexes (invariant 3).
    fn unlink<Q>(&mut self, key: &Q) -> Option<Entry<V>>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let entry = self.entries.remove(key)?;
        self.by_age.remove(&entry.stamp);
        self.by_expiry.remove(&(entry.expires_at, entry.stamp));
        Some(entry)
    }

    /// Removes the entries with the earliest expiries while they are expired at `now`.
    fn purge(&mut self, now: Duration) -> usize {
        let mut removed = 0;
        while let Some(&(expires_at, stamp)) = self.by_expiry.first() {
            if now < expires_at {
                break;
            }
            self.by_expiry.pop_first();
            let key = self
                .by_age
                .remove(&stamp)
                .expect("invariant 3: every stamp has a key");
            self.entries.remove(&key);
            removed += 1;
        }
        removed
    }

    /// Removes the entry with the smallest stamp (invariant 1).
    fn evict_oldest(&mut self) {
        if let Some((_, key)) = self.by_age.pop_first() {
            let entry = self
                .entries
                .remove(&key)
                .expect("invariant 3: every key has an entry");
            self.by_expiry.remove(&(entry.expires_at, entry.stamp));
        }
    }
    // solution:end
}
