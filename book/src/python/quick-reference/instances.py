import gc
import sys
import tracemalloc

class Plain:
    def __init__(self):
        self.x, self.y, self.z = 1, 2, 3

class Slotted:
    __slots__ = ("x", "y", "z")

    def __init__(self):
        self.x, self.y, self.z = 1, 2, 3

def with_dict():
    obj = Plain()
    obj.__dict__                    # asking for it makes a real dict
    return obj

def traced_per_instance(make, n=100_000):
    kept = [None] * n               # the list is allocated before measuring
    tracemalloc.start()
    for i in range(n):
        kept[i] = make()
    current = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return current / n

print("traced bytes per instance with 3 attributes (100,000 of them):")
print(f"  plain {traced_per_instance(Plain):.0f}, after __dict__ {traced_per_instance(with_dict):.0f},"
      f" __slots__ {traced_per_instance(Slotted):.0f}")
print("getsizeof(x) - x.__sizeof__() (the header before the object):")
untracked = tuple([1, 2])
gc.collect()                        # a collection untracks a tuple of atoms
for label, value in [("object()", object()), ("1.0", 1.0), ("[]", []),
                     ("a tuple the collector untracked", untracked), ("Plain()", Plain()),
                     ("Slotted()", Slotted())]:
    print(f"  {label}: {sys.getsizeof(value) - value.__sizeof__()}"
          f" (tracked: {gc.is_tracked(value)})")
