import array
import sys

n = 1_000_000
print("[i for i in range(n)]      ", sys.getsizeof([i for i in range(n)]))
print("list(range(n))             ", sys.getsizeof(list(range(n))))
print("array('i', range(n))       ", sys.getsizeof(array.array('i', range(n))))
print("array('i', [0]) * n        ", sys.getsizeof(array.array('i', [0]) * n))
try:
    array.array('i', [2**31])
except OverflowError as error:
    print("array('i', [2**31])         OverflowError:", error)
