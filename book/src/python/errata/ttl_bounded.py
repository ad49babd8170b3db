import heapq
from ttl_fixed import FixedTTLCache

now = [0.0]

# ANCHOR: seed
class UnboundedHeap(FixedTTLCache):             # the earlier ttl_fixed.py: no compaction
    def _compact(self):
        pass

for cls in (UnboundedHeap, FixedTTLCache):
    cache = cls(maxsize=10, clock=lambda: now[0])
    for i in range(100_000):
        cache.set("hot", i, ttl=3600)           # one key, rewritten; nothing expires
    print(f"{cls.__name__}: {len(cache)} entry, {len(cache._expiry)} heap items")
# ANCHOR_END: seed
# ANCHOR: fixed
cache = FixedTTLCache(maxsize=10, clock=lambda: now[0])
largest = 0
for i in range(100_000):
    cache.set(i % 37, i, ttl=1 + i % 5)         # many keys, mixed ttls, a moving clock
    now[0] += 0.01
    largest = max(largest, len(cache._expiry))
print(f"mixed workload: {len(cache)} entries, largest heap {largest} items (maxsize 10)")
print("heap never above 2 * maxsize + 1:", largest <= 2 * cache.maxsize + 1)
# ANCHOR_END: fixed
