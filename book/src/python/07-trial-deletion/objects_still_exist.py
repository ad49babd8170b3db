import gc, weakref
from seed_gc import CircularRef

gc.disable()
a = CircularRef("A")
b = CircularRef("B")
a.partner = b
b.partner = a
probe_a, probe_b = weakref.ref(a), weakref.ref(b)
del a
del b
print("after del: probe_a() =", probe_a(), "| probe_b() =", probe_b())
print("A still tracked:", any(o is probe_a() for o in gc.get_objects()))
print("referrers of A:", [r for r in gc.get_referrers(probe_a()) if isinstance(r, CircularRef)])
print("len(gc.garbage) before collect:", len(gc.garbage))
n = gc.collect()
print("gc.collect() returned", n)
print("after collect: probe_a() =", probe_a(), "| len(gc.garbage) =", len(gc.garbage))
