"""Grading kernels forked from a pre-warmed server behave like freshly started ones."""

from __future__ import annotations

import ast
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from jupyter_client import KernelManager

from digileder.teacher import forkserver as server
from digileder.teacher import forkserver_client as forkserver


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


def _ask_for_kernel_from_another_process(path: str) -> bytes:
    """What the server answers a fork request from a process other than its grading worker."""
    code = ("import socket, sys\ns = socket.socket(socket.AF_UNIX)\ns.connect(sys.argv[1])\n"
            "s.settimeout(30)\ntry:\n"
            "    s.sendall(b'{\"args\": [], \"cwd\": \"/\", \"env\": {}}\\n')\n"
            "    answer = s.recv(64)\nexcept (BrokenPipeError, ConnectionResetError):\n"
            "    answer = b''  # closed without an answer\nsys.stdout.write(repr(answer))")
    done = subprocess.run([sys.executable, "-c", code, path], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return ast.literal_eval(done.stdout)


def test_only_the_grading_worker_gets_kernels_and_only_from_its_server(tmp_path, monkeypatch):
    """Does the server refuse anyone but its grading worker, and the worker anyone but its
    server (SO_PEERCRED on both ends)?"""
    monkeypatch.setenv("JUPYTER_PATH", "")
    forkserver.use_fork_server(tmp_path / "spec")
    try:
        forkserver._Server._start()
        assert _ask_for_kernel_from_another_process(forkserver._Server.path) == b""
        with forkserver._Server._connect(10):  # the worker itself is let in
            pass
        impostor = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        impostor.bind(str(tmp_path / "falsk.sock"))
        impostor.listen(1)
        monkeypatch.setattr(forkserver._Server, "path", str(tmp_path / "falsk.sock"))
        with pytest.raises(OSError, match="not the fork server"):
            forkserver._Server._connect(10)
    finally:
        forkserver._Server.stop()
    inside, outside = socket.socketpair()
    assert not server._from_grader(inside, 0)  # in the sandbox: a peer with a pid is inside


def test_a_sandboxed_kernel_gets_only_allowed_variables_and_cannot_reach_its_server(
        tmp_path, monkeypatch):
    """Even when the request itself carries IPYTHONDIR, PYTHONSTARTUP or PYTHONPATH (the
    server does not trust it), and the server's socket is nowhere the kernel can see."""
    from traitlets.config import Config

    from digileder.teacher import sandbox

    monkeypatch.setenv("JUPYTER_PATH", "")
    monkeypatch.setattr(sandbox, "kernel_env", lambda env: env)  # the grader's filter off
    spec = Path(tempfile.mkdtemp(prefix="k-"))  # short: unix socket paths have 107 bytes
    forkserver.use_fork_server(spec, sandbox.settings(Config()))
    work = tmp_path / "aflevering"
    work.mkdir()
    hostile = {"IPYTHONDIR": "/tmp/ondt", "PYTHONSTARTUP": "/tmp/ondt.py",
               "PYTHONPATH": "/tmp/ondt"}
    try:
        km = KernelManager(kernel_name="python3")
        km.start_kernel(cwd=str(work), env=dict(os.environ, **hostile))
        client = km.client()
        client.start_channels()
        client.wait_for_ready(timeout=60)
        out = _run(client, f"import os, socket\nprint(*[os.environ.get(k) for k in "
                           f"{sorted(hostile)!r}])\ntry:\n"
                           f"    socket.socket(socket.AF_UNIX).connect("
                           f"{forkserver._Server.path!r})\n    print('FORBUNDET')\n"
                           "except OSError as fejl:\n    print('BLOKERET', type(fejl).__name__)")
        client.stop_channels()
        km.shutdown_kernel(now=True)
    finally:
        forkserver._Server.stop()
        shutil.rmtree(spec)
    assert out.splitlines() == ["None None None", "BLOKERET FileNotFoundError"], out


def test_a_sandbox_that_died_leaves_nothing_in_its_socket_folder(tmp_path, monkeypatch):
    """A kernel can kill its fork server (they run as one user): is the socket folder, which
    the next sandbox shares again, emptied before the next kernel's files go there?"""
    from traitlets.config import Config

    from digileder.teacher import sandbox

    monkeypatch.setenv("JUPYTER_PATH", "")
    spec = Path(tempfile.mkdtemp(prefix="k-"))
    forkserver.use_fork_server(spec, sandbox.settings(Config()))
    try:
        forkserver._Server._start()
        sockets = forkserver._Server.sandbox_folders()[2]
        (sockets / "plantet").mkdir()
        (sockets / "plantet" / "00-start.py").write_text("x")
        (sockets / "plantet").chmod(0o311)
        forkserver._Server.process.kill()  # as if a kernel had killed the server
        forkserver._Server.process.wait()
        forkserver.end_submission()
        assert list(sockets.iterdir()) == []
    finally:
        forkserver._Server.stop()
        shutil.rmtree(spec)


def _sandboxed_server(monkeypatch, extra_read_only=()):
    """A sandboxed fork server that has confirmed one clean-up (its pid is then known)."""
    import dataclasses

    from traitlets.config import Config

    from digileder.teacher import sandbox

    monkeypatch.setenv("JUPYTER_PATH", "")
    box = sandbox.settings(Config())
    box = dataclasses.replace(box, read_only=(*box.read_only, *extra_read_only))
    spec = Path(tempfile.mkdtemp(prefix="k-"))
    forkserver.use_fork_server(spec, box)
    forkserver._Server._start()
    first = forkserver._Server.process
    forkserver.end_submission()
    assert forkserver._Server.process is first and first.poll() is None
    return spec, first


def test_read_only_folders_under_tmp_keep_one_fork_server(monkeypatch):
    """A course or venv under /tmp is mounted read-only inside the sandbox's /tmp: the wipe
    between submissions must leave it (and only it) and keep the same server."""
    course = Path(tempfile.mkdtemp(prefix="kursus-"))
    (course / "data.csv").write_text("a,b\n1,2\n")
    spec, first = _sandboxed_server(monkeypatch, (str(course),))
    try:
        forkserver.end_submission()
        forkserver.end_submission()
        assert first.poll() is None, "the clean-up failed: a new sandbox was needed"
        assert (course / "data.csv").read_text() == "a,b\n1,2\n"
    finally:
        forkserver._Server.stop()
        shutil.rmtree(spec)
        shutil.rmtree(course)


def test_a_stopped_fork_server_is_replaced_at_once(monkeypatch):
    """A kernel can SIGSTOP its fork server (same user): the grader sees the stopped state
    instead of waiting 30 s for an answer (the bound below is far from both)."""
    import signal
    import time

    spec, first = _sandboxed_server(monkeypatch)
    try:
        os.kill(forkserver._Server.server_pid, signal.SIGSTOP)
        started = time.monotonic()
        forkserver.end_submission()
        waited = time.monotonic() - started
        assert first.poll() is not None  # the stopped sandbox was killed
        assert waited < 10, waited
    finally:
        forkserver._Server.stop()
        shutil.rmtree(spec)
