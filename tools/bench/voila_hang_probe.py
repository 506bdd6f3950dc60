"""Diagnostics for the Voila hang, loaded by Voila as its config file `voila.py`.

voila_hang.py --probe copies this file into the test server's private JUPYTER_CONFIG_DIR.
It wraps nbclient's wait for a cell's execute_reply and, every 10 s, logs one "PROBE" line
for each reply awaited longer than 20 s: is a message waiting on the shell socket (zmq
EVENTS) while its file descriptor has no signal left (a lost wake-up), is the descriptor
registered in the event loop's selector with this socket's own callback and in the epoll set
behind it, and what the socket's own bookkeeping says. Not used by the course.
"""

import asyncio
import os
import select
import time

import zmq
from nbclient import client as _nbclient

_waiting: dict = {}
_watch_task = None
_original = _nbclient.NotebookClient._async_poll_for_reply


def _epoll_fds(loop) -> set[int] | None:
    """File descriptors in the loop's epoll set (from /proc, as the kernel sees it)."""
    selector = getattr(loop, "_selector", None)
    inner = getattr(selector, "_selector", None)
    if inner is None or not hasattr(inner, "fileno"):
        return None
    try:
        with open(f"/proc/self/fdinfo/{inner.fileno()}") as info:
            return {int(line.split()[1]) for line in info if line.startswith("tfd:")}
    except OSError:
        return None


def _describe(name: str, socket, loop) -> str:
    if socket is None or socket.closed:
        return f"{name}=closed"
    fd = socket.getsockopt(zmq.FD)
    # Reading ZMQ_EVENTS drains the descriptor's signal; only do it when the descriptor has
    # none (otherwise the loop is about to wake the socket, and reading could lose that).
    if select.select([fd], [], [], 0)[0]:
        return f"{name}: fd={fd} signalled (will wake)"
    events = socket.getsockopt(zmq.EVENTS)
    selector = getattr(loop, "_selector", None)
    key = selector.get_map().get(fd) if selector is not None else None
    registered = key is not None
    # Whose callback the loop runs for this descriptor: this socket's, or a stale one left
    # by an earlier socket that had the same descriptor number?
    reader = key.data[0] if key else None
    cells = getattr(getattr(reader, "_callback", None), "__closure__", None) or ()
    own = any(cell.cell_contents is socket for cell in cells)
    in_epoll = _epoll_fds(loop)
    return (f"{name}: fd={fd} pollin={bool(events & zmq.POLLIN)} registered={registered} "
            f"own_callback={own} "
            f"in_epoll={None if in_epoll is None else fd in in_epoll} "
            f"recv_futures={len(getattr(socket, '_recv_futures', []) or [])} "
            f"state={getattr(socket, '_state', '?')}")


async def _watch() -> None:
    loop = asyncio.get_running_loop()
    while True:
        await asyncio.sleep(10)
        now = time.monotonic()
        for msg_id, (since, client) in list(_waiting.items()):
            if now - since < 20:
                continue
            kc = client.kc
            parts = [_describe("shell", kc.shell_channel.socket, loop),
                     _describe("iopub", kc.iopub_channel.socket, loop)] if kc else ["no kc"]
            print(f"PROBE pid={os.getpid()} waiting {now - since:.0f} s for reply to "
                  f"{msg_id[:8]}: " + " | ".join(parts), flush=True)


async def _poll_for_reply(self, msg_id, *args, **kwargs):
    global _watch_task
    if _watch_task is None:
        _watch_task = asyncio.ensure_future(_watch())
        print(f"PROBE kernel client: {type(self.kc).__module__}.{type(self.kc).__name__}",
              flush=True)
    _waiting[msg_id] = (time.monotonic(), self)
    try:
        return await _original(self, msg_id, *args, **kwargs)
    finally:
        _waiting.pop(msg_id, None)


_nbclient.NotebookClient._async_poll_for_reply = _poll_for_reply
print("PROBE installed", flush=True)
