from seed_callbacks import CacheEntry, TTLCache
from ttl_fixed import FixedTTLCache

calls = 0
original = CacheEntry.is_expired
def counted(self):
    global calls
    calls += 1
    return original(self)
CacheEntry.is_expired = counted

# ANCHOR: seed
for maxsize in (1_000, 10_000, 100_000):
    cache = TTLCache(maxsize=maxsize)
    for i in range(maxsize):
        cache.set(i, i)
    calls = 0
    cache.set("one more", 0)
    print(f"maxsize={maxsize:>7,}: one set on a full cache called is_expired {calls:,} times")
# ANCHOR_END: seed
# ANCHOR: fixed
reads = 0
def clock():
    global reads
    reads += 1
    return 0.0
for maxsize in (1_000, 100_000):
    cache = FixedTTLCache(maxsize=maxsize, clock=clock)
    for i in range(maxsize):
        cache.set(i, i)
    reads = 0
    cache.set("one more", 0)
    print(f"fixed, maxsize={maxsize:>7,}: one set read the clock {reads} time(s), {len(cache):,} entries")
# ANCHOR_END: fixed
