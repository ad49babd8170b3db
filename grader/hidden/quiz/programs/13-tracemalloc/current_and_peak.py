import tracemalloc

tracemalloc.start()
blob = bytes(1_000_000)
del blob
current, peak = tracemalloc.get_traced_memory()
print("current below 10 kB:", current < 10_000)
print("peak at least 1 MB:", peak >= 1_000_000)
tracemalloc.reset_peak()
current, peak = tracemalloc.get_traced_memory()
print("after reset_peak(), peak below 10 kB:", peak < 10_000)
tracemalloc.stop()
print("after stop():", tracemalloc.get_traced_memory())
