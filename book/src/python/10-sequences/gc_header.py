import gc
import sys

class Plain:
    def __init__(self):
        self.x = 1

class Slotted:
    __slots__ = ("x",)
    def __init__(self):
        self.x = 1

def show(label, obj):
    extra = sys.getsizeof(obj) - obj.__sizeof__()
    print(f"{label:<22} tracked {gc.is_tracked(obj)!s:<5}  __sizeof__ {obj.__sizeof__():>2}"
          f"  getsizeof {sys.getsizeof(obj):>2}  added {extra}")

pair = tuple([1, 2])
show("tuple([1, 2])", pair)
gc.collect()          # a collection untracks a tuple that holds only untracked objects
show("the same, collected", pair)
show("10 ** 30 (an int)", 10 ** 30)
show("Slotted()", Slotted())
show("Plain()", Plain())
