from typing import Any, Dict, Optional

class CacheEntry:
    """Cache entry with expiration."""
    
    def __init__(self, value: Any, ttl: float = 60.0):
        import time
        self.value = value
        self.timestamp = time.time()
        self.ttl = ttl
    
    def is_expired(self) -> bool:
        import time
        return time.time() - self.timestamp > self.ttl

class TTLCache:
    """Cache with time-to-live using weak references."""
    
    def __init__(self, maxsize: int = 128):
        self.maxsize = maxsize
        self._cache: Dict[str, CacheEntry] = {}
    
    def get(self, key: str) -> Optional[Any]:
        """Get value from cache."""
        if key in self._cache:
            entry = self._cache[key]
            if not entry.is_expired():
                return entry.value
            else:
                del self._cache[key]
        return None
    
    def set(self, key: str, value: Any, ttl: float = 60.0):
        """Set value in cache."""
        if len(self._cache) >= self.maxsize:
            self._evict_expired()
            if len(self._cache) >= self.maxsize:
                self._evict_oldest()
        
        self._cache[key] = CacheEntry(value, ttl)
    
    def _evict_expired(self):
        """Remove expired entries."""
        expired = [k for k, v in self._cache.items() if v.is_expired()]
        for k in expired:
            del self._cache[k]
    
    def _evict_oldest(self):
        """Remove oldest entry."""
        if self._cache:
            oldest_key = min(self._cache.keys(), key=lambda k: self._cache[k].timestamp)
            del self._cache[oldest_key]

cache = TTLCache(maxsize=2)
cache.set("a", 1)
cache.set("b", 2)
cache.get("a")                      # a is now the most recently used...
cache.set("c", 3)                   # ...yet a is evicted: oldest write, not least recent use
print(list(cache._cache))
cache.set("c", 30)                  # c is already there: nothing needs to go...
print(list(cache._cache))           # ...but b is evicted anyway
