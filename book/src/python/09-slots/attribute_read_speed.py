import timeit

class RegularClass:
    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

class SlotClass:
    __slots__ = ['x', 'y', 'z']

    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

def read(obj, n):
    for _ in range(n):
        obj.x; obj.y; obj.z

for cls in (RegularClass, SlotClass):
    obj = cls(1, 2, 3)
    best = min(timeit.repeat(lambda: read(obj, 1_000_000), number=1, repeat=5))
    print(f"{cls.__name__:12}: {best / 3e6 * 1e9:.1f} ns per attribute read")
