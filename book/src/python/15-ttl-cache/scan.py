import time
from seed_ttl import TTLCache
per_set = {}
for n in (1_000, 10_000, 100_000):
    cache = TTLCache(maxsize=n)
    for i in range(n):
        cache.set(i, i)
    sets = 200
    t0 = time.perf_counter()
    for i in range(n, n + sets):
        cache.set(i, i)          # full: a scan for expired, then a scan for the oldest
    per = (time.perf_counter() - t0) / sets
    per_set[n] = per
    print(f"maxsize={n:>7}: {per * 1e6:10.1f} us per set on a full cache")
print("100 times the entries, more than 10 times the time per set:",
      per_set[100_000] > 10 * per_set[1_000])
