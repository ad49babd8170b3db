from typing import Any, List, Tuple
from seed_memory import OptimizedDataStructure

# ANCHOR: seed
words = ["to", "be", "or", "not", "to", "be"]
ds = OptimizedDataStructure(words)
found = ds.search("be")
found.append(99)                      # the caller changes its result ...
print("search('be'):", ds.search("be"))   # ... and the index with it
words.append("be")                    # the data changes under the index
print("len(ds):", len(ds), " search('be'):", ds.search("be"))
try:
    OptimizedDataStructure([[1], [2]])
except TypeError as error:
    print("OptimizedDataStructure([[1], [2]]):", error)
# ANCHOR_END: seed
# ANCHOR: fixed
class FixedDataStructure:
    __slots__ = ['_data', '_index']

    def __init__(self, data: List[Any]):
        self._data = tuple(data)          # a copy the caller cannot change
        self._index = {}
        for i, item in enumerate(self._data):
            self._index.setdefault(item, []).append(i)

    def search(self, item: Any) -> Tuple[int, ...]:
        return tuple(self._index.get(item, ()))   # the caller gets its own

    def __len__(self):
        return len(self._data)

words = ["to", "be", "or", "not", "to", "be"]
fixed = FixedDataStructure(words)
words.append("be")
print("fixed: len =", len(fixed), " search('be') =", fixed.search("be"))
# ANCHOR_END: fixed
