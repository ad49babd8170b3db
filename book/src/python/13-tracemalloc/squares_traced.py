import sys
import tracemalloc
from collections import Counter

def traced_blocks(make):
    """Build under tracemalloc; the sizes of the blocks allocated in this file, counted."""
    tracemalloc.start()
    made = make()
    snapshot = tracemalloc.take_snapshot()
    tracemalloc.stop()
    here = (t.size for t in snapshot.traces if t.traceback[0].filename == __file__)
    return Counter(here), made

blocks, squares = traced_blocks(lambda: [i ** 2 for i in range(1000000)])
for size, count in sorted(blocks.items(), reverse=True):
    print(f"{count:>7,} block(s) of {size:>9,} bytes")
traced = sum(s * c for s, c in blocks.items())
print(f"traced: {traced:,} bytes ({traced / 1024 / 1024:.2f} MiB)")
said = Counter(sys.getsizeof(x) for x in squares if x > 256)
print("getsizeof of those ints:", ", ".join(f"{c:,} say {s}" for s, c in sorted(said.items())))
print(f"getsizeof of the list: {sys.getsizeof(squares):,} bytes")
getsizeof_sum = sys.getsizeof(squares) + sum(s * c for s, c in said.items())
print(f"getsizeof sum, list included: {getsizeof_sum:,} bytes ({getsizeof_sum / 1024 / 1024:.2f} MiB)")
print(f"traced minus getsizeof: {traced - getsizeof_sum:,} bytes")
blocks, _ = traced_blocks(lambda: [int(s) for s in map(str, range(1000, 30000))])
print("int(str) of 1000..29999:", {size: n for size, n in blocks.items() if size < 100})
