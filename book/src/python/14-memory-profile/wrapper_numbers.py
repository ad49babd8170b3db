import tracemalloc
from seed_profile import memory_profile

@memory_profile
def small():
    return sum(range(1000))

tracemalloc.start()
held = [bytes(1000) for _ in range(10_000)]   # ~10 MB the caller holds
small()
