"""How long the server takes to pass a kernel's widget messages on to the page (issue 18).

Sends what the scenario player's page sends at a choice (the new path, a widget state
update; the page has already shown the next step by then) and times the kernel's messages
until the kernel is idle again, three ways: straight from the kernel over ZMQ (no server),
through a Jupyter server with jupyter_server's own kernel websocket, and through one with the
course's (digileder.kernel_socket: TCP_NODELAY). Prints median / p95 ms to the first and to
the last message.

    .venv/bin/python tools/bench/kernel_socket.py -n 30
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

from jupyter_client.manager import start_new_kernel
from tornado.websocket import websocket_connect

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import browser_servers as bs  # noqa: E402
import measure  # noqa: E402

SCENARIO = "ai-i-byggesagsbehandlingen"
SETUP = (f"from digileder import scenarios\np = scenarios.show({SCENARIO!r}, save=False)\n"
         "from IPython.display import display\ndisplay(p)")
MODEL = "print(p.model_id)"
RESTART = "p.restart()"


def _msg(msg_type: str, content: dict) -> dict:
    header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": "bench",
              "username": "bench", "version": "5.3", "date": ""}
    return {"header": header, "parent_header": {}, "metadata": {}, "content": content,
            "channel": "shell", "buffers": []}


def _click(model_id: str) -> dict:
    """The first choice, as the player's page sends it."""
    return _msg("comm_msg", {"comm_id": model_id, "data": {
        "method": "update", "state": {"path": [0]}, "buffer_paths": []}})


def _idle(msg: dict) -> bool:
    return msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle"


def direct(clicks: int) -> list[tuple[float, float]]:
    km, kc = start_new_kernel(kernel_name="python3")
    try:
        kc.execute_interactive(SETUP, output_hook=lambda m: None, timeout=60)
        times = []
        for _ in range(clicks):
            out = []
            kc.execute_interactive(MODEL, output_hook=out.append, timeout=30)
            model_id = next(m["content"]["text"] for m in out if m["msg_type"] == "stream")
            start, arrived = time.perf_counter(), []
            kc.shell_channel.send(kc.session.msg("comm_msg", _click(model_id.strip())["content"]))
            while True:
                msg = kc.get_iopub_msg(timeout=10)
                arrived.append((time.perf_counter() - start) * 1000)
                if _idle(msg):
                    break
            times.append((arrived[0], arrived[-1]))
            kc.execute_interactive(RESTART, output_hook=lambda m: None, timeout=30)
        return times
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


async def _through(lab, clicks: int) -> list[tuple[float, float]]:
    request = urllib.request.Request(f"{lab.url}api/kernels?token={lab.token}", method="POST",
                                     data=b'{"name": "python3"}',
                                     headers={"Content-Type": "application/json"})
    kernel = json.load(urllib.request.urlopen(request))["id"]
    socket = await websocket_connect(f"{lab.url.replace('http', 'ws', 1)}api/kernels/{kernel}"
                                     f"/channels?session_id=bench&token={lab.token}")

    async def run(code: str) -> str:
        msg = _msg("execute_request", {"code": code, "silent": False, "store_history": False,
                                       "user_expressions": {}, "allow_stdin": False})
        await socket.write_message(json.dumps(msg))
        out = []
        while True:
            reply = json.loads(await socket.read_message())
            if reply["msg_type"] == "stream":
                out.append(reply["content"]["text"])
            if _idle(reply) and reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
                return "".join(out)

    await run(SETUP)
    times = []
    for _ in range(clicks):
        model_id = (await run(MODEL)).strip()
        start, arrived = time.perf_counter(), []
        await socket.write_message(json.dumps(_click(model_id)))
        while True:
            reply = json.loads(await socket.read_message())
            arrived.append((time.perf_counter() - start) * 1000)
            if _idle(reply):
                break
        times.append((arrived[0], arrived[-1]))
        await run(RESTART)
    socket.close()
    return times


def through_server(clicks: int, course_socket: bool) -> list[tuple[float, float]]:
    """Through a Lab server with the course's settings; without course_socket, jupyter_server's
    class is named on the command line (digileder.kernel_socket leaves a named class alone)."""
    base = Path(tempfile.mkdtemp(prefix="digileder-socket-"))
    course = bs.copy_course(base / "course")
    extra = [] if course_socket else [
        "--ServerApp.kernel_websocket_connection_class="
        "jupyter_server.services.kernels.connection.channels.ZMQChannelsWebsocketConnection"]
    with bs.lab_server(course, base / "lab", extra_args=extra) as lab:
        return asyncio.run(_through(lab, clicks))


def _summary(values: list[float]) -> dict:
    return {"median": round(statistics.median(values), 1),
            "p95": round(measure.percentile(values, 0.95), 1)}


def bench(clicks: int = 30) -> list[dict]:
    rows = [("Kernen direkte (ZMQ, ingen server)", direct(clicks)),
            ("Server, jupyter_servers egen websocket", through_server(clicks, False)),
            ("Server, kursets websocket (TCP_NODELAY)", through_server(clicks, True))]
    return [{"path": label, "clicks": clicks, "first_ms": _summary([t[0] for t in times]),
             "last_ms": _summary([t[1] for t in times])} for label, times in rows]


def table(rows: list[dict]) -> str:
    lines = [f"Et valg i scenariet, {rows[0]['clicks']} klik: ms fra klik, median / p95",
             f"{'vej':<42} {'første besked':>16} {'sidste besked':>16}"]
    for row in rows:
        first, last = row["first_ms"], row["last_ms"]
        lines.append(f"{row['path']:<42} {first['median']:6.1f} / {first['p95']:6.1f}   "
                     f"{last['median']:6.1f} / {last['p95']:6.1f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=30, help="clicks per variant (30)")
    args = parser.parse_args(argv)
    print(table(bench(args.n)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
