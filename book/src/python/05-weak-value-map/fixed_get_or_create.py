import gc
import weakref
from typing import Any

class WeakRefDemo:
    def __init__(self, value: Any):
        self.value = value

    def __repr__(self):
        return f"WeakRefDemo({self.value})"

def weak_value_dict_demo(collect: bool):
    cache = weakref.WeakValueDictionary()

    def get_or_create(key: str) -> WeakRefDemo:
        obj = cache.get(key)      # one lookup, and `obj` keeps the value alive
        if obj is None:
            obj = WeakRefDemo(key)
            cache[key] = obj
        return obj

    obj1 = get_or_create("item1")
    obj2 = get_or_create("item2")
    print(f"Cache size: {len(cache)}")

    del obj1
    if collect:
        print(f"gc.collect() found {gc.collect()} unreachable objects")

    print(f"Cache size after del: {len(cache)}")

print("with gc.collect():")
weak_value_dict_demo(collect=True)
print("without it:")
gc.disable()
weak_value_dict_demo(collect=False)
