"""Kernel websockets that send each message at once (issue 18).

jupyter_server relays the kernel's messages to the page over a Tornado websocket and leaves
Nagle's algorithm on (Tornado's default; jupyter_server's terminals turn it off, its kernels
do not). A click in a widget gives a burst of 10-20 small messages; Nagle holds each message
after the first until the receiver acknowledges it, and the receiver's TCP acknowledges after
its 40 ms delayed-ACK timer. Measured through a running server (tools/bench/kernel_socket.py):
a scenario choice's last message 44-48 ms after the click, 6-8 ms with TCP_NODELAY; from the
kernel directly, 6 ms.

NoDelayConnection is jupyter_server's own connection class with the socket option set when
the page connects. This module is also a server extension (labconfig turns it on for Lab
and the hub): it puts the class in place only where nobody chose a class and the server
would use jupyter_server's plain ZMQ class, so a gateway's class or one an admin chose
stays. Voila loads no server extensions; labconfig names the class in voila.json instead.
"""

from __future__ import annotations

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

SETTING = "kernel_websocket_connection_class"


class NoDelayConnection(ZMQChannelsWebsocketConnection):
    """ZMQChannelsWebsocketConnection with TCP_NODELAY on the page's socket."""

    def connect(self):
        # The handler's open() calls this after the handshake; a page that left during it
        # has no socket left to set.
        if self.websocket_handler.ws_connection is not None:
            self.websocket_handler.set_nodelay(True)
        return super().connect()


def _jupyter_server_extension_points() -> list[dict]:
    return [{"module": "digileder.kernel_socket"}]


def _load_jupyter_server_extension(serverapp) -> None:
    # The kernel websocket handler reads the class from the settings on every connection.
    settings = serverapp.web_app.settings
    chosen = SETTING in serverapp.config.get("ServerApp", {})  # in a config file or flag
    if settings.get(SETTING) is ZMQChannelsWebsocketConnection and not chosen:
        settings[SETTING] = NoDelayConnection
    else:
        serverapp.log.info("digileder.kernel_socket: %s is %s; left as it is.", SETTING,
                           settings.get(SETTING))
