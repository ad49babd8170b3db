import gc
import sys

class Resource:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print(f"  freed {self.name}")

gc.disable()                               # the cycle collector only; refcounting goes on
r = Resource("plain")
print("sys.getrefcount(r) =", sys.getrefcount(r), "(one more: the call's own argument)")
print("del r:")
del r                                      # count reaches zero: freed on this line
print("a cycle, del a, b:")
a, b = Resource("a"), Resource("b")
a.other, b.other = b, a
del a, b                                   # counts stay at 1: nothing freed
print("gc.collect():")
print("  returned", gc.collect())
