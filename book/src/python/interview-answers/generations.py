import gc
import weakref

class Node:
    pass

def where(probe):
    obj = probe()
    if obj is None:
        return "freed"
    return next(f"gen {g}" for g in range(3) if any(o is obj for o in gc.get_objects(g)))

print("thresholds:", gc.get_threshold())
gc.disable()
gc.collect()
old = Node()
gc.collect()                                # old survives a full collection: generation 2
young = Node()
old.ref, young.ref = young, old             # a cycle across generations
p_old, p_young = weakref.ref(old), weakref.ref(young)
del old, young
for g in (0, 1, 2):
    n = gc.collect(g)
    print(f"gc.collect({g}) -> {n}: old in {where(p_old)}, young in {where(p_young)}")
