"""The course's kernel websocket turns Nagle's algorithm off on the page's real socket, and
its server extension puts it in place only instead of jupyter_server's plain class.

A real Tornado websocket on 127.0.0.1: the handler connects through NoDelayConnection (the
relay to the kernel, jupyter_server's own connect, is replaced by a stand-in) and tells the
client what the server's socket says about TCP_NODELAY.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import logging
import socket

import pytest
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application
from tornado.websocket import WebSocketHandler, websocket_connect
from traitlets.config import Config

from digileder import kernel_socket
from digileder.kernel_socket import NoDelayConnection


def _connection(connection_class, handler):
    """The class as jupyter_server makes it, for a handler that is not jupyter_server's
    KernelWebsocketHandler (its trait checks the type; this test needs no kernel)."""
    connection = connection_class()
    connection._trait_values["websocket_handler"] = handler
    return connection


def _serve(connection_class, handler_state):
    class Handler(WebSocketHandler):
        def open(self):
            connection = _connection(connection_class, self)
            handler_state["connect_result"] = connection.connect()
            sock = self.ws_connection.stream.socket
            self.write_message(json.dumps(
                {"nodelay": bool(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))}))

    server = HTTPServer(Application([("/ws", Handler)]))
    sock, = bind_sockets(0, "127.0.0.1", family=socket.AF_INET)
    server.add_sockets([sock])
    return server, sock.getsockname()[1]


async def _nodelay_seen(connection_class, handler_state) -> bool:
    server, port = _serve(connection_class, handler_state)
    try:
        client = await websocket_connect(f"ws://127.0.0.1:{port}/ws")
        reply = json.loads(await client.read_message())
        client.close()
        return reply["nodelay"]
    finally:
        server.stop()


def _run(coroutine):
    """In a thread of its own: a test before this one in the same process (Playwright's
    sync API) may have left an event loop running in this thread."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result(timeout=60)


@pytest.fixture
def relay_stand_in(monkeypatch):
    """jupyter_server's connect() needs a running kernel; the stand-in returns a marker."""
    monkeypatch.setattr(ZMQChannelsWebsocketConnection, "connect", lambda self: "relayed")


def test_the_course_connection_turns_nagle_off_and_still_relays(relay_stand_in):
    state = {}
    assert _run(_nodelay_seen(NoDelayConnection, state)) is True
    assert state["connect_result"] == "relayed"  # jupyter_server's own connect still runs


def test_jupyter_servers_own_connection_leaves_nagle_on(relay_stand_in):
    """Why the course needs its own class: without it the socket keeps Nagle."""
    assert _run(_nodelay_seen(ZMQChannelsWebsocketConnection, {})) is False


def test_a_page_gone_during_the_handshake_is_no_error(relay_stand_in):
    class Gone:
        ws_connection = None

        def set_nodelay(self, value):
            raise AssertionError("no socket to set")

    assert _connection(NoDelayConnection, Gone()).connect() == "relayed"


class _ServerApp:
    """What the extension touches of jupyter_server's ServerApp: its settings, and its
    config (a class named in a config file or on the command line)."""

    def __init__(self, connection_class, configured: bool = False):
        self.web_app = type("WebApp", (), {})()
        self.web_app.settings = {"kernel_websocket_connection_class": connection_class}
        self.config = Config()
        if configured:
            self.config.ServerApp.kernel_websocket_connection_class = connection_class
        self.log = logging.getLogger("test")


def test_the_extension_replaces_jupyter_servers_plain_class():
    app = _ServerApp(ZMQChannelsWebsocketConnection)
    kernel_socket._load_jupyter_server_extension(app)
    assert app.web_app.settings["kernel_websocket_connection_class"] is NoDelayConnection


def test_the_extension_leaves_a_kernel_gateways_class_alone():
    from jupyter_server.gateway.connections import GatewayWebSocketConnection

    app = _ServerApp(GatewayWebSocketConnection)
    kernel_socket._load_jupyter_server_extension(app)
    assert app.web_app.settings["kernel_websocket_connection_class"] is GatewayWebSocketConnection


def test_the_extension_leaves_a_class_an_admin_chose_alone():
    chosen = type("AdminConnection", (ZMQChannelsWebsocketConnection,), {})
    app = _ServerApp(chosen)
    kernel_socket._load_jupyter_server_extension(app)
    assert app.web_app.settings["kernel_websocket_connection_class"] is chosen


def test_the_extension_leaves_jupyter_servers_class_alone_when_an_admin_named_it():
    """An admin who writes jupyter_server's own class into a config file (or on the command
    line) gets that class, not the course's."""
    app = _ServerApp(ZMQChannelsWebsocketConnection, configured=True)
    kernel_socket._load_jupyter_server_extension(app)
    assert (app.web_app.settings["kernel_websocket_connection_class"]
            is ZMQChannelsWebsocketConnection)
