import weakref
from typing import Any

class WeakRefDemo:
    """Demonstrate weak references."""
    
    def __init__(self, value: Any):
        self.value = value
    
    def __repr__(self):
        return f"WeakRefDemo({self.value})"

# WeakValueDictionary
def weak_value_dict_demo():
    """Demonstrate WeakValueDictionary."""
    cache = weakref.WeakValueDictionary()
    
    def get_or_create(key: str) -> WeakRefDemo:
        if key not in cache:
            cache[key] = WeakRefDemo(key)
        return cache[key]
    
    # Create and cache objects
    obj1 = get_or_create("item1")
    obj2 = get_or_create("item2")
    
    print(f"Cache size: {len(cache)}")  # 2
    
    del obj1
    import gc; gc.collect()
    
    print(f"Cache size after del: {len(cache)}")  # 1

weak_value_dict_demo()
