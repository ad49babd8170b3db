import time
from unittest import mock

class CacheEntry:
    def __init__(self, value, ttl=60.0):
        self.value, self.timestamp, self.ttl = value, time.time(), ttl
    def is_expired(self):
        return time.time() - self.timestamp > self.ttl

class TTLCache:
    def __init__(self, maxsize=128):
        self.maxsize, self._cache = maxsize, {}
    def set(self, key, value, ttl=60.0):
        if len(self._cache) >= self.maxsize:
            expired = [k for k, v in self._cache.items() if v.is_expired()]
            for k in expired:
                del self._cache[k]
            if len(self._cache) >= self.maxsize:
                oldest = min(self._cache, key=lambda k: self._cache[k].timestamp)
                del self._cache[oldest]
        self._cache[key] = CacheEntry(value, ttl)

clock = iter(range(1000, 2000))
with mock.patch("time.time", lambda: next(clock)):
    cache = TTLCache(maxsize=2)
    cache.set("a", 1)
    cache.set("b", 2)
    cache.set("b", 3)
    print(sorted(cache._cache))
