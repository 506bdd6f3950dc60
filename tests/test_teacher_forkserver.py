"""Grading kernels forked from a pre-warmed server behave like freshly started ones."""

from __future__ import annotations

import os

from jupyter_client import KernelManager

from digileder.teacher import forkserver


def _run(client, code: str) -> str:
    """Execute code in the kernel and return what it printed."""
    printed = []
    client.execute_interactive(code, output_hook=lambda msg: printed.append(
        msg["content"].get("text", "")) if msg["msg_type"] == "stream" else None, timeout=60)
    return "".join(printed).strip()


def test_a_forked_kernel_runs_in_its_own_fresh_process(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", "")
    forkserver.use_fork_server(tmp_path / "spec")
    work = tmp_path / "aflevering"
    work.mkdir()
    pids = []
    try:
        for _ in range(2):
            km = KernelManager(kernel_name="python3")
            km.start_kernel(cwd=str(work), env=dict(os.environ, MIT_FAG="vej og park"))
            assert isinstance(km.provisioner, forkserver.ForkServerProvisioner)
            client = km.client()
            client.start_channels()
            client.wait_for_ready(timeout=60)
            out = _run(client, "import os, sys; print(os.getpid(), os.getppid(), os.getcwd(), "
                               "os.environ['MIT_FAG'], 'x' in globals())\nx = 1")
            pid, parent, cwd, *fag, leftover = out.split()
            assert int(parent) != os.getpid()  # forked by the server, not started by us
            assert cwd == str(work) and " ".join(fag) == "vej og park"
            assert leftover == "False"  # nothing from the kernel before it
            pids.append(int(pid))
            client.stop_channels()
            km.shutdown_kernel(now=True)
            assert not km.is_alive()
    finally:
        forkserver._Server.stop()
    assert len(set(pids)) == 2
    for pid in pids:
        try:
            os.kill(pid, 0)
            raise AssertionError(f"kernel {pid} still running")
        except ProcessLookupError:
            pass
