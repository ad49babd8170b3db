# The seed's "Weak References and Callbacks" listing up to its usage, verbatim.
import weakref
from typing import Any, Callable, Dict, Optional

class Observable:
    """Observable pattern using weak references."""
    
    def __init__(self):
        self._observers: Dict[str, list] = {}
    
    def add_observer(self, event: str, callback: Callable):
        """Add observer with weak reference."""
        if event not in self._observers:
            self._observers[event] = []
        
        # Use weak reference to prevent memory leaks
        ref = weakref.WeakMethod(callback, self._make_ref_callback(event))
        self._observers[event].append(ref)
    
    def _make_ref_callback(self, event: str) -> Callable:
        """Create callback for dead references."""
        def callback(ref):
            print(f"Observer for {event} was garbage collected")
        return callback
    
    def notify(self, event: str, *args, **kwargs):
        """Notify all observers of event."""
        if event not in self._observers:
            return
        
        dead_refs = []
        for ref in self._observers[event]:
            callback = ref()
            if callback is not None:
                callback(*args, **kwargs)
            else:
                dead_refs.append(ref)
        
        # Clean up dead references
        for ref in dead_refs:
            self._observers[event].remove(ref)

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
