from functools import lru_cache

@lru_cache(maxsize=0)
def double(n):
    return 2 * n

double(1); double(1)
print(double.cache_info())
