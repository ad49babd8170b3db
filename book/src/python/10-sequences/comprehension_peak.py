import tracemalloc

def peak(build):
    tracemalloc.start()
    obj = build()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak

print("peak of building [i for i in range(3)]:", peak(lambda: [i for i in range(3)]), "bytes")
gen = (i for i in range(3))
print("__basicsize__ of generator", type(gen).__basicsize__,
      "| function", type(lambda: None).__basicsize__,
      "| range_iterator", type(iter(range(3))).__basicsize__)
