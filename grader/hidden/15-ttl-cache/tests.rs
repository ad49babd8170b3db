//! Hidden tests for 15-ttl-cache: the learner's crate is `ttl_cache`.
//!
//! Time comes from `ManualClock` (or a clock that counts its reads): no test sleeps. The random
//! test replays seeded operations on the cache and on a simple model that scans everything;
//! a failure names the seed, and `GRADER_SEED=N cargo grade check 15-ttl-cache` replays it.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use grader_support::prove;
use grader_support::refgc::SplitMix64;
use grader_support::replay::seeds;
use ttl_cache::{Clock, ManualClock, TtlCache};

const SECOND: Duration = Duration::from_secs(1);
const MINUTE: Duration = Duration::from_secs(60);
const NANO: Duration = Duration::from_nanos(1);

/// A clock that moves by hand and counts how often it is read.
#[derive(Clone, Default)]
struct CountingClock {
    now: Rc<Cell<Duration>>,
    reads: Rc<Cell<u64>>,
}

impl CountingClock {
    fn advance(&self, by: Duration) {
        self.now.set(self.now.get() + by);
    }
}

impl Clock for CountingClock {
    fn now(&self) -> Duration {
        self.reads.set(self.reads.get() + 1);
        self.now.get()
    }
}

/// The keys among `keys` that `get` finds, in that order.
fn present<C: Clock>(
    cache: &mut TtlCache<&'static str, u32, C>,
    keys: &[&'static str],
) -> Vec<&'static str> {
    keys.iter()
        .copied()
        .filter(|key| cache.get(key).is_some())
        .collect()
}

#[test]
fn insert_and_get_return_the_value() {
    prove(|| {
        let mut cache = TtlCache::new(8, ManualClock::new());
        assert_eq!(
            cache.insert(String::from("x"), 7, MINUTE),
            None,
            "insert of a new key returns None"
        );
        assert_eq!(
            cache.insert(String::from("y"), 8, MINUTE),
            None,
            "insert of a new key returns None"
        );
        assert_eq!(
            cache.get("x"),
            Some(&7),
            "get(\"x\") with a &str for a String key"
        );
        assert_eq!(cache.get("y"), Some(&8), "get(\"y\")");
        assert_eq!(cache.get("z"), None, "get of a key never inserted");
        assert_eq!(cache.len(), 2, "two live entries");

        let mut options = TtlCache::new(8, ManualClock::new());
        options.insert(1, None::<u32>, MINUTE);
        assert_eq!(
            options.get(&1),
            Some(&None),
            "a stored None is found, not confused with a missing key"
        );
        assert_eq!(options.get(&2), None, "a missing key");
    });
}

#[test]
fn an_entry_expires_exactly_at_its_ttl() {
    prove(|| {
        for ttl in [
            NANO,
            SECOND,
            Duration::from_millis(1500),
            Duration::from_secs(7),
            MINUTE,
        ] {
            let clock = ManualClock::new();
            clock.advance(Duration::from_secs(100));
            let mut cache = TtlCache::new(4, clock.clone());
            cache.insert("k", 1, ttl);
            clock.advance(ttl - NANO);
            assert_eq!(
                cache.get("k"),
                Some(&1),
                "one nanosecond before its ttl ({ttl:?}) the entry is live"
            );
            assert_eq!(
                cache.len(),
                1,
                "len one nanosecond before the ttl ({ttl:?})"
            );
            clock.advance(NANO);
            assert_eq!(
                cache.len(),
                0,
                "at exactly its ttl ({ttl:?}) the entry is expired (now >= inserted + ttl): len"
            );
            assert_eq!(
                cache.get("k"),
                None,
                "at exactly its ttl ({ttl:?}) the entry is expired: get"
            );
        }
        let clock = ManualClock::new();
        let mut cache = TtlCache::new(4, clock.clone());
        cache.insert("k", 1, SECOND);
        clock.advance(SECOND);
        assert_eq!(
            cache.remove("k"),
            None,
            "remove at exactly the ttl finds an expired entry: None"
        );
    });
}

#[test]
fn a_zero_ttl_stores_nothing_and_evicts_nothing() {
    prove(|| {
        let mut cache = TtlCache::new(2, ManualClock::new());
        cache.insert("a", 1, MINUTE);
        cache.insert("b", 2, MINUTE);
        assert_eq!(
            cache.insert("c", 3, Duration::ZERO),
            None,
            "insert of a new key with ttl zero"
        );
        assert_eq!(
            cache.get("c"),
            None,
            "an entry with ttl zero is expired at once"
        );
        let mut keys = present(&mut cache, &["a", "b"]);
        keys.sort();
        assert_eq!(
            keys,
            ["a", "b"],
            "storing nothing must not evict a live entry"
        );
        assert_eq!(
            cache.insert("a", 10, Duration::ZERO),
            Some(1),
            "ttl zero on an existing key returns its value"
        );
        assert_eq!(
            cache.get("a"),
            None,
            "and removes it: the new value is expired at once"
        );
        assert_eq!(cache.len(), 1, "only b is left");
    });
}

#[test]
fn a_huge_ttl_never_overflows() {
    prove(|| {
        let clock = ManualClock::new();
        clock.advance(Duration::from_secs(1_000_000));
        let mut cache = TtlCache::new(2, clock.clone());
        cache.insert("forever", 1, Duration::MAX);
        clock.advance(Duration::from_secs(10_000_000));
        assert_eq!(
            cache.get("forever"),
            Some(&1),
            "a ttl of Duration::MAX is live (now + ttl saturates)"
        );
        assert_eq!(cache.purge_expired(), 0, "nothing expired");
    });
}

#[test]
fn expired_entries_are_evicted_before_the_oldest() {
    prove(|| {
        let clock = ManualClock::new();
        let mut cache = TtlCache::new(3, clock.clone());
        cache.insert("oldest", 1, MINUTE);
        clock.advance(SECOND);
        cache.insert("short", 2, SECOND);
        clock.advance(SECOND);
        cache.insert("newest", 3, MINUTE);
        // "short" expired at 2 s: now is 2 s. The oldest is still live.
        cache.insert("new", 4, MINUTE);
        assert_eq!(
            present(&mut cache, &["oldest", "short", "newest", "new"]),
            ["oldest", "newest", "new"],
            "a full cache with an expired entry evicts the expired one, not the oldest"
        );

        // Several expired entries, the newest ones by age: all go, the live ones all stay.
        let clock = ManualClock::new();
        let mut cache = TtlCache::new(4, clock.clone());
        cache.insert("a", 1, MINUTE);
        cache.insert("b", 2, MINUTE);
        cache.insert("c", 3, SECOND);
        cache.insert("d", 4, SECOND);
        clock.advance(SECOND * 2);
        cache.insert("e", 5, MINUTE);
        cache.insert("f", 6, MINUTE);
        assert_eq!(
            present(&mut cache, &["a", "b", "c", "d", "e", "f"]),
            ["a", "b", "e", "f"],
            "two expired entries make room for two new keys; no live entry is evicted"
        );
    });
}

#[test]
fn the_oldest_is_evicted_when_nothing_has_expired() {
    prove(|| {
        let clock = ManualClock::new();
        let mut cache = TtlCache::new(3, clock.clone());
        // The oldest has the *latest* expiry: eviction goes by age, not by expiry.
        cache.insert("first", 1, Duration::from_secs(3600));
        clock.advance(SECOND);
        cache.insert("second", 2, Duration::from_secs(10));
        clock.advance(SECOND);
        cache.insert("third", 3, Duration::from_secs(20));
        clock.advance(SECOND);
        cache.insert("fourth", 4, MINUTE);
        assert_eq!(
            present(&mut cache, &["first", "second", "third", "fourth"]),
            ["second", "third", "fourth"],
            "nothing expired: the oldest (first inserted) goes, not the newest nor the soonest to expire"
        );
        cache.insert("fifth", 5, MINUTE);
        assert_eq!(
            present(&mut cache, &["second", "third", "fourth", "fifth"]),
            ["third", "fourth", "fifth"],
            "then the next oldest"
        );
    });
}

#[test]
fn ties_at_the_same_instant_go_by_the_order_of_the_calls() {
    prove(|| {
        let clock = ManualClock::new(); // never moves: every entry has the same timestamp
        let mut cache = TtlCache::new(3, clock.clone());
        cache.insert("a", 1, MINUTE);
        cache.insert("b", 2, MINUTE);
        cache.insert("c", 3, MINUTE);
        cache.insert("d", 4, MINUTE);
        assert_eq!(
            present(&mut cache, &["a", "b", "c", "d"]),
            ["b", "c", "d"],
            "same instant: the first inserted is the oldest"
        );

        let mut cache = TtlCache::new(3, clock.clone());
        cache.insert("a", 1, MINUTE);
        cache.insert("b", 2, MINUTE);
        cache.insert("a", 10, MINUTE); // a updated after b, at the same instant
        cache.insert("c", 3, MINUTE);
        cache.insert("d", 4, MINUTE);
        assert_eq!(
            present(&mut cache, &["a", "b", "c", "d"]),
            ["a", "c", "d"],
            "same instant: a was re-inserted after b, so b is the oldest (the seed evicts a here)"
        );
    });
}

#[test]
fn an_update_makes_the_entry_the_newest() {
    prove(|| {
        let clock = ManualClock::new();
        let mut cache = TtlCache::new(3, clock.clone());
        cache.insert("a", 1, MINUTE);
        clock.advance(SECOND);
        cache.insert("b", 2, MINUTE);
        clock.advance(SECOND);
        cache.insert("c", 3, MINUTE);
        clock.advance(SECOND);
        assert_eq!(
            cache.insert("a", 10, MINUTE),
            Some(1),
            "the update returns the old value"
        );
        clock.advance(SECOND);
        cache.insert("d", 4, MINUTE);
        assert_eq!(
            present(&mut cache, &["a", "b", "c", "d"]),
            ["a", "c", "d"],
            "a was updated last, so b is the oldest"
        );
        cache.insert("e", 5, MINUTE);
        assert_eq!(
            present(&mut cache, &["a", "c", "d", "e"]),
            ["a", "d", "e"],
            "then c"
        );
        assert_eq!(cache.get("a"), Some(&10), "the updated value");

        // The update also restarts the entry's ttl.
        let clock = ManualClock::new();
        let mut cache = TtlCache::new(3, clock.clone());
        cache.insert("a", 1, Duration::from_secs(10));
        clock.advance(Duration::from_secs(8));
        cache.insert("a", 2, Duration::from_secs(10));
        clock.advance(Duration::from_secs(8));
        assert_eq!(
            cache.get("a"),
            Some(&2),
            "an update's ttl counts from the update"
        );
        assert_eq!(
            cache.purge_expired(),
            0,
            "the old expiry of the updated entry removes nothing"
        );
        clock.advance(Duration::from_secs(2));
        assert_eq!(cache.get("a"), None, "expired 10 s after the update");
    });
}

#[test]
fn get_does_not_refresh_an_entrys_age() {
    prove(|| {
        let clock = ManualClock::new();
        let mut cache = TtlCache::new(2, clock.clone());
        cache.insert("a", 1, MINUTE);
        clock.advance(SECOND);
        cache.insert("b", 2, MINUTE);
        assert_eq!(cache.get("a"), Some(&1), "get a");
        cache.insert("c", 3, MINUTE);
        assert_eq!(
            present(&mut cache, &["a", "b", "c"]),
            ["b", "c"],
            "a TTL cache is not an LRU: reading a keeps it the oldest"
        );
    });
}

#[test]
fn replacing_a_key_evicts_nothing() {
    prove(|| {
        let clock = ManualClock::new();
        let mut cache = TtlCache::new(3, clock.clone());
        cache.insert("a", 1, MINUTE);
        cache.insert("b", 2, MINUTE);
        cache.insert("c", 3, MINUTE);
        for round in 0..5 {
            clock.advance(SECOND);
            assert_eq!(
                cache.insert("b", 20 + round, MINUTE),
                Some(if round == 0 { 2 } else { 19 + round }),
                "replacing b returns its previous value"
            );
            assert_eq!(
                present(&mut cache, &["a", "b", "c"]),
                ["a", "b", "c"],
                "replacing a key of a full cache evicts nothing (the seed evicts a)"
            );
        }
        // Replacing an expired key gives None and still evicts nothing.
        cache.insert("s", 4, SECOND); // evicts a, the oldest
        clock.advance(SECOND);
        assert_eq!(
            cache.insert("s", 5, MINUTE),
            None,
            "replacing an expired entry returns None: the old value was already gone"
        );
        assert_eq!(
            present(&mut cache, &["a", "b", "c", "s"]),
            ["b", "c", "s"],
            "and evicts nothing else"
        );
    });
}

#[test]
fn max_size_is_never_exceeded() {
    prove(|| {
        for max_size in [1, 2, 5] {
            let clock = ManualClock::new();
            let mut cache = TtlCache::new(max_size, clock.clone());
            for i in 0..50u32 {
                cache.insert(i % 17, i, Duration::from_secs(u64::from(i % 7) + 1));
                if i % 3 == 0 {
                    clock.advance(Duration::from_millis(300));
                }
                let live = (0..17).filter(|key| cache.get(key).is_some()).count();
                assert!(
                    live <= max_size,
                    "max_size {max_size}: {live} live entries after insert {i}"
                );
                assert_eq!(
                    cache.len(),
                    live,
                    "len counts the live entries (max_size {max_size}, insert {i})"
                );
            }
            assert_eq!(cache.max_size(), max_size, "max_size()");
        }
        let mut cache = TtlCache::new(1, ManualClock::new());
        cache.insert("a", 1, MINUTE);
        cache.insert("b", 2, MINUTE);
        assert_eq!(
            present(&mut cache, &["a", "b"]),
            ["b"],
            "a cache of one keeps the newest"
        );
    });
}

#[test]
fn a_zero_size_cache_holds_nothing() {
    prove(|| {
        let mut cache = TtlCache::new(0, ManualClock::new());
        for i in 0..5 {
            assert_eq!(
                cache.insert(i, i, MINUTE),
                None,
                "insert into a cache of size zero"
            );
            assert_eq!(
                cache.get(&i),
                None,
                "a cache of size zero stores nothing (the seed's stores one entry)"
            );
        }
        assert_eq!(cache.len(), 0, "len of a cache of size zero");
        assert!(cache.is_empty(), "is_empty");
        assert_eq!(cache.purge_expired(), 0, "nothing to purge");
    });
}

#[test]
fn remove_purge_and_len_count_live_entries_only() {
    prove(|| {
        let clock = ManualClock::new();
        let mut cache = TtlCache::new(10, clock.clone());
        for (i, key) in ["a", "b", "c", "d", "e"].into_iter().enumerate() {
            cache.insert(key, i as u32, Duration::from_secs(i as u64 + 1));
        }
        assert_eq!(
            cache.remove("e"),
            Some(4),
            "remove a live entry returns its value"
        );
        assert_eq!(cache.remove("e"), None, "removing it again");
        assert_eq!(cache.len(), 4, "len after one remove");
        clock.advance(Duration::from_secs(2)); // a (1 s) and b (2 s) expired
        assert_eq!(
            cache.remove("a"),
            None,
            "remove of an expired entry returns None"
        );
        assert_eq!(cache.len(), 2, "len counts live entries only: c and d");
        assert!(!cache.is_empty(), "is_empty with two live entries");
        clock.advance(SECOND);
        assert_eq!(
            cache.purge_expired(),
            1,
            "purge_expired removes c and says how many"
        );
        assert_eq!(cache.purge_expired(), 0, "nothing left to purge");
        clock.advance(SECOND);
        assert_eq!(cache.purge_expired(), 1, "then d");
        assert!(cache.is_empty(), "all gone");
        cache.insert("z", 9, SECOND);
        assert_eq!(
            cache.get("z"),
            Some(&9),
            "the cache works after being emptied"
        );
    });
}

#[test]
fn each_operation_reads_the_clock_a_few_times_at_most() {
    prove(|| {
        let clock = CountingClock::default();
        let n = 10_000u64;
        let mut cache = TtlCache::new(n as usize, clock.clone());
        for i in 0..n {
            cache.insert(i, i, Duration::from_secs(1 + i % 100));
        }
        let before = clock.reads.get();
        let mut ops = 0;
        for i in n..2 * n {
            cache.insert(i, i, MINUTE); // full: looks for expired entries, then evicts
            cache.get(&(i - 5));
            ops += 2;
        }
        clock.advance(Duration::from_secs(50));
        for i in 2 * n..3 * n {
            cache.insert(i, i, MINUTE);
            cache.remove(&(i - n));
            ops += 2;
        }
        cache.purge_expired();
        cache.len();
        ops += 2;
        let reads = clock.reads.get() - before;
        assert!(
            reads <= 3 * ops,
            "{reads} clock reads for {ops} operations on a cache of {n} entries: reading the clock once per entry scans the whole cache (at most 3 reads per operation allowed)"
        );
    });
}

#[test]
fn a_full_cache_of_100000_entries_stays_fast() {
    prove(|| {
        let clock = ManualClock::new();
        let n = 100_000u32;
        let mut cache = TtlCache::new(n as usize, clock.clone());
        for i in 0..n {
            cache.insert(i, i, Duration::from_secs(3600));
        }
        // Full, nothing expired: each insert must find the oldest without a scan (an O(n) scan
        // per insert would be 10^10 steps here).
        // The second n expire one nanosecond apart, from 1 s on.
        for i in n..2 * n {
            cache.insert(i, i, SECOND + NANO * (i - n));
        }
        assert_eq!(
            cache.get(&(n - 1)),
            None,
            "every one of the first n entries was evicted"
        );
        assert_eq!(cache.get(&n), Some(&n), "the second n are there");
        // Full, and one or two entries expire before each insert: each insert must find them
        // without a scan, and evict no live entry.
        clock.advance(SECOND);
        for i in 0..n {
            clock.advance(NANO);
            cache.insert(2 * n + i, i, Duration::from_secs(3600));
            assert_eq!(
                cache.get(&(2 * n)),
                Some(&0),
                "the first entry inserted after the expiries began is still there"
            );
        }
        assert_eq!(
            cache.get(&(2 * n - 1)),
            None,
            "the second n all expired by the end"
        );
        assert_eq!(cache.len(), n as usize, "len of a full cache");
    });
}

// ---------------------------------------------------------------------------------------------
// Random operations against a model that scans everything.

struct ModelEntry {
    key: u32,
    value: u64,
    expires_at: Duration,
    stamp: u64,
}

/// The cache's rules written as plainly as possible: a list, scanned.
struct Model {
    max_size: usize,
    entries: Vec<ModelEntry>,
    next_stamp: u64,
}

impl Model {
    fn take(&mut self, key: u32, now: Duration) -> Option<u64> {
        let at = self.entries.iter().position(|e| e.key == key)?;
        let entry = self.entries.remove(at);
        (now < entry.expires_at).then_some(entry.value)
    }

    fn purge(&mut self, now: Duration) -> usize {
        let before = self.entries.len();
        self.entries.retain(|e| now < e.expires_at);
        before - self.entries.len()
    }

    fn insert(&mut self, key: u32, value: u64, ttl: Duration, now: Duration) -> Option<u64> {
        let previous = self.take(key, now);
        if ttl.is_zero() || self.max_size == 0 {
            return previous;
        }
        if self.entries.len() >= self.max_size {
            self.purge(now);
            if self.entries.len() >= self.max_size {
                let oldest = (0..self.entries.len())
                    .min_by_key(|&i| self.entries[i].stamp)
                    .unwrap();
                self.entries.remove(oldest);
            }
        }
        self.entries.push(ModelEntry {
            key,
            value,
            expires_at: now + ttl,
            stamp: self.next_stamp,
        });
        self.next_stamp += 1;
        previous
    }

    fn get(&mut self, key: u32, now: Duration) -> Option<u64> {
        let at = self.entries.iter().position(|e| e.key == key)?;
        if now < self.entries[at].expires_at {
            Some(self.entries[at].value)
        } else {
            self.entries.remove(at);
            None
        }
    }
}

#[test]
fn random_operations_match_a_simple_model() {
    prove(|| {
        for seed in seeds(300) {
            let mut rng = SplitMix64::new(seed);
            let max_size = rng.below(7);
            let keys = 3 + rng.below(10) as u64;
            let clock = ManualClock::new();
            let mut cache = TtlCache::new(max_size, clock.clone());
            let mut model = Model {
                max_size,
                entries: Vec::new(),
                next_stamp: 0,
            };
            // The model's transcript, one line per operation: a failure shows the operations
            // before the first difference, and that difference.
            let mut transcript: Vec<String> = Vec::new();
            for step in 0..400u64 {
                let now = clock.now();
                let key = rng.below(keys as usize) as u32;
                let roll = rng.below(100);
                let (op, got, expected) = if roll < 40 {
                    let ttl = Duration::from_millis(rng.below(7) as u64);
                    let op = format!("insert({key}, {step}, {ttl:?})");
                    (
                        op,
                        format!("{:?}", cache.insert(key, step, ttl)),
                        format!("{:?}", model.insert(key, step, ttl, now)),
                    )
                } else if roll < 65 {
                    (
                        format!("get({key})"),
                        format!("{:?}", cache.get(&key)),
                        format!("{:?}", model.get(key, now).as_ref()),
                    )
                } else if roll < 75 {
                    (
                        format!("remove({key})"),
                        format!("{:?}", cache.remove(&key)),
                        format!("{:?}", model.take(key, now)),
                    )
                } else if roll < 90 {
                    let by = Duration::from_millis(rng.below(4) as u64);
                    clock.advance(by);
                    (format!("advance({by:?})"), String::new(), String::new())
                } else if roll < 95 {
                    model.purge(now);
                    (
                        String::from("len()"),
                        format!("{}", cache.len()),
                        format!("{}", model.entries.len()),
                    )
                } else {
                    (
                        String::from("purge_expired()"),
                        format!("{}", cache.purge_expired()),
                        format!("{}", model.purge(now)),
                    )
                };
                if got != expected {
                    let from = transcript.len().saturating_sub(30);
                    panic!(
                        "seed {seed} (replay with `GRADER_SEED={seed} cargo grade check 15-ttl-cache`)\n\
                         TtlCache::new({max_size}, clock), then ({} earlier operations not shown; \
                         yours answered as the model did until the last):\n{}\n\
                         at {now:?}: {op}\n  your cache answered: {got}\n  the model answered:  {expected}",
                        from,
                        transcript[from..].join("\n")
                    );
                }
                transcript.push(if expected.is_empty() {
                    format!("at {now:?}: {op}")
                } else {
                    format!("at {now:?}: {op} -> {expected}")
                });
            }
        }
    });
}
