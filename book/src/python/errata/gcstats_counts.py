import gc
from seed_gc import GCStats

class Obj:
    pass

# ANCHOR: seed
gc.disable()
gc.collect()
keep = [Obj() for _ in range(100)]
gc.collect(0)                          # the 100 objects move to generation 1
print("Counts (gen0, gen1, gen2):", GCStats.get_stats()["counts"])
# ANCHOR_END: seed
# ANCHOR: fixed
print("objects in generation 1:", len(gc.get_objects(1)))
print("count[1] is the number of generation-0 collections since the last of generation 1")
# ANCHOR_END: fixed
