import gc
import time

class Node(list):            # one container per node, as in refgc's model
    __slots__ = ()

def young_collection_ms(n_old, rounds=100):
    gc.disable()
    old = [Node() for _ in range(n_old)]
    gc.collect()             # every old node is now in generation 2
    best = float("inf")
    for r in range(rounds):
        young = [Node() for _ in range(1000)]         # the same young set each time,
        for i, y in enumerate(young):                  # each pointing at an old node
            y.append(old[(i * 7919 + r) % n_old])
        start = time.perf_counter()
        gc.collect(0)
        best = min(best, time.perf_counter() - start)   # the fastest round: least disturbed
        del young
    del old
    gc.collect()
    return best * 1000

small = young_collection_ms(1_000)
large = young_collection_ms(1_000_000)
print(f"gc.collect(0), 1,000 young objects, 1,000 old:     {small:.3f} ms")
print(f"gc.collect(0), 1,000 young objects, 1,000,000 old: {large:.3f} ms")
print(f"ratio: {large / small:.2f}")
gc.disable()
big = [Node() for _ in range(1_000_000)]
start = time.perf_counter()
gc.collect(2)
full = (time.perf_counter() - start) * 1000
print(f"for comparison, gc.collect(2) with 1,000,000 old:  {full:.1f} ms")
print("1000 times the old objects, young collection under 10 times slower:", large / small < 10)
print("the full collection over 1000 times slower than the young one:", full / large > 1000)
