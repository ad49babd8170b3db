import gc, sys

class Obj(list):          # a list subclass: made entirely in C
    __slots__ = ()

seen = []
def report(phase, info):
    if phase == "start":
        seen.append(gc.get_count()[0])

gc.disable()
gc.collect()
gc.callbacks.append(report)
gc.enable()
objs = list(map(Obj, [()] * 5000))   # 5000 allocations inside one C call
gc.callbacks.remove(report)
print(sys.version.split()[0], "threshold", gc.get_threshold()[0],
      "- count[0] when each collection started:", seen)
