import weakref

class Regular:
    pass

class Slotted:
    __slots__ = ("value",)

for thing in (Regular(), Slotted(), 42, [1, 2]):
    try:
        weakref.ref(thing)
        print(type(thing).__name__, "ok")
    except TypeError as error:
        print(type(thing).__name__, "TypeError:", error)
