import gc
import weakref

saved = None

class Node:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        global saved
        print(f"  __del__ of {self.name}; probe() is {probe()}")
        if self.name == "a" and saved is None:
            saved = self                   # resurrect a (and b, which it reaches)

gc.disable()
gc.collect()                               # nothing pending from start-up
a, b = Node("a"), Node("b")
a.other, b.other = b, a
probe = weakref.ref(a, lambda ref: print("  weakref callback: a is unreachable"))
del a, b
print("first collection:")
print("  returned", gc.collect(), "| gc.garbage =", gc.garbage)
print("resurrected:", saved.name, "->", saved.other.name)
saved = None                               # unreachable again; __del__ already ran once
print("second collection:")
print("  returned", gc.collect())
