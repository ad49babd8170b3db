import tracemalloc
from seed_profiler import memory_profile

# ANCHOR: seed
@memory_profile
def fails():
    raise ValueError("bad input")

try:
    fails()
except ValueError:
    pass
print("after a decorated function raised: tracing =", tracemalloc.is_tracing(),
      "(and nothing was printed)")
# ANCHOR_END: seed
