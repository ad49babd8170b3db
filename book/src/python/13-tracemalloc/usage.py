# The seed's usage, verbatim, with its profiler imported.
import tracemalloc
from seed_profiler import memory_intensive_operation

tracemalloc.start()
snapshot1 = tracemalloc.take_snapshot()

# Perform operation
result = memory_intensive_operation()

snapshot2 = tracemalloc.take_snapshot()
stats = snapshot2.compare_to(snapshot1, 'lineno')

print("\nTop memory increases:")
for stat in stats[:5]:
    print(stat)
