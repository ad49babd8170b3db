import gc
import tracemalloc

handlers = []                               # a registry nobody cleans: the leak

class Request:
    def __init__(self, n):
        self.payload = bytearray(1000)
        handlers.append(self.on_done)       # a bound method keeps the Request alive

    def on_done(self):
        pass

def serve(n):
    for i in range(n):
        Request(i)

tracemalloc.start()
serve(1000)                                 # warm up
before = tracemalloc.take_snapshot()
serve(10_000)
gc.collect()
after = tracemalloc.take_snapshot()
top = after.compare_to(before, "lineno")[0]
frame = top.traceback[0]
print(f"biggest growth: line {frame.lineno}, +{top.count_diff} blocks, +{top.size_diff // 1024} KiB")
leaked = next(o for o in gc.get_objects() if isinstance(o, Request))
holder = [r for r in gc.get_referrers(leaked) if type(r).__name__ == "method"][0]
print("held by:", type(holder).__name__, "<-", "handlers" if any(h is holder for h in handlers) else "?")
tracemalloc.stop()
