import gc, time, weakref
from unittest import mock
from seed_ttl import CacheEntry, TTLCache


# 1. "using weak references": the cache holds its values strongly.
class User:
    pass
cache = TTLCache(maxsize=10)
u = User()
probe = weakref.ref(u)
cache.set("user:1", u, ttl=30)
del u
gc.collect()
print("1. value alive after del:", probe() is not None)
print("   weakref objects in the cache:",
      sum(isinstance(o, weakref.ref) for e in cache._cache.values() for o in vars(e).values()))

# 2. set on an existing key of a full cache evicts another entry.
cache = TTLCache(maxsize=2)
cache.set("a", 1); cache.set("b", 2)
cache.set("b", 20)
print("2. keys after re-setting 'b':", list(cache._cache))

# 3. a fake wall clock: time.time() jumps.
now = [1000.0]
with mock.patch("time.time", lambda: now[0]):
    cache = TTLCache(maxsize=10)
    cache.set("k", "v", ttl=30)
    now[0] -= 3600                       # NTP steps the clock back one hour
    now[0] += 60                         # one minute passes
    print("3. 60 s later, clock stepped back 1 h: get ->", cache.get("k"))
    cache.set("k2", "v", ttl=30)
    now[0] += 3600 * 24                  # clock stepped forward a day
    print("   clock stepped forward 1 day after 0 s: get ->", cache.get("k2"))

# 4. get returns None for a missing key and for a stored None.
cache = TTLCache(maxsize=10)
cache.set("none", None)
print("4. stored None:", cache.get("none"), " missing:", cache.get("missing"))

# 5. ttl = 0 and negative ttl, on a frozen clock (> is strict).
now = [1000.0]
with mock.patch("time.time", lambda: now[0]):
    cache = TTLCache(maxsize=2)
    cache.set("zero", "z", ttl=0)
    print("5. ttl=0 at the same instant: get ->", cache.get("zero"))
    cache.set("live", "l", ttl=30)
    cache.set("neg", "n", ttl=-1)
    print("   after set('neg', ttl=-1) on a full cache:", list(cache._cache), " get('neg') ->", cache.get("neg"))

# 6. ties: a frozen (coarse) clock gives equal timestamps; min() picks the first in dict order.
now = [1000.0]
with mock.patch("time.time", lambda: now[0]):
    cache = TTLCache(maxsize=3)
    cache.set("a", 1); cache.set("b", 2)
    cache.set("a", 10)          # a updated last, same timestamp, keeps its dict position
    cache.set("c", 3)
    cache.set("d", 4)           # full: evict the "oldest"
    print("6. equal timestamps, 'a' re-set after 'b', then 'd' evicts:", list(cache._cache))

# 7. maxsize = 0 (and negative) still stores an entry.
for size in (0, -5):
    cache = TTLCache(maxsize=size)
    cache.set("a", 1); cache.set("b", 2)
    print(f"7. maxsize={size}: entries after two sets:", len(cache._cache))

# 8. expired entries stay until a get of that key or a full cache.
now = [1000.0]
with mock.patch("time.time", lambda: now[0]):
    cache = TTLCache(maxsize=1000)
    for i in range(500):
        cache.set(i, bytes(1000), ttl=1)    # 500 distinct buffers of 1,000 bytes
    now[0] += 10
    print("8. entries held 10 s after all expired:", len(cache._cache),
          " distinct values:", len({id(e.value) for e in cache._cache.values()}))
