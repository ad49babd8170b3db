import gc, weakref
from functools import lru_cache

class Report:
    def __init__(self, name):
        self.name = name

    @lru_cache(maxsize=128)
    def render(self, width):
        return self.name.center(width)

report = Report("q3")
report.render(20)
alive = weakref.ref(report)
del report
gc.collect()
print("after del and gc.collect():", alive() is not None)
print(Report.render.cache_info())
Report.render.cache_clear()
print("after cache_clear():", alive() is not None)
