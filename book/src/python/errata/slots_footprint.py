import sys
import tracemalloc
from seed_memory import MemoryOptimizationDemo

# ANCHOR: seed
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
# ANCHOR_END: seed
# ANCHOR: fixed
def bytes_per_instance(make, n=100_000):
    objects = [None] * n
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for i in range(n):
        objects[i] = make()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return (after - before) / n

print(sys.version.split()[0], "tracemalloc, 100,000 instances:")
print(f"  RegularClass: {bytes_per_instance(lambda: RegularClass(1, 2, 3)):.0f} bytes each")
print(f"  SlotClass:    {bytes_per_instance(lambda: SlotClass(1, 2, 3)):.0f} bytes each")
# ANCHOR_END: fixed
