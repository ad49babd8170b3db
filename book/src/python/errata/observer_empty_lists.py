import contextlib
import io
import weakref
from seed_callbacks import Observable

class Listener:
    def on_event(self, *args):
        pass

# ANCHOR: seed
bus = Observable()
with contextlib.redirect_stdout(io.StringIO()):      # hide 1,000 death messages
    for i in range(1000):
        listener = Listener()
        bus.add_observer(f"job-{i}", listener.on_event)   # one event per job
        del listener                                       # the job is done
for i in range(1000):
    bus.notify(f"job-{i}")                           # removes the dead reference
print("events kept:", len(bus._observers),
      "observers in them:", sum(map(len, bus._observers.values())))
# ANCHOR_END: seed
# ANCHOR: fixed
class FixedObservable(Observable):
    def add_observer(self, event, callback):
        entries = self._observers.setdefault(event, [])
        def drop(ref):                       # the death callback removes its entry,
            entries.remove(ref)
            if not entries and self._observers.get(event) is entries:
                del self._observers[event]   # and the event's list once it is empty
        entries.append(weakref.WeakMethod(callback, drop))

bus = FixedObservable()
for i in range(1000):
    listener = Listener()
    bus.add_observer(f"job-{i}", listener.on_event)
    del listener
print("fixed: events kept:", len(bus._observers))
# ANCHOR_END: fixed
