import time
from contextlib import contextmanager
from seed_memory import MemoryPool

N = 200_000
chunk = b"x" * 4096

def ms(run):
    start = time.perf_counter()
    run()
    return (time.perf_counter() - start) * 1000

# ANCHOR: seed
pool = MemoryPool(lambda: bytearray(4096), max_size=4)

def pooled_calls():
    for _ in range(N):
        buf = pool.acquire()
        buf[:] = chunk
        pool.release(buf)
# ANCHOR_END: seed
# ANCHOR: fixed
@contextmanager
def borrowed():
    buf = pool.acquire()
    try:
        yield buf
    finally:
        pool.release(buf)

def pooled_with():
    for _ in range(N):
        with borrowed() as buf:
            buf[:] = chunk

def fresh():
    for _ in range(N):
        buf = bytearray(4096)
        buf[:] = chunk

f, c, w = ms(fresh), ms(pooled_calls), ms(pooled_with)
print(f"fresh {f:.0f} ms, pooled calls {c:.0f} ms, pooled with-blocks {w:.0f} ms")
print("with-blocks slower than a fresh bytearray:", w > 2 * f)
# ANCHOR_END: fixed
