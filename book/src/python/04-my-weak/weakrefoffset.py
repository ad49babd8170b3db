import weakref

class Regular:
    pass

class Slotted:
    __slots__ = ("value",)

class SlottedWeak:
    __slots__ = ("value", "__weakref__")

for cls in (Regular, Slotted, SlottedWeak, int, list, str):
    print(f"{cls.__name__:12} __weakrefoffset__ = {cls.__weakrefoffset__:3}   __basicsize__ = {cls.__basicsize__}")

kept = SlottedWeak()
print(weakref.ref(kept))
weakref.ref(Slotted())
