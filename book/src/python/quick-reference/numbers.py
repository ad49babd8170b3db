import gc
import sys

class Plain:
    pass

class Slotted:
    __slots__ = ("a",)

def gen():
    yield 1

print(sys.version.split()[0])
print("gc.get_threshold():", gc.get_threshold())
print("object header: getsizeof(object()) =", sys.getsizeof(object()))
print("GC header: getsizeof([]) - [].__sizeof__() =", sys.getsizeof([]) - [].__sizeof__())
samples = [
    ("0", 0), ("1", 1), ("2**30", 2**30), ("2**60", 2**60), ("1.0", 1.0),
    ("''", ""), ("'a'", "a"), ("b''", b""), ("None", None),
    ("()", ()), ("(1,)", (1,)), ("[]", []), ("[1, 2, 3]", [1, 2, 3]),
    ("{}", {}), ("{'a': 1}", {"a": 1}), ("set()", set()),
    ("Plain()", Plain()), ("Slotted()", Slotted()), ("generator", gen()),
]
for label, value in samples:
    print(f"  getsizeof({label}) = {sys.getsizeof(value)}")
