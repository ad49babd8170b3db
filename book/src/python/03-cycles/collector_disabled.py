import gc
from seed import create_circular_reference
print("collections before the script, per generation:",
      [s["collections"] for s in gc.get_stats()])
gc.disable()
print("gc.disable(); calling create_circular_reference()")
create_circular_reference()
print("returned; making 100000 more objects")
junk = [[] for _ in range(100_000)]
print("gc.get_count():", gc.get_count())
print("end of the script")
