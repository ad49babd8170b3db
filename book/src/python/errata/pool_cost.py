import time
import tracemalloc
from contextlib import contextmanager
from seed_memory import MemoryPool

chunk = b"x" * 4096

def fresh_buffer():
    return bytearray(4096)

# ANCHOR: seed
pool = MemoryPool(fresh_buffer)                 # the seed's default: max_size=100

def burst(acquire, release):
    buffers = [acquire() for _ in range(100)]   # 100 buffers in use at once
    for buf in buffers:
        buf[:] = chunk
    for buf in buffers:
        release(buf)

tracemalloc.start()
burst(fresh_buffer, lambda buf: None)
kept, peak = tracemalloc.get_traced_memory()
print(f"fresh:  peak {peak / 1024:.0f} KiB, kept after the burst {kept / 1024:.0f} KiB")
tracemalloc.reset_peak()
burst(pool.acquire, pool.release)
kept, peak = tracemalloc.get_traced_memory()
print(f"pooled: peak {peak / 1024:.0f} KiB, kept after the burst {kept / 1024:.0f} KiB")
tracemalloc.stop()
# ANCHOR_END: seed
# ANCHOR: fixed
N = 100_000

def fastest_ms(run):                             # the best of 5 runs: the least noise
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best * 1000

@contextmanager
def borrowed():
    buf = pool.acquire()
    try:
        yield buf
    finally:
        pool.release(buf)

def fresh():
    for _ in range(N):
        buf = bytearray(4096)
        buf[:] = chunk

def pooled_calls():
    for _ in range(N):
        buf = pool.acquire()
        buf[:] = chunk
        pool.release(buf)

def pooled_with():
    for _ in range(N):
        with borrowed() as buf:
            buf[:] = chunk

f, c, w = fastest_ms(fresh), fastest_ms(pooled_calls), fastest_ms(pooled_with)
print(f"fresh {f:.0f} ms, pooled calls {c:.0f} ms, pooled with-blocks {w:.0f} ms")
print(f"pooled calls / fresh: {c / f:.2f}; with-blocks / fresh: {w / f:.2f}")
print("with-blocks at least 1.5 times as slow as fresh:", w > 1.5 * f)
# ANCHOR_END: fixed
