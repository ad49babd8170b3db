import sys
import tracemalloc

n = 1_000_000
# ANCHOR: seed
list_data = [i for i in range(n)]
print(f"List: {sys.getsizeof(list_data)} bytes")
# ANCHOR_END: seed
del list_data
# ANCHOR: fixed
tracemalloc.start()
list_data = [i for i in range(n)]
kept = tracemalloc.get_traced_memory()[0]
tracemalloc.stop()
rest = kept - (sys.getsizeof(list_data) - sys.getsizeof([]))   # less the pointer array
print(f"List, traced: {kept:,} bytes, of which {rest:,} are the int objects it points to")
print(f"the list keeps {kept / sys.getsizeof(list_data):.1f} times what getsizeof says")
# ANCHOR_END: fixed
