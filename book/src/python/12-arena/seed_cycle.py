import gc
from typing import Any

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

gc.disable()
gc.collect()                     # clear whatever start-up left behind
create_circular_reference()
print("returned; nothing deleted yet")
print("gc.collect() ->", gc.collect())
