"""A server whose kernels run on a kernel gateway (--gateway-url, or JUPYTER_GATEWAY_URL, as
some hubs set it) must still reach them over the page's websocket.

jupyter_server picks its gateway websocket class only when no class is configured, so the
course must not configure one for Lab: its server extension (digileder.kernel_socket) steps
in only where the server uses the plain ZMQ class. This test runs a real server with the
env's config against a second server acting as the gateway and asks the kernel for its
kernel_info through the page's websocket. It failed when labconfig named the course's class
in jupyter_server_config.json (a websocket timeout, nothing in the server log).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import secrets
import subprocess
import sys
import urllib.request
import uuid
from pathlib import Path

import pytest
from tornado.websocket import websocket_connect

sys.path.insert(0, str(Path(__file__).parent / "browser"))

import browser_servers as bs  # noqa: E402

UPSTREAM = "jupyter_server.services.kernels.connection.channels.ZMQChannelsWebsocketConnection"


def _start(base: Path, args: list[str]):
    base.mkdir(parents=True)
    port, token = bs.free_port(), secrets.token_hex(8)
    log = base / "server.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [str(bs.BIN / "jupyter"), "server", "--no-browser", *bs._root_flag(),
             "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
             "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", *args],
            cwd=base, env=bs.jupyter_env(base), stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        bs._wait_ready(f"{url}api/status?token={token}", process, log)
    except Exception:
        bs.stop_process_group(process)
        raise
    return process, url, token


async def _kernel_info_over_websocket(url: str, token: str, kernel_id: str) -> str:
    client = await websocket_connect(
        f"{url.replace('http', 'ws', 1)}api/kernels/{kernel_id}/channels?token={token}",
        connect_timeout=30)
    msg_id = uuid.uuid4().hex
    client.write_message(json.dumps({
        "header": {"msg_id": msg_id, "msg_type": "kernel_info_request", "username": "",
                   "session": uuid.uuid4().hex, "version": "5.3", "date": ""},
        "parent_header": {}, "metadata": {}, "content": {}, "channel": "shell",
        "buffers": []}))
    while True:
        message = await client.read_message()
        if message is None:
            return "closed"
        if isinstance(message, str):
            data = json.loads(message)
            if (data.get("parent_header", {}).get("msg_id") == msg_id
                    and data["msg_type"] == "kernel_info_reply"):  # not its status messages
                return data["msg_type"]


@pytest.fixture
def gateway(tmp_path):
    process, url, token = _start(
        tmp_path / "gateway", [f"--ServerApp.kernel_websocket_connection_class={UPSTREAM}"])
    yield url, token
    bs.stop_process_group(process)


def test_a_kernel_on_a_gateway_answers_over_the_pages_websocket(tmp_path, gateway):
    gateway_url, gateway_token = gateway
    process, url, token = _start(tmp_path / "server", [
        f"--gateway-url={gateway_url.rstrip('/')}", f"--GatewayClient.auth_token={gateway_token}"])
    try:
        request = urllib.request.Request(f"{url}api/kernels", method="POST", data=b"{}",
                                         headers={"Authorization": f"token {token}"})
        with urllib.request.urlopen(request, timeout=60) as response:
            kernel_id = json.loads(response.read())["id"]
        # In a thread of its own: a Playwright test before this one in the same process may
        # have left an event loop running in this thread.
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            reply = pool.submit(asyncio.run, asyncio.wait_for(
                _kernel_info_over_websocket(url, token, kernel_id), timeout=45)).result()
    finally:
        bs.stop_process_group(process)
    assert reply == "kernel_info_reply"
