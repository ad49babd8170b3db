import sys
import tracemalloc
from typing import List, Any

class OptimizedDataStructure:
    """Memory-optimized data structure using __slots__."""
    
    __slots__ = ['_data', '_index']
    
    def __init__(self, data: List[Any]):
        self._data = data
        self._index = {}
        self._build_index()
    
    def _build_index(self):
        """Build index for fast lookups."""
        for i, item in enumerate(self._data):
            if item not in self._index:
                self._index[item] = []
            self._index[item].append(i)
    
    def search(self, item: Any) -> List[int]:
        """Search using index - O(1) lookup."""
        return self._index.get(item, [])
    
    def __len__(self):
        return len(self._data)

data = [i % 100 for i in range(10_000)]
tracemalloc.start()
structure = OptimizedDataStructure(data)
index_bytes = tracemalloc.get_traced_memory()[0]
snapshot = tracemalloc.take_snapshot()
tracemalloc.stop()
print("the object itself (getsizeof):", sys.getsizeof(structure), "bytes")
print("building it allocated:", index_bytes, "bytes")
print("the list it indexes (getsizeof):", sys.getsizeof(data), "bytes")
new_lists = OptimizedDataStructure._build_index.__code__.co_firstlineno + 4
made = snapshot.filter_traces([tracemalloc.Filter(True, __file__, lineno=new_lists)])
print("new list objects tracemalloc saw:", sum(1 for t in made.traces if t.size == 56), "of 100")
try:
    OptimizedDataStructure([[1], [2]])
except TypeError as error:
    print("OptimizedDataStructure([[1], [2]]):", error)
