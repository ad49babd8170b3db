import gc
import tracemalloc
import weakref

class Obj:
    pass

gc.disable(); print("gc.isenabled():", gc.isenabled()); gc.enable()
print("gc.collect(3):", end=" ")
try:
    gc.collect(3)
except ValueError as error:
    print("ValueError:", error)
print("gc.get_stats() keys:", sorted(gc.get_stats()[0]))
o = Obj()
print("gc.is_tracked(Obj()):", gc.is_tracked(o), "| gc.is_tracked(1):", gc.is_tracked(1))
r = weakref.ref(o)
f = weakref.finalize(o, print, "weakref.finalize ran")
print("weakref.getweakrefcount(o):", weakref.getweakrefcount(o))
del o
print("r() after del:", r(), "| f.alive:", f.alive)
tracemalloc.start()
data = bytes(1_000_000)
current, peak = tracemalloc.get_traced_memory()
print("tracemalloc current >= 1,000,000:", current >= 1_000_000)
tracemalloc.stop()
print("tracemalloc.is_tracing() after stop():", tracemalloc.is_tracing())
