from collections import OrderedDict

class LRU:
    def __init__(self, capacity):
        self.capacity = capacity
        self.data = OrderedDict()

    def get(self, key):
        if key not in self.data:
            return None
        self.data.move_to_end(key)          # most recently used goes last
        return self.data[key]

    def put(self, key, value):
        if key in self.data:
            self.data.move_to_end(key)
        self.data[key] = value
        if len(self.data) > self.capacity:
            return self.data.popitem(last=False)   # the first item is the least recent
        return None

cache = LRU(2)
print(cache.put("a", 1), cache.put("b", 2))
print(cache.get("a"))
print(cache.put("c", 3))
print(list(cache.data))
