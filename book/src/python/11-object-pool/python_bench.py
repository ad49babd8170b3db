import time
from contextlib import contextmanager

class FixedPool:
    """The seed's pool with a reset, and a context manager per acquisition."""

    def __init__(self, factory, reset, max_size=100):
        self.factory = factory
        self.reset = reset
        self.max_size = max_size
        self.pool = []

    def acquire(self):
        if self.pool:
            obj = self.pool.pop()
            self.reset(obj)
            return obj
        return self.factory()

    def release(self, obj):
        if len(self.pool) < self.max_size:
            self.pool.append(obj)

    @contextmanager
    def borrowed(self):
        obj = self.acquire()
        try:
            yield obj
        finally:
            self.release(obj)

N = 1_000_000
chunk = b"x" * 4096

def fresh():
    for _ in range(N):
        buf = bytearray(4096)
        buf[:] = chunk

def pooled_calls(pool):
    for _ in range(N):
        buf = pool.acquire()
        buf[:] = chunk
        pool.release(buf)

def pooled_with(pool):
    for _ in range(N):
        with pool.borrowed() as buf:
            buf[:] = chunk

def ms(run, *args):
    start = time.perf_counter()
    run(*args)
    return (time.perf_counter() - start) * 1000

pool = FixedPool(lambda: bytearray(4096), lambda buf: None, max_size=4)
print(f"fresh_ms={ms(fresh):.0f} pooled_calls_ms={ms(pooled_calls, pool):.0f} pooled_with_ms={ms(pooled_with, pool):.0f}")
