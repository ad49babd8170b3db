# requires: objgraph==3.7.0
import objgraph
from leaky_service import Service

service = Service()
for i in range(1000):
    service.handle(i)
objgraph.growth()                          # the first call records the baseline
for i in range(1000, 11_000):
    service.handle(i)
print("type       alive  growth")
for name, count, delta in objgraph.growth(limit=1):
    print(f"{name:10} {count:5,} {delta:+7,}")

def holders(obj):
    """The shortest chain of referrers from a module down to obj."""
    chain = objgraph.find_backref_chain(obj, objgraph.is_proper_module)
    return " <- ".join(type(o).__name__ for o in reversed(chain[:-1]))

print("an inbox is held by:", holders(service.subscribers[0]))
