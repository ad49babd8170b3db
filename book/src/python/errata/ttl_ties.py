import time
import seed_callbacks
from ttl_fixed import FixedTTLCache

# ANCHOR: seed
real_time = time.time
time.time = lambda: 1000.0                   # a clock that did not move between calls
cache = seed_callbacks.TTLCache(maxsize=3)
cache.set("a", 1)
cache.set("b", 2)
cache.set("a", 10)                           # a is now the newest write ...
cache.set("c", 3)                            # ... but keeps its place in the dict
cache.set("d", 4)                            # full, all timestamps equal: which goes?
print("seed keeps:", sorted(cache._cache))
time.time = real_time
# ANCHOR_END: seed
# ANCHOR: fixed
cache = FixedTTLCache(maxsize=3, clock=lambda: 1000.0)
for key, value in [("a", 1), ("b", 2), ("a", 10), ("c", 3), ("d", 4)]:
    cache.set(key, value)
print("fixed keeps:", sorted(cache._cache))
# ANCHOR_END: fixed
