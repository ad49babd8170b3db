import weakref

class Noisy:
    def __del__(self):
        print("__del__: the weakref still answers", w())

obj = Noisy()
w = weakref.ref(obj, lambda ref: print("callback: the weakref answers", ref()))
del obj
print("after del:", w())
