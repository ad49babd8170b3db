import array
import sys
import tracemalloc

n = 1_000_000
tracemalloc.start()
numbers = [i for i in range(n)]
current = tracemalloc.get_traced_memory()[0]
tracemalloc.stop()
print(f"[i for i in range(n)]: getsizeof {sys.getsizeof(numbers):,}, traced with its ints {current:,}")
print(f"array('i', range(n)): getsizeof {sys.getsizeof(array.array('i', range(n))):,}")
