import time
import seed_callbacks
from ttl_fixed import FixedTTLCache

# ANCHOR: seed
wall = [1_000_000.0]
real_time = time.time
time.time = lambda: wall[0]                     # a wall clock we can step, as NTP can
cache = seed_callbacks.TTLCache()
cache.set("k", "v", ttl=30)
wall[0] -= 3600                                 # the clock steps back an hour
wall[0] += 60                                   # a minute passes
print("30 s ttl, a minute later, after a step back:", cache.get("k"))
cache.set("k2", "v2", ttl=30)
wall[0] += 86400                                # the clock steps forward a day
print("set a moment ago, after a step forward:  ", cache.get("k2"))
time.time = real_time
# ANCHOR_END: seed
# ANCHOR: fixed
now = [0.0]
cache = FixedTTLCache(clock=lambda: now[0])     # time.monotonic() by default
cache.set("k", "v", ttl=30)
now[0] += 60
print("fixed, a minute later:", cache.get("k"))
# ANCHOR_END: fixed
