import pickle
import weakref

class SlotPoint:
    __slots__ = ("x", "y")

class WeakSlotPoint:
    __slots__ = ("x", "y", "__weakref__")

p = SlotPoint()
p.x, p.y = 1, 2
try:
    weakref.ref(p)
except TypeError as error:
    print("weakref.ref(p):", error)
print("with __weakref__ listed:", weakref.ref(WeakSlotPoint()) is not None)
print("hasattr(p, '__dict__'):", hasattr(p, "__dict__"))
copy = pickle.loads(pickle.dumps(p))
print("pickle round trip:", copy.x, copy.y)
for protocol in (0, 1, 2):
    try:
        pickle.loads(pickle.dumps(p, protocol=protocol))
        print(f"pickle protocol {protocol}: ok")
    except TypeError as error:
        print(f"pickle protocol {protocol}:", error)

class A:
    __slots__ = ("a",)

class B:
    __slots__ = ("b",)

try:
    class C(A, B):
        pass
except TypeError as error:
    print("class C(A, B):", error)

class Plain(SlotPoint):
    pass

print("a subclass without __slots__ has a __dict__ again:", hasattr(Plain(), "__dict__"))

try:
    class WithDefault:
        __slots__ = ("x",)
        x = 0
except ValueError as error:
    print("a class variable named like a slot:", error)
