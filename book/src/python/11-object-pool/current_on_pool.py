from seed_pool import MemoryPool

class CurrentPool(MemoryPool):
    """The tempting repair: remember the lent object on the pool."""

    def __enter__(self):
        self._current = self.acquire()
        return self._current

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.release(self._current)
        return False

pool = CurrentPool(list, max_size=4)
with pool as outer:
    with pool as inner:          # a second block while the first is open
        pass
print("outer given back:", sum(o is outer for o in pool.pool), "time(s)")
print("inner given back:", sum(o is inner for o in pool.pool), "time(s)")
