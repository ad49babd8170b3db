import gc

class Node:
    pass

gc.disable()
gc.collect()
a, b = Node(), Node()
a.other, b.other = b, a
del a, b                              # garbage, but not yet collected
gc.freeze()                           # every tracked object, the pair included
print("gc.get_freeze_count():", gc.get_freeze_count())
print("gc.collect() while frozen:", gc.collect())
gc.unfreeze()                         # back into the oldest generation
print("gc.collect() after unfreeze:", gc.collect())
