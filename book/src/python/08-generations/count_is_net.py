import gc

class Obj:
    pass

gc.disable()            # no automatic collection may move the counts under us
gc.collect()            # a full collection sets every count to 0
print("after gc.collect():          ", gc.get_count())
keep = []
for _ in range(100):
    keep.append(Obj())
print("after 100 new objects:       ", gc.get_count())
keep.clear()
print("after freeing them:          ", gc.get_count())
for _ in range(100):
    keep.append(Obj())
print("100 new objects again:       ", gc.get_count())
gc.collect(0)
print("after gc.collect(0):         ", gc.get_count())
gc.collect(0)
print("after another gc.collect(0): ", gc.get_count())
gc.collect(1)
print("after gc.collect(1):         ", gc.get_count())
gc.collect(2)
print("after gc.collect(2):         ", gc.get_count())
