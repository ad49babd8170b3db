from seed_callbacks import Observable

class Display:
    def __init__(self, name):
        self.name = name
    def on_price(self, price):
        print(f"  {self.name} shows {price}")

# ANCHOR: seed
prices = Observable()
a, b = Display("a"), Display("b")
prices.add_observer("price", a.on_price)
prices.add_observer("price", b.on_price)
print("del a (no collector involved: refcount reaches zero here)")
del a
print("still listed:", len(prices._observers["price"]))
print("unsubscribe?", [m for m in dir(prices) if "remove" in m or "unsub" in m])
# ANCHOR_END: seed
# ANCHOR: fixed
class FixedObservable(Observable):
    def add_observer(self, event, callback):
        import weakref
        entries = self._observers.setdefault(event, [])
        def drop(ref):                   # the death callback removes the entry itself
            entries.remove(ref)
            print(f"  observer for {event} died; removed")
        entries.append(weakref.WeakMethod(callback, drop))

    def remove_observer(self, event, callback):
        entries = self._observers.get(event, [])
        entries[:] = [r for r in entries if r() != callback]

prices = FixedObservable()
a, b = Display("a"), Display("b")
prices.add_observer("price", a.on_price)
prices.add_observer("price", b.on_price)
del a
print("fixed, listed after del a:", len(prices._observers["price"]))
prices.remove_observer("price", b.on_price)
print("fixed, listed after remove_observer:", len(prices._observers["price"]))
# ANCHOR_END: fixed
