import time
from collections import OrderedDict

def first_key_us(d):                        # the best of 20 runs: the least noise
    best = float("inf")
    for _ in range(20):
        start = time.perf_counter()
        next(iter(d))                       # the oldest write: what a full cache evicts
        best = min(best, time.perf_counter() - start)
    return best * 1e6

for kind in (dict, OrderedDict):
    d = kind((i, i) for i in range(100_000))
    fresh = first_key_us(d)
    for i in range(50_000):                 # evict the 50,000 oldest writes, front first
        del d[i]
    after = first_key_us(d)
    print(f"{kind.__name__}: first key {fresh:.2f} us, after 50,000 front evictions {after:.2f} us")
    print(f"  more than 20 times slower: {after > 20 * fresh}")
