import time
import tracemalloc
from functools import wraps
from seed_profiler import MemoryProfiler

def memory_profile(func):
    """The seed's decorator, nesting inside a trace the caller started."""
    @wraps(func)
    def wrapper(*args, **kwargs):
        started_here = not tracemalloc.is_tracing()
        if started_here:
            tracemalloc.start()
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        start_time = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            end_time = time.perf_counter()
            current, peak = tracemalloc.get_traced_memory()
            if started_here:
                tracemalloc.stop()
            print(f"\n=== Memory Profile: {func.__name__} ===")
            print(f"Execution time: {end_time - start_time:.4f}s")
            print(f"Kept: {(current - before) / 1024 / 1024:.2f} MiB")
            print(f"Peak above the start: {(peak - before) / 1024 / 1024:.2f} MiB")
    return wrapper

@memory_profile
def memory_intensive_operation():
    large_list = [i ** 2 for i in range(1000000)]
    result = sum(large_list)
    return result

tracemalloc.start()
snapshot1 = tracemalloc.take_snapshot()
result = memory_intensive_operation()
snapshot2 = tracemalloc.take_snapshot()
stats = snapshot2.compare_to(snapshot1, 'lineno')
print("\nTop memory increases:")
for stat in stats[:3]:
    print(stat)
MemoryProfiler.print_top_allocations(snapshot2, 3)
