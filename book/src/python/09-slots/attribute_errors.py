class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

class SlotPoint:
    __slots__ = ("x", "y")
    def __init__(self, x, y):
        self.x = x
        self.y = y

def attempt(label, action):
    try:
        action()
        print(f"{label}: ok")
    except AttributeError as error:
        print(f"{label}: AttributeError: {error}")

p = Point(1, 2)
s = SlotPoint(1, 2)
attempt("get p.w", lambda: p.w)
attempt("del p.w", lambda: delattr(p, "w"))
attempt("set p.w", lambda: setattr(p, "w", 3))
del p.x
attempt("get p.x after del", lambda: p.x)
attempt("del p.x again", lambda: delattr(p, "x"))
attempt("get s.w", lambda: s.w)
attempt("set s.w", lambda: setattr(s, "w", 3))
attempt("del s.w", lambda: delattr(s, "w"))
del s.x
attempt("get s.x after del", lambda: s.x)
attempt("del s.x again", lambda: delattr(s, "x"))
attempt("s.__dict__", lambda: s.__dict__)
