import gc, sys
class Obj(list):          # a list subclass: made entirely in C
    __slots__ = ()
seen = []
def report(phase, info):
    if phase == "start":
        seen.append(gc.get_count()[0])
def run(dict_on_free_list):
    gc.disable()
    gc.collect()                      # a full collection also empties the dict free list
    seen.clear()
    if dict_on_free_list:
        d = {"k": 1}; del d           # one dict back on the free list
    gc.callbacks.append(report)
    gc.enable()
    objs = list(map(Obj, [()] * 5000))   # 5000 allocations inside one C call
    gc.callbacks.remove(report)
    return seen[:]
print(sys.version.split()[0], "threshold", gc.get_threshold()[0])
print("count[0] when each collection started:", run(dict_on_free_list=False))
print("the same, one dict on the free list:   ", run(dict_on_free_list=True))
