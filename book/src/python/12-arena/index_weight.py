import random
import sys
import tracemalloc
from ods import OptimizedDataStructure

class PlainDataStructure:
    """The seed's class without __slots__: the same methods, a __dict__ per instance."""
    __init__ = OptimizedDataStructure.__init__
    _build_index = OptimizedDataStructure._build_index

N, DISTINCT = 100_000, 1_000
data = [(i % DISTINCT) * 7 + 1 for i in range(N)]   # 1,000 items, 100 times each
random.Random(1).shuffle(data)

def traced(make, data):
    make(data)                       # once to warm up (caches, specialization)
    tracemalloc.start()
    obj = make(data)
    size = tracemalloc.get_traced_memory()[0]
    snapshot = tracemalloc.take_snapshot()
    tracemalloc.stop()
    make_line = traced.__code__.co_firstlineno + 3                  # the line `obj = make(data)`
    made_here = snapshot.filter_traces([tracemalloc.Filter(True, __file__, make_line)])
    return obj, size, sorted(trace.size for trace in made_here.traces)

slotted, slotted_bytes, _ = traced(OptimizedDataStructure, data)
plain, plain_bytes, _ = traced(PlainDataStructure, data)
print(f"index of {N:,} positions, with __slots__:    {slotted_bytes:>9,} bytes")
print(f"index of {N:,} positions, without __slots__: {plain_bytes:>9,} bytes")
_, slotted_empty, slotted_blocks = traced(OptimizedDataStructure, [])
_, plain_empty, plain_blocks = traced(PlainDataStructure, [])
print(f"of empty data: {slotted_empty} bytes with __slots__, in blocks of {slotted_blocks};",
      f"{plain_empty} without, in blocks of {plain_blocks}")

index = slotted._index
table = sys.getsizeof(index)
lists = sum(sys.getsizeof(positions) for positions in index.values())
ints = sum(sys.getsizeof(p) for positions in index.values() for p in positions if p > 256)
print(f"  the dict:            {table:>9,} bytes")
print(f"  1,000 lists:         {lists:>9,} bytes  ({lists / N:.1f} per position)")
print(f"  int objects > 256:   {ints:>9,} bytes  ({ints / N:.1f} per position)")
print(f"per position: {slotted_bytes / N:.1f} bytes")
