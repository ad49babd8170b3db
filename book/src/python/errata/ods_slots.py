import sys
import tracemalloc
from seed_memory import OptimizedDataStructure

# ANCHOR: seed
data = [i % 100 for i in range(10_000)]
OptimizedDataStructure(data)          # once to warm up
tracemalloc.start()
structure = OptimizedDataStructure(data)
built = tracemalloc.get_traced_memory()[0]
tracemalloc.stop()
print("the slotted object itself:", sys.getsizeof(structure), "bytes")
print("building it allocated:   ", built, "bytes")
# ANCHOR_END: seed
# ANCHOR: fixed
class PlainDataStructure:
    """The same class without __slots__."""
    __init__ = OptimizedDataStructure.__init__
    _build_index = OptimizedDataStructure._build_index

PlainDataStructure(data)
tracemalloc.start()
plain = PlainDataStructure(data)
plain_built = tracemalloc.get_traced_memory()[0]
tracemalloc.stop()
print("without __slots__:       ", plain_built, "bytes;",
      f"__slots__ saved {plain_built - built} bytes")
# ANCHOR_END: fixed
