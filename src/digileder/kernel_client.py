"""A kernel client for Voila that never waits forever for a reply that has already arrived.

Voila 0.5.13 runs a module's cells with nbclient, which waits for each cell's reply with
`await shell_channel.get_msg(timeout=None)`: one pyzmq asyncio poll with no time limit. That
poll is woken by the ZeroMQ socket's file descriptor, which only signals an edge. With the
CPU saturated, the edge was sometimes missed: the reply sat in the socket (ZMQ_EVENTS said
POLLIN) while the poll slept on, and the page stayed at "Executing 8 of 21" for good (see
docs/benchmarks.md, "Når Voilà går i stå"; pyzmq#2173 describes the same missed wake-up).

The channels here wait in slices of RECHECK_S seconds. A slice that ends runs a real
zmq_poll, which sees a waiting message whether or not the edge came, so a missed wake-up
costs at most RECHECK_S seconds instead of the whole page. The course switches it on in
Voila's config (labconfig: ServerKernelManager.client_class).
"""

from __future__ import annotations

import time
from queue import Empty
from typing import Any

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from traitlets import Type

RECHECK_S = 1.0


class RecheckingChannel(AsyncZMQSocketChannel):
    """get_msg() that looks at the socket itself at least every RECHECK_S seconds."""

    async def get_msg(self, timeout: float | None = None) -> dict[str, Any]:
        assert self.socket is not None
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = RECHECK_S if deadline is None else max(0.0, deadline - time.monotonic())
            if await self.socket.poll(int(min(RECHECK_S, left) * 1000)):
                return await self._recv()
            if deadline is not None and time.monotonic() >= deadline:
                raise Empty


class RecheckingKernelClient(AsyncKernelClient):
    """jupyter_client's async client with RecheckingChannel for replies and output."""

    shell_channel_class = Type(RecheckingChannel)
    iopub_channel_class = Type(RecheckingChannel)
    stdin_channel_class = Type(RecheckingChannel)
