import tracemalloc
from functools import wraps

def memory_profile(func):
    @wraps(func)
    def wrapper(*args, **kwargs):
        tracemalloc.start()
        result = func(*args, **kwargs)
        tracemalloc.stop()
        print(f"{func.__name__}: done, tracing = {tracemalloc.is_tracing()}")
        return result
    return wrapper

@memory_profile
def inner():
    return 1

@memory_profile
def outer():
    inner()
    print("outer after inner: tracing =", tracemalloc.is_tracing())

@memory_profile
def broken():
    raise ValueError("boom")

outer()
try:
    broken()
except ValueError:
    print("after broken() raised: tracing =", tracemalloc.is_tracing())
