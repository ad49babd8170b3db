import array
import sys

n = 1000
print("list(range(n))       ", sys.getsizeof(list(range(n))))
print("[0] * n              ", sys.getsizeof([0] * n))
print("array('i', [0]) * n  ", sys.getsizeof(array.array("i", [0]) * n))
print("array('q', [0]) * n  ", sys.getsizeof(array.array("q", [0]) * n))
print("int 256 is int 256:  ", int("256") is int("256"))
print("int 257 is int 257:  ", int("257") is int("257"))
try:
    array.array("i", [2**31])
except OverflowError as error:
    print("array('i', [2**31]) OverflowError:", error)
