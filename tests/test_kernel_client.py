"""The Voila hang, reproduced without Voila: a reply that arrived but whose wake-up was lost.

A ZeroMQ socket's file descriptor only signals an edge. Anything that reads ZMQ_EVENTS (or
sends, or polls) on the socket consumes that signal; if it happens after the reply arrived
and before the event loop looked, the loop is never told. Here the test consumes it on
purpose, as the saturated CPU did by chance in Voila (docs/benchmarks.md). jupyter_client's
own channel then waits forever; the course's channel finds the reply within a second.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
import zmq
import zmq.asyncio
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.session import Session

from digileder import kernel_client, labconfig


async def _wait_for_reply_after_lost_wakeup(channel_class, wait_s: float):
    """Start waiting, let a reply arrive, consume the socket's signal, and see what comes."""
    session = Session()
    context = zmq.asyncio.Context()
    kernel = context.socket(zmq.ROUTER)
    port = kernel.bind_to_random_port("tcp://127.0.0.1")
    client = context.socket(zmq.DEALER)
    client.setsockopt(zmq.IDENTITY, b"voila")
    client.connect(f"tcp://127.0.0.1:{port}")
    channel = channel_class(client, session)
    try:
        await client.send(b"hello")  # the kernel learns who we are, as with execute_request
        await kernel.recv_multipart()
        waiting = asyncio.ensure_future(channel.get_msg(timeout=None))
        await asyncio.sleep(0.2)  # the client is now asleep in its poll
        raw = zmq.Socket.shadow(kernel.underlying)
        session.send(raw, "execute_reply", {"status": "ok"}, ident=[b"voila"])
        time.sleep(0.2)  # the reply arrives and signals the descriptor; the loop is not looking
        zmq.Socket.shadow(client.underlying).get(zmq.EVENTS)  # ...and the signal is consumed
        try:
            return await asyncio.wait_for(waiting, wait_s)
        except TimeoutError:
            return None
    finally:
        channel.close()
        kernel.close(linger=0)
        context.term()


ROOT = Path(__file__).resolve().parents[1]


def _in_a_fresh_python(call: str):
    """Run CALL (a function of this module) in a new interpreter and return its JSON result:
    tests that ran before in the same pytest process may have changed asyncio's global state
    (kernels, nbclient), and these tests are about the event loop itself."""
    code = f"import json\nfrom tests.test_kernel_client import *\nprint(json.dumps({call}))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def lost_wakeup(channel: str, wait_s: float) -> dict:
    channel_class = {"jupyter_client": AsyncZMQSocketChannel,
                     "course": kernel_client.RecheckingChannel}[channel]
    start = time.monotonic()
    reply = asyncio.run(_wait_for_reply_after_lost_wakeup(channel_class, wait_s))
    return {"reply": reply and reply["msg_type"], "seconds": time.monotonic() - start}


def test_a_lost_wakeup_leaves_jupyter_clients_channel_waiting_forever():
    """The mechanism behind the hang. If this starts failing, pyzmq/jupyter_client no longer
    lose the wake-up, and digileder.kernel_client can go."""
    assert _in_a_fresh_python("lost_wakeup('jupyter_client', 2)")["reply"] is None


def test_the_course_channel_finds_the_reply_within_a_second():
    found = _in_a_fresh_python("lost_wakeup('course', 5)")
    assert found["reply"] == "execute_reply"
    assert found["seconds"] < 0.4 + kernel_client.RECHECK_S + 1.5


def wait_for_nothing_result() -> tuple[str, float]:
    async def wait_for_nothing():
        context = zmq.asyncio.Context()
        socket = context.socket(zmq.DEALER)
        socket.connect("tcp://127.0.0.1:9")  # nobody answers
        channel = kernel_client.RecheckingChannel(socket, Session())
        try:
            start = time.monotonic()
            with pytest.raises(Exception) as raised:
                await channel.get_msg(timeout=0.3)
            return raised.type.__name__, time.monotonic() - start
        finally:
            channel.close()
            context.term()

    return asyncio.run(wait_for_nothing())


def test_a_timeout_still_ends_the_wait():
    name, seconds = _in_a_fresh_python("wait_for_nothing_result()")
    assert name == "Empty" and 0.25 < seconds < 1.0


@pytest.mark.parametrize("config_file", ["voila.json", "jupyter_server_config.json"])
def test_voila_uses_the_rechecking_client(tmp_path, config_file):
    """Voila on its own (voila.json) and inside JupyterLab, as on Binder and the hub."""
    labconfig.configure(tmp_path, custom_dir=tmp_path / "custom")
    config = json.loads((tmp_path / "etc/jupyter" / config_file).read_text())
    name = config["ServerKernelManager"]["client_class"]
    module, _, cls = name.rpartition(".")
    client = getattr(__import__(module, fromlist=[cls]), cls)
    assert client is kernel_client.RecheckingKernelClient
    assert issubclass(client, AsyncKernelClient)
    assert client.shell_channel_class.default_value is kernel_client.RecheckingChannel


def test_voila_stops_the_kernels_of_closed_pages(tmp_path):
    """Voila's own shutdown on closing the tab is refused without an _xsrf cookie (voila#1458):
    kernels nobody is connected to are culled instead; open pages keep theirs."""
    labconfig.configure(tmp_path, custom_dir=tmp_path / "custom")
    config = json.loads((tmp_path / "etc/jupyter/voila.json").read_text())["MappingKernelManager"]
    assert 0 < config["cull_idle_timeout"] <= 900 and config["cull_interval"] <= 60
    assert not config.get("cull_connected", False)
