from seed_pool import MemoryPool

pool = MemoryPool(list, max_size=2)
a = pool.acquire()
pool.release(a)
pool.release(a)          # once too often: nothing stops it
x = pool.acquire()
y = pool.acquire()
print("two acquires, one object:", x is y)
x.append("written by x")
print("y sees:", y)
