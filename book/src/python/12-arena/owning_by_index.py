import gc

class Node:
    def __init__(self, value):
        self.value = value
        self.ref = None          # an index into `nodes`, not a Node

    def __del__(self):
        print(f"Deleting Node with value: {self.value}")

gc.disable()
nodes = [Node(1), Node(2)]       # the list owns both nodes
nodes[0].ref = 1                 # node1.ref = node2
nodes[1].ref = 0                 # node2.ref = node1
print("cycle of indices:", nodes[nodes[0].ref].value, "->", nodes[nodes[nodes[0].ref].ref].value)

stale = 1                        # somebody keeps "node 2"
nodes[1] = Node(3)               # ... node 2 is replaced, its slot reused
print("the stale index reads value", nodes[stale].value)

del nodes                        # dropping the owner frees everything
print("after del nodes; gc.collect() ->", gc.collect())
