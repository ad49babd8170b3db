from seed_callbacks import TTLCache
from ttl_fixed import FixedTTLCache

# ANCHOR: seed
cache = TTLCache()
cache.set("stored None", None)
print("get of a stored None:", cache.get("stored None"), "| get of a missing key:", cache.get("missing"))
cache = TTLCache(maxsize=1)
cache.set("live", 1, ttl=60)
cache.set("neg", 2, ttl=-1)                 # dead on arrival, evicts a live entry
print("maxsize=1 after a negative ttl:", list(cache._cache), "-> get:", cache.get("neg"))
cache = TTLCache(maxsize=0)
cache.set("a", 1)
cache.set("b", 2)
print("maxsize=0 holds:", len(cache._cache), "entry")
# ANCHOR_END: seed
# ANCHOR: fixed
cache = FixedTTLCache()
cache.set("stored None", None)
print("fixed: stored None found:", cache.get("stored None", "MISSING") is None,
      "| missing key:", cache.get("missing", "MISSING"))
for bad in (lambda: FixedTTLCache().set("neg", 2, ttl=-1), lambda: FixedTTLCache(maxsize=0)):
    try:
        bad()
    except ValueError as error:
        print("fixed: ValueError:", error)
# ANCHOR_END: fixed
