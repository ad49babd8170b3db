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
use std::hash::Hash;
use std::marker::PhantomData;
use std::time::Duration;

use crate::Clock;

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
/// use ttl_cache::{ManualClock, TtlCache};
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
    // TODO: your fields: the entries by key (value, expiry, age), and whatever lets you find
    // the earliest expiry and the oldest entry without looking at every entry. Delete this
    // marker field.
    _entries: PhantomData<(K, V)>,
}

impl<K: Hash + Eq + Clone, V, C: Clock> TtlCache<K, V, C> {
    /// An empty cache that holds at most `max_size` entries (zero: it never holds any) and reads
    /// the time from `clock`.
    ///
    /// ```
    /// use ttl_cache::{MonotonicClock, TtlCache};
    ///
    /// let mut cache: TtlCache<String, u32, _> = TtlCache::new(128, MonotonicClock::new());
    /// assert_eq!(cache.max_size(), 128);
    /// assert!(cache.is_empty());
    /// ```
    pub fn new(max_size: usize, clock: C) -> Self {
        todo!()
    }

    /// The most entries the cache holds.
    ///
    /// ```
    /// use ttl_cache::{ManualClock, TtlCache};
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
    /// use ttl_cache::{Clock, ManualClock, TtlCache};
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
    /// use ttl_cache::{ManualClock, TtlCache};
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
        todo!()
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
    /// use ttl_cache::{ManualClock, TtlCache};
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
        todo!()
    }

    /// Removes `key` and returns its value if it was not expired (an expired entry is removed
    /// too, and gives `None`).
    ///
    /// ```
    /// use std::time::Duration;
    /// use ttl_cache::{ManualClock, TtlCache};
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
        todo!()
    }

    /// Removes every expired entry and returns how many it removed: O(log n) per entry removed,
    /// nothing for the live ones.
    ///
    /// ```
    /// use std::time::Duration;
    /// use ttl_cache::{ManualClock, TtlCache};
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
        todo!()
    }

    /// The number of live entries. It removes the expired ones first (so it takes `&mut self`):
    /// what it counts is what `get` could return.
    ///
    /// ```
    /// use std::time::Duration;
    /// use ttl_cache::{ManualClock, TtlCache};
    ///
    /// let clock = ManualClock::new();
    /// let mut cache = TtlCache::new(4, clock.clone());
    /// cache.insert(1, "one", Duration::from_secs(1));
    /// assert_eq!(cache.len(), 1);
    /// clock.advance(Duration::from_secs(1));
    /// assert_eq!(cache.len(), 0);
    /// ```
    pub fn len(&mut self) -> usize {
        todo!()
    }

    /// Whether the cache has no live entry (see [`len`](Self::len)).
    ///
    /// ```
    /// use ttl_cache::{ManualClock, TtlCache};
    ///
    /// let mut cache: TtlCache<u32, u32, _> = TtlCache::new(4, ManualClock::new());
    /// assert!(cache.is_empty());
    /// ```
    pub fn is_empty(&mut self) -> bool {
        self.len() == 0
    }
}
