import time
from collections import OrderedDict

def best_us_per_evict(make, evict, n, rounds=20_000):
    best = float("inf")
    for _ in range(3):                          # the best of 3: the least noise
        d = make((i, i) for i in range(n))
        start = time.perf_counter()
        for i in range(n, n + rounds):
            evict(d)                            # drop the oldest write, add a new one
            d[i] = i
        best = min(best, (time.perf_counter() - start) / rounds * 1e6)
    return best

def dict_evict(d):                              # the earlier ttl_fixed.py
    del d[next(iter(d))]

def odict_evict(d):                             # the corrected one
    d.popitem(last=False)

cost = {}
for name, make, evict in (("dict", dict, dict_evict), ("OrderedDict", OrderedDict, odict_evict)):
    cost[name] = [best_us_per_evict(make, evict, n) for n in (1_000, 100_000)]
    print(f"{name}: {cost[name][0]:.2f} us per eviction at 1,000 entries, "
          f"{cost[name][1]:.2f} us at 100,000")
print("dict: eviction slows down with the size:", cost["dict"][1] > 3 * cost["dict"][0])
print("OrderedDict: it does not:", cost["OrderedDict"][1] < 3 * cost["OrderedDict"][0])
