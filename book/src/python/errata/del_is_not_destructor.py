import gc
from seed_refcount import ReferenceCountDemo

# ANCHOR: seed
class Shown(ReferenceCountDemo):
    def __del__(self):
        super().__del__()
        print(f"  {self.value}'s partner still refers to it: {self.partner.partner is self}")

gc.collect()
gc.disable()
a, b = Shown("a"), Shown("b")
a.partner, b.partner = b, a      # a cycle: neither count can reach zero
del a, b
print("after del a, b")
print("gc.collect() ->", gc.collect())
# ANCHOR_END: seed
# ANCHOR: fixed
class Resource:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        """Finalizer: runs once, before the object is freed, either when its
        reference count reaches zero or, inside a cycle, during a collection."""
        print(f"  finalizer of {self.name}")

    def close(self):
        print(f"  {self.name} closed")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

print("refcount death:")
r = Resource("r")
del r
print("with-block, cycle or not:")
with Resource("w") as w:
    w.me = w
print("after the with-block")
# ANCHOR_END: fixed
