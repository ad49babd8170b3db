import gc
from gcstats import GCStats
gc.disable()
gc.collect()
print([GCStats.get_stats()['counts'] for _ in range(4)])
