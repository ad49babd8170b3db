import gc
import tracemalloc
from leaky_service import Service, Session

service = Service()
tracemalloc.start()
for i in range(1000):
    service.handle(i)
before = tracemalloc.take_snapshot()
for i in range(1000, 11_000):
    service.handle(i)
gc.collect()                                   # cycles are not leaks in CPython: drop them first
after = tracemalloc.take_snapshot()
print("10,000 more events: top growth by line")
for stat in after.compare_to(before, "lineno")[:4]:
    print(" ", str(stat).replace(__file__.rsplit("/", 1)[0] + "/", ""))

def ours(obj):
    """An object this script made (the walker's own lists): not a real holder."""
    trace = tracemalloc.get_object_traceback(obj)
    return trace is not None and trace[0].filename == __file__

def referrer_chain(obj, depth=6):
    """Follows gc.get_referrers from obj up to a module's globals: who keeps it alive."""
    chain, seen = [obj], {id(obj)}
    while len(chain) <= depth:
        holders = [r for r in gc.get_referrers(chain[-1])
                   if id(r) not in seen and r is not chain
                   and type(r).__name__ not in ("frame", "generator")
                   and not ours(r)]
        if not holders:
            break
        holder = holders[0]
        seen.add(id(holder))
        chain.append(holder)
        if isinstance(holder, dict) and "__name__" in holder:
            break                                  # a module's globals: the root
    return chain

def describe(obj):
    if isinstance(obj, dict) and "__name__" in obj:
        return f"globals of module {obj['__name__']}"
    if isinstance(obj, dict):
        return f"dict with keys {list(obj)[:4]}"
    if isinstance(obj, list):
        return f"list of {len(obj)}"
    return type(obj).__name__

def made_at(obj, line):
    trace = tracemalloc.get_object_traceback(obj)
    return trace is not None and trace[0].filename.endswith("leaky_service.py") and trace[0].lineno == line

# The biggest growth, line 23, is the tables' lists; line 3 made the Sessions' lists, and 13
# sessions are open. Take the first list made at line 3 that the collector lists: who holds it?
def show_holders():
    oldest = next(o for o in gc.get_objects() if isinstance(o, list) and made_at(o, 3))
    chain = referrer_chain(oldest)
    del oldest
    print("who holds the first list made at line 3 (a", describe(chain[0]) + "):")
    for obj in chain[1:]:
        print("  <-", describe(obj))

show_holders()
print("sessions alive:", sum(isinstance(o, Session) for o in gc.get_objects()),
      "| in service.sessions:", len(service.sessions))
