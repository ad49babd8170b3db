from seed_observable import Observable

class Display:
    def __init__(self, name):
        self.name = name
    def on_price(self, price):
        print(f"{self.name} shows {price}")

# ANCHOR: shown
prices = Observable()
print("subscribing a method of a temporary Display")
prices.add_observer("price", Display("temp").on_price)
print("subscribed; notifying")
prices.notify("price", 100)
print("notified; listed:", len(prices._observers["price"]))
# ANCHOR_END: shown
