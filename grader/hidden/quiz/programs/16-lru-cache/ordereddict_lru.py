from collections import OrderedDict

cache = OrderedDict()
capacity = 2

def put(key, value):
    cache[key] = value
    cache.move_to_end(key)
    if len(cache) > capacity:
        print("evict", cache.popitem(last=False))

def get(key):
    if key not in cache:
        return None
    cache.move_to_end(key)
    return cache[key]

put("a", 1); put("b", 2)
print(get("a"))
put("c", 3)
print(get("b"), list(cache))
