import dis

class Point:
    def __init__(self, x):
        self.x = x

class SlotPoint:
    __slots__ = ("x",)
    def __init__(self, x):
        self.x = x

for cls in (Point, SlotPoint):
    def reader(p):
        return p.x
    for _ in range(1000):                  # let the specializing interpreter adapt
        reader(cls(1))
    ops = [i.opname for i in dis.get_instructions(reader, adaptive=True) if i.opname.startswith("LOAD_ATTR")]
    print(f"{cls.__name__:9}", ops)
