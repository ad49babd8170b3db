import gc
import weakref
from seed_callbacks import TTLCache

class Value:
    pass

# ANCHOR: seed
print("docstring:", TTLCache.__doc__)
cache = TTLCache(maxsize=10)
value = Value()
probe = weakref.ref(value)
cache.set("k", value)
del value
gc.collect()
print("value alive after its last outside reference went:", probe() is not None)
print("weak references held by the cache:", sum(isinstance(o, weakref.ref) for o in gc.get_referents(*cache._cache.values())))
# ANCHOR_END: seed
