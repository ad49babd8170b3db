import weakref

class Value:
    def __init__(self, name):
        self.name = name
    def __repr__(self):
        return f"Value({self.name})"

cache = weakref.WeakValueDictionary()

# A replaced value dies: the new entry must stay.
a = Value("a")
b = Value("b")
cache["k"] = a
cache["k"] = b
del a
print("re-insert: len:", len(cache), "cache['k']:", cache["k"])

# A value dies mid-iteration: its key waits in _pending_removals.
keep = {name: Value(name) for name in "xyz"}
for name in keep:
    cache[name] = keep[name]
for key in cache.keys():
    if key == "x":
        del keep["y"]          # the value for "y" dies now
        print("iteration: pending removals:", cache._pending_removals, "data size:", len(cache.data))
print("after the loop: len:", len(cache), "pending:", cache._pending_removals, "keys:", sorted(cache))
