import copy
import sys
import weakref

class WeakRefDemo:
    pass

obj = WeakRefDemo()
r = weakref.ref(obj)
print("PyWeakReference struct (tp_basicsize):", weakref.ref.__basicsize__)
print("sys.getsizeof(r), GC header included:", sys.getsizeof(r))
print("copy.copy(r) is r:", copy.copy(r) is r)
print("weakref.getweakrefcount(obj):", weakref.getweakrefcount(obj))
del obj
print("dead:", r, "size:", sys.getsizeof(r))
