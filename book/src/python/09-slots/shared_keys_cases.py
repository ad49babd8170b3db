import tracemalloc

class Point:
    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

points = [Point(1, 2, 3) for _ in range(1000)]   # the class has settled on x, y, z

def cost(action):
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    action()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return after - before

a, b, c = points[:3]
def reorder():
    del a.x
    a.x = 10
print("del a.x; a.x = 10        :", cost(reorder), "bytes; vars(a) =", vars(a))
print("b.w = 4 (a new name)     :", cost(lambda: setattr(b, "w", 4)), "bytes")
print("c.v = 5 (another new one):", cost(lambda: setattr(c, "v", 5)), "bytes")
