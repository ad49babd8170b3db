import gc
import weakref
from functools import lru_cache

class Report:
    @lru_cache(maxsize=128)
    def render(self):
        return "rendered"

report = Report()
report.render()
probe = weakref.ref(report)
del report
gc.collect()
print("alive after del and gc.collect():", probe() is not None)
Report.render.cache_clear()
print("alive after cache_clear():", probe() is not None)
