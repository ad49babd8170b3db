import time
import tracemalloc
from seed_profiler import memory_intensive_operation

def squares():
    large_list = [i ** 2 for i in range(1000000)]
    return sum(large_list)

def seconds(run):
    start = time.perf_counter()
    run()
    return time.perf_counter() - start

# ANCHOR: seed
memory_intensive_operation()          # times the function while tracemalloc traces it
# ANCHOR_END: seed
# ANCHOR: fixed
untraced = min(seconds(squares) for _ in range(3))
tracemalloc.start()
traced = min(seconds(squares) for _ in range(3))
tracemalloc.stop()
print(f"untraced {untraced:.4f}s, traced {traced:.4f}s")
print("tracing makes the same function slower:", traced > 1.5 * untraced)
# ANCHOR_END: fixed
