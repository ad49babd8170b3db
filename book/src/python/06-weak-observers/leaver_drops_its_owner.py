from seed_observable import Observable

class Display:
    def __init__(self, name):
        self.name = name
    def on_price(self, price):
        print(f"{self.name} shows {price}")

class Leaver(Display):
    def on_price(self, price):
        super().on_price(price)
        del owners["leaver"]      # drop the only reference to this very Display
        print("leaver dropped its last owner")

prices = Observable()
owners = {"leaver": Leaver("leaver"), "after": Display("after")}
prices.add_observer("price", owners["leaver"].on_price)
prices.add_observer("price", owners["after"].on_price)
prices.notify("price", 100)
