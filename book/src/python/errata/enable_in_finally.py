import gc
from seed_gc import CircularRef, demonstrate_gc

# ANCHOR: seed
gc.disable()
demonstrate_gc()
print("the caller had disabled the collector; now gc.isenabled() =", gc.isenabled())
# ANCHOR_END: seed
# ANCHOR: fixed
def demonstrate_gc_fixed():
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        a, b = CircularRef("A"), CircularRef("B")
        a.partner, b.partner = b, a
        del a, b
        print(f"Objects collected: {gc.collect()}")
    finally:
        if was_enabled:
            gc.enable()

gc.disable()
demonstrate_gc_fixed()
print("fixed: gc.isenabled() =", gc.isenabled())
# ANCHOR_END: fixed
