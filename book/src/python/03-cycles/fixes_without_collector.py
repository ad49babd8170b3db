import gc
import weakref
from seed import Node

gc.disable()

print("explicit break:")
node1 = Node(1)
node2 = Node(2)
node1.ref = node2
node2.ref = node1
node2.ref = None          # break the cycle by hand before the dels
del node1
print("  after del node1")
del node2
print("  after del node2")

print("weak back edge:")
node1 = Node(1)
node2 = Node(2)
node1.ref = node2
node2.ref = weakref.ref(node1)   # the back edge does not keep node1 alive
del node1
print("  after del node1; node2.ref() is", node2.ref())
del node2
print("  after del node2")
