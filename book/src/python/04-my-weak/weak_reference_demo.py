import weakref
from typing import Any

# Weak references
class WeakRefDemo:
    """Demonstrate weak references."""

    def __init__(self, value: Any):
        self.value = value

    def __repr__(self):
        return f"WeakRefDemo({self.value})"

def weak_reference_demo():
    """Demonstrate weak reference usage."""
    obj = WeakRefDemo(42)

    # Create weak reference
    weak_ref = weakref.ref(obj)
    print(f"Weak ref: {weak_ref()}")  # Returns object

    # Delete original object
    del obj

    # Weak reference now returns None
    print(f"Weak ref after deletion: {weak_ref()}")  # None

weak_reference_demo()
