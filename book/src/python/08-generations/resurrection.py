import gc

saved = None

class Phoenix:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        global saved
        print(f"  __del__ of {self.name}")
        saved = self                      # resurrect: a global refers to it again

gc.disable()
a, b = Phoenix("a"), Phoenix("b")
a.other, b.other = b, a                  # a cycle
del a, b
print("first collection returns", gc.collect())
print("resurrected:", saved.name, "and its partner", saved.other.name)
saved = None                             # unreachable again, same cycle
print("second collection returns", gc.collect())
