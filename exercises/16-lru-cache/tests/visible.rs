//! Visible tests for 16-lru-cache: `cargo test -p lru-cache`. The grader's hidden tests
//! check much more (work per operation, memory under churn, a random differential test).

use lru_cache::LruCache;

fn keys(cache: &LruCache<&'static str, i32>) -> Vec<&'static str> {
    cache.iter().map(|(k, _)| *k).collect()
}

#[test]
fn put_then_get() {
    let mut cache = LruCache::new(2);
    assert_eq!(cache.put("a", 1), None);
    assert_eq!(cache.get(&"a"), Some(&1));
    assert_eq!(cache.get(&"b"), None);
}

#[test]
fn the_least_recently_used_entry_is_evicted() {
    let mut cache = LruCache::new(2);
    cache.put("a", 1);
    cache.put("b", 2);
    cache.get(&"a");
    assert_eq!(cache.put("c", 3), Some(("b", 2)));
    assert_eq!(keys(&cache), ["c", "a"]);
}

#[test]
fn peek_does_not_change_recency() {
    let mut cache = LruCache::new(2);
    cache.put("a", 1);
    cache.put("b", 2);
    assert_eq!(cache.peek(&"a"), Some(&1));
    assert_eq!(keys(&cache), ["b", "a"]);
}

#[test]
fn resize_down_evicts() {
    let mut cache = LruCache::new(3);
    cache.put("a", 1);
    cache.put("b", 2);
    cache.put("c", 3);
    cache.resize(2);
    assert_eq!(keys(&cache), ["c", "b"]);
    assert_eq!(cache.capacity(), 2);
}
