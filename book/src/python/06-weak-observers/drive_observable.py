from seed_observable import Observable

class Display:
    def __init__(self, name):
        self.name = name
    def on_price(self, price):
        print(f"{self.name} shows {price}")

prices = Observable()
a = Display("a")
b = Display("b")
prices.add_observer("price", a.on_price)
prices.add_observer("price", b.on_price)
prices.notify("price", 100)
print("del a")
del a
print("after del a, still listed:", len(prices._observers["price"]))
prices.notify("price", 101)
print("after notify, listed:", len(prices._observers["price"]))
