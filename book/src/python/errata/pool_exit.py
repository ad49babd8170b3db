import gc
from contextlib import contextmanager
from seed_memory import MemoryPool

# ANCHOR: seed
made = 0
def factory():
    global made
    made += 1
    return bytearray(4096)

pool = MemoryPool(factory, max_size=2)
with pool as buf:
    print("first block got a", type(buf).__name__)
print("the pool now holds itself:", pool.pool[0] is pool)
got_the_pool = 0
for _ in range(1000):
    with pool as buf:
        got_the_pool += buf is pool
print("1000 more blocks: factory ran", made, "time(s);", got_the_pool, "blocks got the pool")
gc.disable()
del pool, buf
print("the pool is a cycle: gc.collect() ->", gc.collect())
gc.enable()
# ANCHOR_END: seed
# ANCHOR: fixed
class FixedPool(MemoryPool):
    @contextmanager
    def borrowed(self):                # one context manager per acquisition
        obj = self.acquire()
        try:
            yield obj
        finally:
            self.release(obj)          # on every way out, exceptions included

made = 0
pool = FixedPool(factory, max_size=2)
for _ in range(1000):
    with pool.borrowed() as buf:
        buf[0:5] = b"hello"
print("fixed: 1000 blocks, factory ran", made, "time(s); idle:", len(pool.pool))
# ANCHOR_END: fixed
