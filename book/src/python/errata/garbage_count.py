import gc
import weakref
from seed_gc import CircularRef, demonstrate_gc

# ANCHOR: seed
demonstrate_gc()                 # prints "Garbage count: 0" while the pair waits
# ANCHOR_END: seed
# ANCHOR: fixed
print("-- looking at the objects instead of gc.garbage:")
gc.disable()
a, b = CircularRef("A"), CircularRef("B")
a.partner, b.partner = b, a
probe = weakref.ref(a)
del a, b
print("after del: alive =", probe() is not None, "| len(gc.garbage) =", len(gc.garbage))
print("gc.collect() ->", gc.collect())
print("after collect: alive =", probe() is not None, "| len(gc.garbage) =", len(gc.garbage))
gc.enable()
# ANCHOR_END: fixed
