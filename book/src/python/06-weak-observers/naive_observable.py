import weakref
from seed_observable import Observable

class Display:
    def __init__(self, name):
        self.name = name
    def on_price(self, price):
        print(f"{self.name} shows {price}")

def log_price(price):
    print(f"log {price}")

# ANCHOR: shown
class NaiveObservable(Observable):
    """The seed's class with weakref.ref instead of WeakMethod: accepts any callable."""
    def add_observer(self, event, callback):
        self._observers.setdefault(event, []).append(
            weakref.ref(callback, self._make_ref_callback(event)))

prices = NaiveObservable()
screen = Display("screen")
print("subscribing a module-level function, a lambda, a bound method")
prices.add_observer("price", log_price)
prices.add_observer("price", lambda price: print(f"lambda {price}"))
prices.add_observer("price", screen.on_price)
print("notifying")
prices.notify("price", 100)
print("listed:", len(prices._observers["price"]))
# ANCHOR_END: shown
