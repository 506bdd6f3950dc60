"""Stopping `digileder grade` midway (Ctrl-C, SIGTERM, a killed grader) leaves nothing behind.

The main process stops the batch between two merges, never in the middle of one, and ends
its workers. A worker that is told to stop, or whose main process died, ends its fork server
(and with it every kernel and what they started, forkserver.py) before it exits. Grades
merged before the stop are kept; the rest are graded at the next run.
"""

from __future__ import annotations

import ctypes
import os
import signal
import threading
from contextlib import contextmanager

_PR_SET_PDEATHSIG = 1


class StopOnSignal:
    """While active, Ctrl-C and SIGTERM raise KeyboardInterrupt in the main process, but
    only outside `merging()`."""

    def __init__(self):
        self.merging_now = False
        self.asked = False
        self.previous: dict[int, object] = {}

    def __enter__(self):
        _quiet_resource_tracker()
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                self.previous[signum] = signal.signal(signum, self._stop)
        return self

    def __exit__(self, *_exc):
        for signum, handler in self.previous.items():
            signal.signal(signum, handler)
        return False

    def _stop(self, _signum, _frame):
        if self.merging_now:
            self.asked = True
        else:
            raise KeyboardInterrupt

    @contextmanager
    def merging(self):
        self.merging_now = True
        try:
            yield
        finally:
            self.merging_now = False
        if self.asked:
            raise KeyboardInterrupt


def _quiet_resource_tracker() -> None:
    """Start multiprocessing's resource tracker (the worker pool uses it) with its stderr on
    /dev/null: when the grader is killed (kill -9), the tracker outlives it and would warn in
    English, on the teacher's terminal, about the pool's semaphores it then removes."""
    from multiprocessing import resource_tracker

    saved, devnull = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        resource_tracker.ensure_running()  # inherits fd 2; a running tracker is kept
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def init_worker(parent: int) -> None:
    """In each grading worker: Ctrl-C is for the main process; SIGTERM or the main process's
    death end the worker and its sandbox."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _end_worker)
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:  # the main process died before the line above
        _end_worker()


def _end_worker(_signum=None, _frame=None) -> None:
    from digileder.teacher.forkserver_client import _Server

    _Server.stop_now()
    _Server.stop()  # removes the sandbox's folders
    os._exit(1)


def stop_workers(pool) -> None:
    """End the pool's worker processes now (each ends its own fork server and kernels)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        if process.is_alive():
            process.terminate()
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.join(timeout=10)
