import tracemalloc
from seed_profile import memory_intensive_operation

tracemalloc.start()
kept = [bytes(1000) for _ in range(1000)]          # ~1 MB the caller holds and traces
snapshot1 = tracemalloc.take_snapshot()
print("before: tracing", tracemalloc.is_tracing(), "| traced", tracemalloc.get_traced_memory())
result = memory_intensive_operation()
print("after:  tracing", tracemalloc.is_tracing(), "| traced", tracemalloc.get_traced_memory())
try:
    tracemalloc.take_snapshot()
except RuntimeError as error:
    print("take_snapshot() ->", repr(error))

tracemalloc.start()                                 # the caller starts again...
snapshot2 = tracemalloc.take_snapshot()
stats = snapshot2.compare_to(snapshot1, 'lineno')
print("compare_to after a restart, top 3:")
for stat in stats[:3]:
    print(" ", stat)
print("traced blocks: snapshot1", len(snapshot1.traces), "| snapshot2", len(snapshot2.traces))
