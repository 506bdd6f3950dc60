"""Save a participant's text as they type, without writing on every keystroke.

`Debounced(save)` waits until typing pauses (DELAY seconds) and then saves once; while the
participant types without a pause it still saves every MAX_WAIT seconds. Anything still
waiting is saved when the kernel shuts down normally, and `flush()` saves at once (the "Gem"
buttons and the tests use it). A kernel that is killed loses at most the typing of the last
DELAY seconds after a pause, or of the last MAX_WAIT seconds of typing without one.
"""

from __future__ import annotations

import atexit
import threading
import time
import weakref
from collections.abc import Callable

DELAY = 0.8  # seconds of quiet before a draft is written
MAX_WAIT = 5.0  # seconds of typing without a pause before a draft is written anyway
_PENDING: weakref.WeakSet[Debounced] = weakref.WeakSet()


class Debounced:
    """Call `action` once typing has paused; `flush()` calls it now if anything is waiting."""

    def __init__(self, action: Callable[[], object], delay: float | None = None,
                 max_wait: float = MAX_WAIT, clock: Callable[[], float] = time.monotonic,
                 seen: object | None = None):
        """SEEN: the view's answers.Seen, so a newer view of the same answer in this kernel
        saves this draft before it reads (see answers.seen.flush_other_drafts)."""
        self.action = action
        self.delay = DELAY if delay is None else delay
        self.max_wait = max_wait
        self._clock = clock
        self._waiting_since: float | None = None  # when the oldest unsaved change came
        self._timer: threading.Timer | None = None
        self._lock = threading.RLock()  # the action may change a widget that calls us again
        if seen is not None:
            seen.draft = self

    def __call__(self, *_ignored) -> None:
        with self._lock:
            now = self._clock()
            if self._waiting_since is None:
                self._waiting_since = now
            elif now - self._waiting_since >= self.max_wait:
                self.flush()  # typing without a pause: save what is there now
                return
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
            self._forget()
            return self.action()

    def flush_pending(self) -> None:
        """Run the action now only if a change is waiting (a timer may just have run it)."""
        with self._lock:
            if self.pending:
                self.flush()

    def cancel(self) -> None:
        """Forget what is waiting (nothing is written)."""
        with self._lock:
            self._forget()

    def _forget(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._waiting_since = None
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
