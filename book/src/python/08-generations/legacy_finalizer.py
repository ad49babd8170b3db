import gc
import _testcapi                     # CPython's own test helpers, not a public API

class Node:
    pass

@_testcapi.with_tp_del               # gives the class a legacy tp_del finalizer
class Legacy:
    def __tp_del__(self):
        print("never called by the collector")

gc.disable()
gc.collect()

a, b = Node(), Node()
a.other, b.other = b, a
del a, b
gc.set_debug(gc.DEBUG_SAVEALL)
print("DEBUG_SAVEALL: gc.collect() ->", gc.collect(), "; gc.garbage:", gc.garbage)
gc.set_debug(0)
gc.garbage.clear()                   # the saved pair is now unreachable again ...
gc.collect()                         # ... and this collection frees it

x, y = Legacy(), Node()
x.other, y.other = y, x
del x, y
print("legacy finalizer: gc.collect() ->", gc.collect(), "; gc.garbage:", gc.garbage)
print("generation 2:", gc.get_stats()[2])
