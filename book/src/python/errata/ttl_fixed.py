"""The seed's TTLCache, corrected: a monotonic (injectable) clock, no eviction on
replace, expired entries first (a heap), then the oldest write (an OrderedDict); O(log n)
amortized per operation, and memory bounded by maxsize (the heap is compacted)."""
import heapq
import itertools
import time
from collections import OrderedDict

_MISSING = object()

class FixedTTLCache:
    def __init__(self, maxsize=128, clock=time.monotonic):
        if maxsize < 1:
            raise ValueError("maxsize must be at least 1")
        self.maxsize = maxsize
        self.clock = clock
        self._cache = OrderedDict()   # key -> (value, expires_at, n), oldest write first
        self._expiry = []             # heap of (expires_at, n, key); stale items are skipped
        self._counter = itertools.count()

    def get(self, key, default=None):
        item = self._cache.get(key, _MISSING)
        if item is _MISSING:
            return default
        value, expires_at, _ = item
        if self.clock() >= expires_at:
            del self._cache[key]
            return default
        return value

    def set(self, key, value, ttl=60.0):
        if ttl <= 0:
            raise ValueError("ttl must be positive")
        now = self.clock()
        self._cache.pop(key, None)            # a replaced key moves to the end
        self._evict_expired(now)              # every set purges what has expired
        if len(self._cache) >= self.maxsize:
            self._cache.popitem(last=False)   # the oldest write, in O(1)
        n = next(self._counter)
        self._cache[key] = (value, now + ttl, n)
        heapq.heappush(self._expiry, (now + ttl, n, key))
        if len(self._expiry) > 2 * len(self._cache):   # more stale items than live ones:
            self._compact()                            # O(n), once per n sets at most

    def _evict_expired(self, now):
        while self._expiry and self._expiry[0][0] <= now:
            _, n, key = heapq.heappop(self._expiry)
            item = self._cache.get(key)
            if item is not None and item[2] == n:     # not replaced since this push
                del self._cache[key]

    def _compact(self):
        self._expiry = [(exp, n, key) for key, (_, exp, n) in self._cache.items()]
        heapq.heapify(self._expiry)

    def __len__(self):
        return len(self._cache)
