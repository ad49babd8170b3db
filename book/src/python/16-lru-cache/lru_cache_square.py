from functools import lru_cache

@lru_cache(maxsize=3)
def square(n):
    print(f"  computing square({n})")
    return n * n

for n in [1, 2, 1, 3, 4, 2, 1]:
    square(n)
print(square.cache_info())
print(square.cache_parameters())
