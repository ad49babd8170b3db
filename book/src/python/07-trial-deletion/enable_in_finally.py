import gc
from seed_gc import demonstrate_gc
gc.disable()
print("before: gc.isenabled() =", gc.isenabled())
demonstrate_gc()
print("after:  gc.isenabled() =", gc.isenabled())
