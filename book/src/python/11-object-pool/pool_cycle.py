import gc
import weakref
from seed_pool import MemoryPool

gc.disable()
pool = MemoryPool(lambda: bytearray(4096))
with pool as buf:
    pass
alive = weakref.ref(pool)
del pool, buf
print("after del: the pool is alive:", alive() is not None)
print("gc.collect() ->", gc.collect())
print("after gc.collect(): the pool is alive:", alive() is not None)
