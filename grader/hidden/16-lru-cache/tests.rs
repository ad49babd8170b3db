//! Hidden tests for 16-lru-cache: the learner's crate is `lru_cache`.
//!
//! O(1) is checked by counting, never by timing: a key type counts its `Hash` and `Eq` calls on
//! a cache of 100,000 entries, and a cache that scans its entries to find the least recently
//! used one runs out of the grader's time limit. Memory under churn is measured with the
//! counting allocator. The random test compares the cache with a `Vec` kept in recency order;
//! a failure names the seed, and `GRADER_SEED=N cargo grade check 16-lru-cache` replays it.

use std::cell::Cell;
use std::hash::{Hash, Hasher};

use grader_support::refgc::SplitMix64;
use grader_support::replay::seeds;
use grader_support::{CountingAlloc, DropToken, Drops, prove};
use lru_cache::LruCache;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

fn replay(seed: u64) -> String {
    format!("seed {seed}; replay it with `GRADER_SEED={seed} cargo grade check 16-lru-cache`")
}

fn keys<K: Clone + std::hash::Hash + Eq, V>(cache: &LruCache<K, V>) -> Vec<K> {
    cache.iter().map(|(k, _)| k.clone()).collect()
}

thread_local! {
    static HASHES: Cell<u64> = const { Cell::new(0) };
    static EQS: Cell<u64> = const { Cell::new(0) };
}

/// A key that counts how often it is hashed and compared (on the test's own thread).
#[derive(Clone, Debug)]
struct Counted(u64);

impl Hash for Counted {
    fn hash<H: Hasher>(&self, state: &mut H) {
        HASHES.with(|c| c.set(c.get() + 1));
        self.0.hash(state);
    }
}

impl PartialEq for Counted {
    fn eq(&self, other: &Self) -> bool {
        EQS.with(|c| c.set(c.get() + 1));
        self.0 == other.0
    }
}

impl Eq for Counted {}

/// Runs `body` and returns how many `Hash` and `Eq` calls on `Counted` keys it made.
fn count_work(body: impl FnOnce()) -> (u64, u64) {
    let before = (HASHES.with(Cell::get), EQS.with(Cell::get));
    body();
    (
        HASHES.with(Cell::get) - before.0,
        EQS.with(Cell::get) - before.1,
    )
}

#[test]
fn get_returns_what_put_stored() {
    prove(|| {
        let mut cache = LruCache::new(3);
        assert_eq!(cache.put("x", 10), None, "put into an empty cache evicts nothing");
        assert_eq!(cache.put("y", 20), None, "a second put below capacity");
        assert_eq!(cache.get(&"x"), Some(&10), "get(x) after put(x, 10)");
        assert_eq!(cache.get(&"y"), Some(&20), "get(y) after put(y, 20)");
        assert_eq!(cache.get(&"z"), None, "get of a key never put");
        assert_eq!(cache.peek(&"y"), Some(&20), "peek(y)");
        assert_eq!(cache.peek(&"q"), None, "peek of a key never put");
        assert_eq!(cache.len(), 2, "len after two puts of distinct keys");
        assert!(!cache.is_empty(), "is_empty with two entries");
        assert_eq!(cache.capacity(), 3, "capacity is what new was given");
        let empty: LruCache<u8, u8> = LruCache::new(5);
        assert!(empty.is_empty(), "a new cache is empty");
        assert_eq!(empty.len(), 0, "a new cache has len 0");
    });
}

#[test]
fn put_of_a_present_key_replaces_its_value_and_evicts_nothing() {
    prove(|| {
        let mut cache = LruCache::new(2);
        cache.put("a", 1);
        cache.put("b", 2);
        assert_eq!(
            cache.put("a", 100),
            Some(("a", 1)),
            "put of a present key returns the key and its old value"
        );
        assert_eq!(cache.len(), 2, "replacing a value does not add an entry");
        assert_eq!(cache.peek(&"a"), Some(&100), "the new value is stored");
        assert_eq!(cache.peek(&"b"), Some(&2), "replacing evicts nothing");
        assert_eq!(keys(&cache), ["a", "b"], "the replaced key is the most recently used");
        assert_eq!(
            cache.put("c", 3),
            Some(("b", 2)),
            "after replacing a, b is the least recently used"
        );
    });
}

#[test]
fn get_makes_its_key_the_most_recently_used() {
    prove(|| {
        let mut cache = LruCache::new(3);
        for (k, v) in [(1, 'a'), (2, 'b'), (3, 'c')] {
            cache.put(k, v);
        }
        assert_eq!(keys(&cache), [3, 2, 1], "after put 1, 2, 3");
        cache.get(&1);
        assert_eq!(keys(&cache), [1, 3, 2], "get(1) moves 1 to the front");
        cache.get(&3);
        assert_eq!(keys(&cache), [3, 1, 2], "get(3) moves 3 (from the middle) to the front");
        cache.get(&3);
        assert_eq!(keys(&cache), [3, 1, 2], "get of the front key changes nothing");
        assert_eq!(cache.get(&9), None, "get of an absent key");
        assert_eq!(keys(&cache), [3, 1, 2], "get of an absent key changes nothing");
        assert_eq!(cache.put(4, 'd'), Some((2, 'b')), "2 was the least recently used");
        assert_eq!(cache.put(5, 'e'), Some((1, 'a')), "then 1");
        assert_eq!(keys(&cache), [5, 4, 3], "after the two evictions");
    });
}

#[test]
fn the_least_recently_used_entry_is_evicted_not_the_newest() {
    prove(|| {
        let mut cache = LruCache::new(3);
        let mut evicted = Vec::new();
        for k in 0..10 {
            if let Some(entry) = cache.put(k, k * 10) {
                evicted.push(entry);
            }
        }
        assert_eq!(
            evicted,
            (0..7).map(|k| (k, k * 10)).collect::<Vec<_>>(),
            "put 0..10 into a cache of 3: 0 to 6 evicted, oldest first"
        );
        assert_eq!(keys(&cache), [9, 8, 7], "the three newest remain");
        assert_eq!(cache.len(), 3, "len stays at capacity");
    });
}

#[test]
fn peek_changes_no_recency() {
    prove(|| {
        let mut cache = LruCache::new(3);
        for k in ["a", "b", "c"] {
            cache.put(k, k.len());
        }
        assert_eq!(cache.peek(&"a"), Some(&1), "peek(a)");
        assert_eq!(cache.peek(&"b"), Some(&1), "peek(b)");
        assert_eq!(keys(&cache), ["c", "b", "a"], "peek moves nothing");
        assert_eq!(cache.put("d", 1), Some(("a", 1)), "a is still the least recently used");
        cache.get(&"b");
        cache.peek(&"c");
        assert_eq!(cache.put("e", 1), Some(("c", 1)), "after get(b) and peek(c), c goes");
        assert_eq!(keys(&cache), ["e", "b", "d"], "after mixed get, peek and put");
    });
}

#[test]
fn remove_returns_the_value_once() {
    prove(|| {
        let mut cache = LruCache::new(3);
        for k in [1, 2, 3] {
            cache.put(k, k * 100);
        }
        assert_eq!(cache.remove(&2), Some(200), "remove(2) returns its value");
        assert_eq!(cache.remove(&2), None, "a second remove(2) finds nothing");
        assert_eq!(cache.remove(&7), None, "remove of a key never put");
        assert_eq!(cache.len(), 2, "len after one remove");
        assert_eq!(cache.get(&2), None, "get after remove");
        assert_eq!(keys(&cache), [3, 1], "the others keep their order");
        assert_eq!(cache.remove(&3), Some(300), "remove the front");
        assert_eq!(cache.remove(&1), Some(100), "remove the last one");
        assert!(cache.is_empty(), "empty after removing everything");
        assert_eq!(keys(&cache), Vec::<i32>::new(), "iter of an emptied cache");
        cache.put(4, 400);
        cache.put(5, 500);
        assert_eq!(keys(&cache), [5, 4], "an emptied cache fills again");
        assert_eq!(cache.remove(&4), Some(400), "remove the back");
        cache.put(6, 600);
        assert_eq!(keys(&cache), [6, 5], "after removing the back and putting again");
    });
}

#[test]
fn iter_goes_from_most_to_least_recently_used() {
    prove(|| {
        let mut cache = LruCache::new(4);
        for k in 1..=4 {
            cache.put(k, -k);
        }
        cache.get(&2);
        cache.put(3, -30);
        let entries: Vec<(i32, i32)> = cache.iter().map(|(k, v)| (*k, *v)).collect();
        assert_eq!(entries, [(3, -30), (2, -2), (4, -4), (1, -1)], "iter's entries");
        let mut iter = cache.iter();
        assert_eq!(iter.len(), 4, "iter().len() before the first next");
        iter.next();
        assert_eq!(iter.size_hint(), (3, Some(3)), "size_hint after one next");
        assert_eq!(iter.len(), 3, "len after one next");
        iter.next();
        iter.next();
        iter.next();
        assert_eq!(iter.len(), 0, "len at the end");
        assert_eq!(iter.next(), None, "next at the end");
        assert_eq!(keys(&cache), [3, 2, 4, 1], "iter changes no recency");
    });
}

#[test]
fn resize_down_evicts_the_least_recently_used() {
    prove(|| {
        let mut cache = LruCache::new(5);
        for k in 1..=5 {
            cache.put(k, ());
        }
        cache.get(&1);
        cache.get(&3);
        cache.resize(2);
        assert_eq!(cache.capacity(), 2, "capacity after resize(2)");
        assert_eq!(cache.len(), 2, "len after resize(2)");
        assert_eq!(keys(&cache), [3, 1], "resize keeps the most recently used");
        assert_eq!(cache.put(6, ()), Some((1, ())), "the new capacity holds");
        cache.resize(0);
        assert!(cache.is_empty(), "resize(0) empties the cache");
        assert_eq!(cache.put(7, ()), Some((7, ())), "capacity 0 after resize");
    });
}

#[test]
fn resize_up_keeps_every_entry() {
    prove(|| {
        let mut cache = LruCache::new(2);
        cache.put('a', 1);
        cache.put('b', 2);
        cache.resize(4);
        assert_eq!(cache.capacity(), 4, "capacity after resize(4)");
        assert_eq!(keys(&cache), ['b', 'a'], "growing evicts nothing");
        assert_eq!(cache.put('c', 3), None, "room for a third");
        assert_eq!(cache.put('d', 4), None, "and a fourth");
        assert_eq!(cache.put('e', 5), Some(('a', 1)), "the fifth evicts the oldest");
        cache.resize(4);
        assert_eq!(cache.len(), 4, "resize to the same capacity evicts nothing");
        cache.resize(3);
        assert_eq!(keys(&cache), ['e', 'd', 'c'], "resize(3) evicts exactly one");
    });
}

#[test]
fn capacity_zero_stores_nothing() {
    prove(|| {
        let mut cache = LruCache::new(0);
        assert_eq!(cache.capacity(), 0, "capacity 0");
        assert_eq!(
            cache.put("k", 1),
            Some(("k", 1)),
            "put into a cache of capacity 0 hands the entry straight back"
        );
        assert!(cache.is_empty(), "nothing is stored");
        assert_eq!(cache.get(&"k"), None, "get finds nothing");
        assert_eq!(cache.remove(&"k"), None, "remove finds nothing");
        assert_eq!(cache.iter().len(), 0, "iter is empty");
        cache.resize(1);
        assert_eq!(cache.put("k", 2), None, "after resize(1) a put is kept");
        assert_eq!(cache.get(&"k"), Some(&2), "and found");
    });
}

#[test]
fn borrowed_keys_look_up_string_entries() {
    prove(|| {
        let mut cache: LruCache<String, u32> = LruCache::new(2);
        cache.put(String::from("apple"), 1);
        cache.put(String::from("pear"), 2);
        assert_eq!(cache.get("apple"), Some(&1), "get(&str) on String keys");
        assert_eq!(cache.peek("pear"), Some(&2), "peek(&str)");
        assert_eq!(cache.remove("pear"), Some(2), "remove(&str)");
        assert_eq!(cache.len(), 1, "len after remove(&str)");
    });
}

#[test]
fn each_operation_hashes_and_compares_a_constant_number_of_times() {
    prove(|| {
        const N: u64 = 100_000;
        const OPS: u64 = 20_000;
        let mut cache = LruCache::new(N as usize);
        for k in 0..N {
            cache.put(Counted(k), k);
        }
        let mut rng = SplitMix64::new(16);
        // Lookups and replacements: the map's structure does not change.
        let (hashes, eqs) = count_work(|| {
            for i in 0..OPS {
                let key = Counted(rng.next_u64() % (N + N / 10));
                match i % 4 {
                    0 => drop(cache.get(&key)),
                    1 => drop(cache.peek(&key)),
                    2 if key.0 < N => drop(cache.put(key, i)),
                    _ => drop(cache.get(&Counted(i % N))),
                }
            }
        });
        assert!(
            hashes <= 4 * OPS && eqs <= 4 * OPS,
            "{OPS} gets, peeks and puts of present keys on a cache of {N} entries made \
             {hashes} hash and {eqs} eq calls: expected at most 4 of each per operation on \
             average (a scan of the entries makes thousands)"
        );
        // Evictions and removals: every put of a new key evicts, every remove frees a slot.
        let (hashes, eqs) = count_work(|| {
            for i in 0..OPS {
                let key = N + i;
                cache.put(Counted(key), key);
                if i % 3 == 0 {
                    cache.remove(&Counted(key - 1));
                }
            }
        });
        assert!(
            hashes <= 30 * OPS && eqs <= 30 * OPS,
            "{OPS} evicting puts (and removes) on a cache of {N} entries made {hashes} hash and \
             {eqs} eq calls: expected at most 30 of each per operation on average"
        );
    });
}

#[test]
fn a_full_cache_of_100000_entries_evicts_without_scanning() {
    prove(|| {
        // 200,000 evictions from 100,000 entries: a cache that searches its entries for the
        // least recently used one does 10^10 steps and runs out of time; O(1) takes milliseconds.
        const N: u32 = 100_000;
        let mut cache = LruCache::new(N as usize);
        for k in 0..N {
            cache.put(k, k);
        }
        let mut evicted_sum: u64 = 0;
        for k in N..3 * N {
            if k % 2 == 0 {
                cache.get(&(k - N + 1));
            }
            if let Some((old, _)) = cache.put(k, k) {
                evicted_sum += u64::from(old);
            }
        }
        assert_eq!(cache.len(), N as usize, "a full cache stays full");
        assert_eq!(cache.peek(&(3 * N - 1)), Some(&(3 * N - 1)), "the newest key is there");
        assert!(evicted_sum > 0, "evictions returned their entries");
    });
}

#[test]
fn memory_does_not_grow_under_churn() {
    prove(|| {
        let mut cache: LruCache<u64, u64> = LruCache::new(1000);
        let mut rng = SplitMix64::new(7);
        let mut churn = |cache: &mut LruCache<u64, u64>, rounds: u64| {
            for _ in 0..rounds {
                let key = rng.next_u64() % 5000;
                match rng.below(4) {
                    0 => drop(cache.remove(&key)),
                    1 => drop(cache.get(&key)),
                    _ => drop(cache.put(key, key)),
                }
            }
        };
        churn(&mut cache, 50_000); // warm-up: the map and the slots reach their size
        let ((), usage) = ALLOC.measure(|| churn(&mut cache, 200_000));
        // The std `HashMap` may still grow its table once under churn: removals leave
        // tombstones, and whether they fill it first depends on the per-process random hasher
        // (4,096 buckets of a `u64` key and a slot index are 69,632 bytes, 34,816 more than
        // 2,048). Slots that are never reused would hold megabytes here.
        const ONE_TABLE_GROWTH: isize = 64 * 1024;
        assert!(
            usage.leaked_bytes <= ONE_TABLE_GROWTH,
            "bytes held after 200,000 more puts, gets and removes on a warmed-up cache of 1000: \
             {} (at most {ONE_TABLE_GROWTH}, one growth of the hash map's table; a removed or \
             evicted slot must be reused, not left behind)",
            usage.leaked_bytes
        );
        assert!(
            usage.allocations <= 8,
            "allocations during 200,000 operations on a warmed-up cache: got {}, expected \
             (almost) none",
            usage.allocations
        );
    });
}

#[test]
fn evicted_removed_and_dropped_values_are_dropped_once() {
    prove(|| {
        let drops = Drops::new();
        {
            let mut cache: LruCache<u32, DropToken> = LruCache::new(2);
            cache.put(1, drops.token());
            cache.put(2, drops.token());
            let evicted = cache.put(3, drops.token());
            assert_eq!(drops.count(), 0, "the evicted entry is handed back, not dropped");
            drop(evicted);
            assert_eq!(drops.count(), 1, "the caller drops what put returned");
            let old = cache.put(3, drops.token());
            assert!(old.is_some(), "replacing returns the old value");
            drop(old);
            assert_eq!(drops.count(), 2, "the replaced value, once");
            drop(cache.remove(&2));
            assert_eq!(drops.count(), 3, "the removed value, once");
            cache.put(4, drops.token());
            cache.resize(1);
            assert_eq!(drops.count(), 4, "resize drops what it evicts");
        }
        assert_eq!(drops.count(), 5, "dropping the cache drops what it held, once each");
    });
}

/// One step of the random test.
#[derive(Debug, Clone, Copy)]
enum Op {
    Get(u8),
    Peek(u8),
    Put(u8, u32),
    Remove(u8),
    Resize(usize),
}

/// The model: entries in recency order, the most recently used first.
struct Model {
    entries: Vec<(u8, u32)>,
    capacity: usize,
}

impl Model {
    fn position(&self, key: u8) -> Option<usize> {
        self.entries.iter().position(|(k, _)| *k == key)
    }

    fn apply(&mut self, op: Op) -> String {
        match op {
            Op::Get(k) => match self.position(k) {
                Some(i) => {
                    let entry = self.entries.remove(i);
                    self.entries.insert(0, entry);
                    format!("{:?}", Some(entry.1))
                }
                None => format!("{:?}", None::<u32>),
            },
            Op::Peek(k) => format!("{:?}", self.position(k).map(|i| self.entries[i].1)),
            Op::Put(k, v) => {
                let out = if let Some(i) = self.position(k) {
                    let old = self.entries.remove(i);
                    self.entries.insert(0, (k, v));
                    Some(old)
                } else if self.capacity == 0 {
                    Some((k, v))
                } else {
                    let evicted = if self.entries.len() == self.capacity {
                        self.entries.pop()
                    } else {
                        None
                    };
                    self.entries.insert(0, (k, v));
                    evicted
                };
                format!("{out:?}")
            }
            Op::Remove(k) => format!("{:?}", self.position(k).map(|i| self.entries.remove(i).1)),
            Op::Resize(n) => {
                self.capacity = n;
                self.entries.truncate(n);
                String::from("()")
            }
        }
    }
}

fn apply(cache: &mut LruCache<u8, u32>, op: Op) -> String {
    match op {
        Op::Get(k) => format!("{:?}", cache.get(&k).copied()),
        Op::Peek(k) => format!("{:?}", cache.peek(&k).copied()),
        Op::Put(k, v) => format!("{:?}", cache.put(k, v)),
        Op::Remove(k) => format!("{:?}", cache.remove(&k)),
        Op::Resize(n) => {
            cache.resize(n);
            String::from("()")
        }
    }
}

fn random_op(rng: &mut SplitMix64, step: u32) -> Op {
    let key = rng.below(12) as u8;
    match rng.below(20) {
        0..=5 => Op::Get(key),
        6..=8 => Op::Peek(key),
        9..=15 => Op::Put(key, step),
        16..=18 => Op::Remove(key),
        _ => Op::Resize(rng.below(9)),
    }
}

#[test]
fn random_operations_match_a_recency_list_model() {
    prove(|| {
        for seed in seeds(300) {
            let mut rng = SplitMix64::new(seed);
            let capacity = rng.below(7);
            let mut cache = LruCache::new(capacity);
            let mut model = Model {
                entries: Vec::new(),
                capacity,
            };
            let mut program = vec![format!("LruCache::new({capacity})")];
            for step in 0..200 {
                let op = random_op(&mut rng, step);
                program.push(format!("{op:?}"));
                let got = apply(&mut cache, op);
                let expected = model.apply(op);
                let context = || {
                    format!(
                        "{}\nthe operations so far, the last one differs:\n  {}",
                        replay(seed),
                        program.join("\n  ")
                    )
                };
                assert_eq!(got, expected, "what the last operation returned; {}", context());
                let got_entries: Vec<(u8, u32)> = cache.iter().map(|(k, v)| (*k, *v)).collect();
                assert_eq!(
                    got_entries,
                    model.entries,
                    "iter() (most recently used first) after the last operation; {}",
                    context()
                );
                assert_eq!(
                    (cache.len(), cache.capacity()),
                    (model.entries.len(), model.capacity),
                    "(len, capacity) after the last operation; {}",
                    context()
                );
            }
        }
    });
}
