import os
import tracemalloc

def show(stats):
    for stat in stats[:3]:
        frame = stat.traceback[0]
        print(f"  {os.path.basename(frame.filename)}:{frame.lineno}: {stat.size_diff:+} B")

def work():
    data = [bytes(100) for _ in range(1000)]    # transient: freed before snapshot2
    return len(data)

# ANCHOR: seed
tracemalloc.start()
snapshot1 = tracemalloc.take_snapshot()
work()
snapshot2 = tracemalloc.take_snapshot()
print("seed's compare_to, top 3:")
show(snapshot2.compare_to(snapshot1, 'lineno'))
print("peak:", tracemalloc.get_traced_memory()[1] > 100_000, "(above 100 kB: only the peak saw the data)")
# ANCHOR_END: seed
# ANCHOR: fixed
ignore_self = [tracemalloc.Filter(False, tracemalloc.__file__)]
snapshot1 = snapshot1.filter_traces(ignore_self)
snapshot2 = snapshot2.filter_traces(ignore_self)
diff = snapshot2.compare_to(snapshot1, 'lineno')
print("filtered:", len(diff), "lines changed: work() kept nothing")
show(diff)
tracemalloc.stop()
# ANCHOR_END: fixed
