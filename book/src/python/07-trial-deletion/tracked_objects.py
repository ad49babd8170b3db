import gc
from seed_gc import CircularRef
gc.disable()            # from here on only gc.collect() collects
print("is_tracked:", {repr(x): gc.is_tracked(x) for x in (42, "A", 3.5, None, [], {}, {"k": 1}, {"k": []})})
constant = (1, 2)       # built by the compiler, before the first line ran
one = 1
t = (one, 2)            # built now, after gc.disable()
print("constant (1, 2) tracked:", gc.is_tracked(constant), "| (one, 2) tracked:", gc.is_tracked(t))
gc.collect()
print("after gc.collect(): (one, 2) tracked:", gc.is_tracked(t))
a = CircularRef("A")
print("CircularRef instance tracked:", gc.is_tracked(a), "| its name tracked:", gc.is_tracked(a.name))
print("get_referents(a):", gc.get_referents(a))
print("any int in gc.get_objects():", any(type(o) is int for o in gc.get_objects()))
print("len(gc.get_objects()):", len(gc.get_objects()))
