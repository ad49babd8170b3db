import weakref
from typing import Any, Callable, Dict, Optional

class Observable:
    """Observable pattern using weak references."""

    def __init__(self):
        self._observers: Dict[str, list] = {}

    def add_observer(self, event: str, callback: Callable):
        """Add observer with weak reference."""
        if event not in self._observers:
            self._observers[event] = []

        # Use weak reference to prevent memory leaks
        ref = weakref.WeakMethod(callback, self._make_ref_callback(event))
        self._observers[event].append(ref)

    def _make_ref_callback(self, event: str) -> Callable:
        """Create callback for dead references."""
        def callback(ref):
            print(f"Observer for {event} was garbage collected")
        return callback

    def notify(self, event: str, *args, **kwargs):
        """Notify all observers of event."""
        if event not in self._observers:
            return

        dead_refs = []
        for ref in self._observers[event]:
            callback = ref()
            if callback is not None:
                callback(*args, **kwargs)
            else:
                dead_refs.append(ref)

        # Clean up dead references
        for ref in dead_refs:
            self._observers[event].remove(ref)
