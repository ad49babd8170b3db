import gc
import weakref

class Node:
    pass

def where(probe):
    obj = probe()
    if obj is None:
        return "freed"
    for g in range(3):
        if any(o is obj for o in gc.get_objects(g)):
            return f"gen {g}"

gc.disable()
old = Node()
gc.collect()                  # a full collection: `old` survives into generation 2
young = Node()                # a new object starts in generation 0
old.ref = young               # a cycle across generations
young.ref = old
p_old, p_young = weakref.ref(old), weakref.ref(young)
del old, young                # now only the cycle refers to the two nodes
print(f"before:         old in {where(p_old)}, young in {where(p_young)}")
for g in (0, 1, 2):
    n = gc.collect(g)
    print(f"gc.collect({g}) -> {n}: old in {where(p_old)}, young in {where(p_young)}")
