from seed_pool import MemoryPool

pool = MemoryPool(list, max_size=2)
mine = pool.acquire()
mine.append("card number of user 1")
pool.release(mine)
theirs = pool.acquire()
print("user 2 got:", theirs)
