import gc, weakref
from functools import lru_cache

class Report:
    def __init__(self, name):
        self.name = name
        self.render = lru_cache(maxsize=128)(self._render)   # one cache per instance

    def _render(self, width):
        return self.name.center(width)

report = Report("q3")
report.render(20)
alive = weakref.ref(report)
del report
print("after del:", alive() is not None)
gc.collect()
print("after gc.collect():", alive() is not None)
