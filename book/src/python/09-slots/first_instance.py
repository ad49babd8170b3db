import sys
import tracemalloc

tracemalloc.start()               # before the class and its first instance exist

class RegularClass:
    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

obj = RegularClass(1, 2, 3)       # the class's first instance
d = obj.__dict__                  # the seed's getsizeof(regular.__dict__) asks for this
snapshot = tracemalloc.take_snapshot()   # one snapshot, after everything: it disturbs nothing
tracemalloc.stop()

def blocks(text):
    """Sizes of the live blocks allocated by the line of this file that starts with `text`."""
    with open(__file__) as f:
        line = next(n for n, l in enumerate(f, 1) if l.startswith(text))
    return sorted(t.size for t in snapshot.filter_traces(
        [tracemalloc.Filter(True, __file__, lineno=line)]).traces)

made = blocks("obj = ")
print(f"making the first instance: blocks {made}, {sum(made)} bytes")
print(f"asking for its __dict__:   blocks {blocks('d = ')}; getsizeof of that dict {sys.getsizeof(d)}")
print(f"getsizeof(obj) + getsizeof(obj.__dict__) = {sys.getsizeof(obj) + sys.getsizeof(d)}")
