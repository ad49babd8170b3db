class SlotPoint:
    __slots__ = ("x", "y")
    def __init__(self, x, y):
        self.x = x
        self.y = y

def attempt(label, action):
    try:
        action()
        print(label + ": ok")
    except AttributeError as error:
        print(f"{label}: AttributeError: {error}")

s = SlotPoint(1, 2)
attempt("set s.z", lambda: setattr(s, "z", 3))
del s.x
attempt("get s.x after del", lambda: s.x)
attempt("del s.x again", lambda: delattr(s, "x"))
attempt("s.__dict__", lambda: s.__dict__)
print(type(SlotPoint.x).__name__)
