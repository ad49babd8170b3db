import gc
from typing import Any
gc.disable()
print(gc.collect())
