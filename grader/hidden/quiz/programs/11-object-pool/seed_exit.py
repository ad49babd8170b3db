class MemoryPool:
    def __init__(self, factory, max_size=100):
        self.factory = factory
        self.max_size = max_size
        self.pool = []
    def acquire(self):
        if self.pool:
            return self.pool.pop()
        return self.factory()
    def release(self, obj):
        if len(self.pool) < self.max_size:
            self.pool.append(obj)
    def __enter__(self):
        return self.acquire()
    def __exit__(self, exc_type, exc_val, exc_tb):
        self.release(self)
        return False

pool = MemoryPool(lambda: bytearray(16))
for block in range(3):
    with pool as buf:
        print(block, type(buf).__name__, buf is pool)
print("len(pool.pool):", len(pool.pool))
