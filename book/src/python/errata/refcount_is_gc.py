import gc
import weakref

class Node:
    pass

gc.collect()                                  # start with no pending garbage
gc.disable()                                  # and no cycle collector at all
# ANCHOR: seed
garbage = Node()
probe = weakref.ref(garbage)
del garbage                                   # unreachable: reference counting frees it
print("freed by reference counting alone:", probe() is None)

a, b = Node(), Node()
a.other, b.other = b, a                       # a cycle: the counts never reach zero
probe = weakref.ref(a)
del a, b
print("cycle freed by reference counting:", probe() is None)
print("the cycle collector found:", gc.collect(), "objects; freed:", probe() is None)
# ANCHOR_END: seed
