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
