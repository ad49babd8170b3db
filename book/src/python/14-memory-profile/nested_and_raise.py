import tracemalloc
from seed_profile import memory_profile

@memory_profile
def inner():
    return len(bytes(100_000))

@memory_profile
def outer():
    big = bytes(5_000_000)
    del big
    return inner()

outer()

@memory_profile
def fails():
    raise ValueError("boom")

try:
    fails()
except ValueError:
    pass
print("\nafter a decorated function raised: tracing", tracemalloc.is_tracing())
