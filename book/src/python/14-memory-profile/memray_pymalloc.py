# requires: memray==1.20.0
import os
import tempfile

import memray

folder = tempfile.TemporaryDirectory()
for trace_python_allocators in (False, True):
    capture = os.path.join(folder.name, f"capture-{trace_python_allocators}.bin")
    with memray.Tracker(capture, trace_python_allocators=trace_python_allocators):
        kept = [float(i) for i in range(100_000)]          # line 11: 100,000 small objects
    calls = sum(record.n_allocations
                for record in memray.FileReader(capture).get_leaked_allocation_records(merge_threads=True)
                if record.stack_trace()[0][1:] == (__file__, 11))
    seen = ("under 10: pymalloc's arenas and the list's array" if calls < 10 else
            "over 90,000: one per float" if calls > 90_000 else f"{calls:,}")
    print(f"trace_python_allocators={trace_python_allocators}: allocations seen on line 11: {seen}")
    del kept
folder.cleanup()
