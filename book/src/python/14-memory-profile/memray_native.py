# requires: memray==1.20.0
import os
import sqlite3
import tempfile
import tracemalloc
from collections import Counter

import memray

folder = tempfile.TemporaryDirectory()
capture = os.path.join(folder.name, "capture.bin")
tracemalloc.start()
with memray.Tracker(capture):                       # records every malloc of the process
    db = sqlite3.connect(":memory:")
    db.execute("create table t (b blob)")
    db.executemany("insert into t values (zeroblob(10000))", [()] * 1000)  # line 16: SQLite's malloc
    kept = [bytes(1000) for _ in range(1000)]                              # line 17: Python objects
snapshot = tracemalloc.take_snapshot()
tracemalloc.stop()

seen_by_tracemalloc = Counter()
for stat in snapshot.statistics("lineno"):
    if stat.traceback[0].filename == __file__:
        seen_by_tracemalloc[stat.traceback[0].lineno] += stat.size
seen_by_memray = Counter()
for record in memray.FileReader(capture).get_leaked_allocation_records(merge_threads=True):
    function, filename, lineno = record.stack_trace()[0]
    if filename == __file__:
        seen_by_memray[lineno] += record.size
for line in (16, 17):
    print(f"line {line}: still allocated, memray {seen_by_memray[line]:>10,} B,"
          f" tracemalloc {seen_by_tracemalloc[line]:>10,} B")
folder.cleanup()
