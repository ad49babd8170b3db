import ctypes
import sys

x = object()
print("sys.getrefcount(x):", sys.getrefcount(x))
# on the default build, ob_refcnt is the first word of the object, at id(x)
print("first word of x:   ", ctypes.c_ssize_t.from_address(id(x)).value)
box = [x, x]
lookup = {"key": x}
print("after two list slots and a dict value:", sys.getrefcount(x))

before = sys.getrefcount(None)
nones = [None] * 100_000
print("count of None grew by", sys.getrefcount(None) - before)
print("count of None is 2**32 - 1:", before == 2**32 - 1)

before = sys.getrefcount(1)
ones = [1] * 1000
print("count of the small int 1 grew by", sys.getrefcount(1) - before)
