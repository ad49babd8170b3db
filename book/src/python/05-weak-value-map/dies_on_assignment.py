import weakref

class WeakRefDemo:
    def __init__(self, value):
        self.value = value
    def __del__(self):
        print(f"WeakRefDemo({self.value}) freed")

cache = weakref.WeakValueDictionary()
cache["item1"] = WeakRefDemo("item1")
print("after the assignment:", len(cache), "entries;", "item1" in cache)
