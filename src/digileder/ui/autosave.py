"""Save a participant's text as they type, without writing on every keystroke.

`Debounced(save)` waits until typing pauses (DELAY seconds) and then saves once. Anything
still waiting is saved when the kernel shuts down normally, and `flush()` saves at once
(the "Gem" buttons and the tests use it). A kernel that is killed loses at most DELAY seconds.
"""

from __future__ import annotations

import atexit
import threading
import weakref
from collections.abc import Callable

DELAY = 0.8  # seconds of quiet before a draft is written
_PENDING: weakref.WeakSet[Debounced] = weakref.WeakSet()


class Debounced:
    """Call `action` once typing has paused; `flush()` calls it now if anything is waiting."""

    def __init__(self, action: Callable[[], object], delay: float | None = None):
        self.action = action
        self.delay = DELAY if delay is None else delay
        self._timer: threading.Timer | None = None
        self._lock = threading.RLock()  # the action may change a widget that calls us again

    def __call__(self, *_ignored) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.delay, self.flush)
            self._timer.daemon = True
            self._timer.start()
            _PENDING.add(self)

    @property
    def pending(self) -> bool:
        return self._timer is not None

    def flush(self) -> object:
        """Run the action now (cancelling the wait); returns what the action returned."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            _PENDING.discard(self)
            return self.action()


    def cancel(self) -> None:
        """Forget what is waiting (nothing is written)."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            _PENDING.discard(self)


@atexit.register
def _flush_all() -> None:
    for waiting in list(_PENDING):
        waiting.flush()


def cancel_all() -> None:
    """Forget every waiting save. Tests call it, so a timer from one test never writes into
    the next test's answers folder."""
    for waiting in list(_PENDING):
        waiting.cancel()
