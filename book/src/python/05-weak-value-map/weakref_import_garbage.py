# The imports of cycle_needs_collect.py, then one collection.
import gc
import weakref

print("cyclic garbage left by start-up and import weakref:", gc.collect())
