import gc

class Obj:
    pass

gc.disable()
gc.collect()
print(gc.get_count())
keep = [Obj() for _ in range(50)]
gc.collect(0)
print(gc.get_count())
gc.collect(0)
print(gc.get_count())
gc.collect(1)
print(gc.get_count())
gc.collect(2)
print(gc.get_count())
