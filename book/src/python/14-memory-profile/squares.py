import sys
import tracemalloc

tracemalloc.start()
before = tracemalloc.get_traced_memory()[0]
large_list = [i ** 2 for i in range(1000000)]       # the seed's list
kept = tracemalloc.get_traced_memory()[0] - before
tracemalloc.stop()

array = sys.getsizeof(large_list) - sys.getsizeof([])  # the pointers, without the list's header
boxed = [x for x in large_list if x > 256]              # 0..256 are cached small ints
print(f"kept while the list lives: {kept:,} B = {kept / 2**20:.2f} MiB")
print(f"  the list's array of pointers: {array:,} B")
print(f"  {len(boxed):,} int objects: {(kept - array) // len(boxed)} traced bytes each")
undercounted = [x for x in boxed if sys.getsizeof(x) == 28]
print(f"  getsizeof says 28 for {len(undercounted):,} of them (256 < x < 2**30),"
      f" 32 for the other {len(boxed) - len(undercounted):,}")
print(f"  so summing getsizeof misses {4 * len(undercounted):,} B = {4 * len(undercounted) / 2**20:.2f} MiB")

def traced_each(make):
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    ints = make()
    size = tracemalloc.get_traced_memory()[0] - before - (sys.getsizeof(ints) - sys.getsizeof([]))
    tracemalloc.stop()
    return f"getsizeof {sys.getsizeof(ints[0])}, traced {size / len(ints):.2f} B each"

# i from 4096: every square has 4 significant bytes (>= 2**24) and at most 9 digits (< 10**9)
print("ints made by:")
print("  i ** 2 (2**24 to 9 * 10**8) ", traced_each(lambda: [i ** 2 for i in range(4096, 30000)]))
print("  int(str(i ** 2)), 8-9 digits", traced_each(lambda: [int(str(i ** 2)) for i in range(4096, 30000)]))
print("  int.from_bytes, 4 bytes: i**2", traced_each(
    lambda: [int.from_bytes((i ** 2).to_bytes(4, "little"), "little") for i in range(4096, 30000)]))
print("  int.from_bytes, 2 bytes: i   ", traced_each(
    lambda: [int.from_bytes(i.to_bytes(2, "little"), "little") for i in range(4096, 30000)]))
print("  int(str(i ** 2)), 10 digits ", traced_each(lambda: [int(str(i ** 2)) for i in range(31623, 32768)]))
