import functools
from seed_observable import Observable

prices = Observable()

class Printer:
    def __call__(self, price):
        print(f"printer {price}")

log = []
for name, callback in [("a callable object", Printer()),
                       ("functools.partial", functools.partial(print, "partial")),
                       ("a built-in method", log.append)]:
    try:
        prices.add_observer("price", callback)
    except TypeError as error:
        print(f"{name}: TypeError: {error}")
