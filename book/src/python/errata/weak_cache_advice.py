import weakref
from functools import lru_cache

class Result:
    def __init__(self, n):
        self.n = n

computed = 0

def expensive(n):
    global computed
    computed += 1
    return Result(n * n)

# ANCHOR: seed
weak_cache = weakref.WeakValueDictionary()      # "use weak references for caches"

def cached(n):
    value = weak_cache.get(n)
    if value is None:
        value = expensive(n)
        weak_cache[n] = value
    return value

for _ in range(3):
    for n in range(100):
        cached(n).n                             # the caller uses the value and drops it
print("weak cache: computed", computed, "times for 300 calls; entries left:", len(weak_cache))
# ANCHOR_END: seed
# ANCHOR: fixed
computed = 0
bounded = lru_cache(maxsize=128)(expensive)     # strong, and bounded
for _ in range(3):
    for n in range(100):
        bounded(n).n
print("lru_cache(128): computed", computed, "times for 300 calls;", bounded.cache_info())
# ANCHOR_END: fixed
# ANCHOR: weak_keys
class Document:                                 # a cache keyed by objects: weak *keys*
    pass

by_dict = {}
for _ in range(100):
    doc = Document()
    by_dict[doc] = expensive(3)                 # derived data, cached per document
    del doc                                     # the document is closed
by_weak_key = weakref.WeakKeyDictionary()
for _ in range(100):
    doc = Document()
    by_weak_key[doc] = expensive(3)
    del doc
print("closed documents kept alive: dict", len(by_dict), "WeakKeyDictionary", len(by_weak_key))
# ANCHOR_END: weak_keys
