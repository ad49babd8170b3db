import gc
import tracemalloc
from collections import Counter
from leaky_service import Service

def census():
    """Live objects by type, as the collector lists them (containers only: no ints, no str)."""
    return Counter(type(obj).__name__ for obj in gc.get_objects())

tracemalloc.start()                      # only for get_object_traceback below
service = Service()
for i in range(1000):
    service.handle(i)
gc.collect()
before = census()
for i in range(1000, 11_000):
    service.handle(i)
gc.collect()
print("biggest growth by type:", (census() - before).most_common(1))

born = Counter()
for obj in gc.get_objects():
    if type(obj) is list:
        trace = tracemalloc.get_object_traceback(obj)
        if trace is not None and trace[0].filename.endswith("leaky_service.py"):
            born[trace[0].lineno] += 1
print("lists alive, by line of leaky_service.py that made them:", sorted(born.items()))
print(f"service.tables holds {len(service.tables)} lists; a traceback points to line 23 for {born[23]}")
print("ints among them: ", sum(type(obj) is int for obj in gc.get_objects()), "(the collector never tracks an int)")
