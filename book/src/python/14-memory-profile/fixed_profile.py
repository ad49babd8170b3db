import time
import tracemalloc
from functools import wraps

_open = []   # the peak seen so far by each profile running now, outermost first

def memory_profile(func):
    """Profiles func alone; leaves a trace the caller started running, and nests."""
    @wraps(func)
    def wrapper(*args, **kwargs):
        started_here = not tracemalloc.is_tracing()
        if started_here:
            tracemalloc.start()
        current0, peak0 = tracemalloc.get_traced_memory()
        if _open:
            _open[-1] = max(_open[-1], peak0)       # the enclosing profile's high point so far
        tracemalloc.reset_peak()
        _open.append(current0)
        start = time.perf_counter()
        try:
            result = func(*args, **kwargs)
        finally:
            elapsed = time.perf_counter() - start
            current1, peak1 = tracemalloc.get_traced_memory()
            peak1 = max(peak1, _open.pop())
            if _open:
                _open[-1] = max(_open[-1], peak1)   # hand our high point to the enclosing one
            if started_here:
                tracemalloc.stop()
        print(f"{func.__name__}: {elapsed:.4f}s, current {current1 - current0:+,} B, "
              f"peak {peak1 - current0:,} B")
        return result
    return wrapper

@memory_profile
def inner():
    return len(bytes(100_000))

@memory_profile
def outer():
    big = bytes(5_000_000)
    del big
    return inner()

tracemalloc.start()
kept = [bytes(1000) for _ in range(1000)]
snapshot1 = tracemalloc.take_snapshot()
outer()
print("still tracing:", tracemalloc.is_tracing())
snapshot2 = tracemalloc.take_snapshot()
for stat in snapshot2.compare_to(snapshot1, 'lineno')[:2]:
    print(" ", stat)
