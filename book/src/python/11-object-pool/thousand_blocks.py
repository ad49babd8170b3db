from seed_pool import MemoryPool

made = 0

def factory():
    global made
    made += 1
    return bytearray(4096)

pool = MemoryPool(factory, max_size=2)
got_the_pool = 0
for _ in range(1000):
    with pool as buf:
        if buf is pool:
            got_the_pool += 1
print("1000 with-blocks: factory ran", made, "time(s);", got_the_pool, "blocks got the pool itself")
print("len(pool.pool) =", len(pool.pool))
