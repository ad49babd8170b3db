//! The LRU cache: a `HashMap` from key to node index, and a doubly linked list of nodes kept in
//! one `Vec`, linked by index.
//!
//! Invariants the methods keep:
//!
//! 1. `map[k] == i` exactly when slot `i` is occupied by the node of key `k`.
//! 2. The occupied slots form one list from `head` (most recently used) to `tail` (least
//!    recently used) through `next`; `prev` links the same list backwards. `NIL` ends it.
//! 3. The free slots form a singly linked list from `free` through their `next_free`.
//! 4. `map.len() <= capacity`.

use std::borrow::Borrow;
// solution:begin remove
use std::collections::HashMap;
// solution:end
use std::hash::Hash;
//~ use std::marker::PhantomData;

// solution:begin remove
/// The end of a list: no slot.
const NIL: usize = usize::MAX;

/// One entry, with its neighbours in recency order.
struct Node<K, V> {
    key: K,
    value: V,
    /// The next more recently used node, or `NIL` at the head.
    prev: usize,
    /// The next less recently used node, or `NIL` at the tail.
    next: usize,
}

/// One slot of the `Vec`.
enum Slot<K, V> {
    Occupied(Node<K, V>),
    Free { next_free: usize },
}
// solution:end

/// A least-recently-used cache of at most `capacity` entries, every operation O(1).
///
/// - [`get`](Self::get) and [`put`](Self::put) make their key the most recently used;
///   [`peek`](Self::peek), [`len`](Self::len) and [`iter`](Self::iter) change nothing.
/// - When `put` brings a new key to a full cache, the least recently used entry leaves.
/// - Capacity 0 is allowed: such a cache stores nothing, and `put` hands the entry straight
///   back as if it had been evicted at once.
///
/// ```
/// use lru_cache_solution::LruCache;
///
/// let mut cache = LruCache::new(2);
/// assert_eq!(cache.put(1, "one"), None);
/// assert_eq!(cache.put(2, "two"), None);
/// assert_eq!(cache.peek(&1), Some(&"one")); // peek: 1 stays the least recently used
/// assert_eq!(cache.put(3, "three"), Some((1, "one")));
/// assert_eq!(cache.len(), 2);
/// ```
pub struct LruCache<K, V> {
    // solution:begin remove
    /// Key to the index of its node's slot (invariant 1).
    map: HashMap<K, usize>,
    /// Occupied and free slots (invariants 2 and 3).
    slots: Vec<Slot<K, V>>,
    /// The most recently used node, or `NIL`.
    head: usize,
    /// The least recently used node, or `NIL`.
    tail: usize,
    /// The first free slot, or `NIL`.
    free: usize,
    capacity: usize,
    // solution:end
    //~ // TODO: your fields: a HashMap<K, usize> from key to slot, the slots (a node with key,
    //~ // value, prev and next indices, or a free slot with the next free index), the head and
    //~ // tail of the recency list, the head of the free list, the capacity. Delete this marker.
    //~ _entries: PhantomData<(K, V)>,
}

impl<K: Hash + Eq + Clone, V> LruCache<K, V> {
    /// An empty cache that will hold at most `capacity` entries. It allocates nothing until the
    /// first `put`, so a huge capacity costs nothing up front.
    ///
    /// ```
    /// use lru_cache_solution::LruCache;
    ///
    /// let cache: LruCache<u32, u32> = LruCache::new(10);
    /// assert_eq!((cache.len(), cache.capacity()), (0, 10));
    /// ```
    pub fn new(capacity: usize) -> Self {
        // solution:begin
        Self {
            map: HashMap::new(),
            slots: Vec::new(),
            head: NIL,
            tail: NIL,
            free: NIL,
            capacity,
        }
        // solution:end
    }

    /// How many entries the cache holds.
    ///
    /// ```
    /// use lru_cache_solution::LruCache;
    ///
    /// let mut cache = LruCache::new(3);
    /// cache.put('a', 1);
    /// cache.put('a', 2);
    /// assert_eq!(cache.len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        // solution:begin
        self.map.len()
        // solution:end
    }

    /// Whether the cache holds no entry.
    ///
    /// ```
    /// use lru_cache_solution::LruCache;
    ///
    /// let mut cache = LruCache::new(1);
    /// assert!(cache.is_empty());
    /// cache.put((), ());
    /// assert!(!cache.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        // solution:begin
        self.map.is_empty()
        // solution:end
    }

    /// The most entries the cache holds at once.
    ///
    /// ```
    /// use lru_cache_solution::LruCache;
    ///
    /// let mut cache: LruCache<u8, u8> = LruCache::new(4);
    /// cache.resize(2);
    /// assert_eq!(cache.capacity(), 2);
    /// ```
    pub fn capacity(&self) -> usize {
        // solution:begin
        self.capacity
        // solution:end
    }

    /// The value of `key`, which becomes the most recently used entry; `None` if absent.
    ///
    /// ```
    /// use lru_cache_solution::LruCache;
    ///
    /// let mut cache = LruCache::new(2);
    /// cache.put(String::from("a"), 1);
    /// cache.put(String::from("b"), 2);
    /// assert_eq!(cache.get("a"), Some(&1)); // a String key is looked up by &str
    /// assert_eq!(cache.get("z"), None);
    /// cache.put(String::from("c"), 3); // evicts "b", not "a"
    /// assert_eq!(cache.peek("b"), None);
    /// ```
    pub fn get<Q>(&mut self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        // solution:begin
        let index = *self.map.get(key)?;
        self.unlink(index);
        self.push_front(index);
        Some(&self.node(index).value)
        // solution:end
    }

    /// The value of `key` without changing its recency; `None` if absent.
    ///
    /// ```
    /// use lru_cache_solution::LruCache;
    ///
    /// let mut cache = LruCache::new(2);
    /// cache.put(1, 'x');
    /// cache.put(2, 'y');
    /// assert_eq!(cache.peek(&1), Some(&'x'));
    /// assert_eq!(cache.put(3, 'z'), Some((1, 'x'))); // 1 was still the least recently used
    /// ```
    pub fn peek<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        // solution:begin
        let index = *self.map.get(key)?;
        Some(&self.node(index).value)
        // solution:end
    }

    /// Stores `value` under `key` as the most recently used entry, and returns the entry that
    /// left the cache, if any:
    ///
    /// - `key` was present: its value is replaced, and `Some((key, old_value))` comes back (the
    ///   key you passed; the cache keeps the key it had). Nothing is evicted.
    /// - `key` is new and the cache is full: the least recently used entry is evicted and
    ///   returned.
    /// - capacity 0: nothing is stored, `Some((key, value))` comes straight back.
    /// - otherwise `None`.
    ///
    /// ```
    /// use lru_cache_solution::LruCache;
    ///
    /// let mut cache = LruCache::new(2);
    /// assert_eq!(cache.put("a", 1), None);
    /// assert_eq!(cache.put("a", 10), Some(("a", 1))); // replaced
    /// assert_eq!(cache.put("b", 2), None);
    /// assert_eq!(cache.put("c", 3), Some(("a", 10))); // evicted
    ///
    /// let mut none = LruCache::new(0);
    /// assert_eq!(none.put("a", 1), Some(("a", 1)));
    /// assert!(none.is_empty());
    /// ```
    pub fn put(&mut self, key: K, value: V) -> Option<(K, V)> {
        // solution:begin
        if let Some(&index) = self.map.get(&key) {
            self.unlink(index);
            self.push_front(index);
            let old = std::mem::replace(&mut self.node_mut(index).value, value);
            return Some((key, old));
        }
        if self.capacity == 0 {
            return Some((key, value));
        }
        let evicted = if self.map.len() >= self.capacity {
            self.pop_lru()
        } else {
            None
        };
        let node = Node {
            key: key.clone(),
            value,
            prev: NIL,
            next: NIL,
        };
        let index = if self.free == NIL {
            self.slots.push(Slot::Occupied(node));
            self.slots.len() - 1
        } else {
            let index = self.free;
            let Slot::Free { next_free } = self.slots[index] else {
                unreachable!("the free list holds free slots only (invariant 3)");
            };
            self.free = next_free;
            self.slots[index] = Slot::Occupied(node);
            index
        };
        self.push_front(index);
        self.map.insert(key, index);
        evicted
        // solution:end
    }

    /// Removes `key` and returns its value; `None` if absent. Its slot is reused by a later
    /// `put`.
    ///
    /// ```
    /// use lru_cache_solution::LruCache;
    ///
    /// let mut cache = LruCache::new(2);
    /// cache.put(7, "seven");
    /// assert_eq!(cache.remove(&7), Some("seven"));
    /// assert_eq!(cache.remove(&7), None);
    /// assert!(cache.is_empty());
    /// ```
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        // solution:begin
        let index = self.map.remove(key)?;
        Some(self.release(index).1)
        // solution:end
    }

    /// Sets the capacity to `new_capacity`, evicting least recently used entries until the cache
    /// fits. Growing evicts nothing. `resize(0)` empties the cache.
    ///
    /// ```
    /// use lru_cache_solution::LruCache;
    ///
    /// let mut cache = LruCache::new(3);
    /// for n in 1..=3 {
    ///     cache.put(n, n * 10);
    /// }
    /// cache.resize(1);
    /// assert_eq!(cache.iter().collect::<Vec<_>>(), [(&3, &30)]);
    /// cache.resize(5);
    /// cache.put(4, 40);
    /// assert_eq!(cache.len(), 2);
    /// ```
    pub fn resize(&mut self, new_capacity: usize) {
        // solution:begin
        self.capacity = new_capacity;
        while self.map.len() > new_capacity {
            self.pop_lru();
        }
        // solution:end
    }

    /// The entries from the most to the least recently used, without changing recency.
    ///
    /// ```
    /// use lru_cache_solution::LruCache;
    ///
    /// let mut cache = LruCache::new(3);
    /// cache.put('a', 1);
    /// cache.put('b', 2);
    /// cache.put('c', 3);
    /// cache.get(&'a');
    /// let keys: String = cache.iter().map(|(k, _)| *k).collect();
    /// assert_eq!(keys, "acb");
    /// assert_eq!(cache.iter().len(), 3);
    /// ```
    pub fn iter(&self) -> Iter<'_, K, V> {
        // solution:begin
        Iter {
            cache: self,
            next: self.head,
            remaining: self.map.len(),
        }
        // solution:end
    }
    // solution:begin remove

    fn node(&self, index: usize) -> &Node<K, V> {
        match &self.slots[index] {
            Slot::Occupied(node) => node,
            Slot::Free { .. } => unreachable!("the map and the list name occupied slots only"),
        }
    }

    fn node_mut(&mut self, index: usize) -> &mut Node<K, V> {
        match &mut self.slots[index] {
            Slot::Occupied(node) => node,
            Slot::Free { .. } => unreachable!("the map and the list name occupied slots only"),
        }
    }

    /// Takes the node at `index` out of the recency list (it stays in its slot).
    fn unlink(&mut self, index: usize) {
        let (prev, next) = {
            let node = self.node(index);
            (node.prev, node.next)
        };
        if prev == NIL {
            self.head = next;
        } else {
            self.node_mut(prev).next = next;
        }
        if next == NIL {
            self.tail = prev;
        } else {
            self.node_mut(next).prev = prev;
        }
    }

    /// Links the node at `index` in as the most recently used.
    fn push_front(&mut self, index: usize) {
        let old_head = self.head;
        {
            let node = self.node_mut(index);
            node.prev = NIL;
            node.next = old_head;
        }
        if old_head == NIL {
            self.tail = index;
        } else {
            self.node_mut(old_head).prev = index;
        }
        self.head = index;
    }

    /// Unlinks the node at `index`, frees its slot and returns its entry. The caller takes the
    /// key out of the map.
    fn release(&mut self, index: usize) -> (K, V) {
        self.unlink(index);
        let slot = std::mem::replace(
            &mut self.slots[index],
            Slot::Free {
                next_free: self.free,
            },
        );
        self.free = index;
        match slot {
            Slot::Occupied(node) => (node.key, node.value),
            Slot::Free { .. } => unreachable!("released a free slot"),
        }
    }

    /// Evicts the least recently used entry, if any.
    fn pop_lru(&mut self) -> Option<(K, V)> {
        if self.tail == NIL {
            return None;
        }
        let (key, value) = self.release(self.tail);
        self.map.remove(&key);
        Some((key, value))
    }
    // solution:end
}

/// The entries of an [`LruCache`] from the most to the least recently used: see
/// [`LruCache::iter`].
pub struct Iter<'a, K, V> {
    // solution:begin remove
    cache: &'a LruCache<K, V>,
    next: usize,
    remaining: usize,
    // solution:end
    //~ // TODO: your fields: the cache and the index of the next node. Delete this marker.
    //~ _cache: &'a LruCache<K, V>,
}

impl<'a, K: Hash + Eq + Clone, V> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, &'a V);

    fn next(&mut self) -> Option<Self::Item> {
        // solution:begin
        if self.next == NIL {
            return None;
        }
        let node = self.cache.node(self.next);
        self.next = node.next;
        self.remaining -= 1;
        Some((&node.key, &node.value))
        // solution:end
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        // solution:begin
        (self.remaining, Some(self.remaining))
        // solution:end
    }
}

impl<K: Hash + Eq + Clone, V> ExactSizeIterator for Iter<'_, K, V> {}
