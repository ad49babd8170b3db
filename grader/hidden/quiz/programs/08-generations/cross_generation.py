import gc
import weakref

class Node:
    pass

gc.disable()
old = Node()
gc.collect()          # `old` survives into generation 2
young = Node()
old.ref = young
young.ref = old
probe = weakref.ref(young)
del old, young
for g in (0, 1, 2):
    print(f"gc.collect({g}) -> {gc.collect(g)}; young alive: {probe() is not None}")
