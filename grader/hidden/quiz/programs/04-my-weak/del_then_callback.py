import weakref

class Noisy:
    def __del__(self):
        print("__del__: w() is None?", w() is None)

obj = Noisy()
w = weakref.ref(obj, lambda ref: print("callback: ref() is None?", ref() is None))
print("weakref.ref(obj) is w:", weakref.ref(obj) is w)
print("getweakrefcount:", weakref.getweakrefcount(obj))
del obj
print("after del: w() is", w())
