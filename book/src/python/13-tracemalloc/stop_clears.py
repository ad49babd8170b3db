import tracemalloc
from seed_profiler import memory_profile

@memory_profile
def small():
    return sum(range(10))

tracemalloc.start()
kept = [bytearray(1000) for _ in range(100)]     # still alive at the end
snapshot1 = tracemalloc.take_snapshot()
print("before:", len(snapshot1.traces), "traces, (current, peak) =", tracemalloc.get_traced_memory())
small()
print("after the decorated call: is_tracing() =", tracemalloc.is_tracing())
tracemalloc.start()                              # what the caller must do to go on
snapshot2 = tracemalloc.take_snapshot()
print("restarted:", len(snapshot2.traces), "traces, (current, peak) =", tracemalloc.get_traced_memory())
for stat in snapshot2.compare_to(snapshot1, 'lineno')[:2]:
    print(stat)
print("len(kept) =", len(kept))
