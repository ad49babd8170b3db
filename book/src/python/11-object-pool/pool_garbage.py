import gc
from seed_pool import MemoryPool

gc.disable()
pool = MemoryPool(lambda: bytearray(4096))
with pool as buf:
    pass
del pool, buf
gc.set_debug(gc.DEBUG_SAVEALL)
print("gc.collect() ->", gc.collect())
print(sorted(type(o).__name__ for o in gc.garbage))
