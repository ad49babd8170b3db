import contextlib
import io
from seed_observable import Observable

class Display:
    def on_price(self, price):
        pass

prices = Observable()
displays = [Display() for _ in range(1000)]
with contextlib.redirect_stdout(io.StringIO()):     # silence 1,000 death messages
    for n, display in enumerate(displays):
        prices.add_observer(f"event-{n}", display.on_price)
    del display                                      # the loop variable held the last one
    displays.clear()                                 # every observer dies
print("events:", len(prices._observers),
      "entries:", sum(len(refs) for refs in prices._observers.values()))
for n in range(1000):
    prices.notify(f"event-{n}", 100)                 # removes the dead entries...
print("after notifying each event: events:", len(prices._observers),
      "entries:", sum(len(refs) for refs in prices._observers.values()))
print("an emptied list:", prices._observers["event-0"])
