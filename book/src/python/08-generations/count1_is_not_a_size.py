import gc

class Obj:
    pass

gc.disable()
gc.collect()
keep = [Obj() for _ in range(100)]
gc.collect(0)                          # the 100 objects (and `keep`) move to generation 1
print("gc.get_count():", gc.get_count())
print("objects in each generation:", [len(gc.get_objects(g)) for g in range(3)])
