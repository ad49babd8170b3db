import weakref

class WeakRefDemo:
    made = 0

    def __init__(self, value):
        self.value = value
        WeakRefDemo.made += 1

    def __repr__(self):
        return f"WeakRefDemo({self.value})"

cache = weakref.WeakValueDictionary()

def get_or_create(key):
    return cache.setdefault(key, WeakRefDemo(key))   # one read; returns a strong reference

obj1 = get_or_create("item1")
again = get_or_create("item1")
print("first call:", obj1, "second call returns the same object:", again is obj1)
print("objects built:", WeakRefDemo.made, "(one thrown away)")
print("cache size:", len(cache))
