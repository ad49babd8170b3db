import gc
import weakref

class Node:
    def __init__(self, value):
        self.value = value
        self.ref = None
    def __del__(self):
        print("Deleting Node", self.value)

gc.disable()
node1 = Node(1); node2 = Node(2)
node1.ref = node2
node2.ref = weakref.ref(node1)
del node1
print("after del node1; node2.ref() is", node2.ref())
del node2
print("after del node2")
