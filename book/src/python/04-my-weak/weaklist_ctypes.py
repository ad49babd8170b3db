# CPython 3.11-3.13 on x86-64 only: reads raw words of objects through their id() addresses.
import ctypes
import weakref

class WeakRefDemo:
    def __init__(self, value):
        self.value = value

def word(address):
    return ctypes.c_void_p.from_address(address).value or 0

obj = WeakRefDemo(42)
offset = type(obj).__weakrefoffset__              # the type's tp_weaklistoffset
print("tp_weaklistoffset:", offset)
print("list head before any weakref:", word(id(obj) + offset))
r1 = weakref.ref(obj)
print("list head is r1:", word(id(obj) + offset) == id(r1))
print("r1.wr_object is obj:", word(id(r1) + 16) == id(obj))
print("ob_refcnt of obj:", ctypes.c_ssize_t.from_address(id(obj)).value)
print("weakref.ref(obj) is r1:", weakref.ref(obj) is r1)
r2 = weakref.ref(obj, lambda ref: print("callback: r2() is", ref()))
print("getweakrefcount:", weakref.getweakrefcount(obj))
del obj
print("r1.wr_object is None:", word(id(r1) + 16) == id(None))
print("r1:", r1)
