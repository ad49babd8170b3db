import gc, sys, time
gc.disable()
first = prev = []
for _ in range(999_999):
    prev = [prev]            # each list holds the one made before it
first.append(prev)           # the first holds the last: a ring of a million lists
del first, prev
t = time.perf_counter()
print("gc.collect() ->", gc.collect(), f"({time.perf_counter() - t:.2f} s)")
print("sys.getrecursionlimit() ->", sys.getrecursionlimit())
