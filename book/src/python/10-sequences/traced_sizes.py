import array
import sys
import tracemalloc

n = 1_000_000

def traced(label, build):
    """Build an object under tracemalloc; print what stays allocated and the peak."""
    tracemalloc.start()
    obj = build()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<28} getsizeof {sys.getsizeof(obj):>10,}"
          f"   traced {current:>11,}   peak {peak:>11,}")
    return obj

lst = traced("[i for i in range(n)]", lambda: [i for i in range(n)])
arr = traced("array('i', range(n))", lambda: array.array('i', range(n)))
gen = traced("(i for i in range(n))", lambda: (i for i in range(n)))

# The list's int objects: 0..256 are preallocated (small-int cache), the rest are new.
ints = sum(sys.getsizeof(x) for x in lst if not -5 <= x <= 256)
print(f"int objects outside the cache: {n - 257:,} of them, {ints:,} bytes")
again = [i for i in range(300)]
print(f"one object for 256 in both lists? {lst[256] is again[256]}; for 257? {lst[257] is again[257]}")
