import gc
from seed_gc import CircularRef

def pair(touch_dict):
    a = CircularRef("A"); b = CircularRef("B")
    a.partner = b; b.partner = a
    if touch_dict:
        a.__dict__; b.__dict__
        print("referents of a:", [type(r).__name__ for r in gc.get_referents(a)])
    del a, b

gc.disable()
gc.collect()
pair(touch_dict=False)
print("plain pair: gc.collect() ->", gc.collect())
pair(touch_dict=True)
print("after reading __dict__: gc.collect() ->", gc.collect())
gc.set_debug(gc.DEBUG_SAVEALL)
pair(touch_dict=False)
print("DEBUG_SAVEALL: gc.collect() ->", gc.collect(), "| gc.garbage =", gc.garbage)
