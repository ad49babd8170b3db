import tracemalloc

tracemalloc.start()
kept = [bytearray(1000) for _ in range(10)]
print("tracing:", tracemalloc.is_tracing())
tracemalloc.start()          # already tracing
tracemalloc.stop()
print("after one stop: tracing:", tracemalloc.is_tracing())
print("get_traced_memory():", tracemalloc.get_traced_memory())
try:
    tracemalloc.take_snapshot()
except RuntimeError as error:
    print("RuntimeError:", error)
print("kept is still alive:", len(kept))
