import time
import tracemalloc
from functools import wraps
from seed_profiler import memory_intensive_operation, memory_profile

# ANCHOR: seed
tracemalloc.start()
snapshot1 = tracemalloc.take_snapshot()
result = memory_intensive_operation()
try:
    snapshot2 = tracemalloc.take_snapshot()
except RuntimeError as error:
    print("RuntimeError:", error)
# ANCHOR_END: seed
# ANCHOR: fixed
def memory_profile_fixed(func):
    """Starts and stops tracing only if nobody traced before; measures from its own start."""
    @wraps(func)
    def wrapper(*args, **kwargs):
        started_here = not tracemalloc.is_tracing()
        if started_here:
            tracemalloc.start()
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        try:
            return func(*args, **kwargs)
        finally:
            current, peak = tracemalloc.get_traced_memory()
            if started_here:
                tracemalloc.stop()
            print(f"=== {func.__name__}: kept {(current - before) / 2**20:.2f} MiB,"
                  f" peak {(peak - before) / 2**20:.2f} MiB above its start")
    return wrapper

@memory_profile_fixed
def squares():
    large_list = [i ** 2 for i in range(1000000)]
    return sum(large_list)

tracemalloc.start()
kept = [bytes(1000) for _ in range(10_000)]     # the caller's own data, 10 MB
snapshot1 = tracemalloc.take_snapshot()
squares()
snapshot2 = tracemalloc.take_snapshot()
print("still tracing:", tracemalloc.is_tracing(), "| snapshots:", len(snapshot1.traces) > 0, len(snapshot2.traces) > 0)
tracemalloc.stop()
# ANCHOR_END: fixed
