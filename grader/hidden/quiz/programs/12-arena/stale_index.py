class Node:
    def __init__(self, value):
        self.value = value
    def __del__(self):
        print("Deleting Node", self.value)

nodes = [Node(1), Node(2), Node(3)]
stale = 1
nodes[1] = Node(4)
print("the stale index reads", nodes[stale].value)
del nodes
print("after del nodes")
