import sys
import tracemalloc
from collections import Counter
from ods import OptimizedDataStructure

def small_blocks(make):
    """Build under tracemalloc; count the traced blocks of 32 bytes or less, by size."""
    tracemalloc.start()
    made = make()
    snapshot = tracemalloc.take_snapshot()
    tracemalloc.stop()
    return dict(Counter(t.size for t in snapshot.traces if t.size <= 32)), made

data = [(i % 1_000) * 7 + 1 for i in range(100_000)]
blocks, ds = small_blocks(lambda: OptimizedDataStructure(data))
positions = [p for group in ds._index.values() for p in group if p > 256]
print("the index's positions (from enumerate):", blocks)
print("  getsizeof says:", dict(Counter(map(sys.getsizeof, positions))))
blocks, made = small_blocks(lambda: [p + 1 for p in range(256, 99_999)])
print("the same numbers from p + 1:", blocks)

def spacing(ints):
    """The most common distance between the addresses of neighbouring ints."""
    addresses = sorted(map(id, ints))
    return Counter(b - a for a, b in zip(addresses, addresses[1:])).most_common(1)[0][0]

print("neighbours lie", spacing(positions), "bytes apart (enumerate),",
      spacing(made), "bytes apart (p + 1)")
