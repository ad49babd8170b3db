import array
import sys

n = 1_000_000
# ANCHOR: seed
array_data = array.array('i', range(n))
print(f"Array: {sys.getsizeof(array_data)} bytes")
# ANCHOR_END: seed
# ANCHOR: fixed
print("array('i', [0]) * n:", sys.getsizeof(array.array('i', [0]) * n), "bytes (no spare room)")
print("list(range(n)):     ", sys.getsizeof(list(range(n))), "bytes, against",
      sys.getsizeof([i for i in range(n)]), "for the comprehension")
try:
    array.array('i', [2**31])
except OverflowError as error:
    print("array('i', [2**31]): OverflowError:", error)
print("array('q', [2**31]) is fine:", array.array('q', [2**31]))
# ANCHOR_END: fixed
