from seed_memory import MemoryPool

# ANCHOR: seed
pool = MemoryPool(list, max_size=2)
mine = pool.acquire()
mine.append("card number of user 1")
pool.release(mine)
print("user 2 got:", pool.acquire())

pool = MemoryPool(list, max_size=2)
a = pool.acquire()
pool.release(a)
pool.release(a)                        # once too often: nothing stops it
print("two acquires, one object:", pool.acquire() is pool.acquire())
# ANCHOR_END: seed
# ANCHOR: fixed
class CheckedPool(MemoryPool):
    def __init__(self, factory, reset, max_size=100):
        super().__init__(factory, max_size)
        self.reset = reset

    def release(self, obj):
        if any(idle is obj for idle in self.pool):
            raise ValueError("released twice")
        self.reset(obj)                # clean before anyone else sees it
        super().release(obj)

pool = CheckedPool(list, list.clear, max_size=2)
mine = pool.acquire()
mine.append("card number of user 1")
pool.release(mine)
print("fixed, user 2 got:", pool.acquire())
a = pool.acquire()
pool.release(a)
try:
    pool.release(a)
except ValueError as error:
    print("fixed, second release:", error)
# ANCHOR_END: fixed
