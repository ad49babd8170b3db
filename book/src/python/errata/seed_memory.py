# The seed's "Memory Optimization Techniques" listing, verbatim.
import sys
from typing import List, Any
import array

class MemoryOptimizationDemo:
    """Demonstrate memory optimization techniques."""
    
    @staticmethod
    def compare_memory_footprint():
        """Compare memory usage of different data structures."""
        n = 1000000
        
        # List vs array vs generator
        list_data = [i for i in range(n)]
        array_data = array.array('i', range(n))
        generator_data = (i for i in range(n))
        
        print(f"List: {sys.getsizeof(list_data)} bytes")
        print(f"Array: {sys.getsizeof(array_data)} bytes")
        print(f"Generator: {sys.getsizeof(generator_data)} bytes")
        
        # Dictionary vs __slots__
        class RegularClass:
            def __init__(self, x, y, z):
                self.x = x
                self.y = y
                self.z = z
        
        class SlotClass:
            __slots__ = ['x', 'y', 'z']
            
            def __init__(self, x, y, z):
                self.x = x
                self.y = y
                self.z = z
        
        regular = RegularClass(1, 2, 3)
        slotted = SlotClass(1, 2, 3)
        
        print(f"Regular class: {sys.getsizeof(regular) + sys.getsizeof(regular.__dict__)} bytes")
        print(f"Slotted class: {sys.getsizeof(slotted)} bytes")

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

# Memory pool pattern
class MemoryPool:
    """Simple memory pool for object reuse."""
    
    def __init__(self, factory, max_size: int = 100):
        self.factory = factory
        self.max_size = max_size
        self.pool = []
    
    def acquire(self):
        """Get object from pool or create new."""
        if self.pool:
            return self.pool.pop()
        return self.factory()
    
    def release(self, obj):
        """Return object to pool."""
        if len(self.pool) < self.max_size:
            self.pool.append(obj)
    
    def __enter__(self):
        return self.acquire()
    
    def __exit__(self, exc_type, exc_val, exc_tb):
        self.release(self)
        return False
