import sys
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
    obj = ReferenceCountDemo(42)
    print(f"Reference count: {sys.getrefcount(obj) - 1}")  # -1 for getrefcount argument

    alias = obj
    print(f"Reference count after alias: {sys.getrefcount(obj) - 1}")

    container = [obj]
    print(f"Reference count in container: {sys.getrefcount(obj) - 1}")

    del alias
    print(f"Reference count after del alias: {sys.getrefcount(obj) - 1}")

    container.pop()
    print(f"Reference count after remove: {sys.getrefcount(obj) - 1}")

    del obj

reference_counting_basics()
print("after the function returned")
