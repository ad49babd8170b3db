from seed_callbacks import TTLCache
from ttl_fixed import FixedTTLCache

# ANCHOR: seed
cache = TTLCache(maxsize=2)
cache.set("a", 1)
cache.set("b", 2)
cache.get("a")                 # a read: not "used" for the seed
cache.set("b", 3)              # replace b: needs no room
print("after replacing b:", list(cache._cache))
# ANCHOR_END: seed
# ANCHOR: fixed
cache = FixedTTLCache(maxsize=2)
cache.set("a", 1)
cache.set("b", 2)
cache.set("b", 3)
print("fixed, after replacing b:", list(cache._cache))
cache.set("c", 4)              # full: the oldest write goes
print("fixed, after adding c:", list(cache._cache))
# ANCHOR_END: fixed
