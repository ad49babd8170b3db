import weakref

class Subscriber:
    pass

s = Subscriber()
refs = [weakref.ref(s, lambda r, n=n: print("callback of ref", n)) for n in (1, 2, 3)]
dropped = weakref.ref(s, lambda r: print("callback of the dropped ref"))
del dropped
f = weakref.finalize(s, print, "finalize")
del f
print("del s")
del s
print("after del s")
