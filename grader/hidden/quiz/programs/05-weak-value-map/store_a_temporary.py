import weakref

class Value:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print(f"Value({self.name}) freed")

cache = weakref.WeakValueDictionary()
cache["a"] = Value("a")
print("after storing a temporary:", len(cache))
kept = Value("b")
cache["b"] = kept
print("after storing a held value:", len(cache))
cache["b"] = Value("c")
print("after replacing b:", len(cache), "b in cache:", "b" in cache)
print("kept is alive:", kept.name)
