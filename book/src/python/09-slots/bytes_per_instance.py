import sys
import tracemalloc

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

def bytes_per_instance(make, n=100_000):
    objects = [None] * n          # the list itself is allocated before measuring
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for i in range(n):
        objects[i] = make()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return (after - before) / n, objects

regular, kept = bytes_per_instance(lambda: RegularClass(1, 2, 3))
print(f"RegularClass: {regular:.1f} bytes per instance")
for obj in kept:
    obj.__dict__          # ask every instance for its __dict__
tracemalloc.start()
before = tracemalloc.get_traced_memory()[0]
for obj in kept:
    obj.__dict__
print(f"  asking again for __dict__: {(tracemalloc.get_traced_memory()[0] - before) / len(kept):.1f} more bytes per instance")
tracemalloc.stop()
del kept
slotted, kept = bytes_per_instance(lambda: SlotClass(1, 2, 3))
print(f"SlotClass:    {slotted:.1f} bytes per instance")
del kept

def with_dicts():
    obj = RegularClass(1, 2, 3)
    obj.__dict__
    return obj
materialized, kept = bytes_per_instance(with_dicts)
print(f"RegularClass with __dict__ asked for: {materialized:.1f} bytes per instance")
r = RegularClass(1, 2, 3)
s = SlotClass(1, 2, 3)
print("getsizeof(RegularClass(1, 2, 3)) =", sys.getsizeof(r))
print("getsizeof(SlotClass(1, 2, 3))    =", sys.getsizeof(s))
print("getsizeof(r.__dict__)            =", sys.getsizeof(r.__dict__))
