# requires: pympler==1.1
import sys
from pympler import asizeof, tracker
from leaky_service import Service

service = Service()
for i in range(1000):
    service.handle(i)
summary = tracker.SummaryTracker()         # a census of every object, ints and str included
for i in range(1000, 11_000):
    service.handle(i)
rows = {name: (count, size) for name, count, size in summary.diff()}
count, size = rows["int"]
print(f"ints grown: {count:+,} objects, {size:+,} B")
print(f"service: getsizeof {sys.getsizeof(service)} B, asizeof {asizeof.asizeof(service):,} B")
print(f"  of which service.tables: asizeof {asizeof.asizeof(service.tables):,} B")
