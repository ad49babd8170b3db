import gc

class Node:
    def __init__(self, value):
        self.value = value
        self.ref = None
    def __del__(self):
        print("Deleting Node", self.value)

gc.disable()
gc.collect()
a = Node(1); b = Node(2)
a.ref = b; b.ref = a
del a
print("after del a")
del b
print("after del b")
print("gc.collect() ->", gc.collect())
print("gc.collect() again ->", gc.collect())
