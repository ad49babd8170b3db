from seed_callbacks import Observable

class Display:
    def __init__(self, name, fail=False):
        self.name, self.fail = name, fail
    def on_price(self, price):
        if self.fail:
            raise ValueError(f"{self.name} failed")
        print(f"  {self.name} shows {price}")

class Subscriber(Display):
    def on_price(self, price):
        super().on_price(price)
        prices.add_observer("price", newcomer.on_price)   # subscribes during notify

newcomer = Display("newcomer")

# ANCHOR: seed
prices = Observable()
first = Subscriber("first")
prices.add_observer("price", first.on_price)
print("one notify:")
prices.notify("price", 100)

prices = Observable()
broken, working = Display("broken", fail=True), Display("working")
prices.add_observer("price", broken.on_price)
prices.add_observer("price", working.on_price)
try:
    prices.notify("price", 101)
except ValueError as error:
    print("notify raised:", error, "- working was never called")
# ANCHOR_END: seed
# ANCHOR: fixed
def notify_fixed(observable, event, *args):
    errors = []
    for ref in list(observable._observers.get(event, [])):   # a copy: no newcomers
        callback = ref()
        if callback is not None:
            try:
                callback(*args)
            except Exception as error:                        # one failure stops no one
                errors.append(error)
    return errors

print("fixed:", notify_fixed(prices, "price", 102))
# ANCHOR_END: fixed
