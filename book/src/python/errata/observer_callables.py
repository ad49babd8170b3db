import weakref
from seed_callbacks import Observable

class Display:
    def __init__(self, name):
        self.name = name
    def on_price(self, price):
        print(f"  {self.name} shows {price}")

def log_price(price):
    print(f"  log {price}")

# ANCHOR: seed
prices = Observable()
for name, callback in [("a function", log_price), ("a lambda", lambda p: print(p))]:
    try:
        prices.add_observer("price", callback)
    except TypeError as error:
        print(f"{name}: TypeError: {error}")
prices.add_observer("price", Display("temporary").on_price)   # dies at once
print("notify:")
prices.notify("price", 100)
print("listed after notify:", len(prices._observers["price"]))
# ANCHOR_END: seed
# ANCHOR: fixed
class FixedObservable(Observable):
    def add_observer(self, event, callback):
        """Any callable; the caller must keep it (or its object) alive."""
        kind = weakref.WeakMethod if hasattr(callback, "__self__") and hasattr(callback, "__func__") else weakref.ref
        self._observers.setdefault(event, []).append(kind(callback, self._make_ref_callback(event)))

prices = FixedObservable()
screen = Display("screen")
prices.add_observer("price", log_price)
prices.add_observer("price", screen.on_price)
print("fixed, notify:")
prices.notify("price", 101)
# ANCHOR_END: fixed
