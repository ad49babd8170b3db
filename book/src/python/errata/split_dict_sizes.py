import sys

class RegularClass:                      # the seed's class
    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

sizes = []
instances = []
for _ in range(30):
    obj = RegularClass(1, 2, 3)
    sizes.append(sys.getsizeof(obj) + sys.getsizeof(obj.__dict__))   # the seed's formula
    instances.append(obj)
print("the seed's formula for instances #1, #2, #25, #26, #27, #30:",
      [sizes[i - 1] for i in (1, 2, 25, 26, 27, 30)])
