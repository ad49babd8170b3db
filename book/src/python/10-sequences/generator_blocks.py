import gc
import sys
import tracemalloc

n = 1_000_000
tracemalloc.start()
gen = (i for i in range(n))
snapshot = tracemalloc.take_snapshot()
tracemalloc.stop()

blocks = snapshot.statistics("lineno")[0]
print(f"allocated by that line: {blocks.count} blocks, {blocks.size} bytes")
print(f"  the generator (getsizeof): {sys.getsizeof(gen)}")
for ref in gc.get_referents(gen):
    if type(ref).__name__ in ("function", "range_iterator"):
        print(f"  the {type(ref).__name__} it holds: {sys.getsizeof(ref)}")
