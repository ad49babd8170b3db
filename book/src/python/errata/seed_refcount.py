# The seed's "Reference Counting" listing, verbatim.
import sys
import ctypes
from typing import Any

class ReferenceCountDemo:
    """Demonstrate reference counting in Python."""
    
    def __init__(self, value: Any):
        self.value = value
        print(f"Created object with value: {value}")
    
    def __del__(self):
        """Destructor called when reference count reaches zero."""
        print(f"Deleting object with value: {self.value}")

def reference_counting_basics():
    """Basic reference counting demonstration."""
    # Create object - ref count = 1
    obj = ReferenceCountDemo(42)
    print(f"Reference count: {sys.getrefcount(obj) - 1}")  # -1 for getrefcount argument
    
    # Add reference - ref count = 2
    alias = obj
    print(f"Reference count after alias: {sys.getrefcount(obj) - 1}")
    
    # Store in container - ref count = 3
    container = [obj]
    print(f"Reference count in container: {sys.getrefcount(obj) - 1}")
    
    # Remove references
    del alias
    print(f"Reference count after del alias: {sys.getrefcount(obj) - 1}")
    
    container.pop()
    print(f"Reference count after remove: {sys.getrefcount(obj) - 1}")
    
    # Object deleted when ref count = 0
    del obj

# Circular reference detection
class Node:
    """Node class that can create circular references."""
    
    def __init__(self, value: Any):
        self.value = value
        self.ref = None
    
    def __del__(self):
        print(f"Deleting Node with value: {self.value}")

def create_circular_reference():
    """Create circular reference that GC must handle."""
    node1 = Node(1)
    node2 = Node(2)
    
    # Create circular reference
    node1.ref = node2
    node2.ref = node1
    
    # Clear local references
    del node1
    del node2
    # Objects not deleted yet due to circular reference
    # GC will collect them later
