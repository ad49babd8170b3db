import sys
import tracemalloc
import weakref

class Point:
    def __init__(self, x, y, z):
        self.x, self.y, self.z = x, y, z

class SlotPoint:
    __slots__ = ("x", "y", "z")
    def __init__(self, x, y, z):
        self.x, self.y, self.z = x, y, z

def bytes_each(cls, n=100_000, ask_dict=False):
    keep = [None] * n
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for i in range(n):
        keep[i] = cls(1, 2, 3)
        if ask_dict:
            keep[i].__dict__                # makes the instance's dict
    used = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    return used // n

print(sys.version.split()[0], "bytes per instance:", bytes_each(Point), "plain,", bytes_each(SlotPoint), "slotted,",
      bytes_each(Point, ask_dict=True), "plain once __dict__ was asked for")
p = SlotPoint(1, 2, 3)
for attempt in (lambda: setattr(p, "w", 4), lambda: weakref.ref(p)):
    try:
        attempt()
    except (AttributeError, TypeError) as error:
        print(f"{type(error).__name__}: {error}")
