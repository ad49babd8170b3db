import gc
import weakref

class Node:
    def __del__(self):
        print(f"  __del__ of {self.name}: probe() is {probe()}")

gc.disable()
a, b = Node(), Node()
a.name, b.name = "a", "b"
a.other, b.other = b, a                                   # a cycle
probe = weakref.ref(a, lambda r: print("  callback of probe (a reachable weakref)"))
b.inner = weakref.ref(a, lambda r: print("  callback of b.inner (garbage itself)"))
del a, b
print("gc.collect() returns", gc.collect())
