import tracemalloc
from seed_profiler import memory_profile

# ANCHOR: seed
@memory_profile
def small():
    return sum(range(10))

tracemalloc.start()
kept = [bytes(1000) for _ in range(10_000)]     # the caller's data, alive throughout
small()                                         # keeps nothing; reported as 9.6 MB
print("after small(): tracing =", tracemalloc.is_tracing())
# ANCHOR_END: seed
