import weakref
from seed_gc import WeakRefDemo, weak_value_dict_demo

# ANCHOR: seed
try:
    weak_value_dict_demo()
except KeyError as error:
    print("weak_value_dict_demo() raised KeyError:", error)
# ANCHOR_END: seed
# ANCHOR: fixed
def weak_value_dict_demo_fixed():
    cache = weakref.WeakValueDictionary()

    def get_or_create(key):
        obj = cache.get(key)           # one lookup, into a strong reference
        if obj is None:
            obj = WeakRefDemo(key)
            cache[key] = obj
        return obj

    obj1 = get_or_create("item1")
    obj2 = get_or_create("item2")
    print(f"Cache size: {len(cache)}")
    del obj1                           # no gc.collect() needed: refcounting frees it
    print(f"Cache size after del: {len(cache)}")

weak_value_dict_demo_fixed()
# ANCHOR_END: fixed
