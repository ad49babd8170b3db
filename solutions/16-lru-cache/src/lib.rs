//! Exercise 16: an O(1) LRU cache in safe Rust.
//!
//! [`LruCache<K, V>`] keeps at most `capacity` entries and, when a new key arrives at a full
//! cache, evicts the entry that was used least recently. Every operation costs O(1): a
//! `HashMap<K, usize>` finds a key's node, and the nodes form a doubly linked list in recency
//! order whose links are *indices* into one `Vec`, not pointers. Removed nodes go on a free
//! list, so a cache under churn reuses its slots instead of growing. No `unsafe`, no
//! `Rc<RefCell<…>>`. Book: `book/src/16-lru-cache.md`.
//!
//! ```
//! use lru_cache_solution::LruCache;
//!
//! let mut cache = LruCache::new(2);
//! cache.put("a", 1);
//! cache.put("b", 2);
//! assert_eq!(cache.get(&"a"), Some(&1)); // "a" is now the most recently used
//! assert_eq!(cache.put("c", 3), Some(("b", 2))); // so "b" is evicted
//! let order: Vec<_> = cache.iter().map(|(k, _)| *k).collect();
//! assert_eq!(order, ["c", "a"]);
//! ```

#![forbid(unsafe_code)]

pub mod lru;

pub use lru::{Iter, LruCache};
