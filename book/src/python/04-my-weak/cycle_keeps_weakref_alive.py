import gc
import weakref

class WeakRefDemo:
    def __init__(self, value):
        self.value = value

    def __repr__(self):
        return f"WeakRefDemo({self.value})"

obj = WeakRefDemo(7)
obj.partner = obj          # a reference cycle, like the seed's CircularRef pair
weak_ref = weakref.ref(obj)
del obj
print(f"after del: {weak_ref()}")
gc.collect()
print(f"after gc.collect(): {weak_ref()}")
