import gc
import weakref

class Subscriber:
    def __del__(self):
        print("  __del__ runs")

def on_ref(ref):
    print("  weakref callback, ref() is", ref())

print("1. both fire inside `del s`, at refcount zero")
s = Subscriber()
r = weakref.ref(s, on_ref)
f = weakref.finalize(s, print, "  finalize: subscriber is gone")
del s
print("after del s: f.alive =", f.alive)

print("2. drop the weakref first: its callback is cancelled; finalize keeps itself alive")
s = Subscriber()
weakref.ref(s, on_ref)
weakref.finalize(s, print, "  finalize fires though nobody kept it")
del s

print("3. exactly once: call the finalizer by hand, then let the object die")
s = Subscriber()
f = weakref.finalize(s, print, "  finalize body")
f()
f()
print("f.alive =", f.alive)
del s

print("4. in a cycle, nothing fires until the collector runs")
s = Subscriber()
s.me = s
r = weakref.ref(s, on_ref)
f = weakref.finalize(s, print, "  finalize: cycle collected")
del s
print("after del s")
gc.collect()
print("after gc.collect()")

print("5. several callbacks: the newest weakref's runs first")
s = Subscriber()
refs = [weakref.ref(s, lambda ref, n=n: print("  callback of ref", n)) for n in (1, 2, 3)]
del s
