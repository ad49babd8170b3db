import gc
import weakref
from seed_refcount import Node, create_circular_reference

# ANCHOR: seed
gc.collect()                       # start from an empty generation 0
gc.disable()                       # what some latency-sensitive services do
create_circular_reference()
junk = [[] for _ in range(100_000)]
print("100,000 allocations later: gc.get_count()[0] > 100,000:", gc.get_count()[0] > 100_000)
print("only an explicit gc.collect() frees the pair:")
print("gc.collect() ->", gc.collect())
# ANCHOR_END: seed
# ANCHOR: fixed
def create_with_weak_back_edge():
    node1 = Node(1)
    node2 = Node(2)
    node1.ref = node2
    node2.ref = weakref.ref(node1)     # the back edge owns nothing
    del node1
    print("  after del node1")
    del node2
    print("  after del node2")

print("weak back edge, collector still disabled:")
create_with_weak_back_edge()
# ANCHOR_END: fixed
