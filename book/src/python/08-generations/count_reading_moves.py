import gc
gc.disable()
gc.collect()
a = gc.get_count()
b = gc.get_count()
c = gc.get_count()
print(a, b, c)
