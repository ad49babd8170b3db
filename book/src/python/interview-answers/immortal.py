import sys

x = object()
print("a new object:", sys.getrefcount(x))
print("None:        ", sys.getrefcount(None))
print("the int 7:   ", sys.getrefcount(7))
