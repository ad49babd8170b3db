from functools import lru_cache

@lru_cache(maxsize=2)
def square(n):
    print("  computing", n)
    return n * n

for n in (1, 2, 1, 3, 2, 1):
    square(n)
print(square.cache_info())
