import tracemalloc
from seed_profile import memory_profile

@memory_profile
def small():
    return sum(range(1000))

tracemalloc.start()
held = [bytes(1000) for _ in range(10_000)]   # what the caller holds
traced = tracemalloc.get_traced_memory()[0]
print(f"the caller's trace before the call: {traced:,} B = {traced / 2**20:.2f} MiB")
small()
