from seed_pool import MemoryPool

pool = MemoryPool(lambda: bytearray(4096), max_size=2)

with pool as buf:
    print("first with: got a", type(buf).__name__, "of", len(buf), "bytes")
    buf[0:5] = b"hello"
print("after it, pool.pool =", pool.pool)
print("pool.pool[0] is pool:", pool.pool[0] is pool)

with pool as buf:
    print("second with: got a", type(buf).__name__, "; buf is pool:", buf is pool)
    buf[0:5] = b"hello"
