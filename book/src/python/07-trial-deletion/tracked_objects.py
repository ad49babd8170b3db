import gc
from seed_gc import CircularRef
print("is_tracked:", {repr(x): gc.is_tracked(x) for x in (42, "A", 3.5, None, [], {}, {"k": 1}, {"k": []})})
t = (1, 2)
print("tuple (1, 2): tracked before a collection:", gc.is_tracked(t), end="; ")
gc.collect()
print("after:", gc.is_tracked(t))
a = CircularRef("A")
print("CircularRef instance tracked:", gc.is_tracked(a), "| its name tracked:", gc.is_tracked(a.name))
print("get_referents(a):", gc.get_referents(a))
print("any int in gc.get_objects():", any(type(o) is int for o in gc.get_objects()))
print("len(gc.get_objects()):", len(gc.get_objects()))
