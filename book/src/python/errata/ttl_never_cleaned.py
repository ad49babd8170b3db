import time
import seed_callbacks
from ttl_fixed import FixedTTLCache

# ANCHOR: seed
now = [1000.0]
real_time = time.time
time.time = lambda: now[0]
cache = seed_callbacks.TTLCache(maxsize=1000)
for i in range(500):
    cache.set(i, "x" * 1000, ttl=1)
now[0] += 10                                 # every entry expired ten seconds ago
print("entries held ten seconds after all expired:", len(cache._cache))
time.time = real_time
# ANCHOR_END: seed
# ANCHOR: fixed
now = [1000.0]
cache = FixedTTLCache(maxsize=1000, clock=lambda: now[0])
for i in range(500):
    cache.set(i, "x" * 1000, ttl=1)
now[0] += 10
cache.set("new", "y")                        # any set purges what has expired, (each in O(log n))
print("fixed: entries after the next set:", len(cache))
# ANCHOR_END: fixed
