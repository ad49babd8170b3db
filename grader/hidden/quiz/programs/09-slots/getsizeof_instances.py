import sys

class Regular:
    def __init__(self):
        self.x, self.y, self.z = 1, 2, 3

class Slotted:
    __slots__ = ("x", "y", "z")
    def __init__(self):
        self.x, self.y, self.z = 1, 2, 3

for _ in range(30):      # let the class settle on its shared keys
    Regular()
print("getsizeof(Regular()):", sys.getsizeof(Regular()))
print("getsizeof(Slotted()):", sys.getsizeof(Slotted()))
print("'__dict__' in dir(Slotted()):", "__dict__" in dir(Slotted()))
