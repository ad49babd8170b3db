# The imports of fixed_get_or_create.py, then one collection: what garbage is already waiting?
import gc
import weakref
from typing import Any

print("first threshold:", gc.get_threshold()[0])
print("cyclic garbage left by start-up and the imports:", gc.collect())
