import ctypes
import sys
import tracemalloc

class RegularClass:
    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

def make():
    return RegularClass(1, 2, 3)
MAKE_LINE = make.__code__.co_firstlineno + 1

def keys_refcount(d):
    """dk_refcnt of a dict's keys table, read from CPython's structs (3.11-3.13, 64-bit):
    PyDictObject is refcount, type, ma_used, ma_version_tag, then ma_keys;
    a PyDictKeysObject starts with dk_refcnt."""
    keys = ctypes.c_void_p.from_address(id(d) + 32).value
    return ctypes.c_ssize_t.from_address(keys).value

DICT = sys.getsizeof({})   # an empty dict: the object and the collector's header
print(f"getsizeof({{}}) = {DICT}")
keep = []
for n in range(1, 28):
    tracemalloc.start()
    obj = make()
    snapshot = tracemalloc.take_snapshot()
    tracemalloc.stop()
    keep.append(obj)
    blocks = sorted(t.size for t in snapshot.filter_traces(
        [tracemalloc.Filter(True, __file__, lineno=MAKE_LINE)]).traces)
    made = sum(blocks)
    d = obj.__dict__
    size = sys.getsizeof(d)
    if n in (1, 2, 24, 25, 26, 27):
        print(f"#{n:<2} making it: {made} bytes traced {blocks};  getsizeof(obj.__dict__) = {size}"
              f" = {DICT} + 8 x {(size - DICT) // 8};  keys' dk_refcnt {keys_refcount(d)}")

own = dict(x=1, y=2, z=3)   # a dict with keys of its own
print(f"dict(x=1, y=2, z=3): getsizeof = {sys.getsizeof(own)};  keys' dk_refcnt {keys_refcount(own)}")
print(f"type.__sizeof__(RegularClass) = {type.__sizeof__(RegularClass)}"
      f" = type.__basicsize__ {type.__basicsize__} + the shared keys"
      f" {type.__sizeof__(RegularClass) - type.__basicsize__}")
print(f"RegularClass.__basicsize__ = {RegularClass.__basicsize__},"
      f" __weakrefoffset__ = {RegularClass.__weakrefoffset__}")
