import dis

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

for cls in (RegularClass, SlotClass):
    def read(obj):
        return obj.x
    obj = cls(1, 2, 3)
    for _ in range(1000):      # let the specializing interpreter adapt the function
        read(obj)
    names = [i.opname for i in dis.get_instructions(read, adaptive=True) if "ATTR" in i.opname]
    print(f"{cls.__name__:12}: obj.x runs as {', '.join(names)}")
