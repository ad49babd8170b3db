from seed_observable import Observable

class Display:
    def __init__(self, name):
        self.name = name
    def on_price(self, price):
        print(f"{self.name} shows {price}")

class Subscribing(Display):
    def on_price(self, price):
        super().on_price(price)
        prices.add_observer("price", newcomer.on_price)

class Broken(Display):
    def on_price(self, price):
        raise ValueError("broken observer")

print("1. an observer added during notify")
prices = Observable()
first = Subscribing("first")
newcomer = Display("newcomer")
prices.add_observer("price", first.on_price)
prices.notify("price", 100)

print("2. an exception in one observer")
prices = Observable()
gone, broken, working = Display("gone"), Broken("broken"), Display("working")
for observer in (gone, broken, working):
    prices.add_observer("price", observer.on_price)
del gone
try:
    prices.notify("price", 100)
except ValueError as error:
    print("notify raised ValueError:", error)
print("listed:", len(prices._observers["price"]))

print("3. unsubscribing")
print("methods of Observable:", sorted(n for n in vars(Observable) if not n.startswith("__")))
