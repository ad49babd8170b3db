import sys

class RegularClass:
    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

sizes = []
keep = []
for i in range(1, 41):
    obj = RegularClass(1, 2, 3)
    keep.append(obj)
    if i in (1, 2, 3, 10, 20, 27, 28, 29, 30, 40):
        sizes.append(f"#{i}: {sys.getsizeof(obj.__dict__)}")
print("getsizeof(obj.__dict__) of the n-th instance:")
print("  " + ", ".join(sizes))
