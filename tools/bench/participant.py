"""Per participant: a JupyterLab server plus one module kernel, peak memory.

Starts `jupyter lab` on 127.0.0.1 with private config/data/runtime folders, loads the Lab
page once, opens a module through the REST API (POST /api/sessions, as the Lab frontend does)
and runs every code cell over the kernel's websocket. Then reads the peak RSS (VmHWM) of the
server and of the kernel. The whole process group is stopped afterwards.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

import nbformat
import psutil
from measure import peak_mib, rss_mib, summarize

BIN = Path(sys.executable).parent
# The browser tests' server helpers: same private Jupyter folders, same clean stop.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "browser"))
from browser_servers import free_port, jupyter_env, stop_process_group  # noqa: E402


def wait_http(url: str, timeout: float, proc: subprocess.Popen | None = None) -> float:
    """Seconds until URL answers 200 (raises on timeout or if PROC dies)."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"serveren stoppede (kode {proc.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{url} svarede ikke inden {timeout} s")


def _request(url: str, method: str = "GET", body: dict | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as response:
        text = response.read().decode()
    return json.loads(text) if text.strip().startswith(("{", "[")) else {}


async def _run_cells(ws_url: str, cells: list[str], timeout: float) -> list[str]:
    """Execute each code cell in order over the kernel websocket; returns error names."""
    from tornado.websocket import websocket_connect

    conn = await websocket_connect(ws_url)
    session = uuid.uuid4().hex
    errors = []
    try:
        for code in cells:
            msg_id = uuid.uuid4().hex
            msg = {"header": {"msg_id": msg_id, "username": "bench", "session": session,
                              "msg_type": "execute_request", "version": "5.3"},
                   "parent_header": {}, "metadata": {}, "channel": "shell",
                   "content": {"code": code, "silent": False, "store_history": True,
                               "user_expressions": {}, "allow_stdin": False,
                               "stop_on_error": True}}
            await conn.write_message(json.dumps(msg))
            deadline = time.monotonic() + timeout
            while True:
                raw = await asyncio.wait_for(conn.read_message(),
                                             max(1.0, deadline - time.monotonic()))
                if raw is None:
                    raise RuntimeError("kernens forbindelse blev lukket")
                reply = json.loads(raw)
                if reply.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                if reply.get("msg_type") == "execute_reply":
                    if reply["content"].get("status") != "ok":
                        errors.append(reply["content"].get("ename", "fejl"))
                    break
    finally:
        conn.close()
    return errors


def run_once(course: Path, module: Path, timeout: float = 120) -> dict:
    base = Path(tempfile.mkdtemp(prefix="lab-", dir="/tmp/bench"))
    port, token = free_port(), secrets.token_hex(16)
    cmd = [str(BIN / "jupyter"), "lab", "--no-browser", f"--ServerApp.port={port}",
           "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={course}", "--ServerApp.port_retries=0"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    log = open(base / "server.log", "w")
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=jupyter_env(base), stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    api = f"http://127.0.0.1:{port}"
    try:
        ready = wait_http(f"{api}/api/status?token={token}", 60, proc)
        with urllib.request.urlopen(f"{api}/lab?token={token}", timeout=30) as page:
            page.read()
        server_idle = rss_mib(proc.pid)
        rel = module.relative_to(course).as_posix()
        session = _request(f"{api}/api/sessions?token={token}", "POST",
                           {"path": rel, "name": module.name, "type": "notebook",
                            "kernel": {"name": "python3"}})
        kernel_id = session["kernel"]["id"]
        nb = nbformat.read(module, as_version=4)
        code = [c.source for c in nb.cells if c.cell_type == "code"]
        t0 = time.perf_counter()
        errors = asyncio.run(_run_cells(
            f"ws://127.0.0.1:{port}/api/kernels/{kernel_id}/channels?token={token}",
            code, timeout))
        executed = time.perf_counter() - t0
        kernels = [c for c in psutil.Process(proc.pid).children(recursive=True)
                   if "ipykernel" in " ".join(c.cmdline())]
        kernel_peak = sum(peak_mib(k.pid) or 0 for k in kernels)
        server_peak = peak_mib(proc.pid)
        return {"ready_s": ready, "server_idle_mib": server_idle, "server_peak_mib": server_peak,
                "kernel_peak_mib": kernel_peak, "kernels": len(kernels),
                "participant_mib": server_peak + kernel_peak, "execute_s": executed,
                "errors": errors, "wall_s": time.perf_counter() - started}
    finally:
        stop_process_group(proc)
        log.close()


def bench(module: Path, course: Path, repeat: int = 3) -> dict:
    runs = [run_once(course, course / "modules" / module.name) for _ in range(repeat)]
    out = {"module": module.stem}
    for key in ("ready_s", "server_idle_mib", "server_peak_mib", "kernel_peak_mib",
                "participant_mib", "execute_s"):
        out[key] = summarize([r[key] for r in runs])
    out["errors"] = sorted({e for r in runs for e in r["errors"]})
    print(f"  {module.stem}: server {out['server_peak_mib']['median']:.0f} MiB + kernel "
          f"{out['kernel_peak_mib']['median']:.0f} MiB = {out['participant_mib']['median']:.0f}"
          " MiB", flush=True)
    return out
