import weakref

saved = []

class Phoenix:
    def __del__(self):
        print("__del__ stores self")
        saved.append(self)     # a new strong reference: the object lives on

obj = Phoenix()
w = weakref.ref(obj, lambda ref: print("callback"))
del obj
print("resurrected:", len(saved), "object;", "the weakref still answers:", w() is saved[0])
