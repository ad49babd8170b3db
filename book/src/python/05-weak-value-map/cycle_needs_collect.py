import gc
import weakref

class Value:
    def __init__(self, name):
        self.name = name

gc.disable()
cache = weakref.WeakValueDictionary()
v = Value("cyclic")
v.self_ref = v            # a cycle: v keeps itself alive
cache["cyclic"] = v
del v
print("cycle: len before collect:", len(cache))
print("cycle: gc.collect() ->", gc.collect())
print("cycle: len after collect:", len(cache))
