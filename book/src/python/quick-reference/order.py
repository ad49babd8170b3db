import gc
import weakref

class Node:
    def __del__(self):
        print(f"  3. __del__ of {self.name}; the weakref already returns {probe()}")

gc.disable()
gc.collect()
a, b = Node(), Node()
a.name, b.name = "a", "b"
a.other, b.other = b, a
probe = weakref.ref(a, lambda r: print("  2. weakref callback (weakrefs cleared first)"))
del a, b
print("1. del: nothing happens (a cycle)")
print("4. gc.collect() returns", gc.collect())
