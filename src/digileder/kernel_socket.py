"""Kernel websockets that send each message at once (issue 18).

jupyter_server relays the kernel's messages to the page over a Tornado websocket and leaves
Nagle's algorithm on (Tornado's default; jupyter_server's terminals turn it off, its kernels
do not). A click in a widget gives a burst of 10-20 small messages; Nagle holds each message
after the first until the page acknowledges it, and the page's TCP acknowledges after its
40 ms delayed-ACK timer. Measured through a running server (tools/bench/kernel_socket.py): a
scenario choice's last message 44-48 ms after the click, 6-8 ms with TCP_NODELAY; from the
kernel directly, 6 ms.

The connection class is jupyter_server's own, with the socket option set when the page
connects. labconfig (KERNEL_SOCKET) sets it for Lab (ServerApp) and Voila (Voila) as a
default: a hub or admin that chooses another connection class keeps theirs.
"""

from __future__ import annotations

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection


class NoDelayConnection(ZMQChannelsWebsocketConnection):
    """ZMQChannelsWebsocketConnection with TCP_NODELAY on the page's socket."""

    def connect(self):
        # The handler's open() calls this after the handshake; a page that left during it
        # has no socket left to set.
        if self.websocket_handler.ws_connection is not None:
            self.websocket_handler.set_nodelay(True)
        return super().connect()
