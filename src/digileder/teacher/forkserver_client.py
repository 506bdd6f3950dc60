"""The grader's side of the pre-warmed fork server (forkserver.py): asks it for kernels.

- `ForkServerProvisioner`: a jupyter_client kernel provisioner that asks the server for a
  kernel instead of calling Popen, and manages the forked process by its pid. Without a
  sandbox, if the server cannot be reached it falls back to a normal launch.
- `use_fork_server(folder, sandbox)`: makes the "python3" kernel in this process use the
  provisioner (a kernelspec in FOLDER, found first through JUPYTER_PATH).
- `end_submission()`: with a sandbox, the server kills every process the last submission
  started and wipes what it wrote; if it does not confirm (or is stopped), the whole
  sandbox is killed.

The server's listening socket is bound here, in FOLDER (private to the grading worker and
never shared with the sandbox), and handed to the server as an inherited file descriptor.
Every connection is checked to end at that server (SO_PEERCRED: the pid first seen, a
descendant of the process this side started), so nothing in the sandbox can stand in for it.
With a sandbox (digileder.teacher.sandbox) there is no fallback: a kernel that cannot start
in the sandbox is an error.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import uuid
from pathlib import Path

from jupyter_client.provisioning import LocalProvisioner

from digileder.teacher.forkserver import PARENT, remove, wipe

PROVISIONER = "digileder-forkserver"


class _Server:
    """One fork server per grading worker, started on first use (in a sandbox if asked)."""

    process: subprocess.Popen | None = None
    path: str = ""
    sandbox = None  # digileder.teacher.sandbox.Settings, or None
    home: Path | None = None  # where the sandbox's folders go (the kernelspec's folder)
    folders: tuple[Path, Path, Path] | None = None  # the sandbox's base, inbox and sockets
    server_pid: int | None = None  # the server's pid, checked on every connection
    watch = None  # the sandbox's memory watch (sandbox_memory.MemoryWatch)
    memory_exceeded = ""  # what the watch measured when it stopped a submission, since asked

    @classmethod
    def request(cls, args: list[str], cwd: str, env: dict[str, str]) -> int:
        """Fork a kernel; its pid as this process sees it (from the socket's credentials)."""
        if cls.process is None or cls.process.poll() is not None:
            cls._start()
        message = {"args": args, "cwd": cwd, "env": env}
        if cls.sandbox is not None:
            message["rlimits"] = cls.sandbox.rlimits()
        with cls._connect(60) as conn:
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
            conn.sendall((json.dumps(message) + "\n").encode())
            data, ancillary, _flags, _addr = conn.recvmsg(64, socket.CMSG_SPACE(12))
        if cls.sandbox is not None:
            cls._watch_memory()
        for level, kind, payload in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS \
                    and data.startswith(b"klar"):
                pid = struct.unpack("3i", payload[:12])[0]
                if _parent(pid) == cls.server_pid:  # a kernel the server itself forked
                    return pid
        raise OSError("the forked kernel did not report")

    @classmethod
    def _connect(cls, timeout: float) -> socket.socket:
        """A connection to the fork server this worker started, and to nothing else."""
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            conn.settimeout(timeout)
            conn.connect(cls.path)
            pid = _peer_pid(conn)
            if cls.server_pid is None and _descends_from(pid, cls.process.pid):
                cls.server_pid = pid
            if pid != cls.server_pid:
                raise OSError(f"process {pid} is not the fork server")
        except BaseException:
            conn.close()
            raise
        return conn

    @classmethod
    def _watch_memory(cls) -> None:
        """One memory watch per sandbox, outside it: a new one when the sandbox restarted."""
        from digileder.teacher.sandbox_memory import MemoryWatch

        if cls.watch is not None and cls.watch.server_pid == cls.server_pid:
            return
        cls._stop_watch()
        cls.watch = MemoryWatch(cls.server_pid, cls.sandbox.memory_mib, cls.folders[2])

    @classmethod
    def _stop_watch(cls) -> None:
        if cls.watch is not None:
            cls.watch.stop()
            cls.memory_exceeded = cls.memory_exceeded or cls.watch.take_verdict()
            cls.watch = None

    @classmethod
    def memory_verdict(cls) -> str:
        """What the watch measured if it stopped a submission since the last call, else ''."""
        exceeded = cls.memory_exceeded or (cls.watch.take_verdict() if cls.watch else "")
        cls.memory_exceeded = ""
        return exceeded

    @classmethod
    def end_submission(cls) -> None:
        """Sandbox: kill everything the last submission started and wipe what it wrote.

        If the server does not confirm, is stopped or has died (a kernel may do either), the whole
        sandbox is killed and the one folder it shared that outlives it, its sockets, is
        emptied before the next sandbox gets it."""
        if cls.sandbox is None or cls.process is None:
            return
        if cls.process.poll() is None:
            try:
                if not _stopped(cls.server_pid):
                    with cls._connect(30) as conn:
                        conn.sendall(b'{"op": "ryd"}\n')
                        if cls._answer(conn, 30) == "ryddet":
                            return
            except OSError:
                pass
            cls.process.kill()  # bwrap; --die-with-parent takes the whole PID namespace along
            cls.process.wait()
        if cls.folders is not None:
            wipe(cls.folders[2])

    @classmethod
    def _answer(cls, conn: socket.socket, seconds: float) -> str:
        """The server's one-line answer; '' if none comes within SECONDS or the server is
        stopped (a kernel may SIGSTOP it: it runs as the same user)."""
        deadline, data = time.monotonic() + seconds, b""
        conn.settimeout(0.1)
        while not data.endswith(b"\n") and time.monotonic() < deadline:
            try:
                chunk = conn.recv(64)
            except TimeoutError:
                if _stopped(cls.server_pid):
                    return ""
                continue
            if not chunk:
                break
            data += chunk
        return data.decode(errors="replace").strip()

    @classmethod
    def hand_in(cls, folder: Path) -> None:
        """Put a copy of FOLDER (the submission) in the sandbox's read-only inbox."""
        from digileder.teacher.sandbox import give_to_sandbox

        inbox = cls.folders[1]
        wipe(inbox)
        shutil.copytree(folder, inbox, symlinks=True, dirs_exist_ok=True)
        for item in [inbox, *inbox.rglob("*")]:
            if not item.is_symlink():
                item.chmod(0o755 if item.is_dir() else 0o644)
        give_to_sandbox(cls.sandbox, inbox)

    @classmethod
    def sandbox_folders(cls) -> tuple[Path, Path, Path]:
        if cls.folders is None:
            from digileder.teacher.sandbox import make_folders

            cls.folders = make_folders(cls.sandbox, cls.home)
        return cls.folders

    @classmethod
    def _start(cls) -> None:
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1")  # no threads in a process that forks
        env[PARENT] = str(os.getpid())
        # Bound here, in the worker's own folder, which the sandbox does not see; the server
        # listens on it through the inherited descriptor.
        cls.path, cls.server_pid = str(cls.home / "forkserver.sock"), None
        Path(cls.path).unlink(missing_ok=True)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(cls.path)
        cmd = [sys.executable, "-m", "digileder.teacher.forkserver", str(listener.fileno())]
        if cls.sandbox is not None:
            from digileder.teacher.sandbox import bwrap_command

            _base, inbox, sockets = cls.sandbox_folders()
            cmd = [*bwrap_command(cls.sandbox, inbox, sockets), *cmd, str(sockets)]
        with listener:
            cls.process = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                           env=env, text=True, pass_fds=[listener.fileno()])
        if cls.process.stdout.readline().strip() != "klar":
            raise OSError("the fork server did not start")
        atexit.register(cls.stop)

    @classmethod
    def stop_now(cls) -> None:
        """The worker is being stopped: end the server at once, and with it its kernels."""
        cls._stop_watch()
        if cls.process is not None and cls.process.poll() is None:
            if cls.sandbox is None:
                cls.process.terminate()  # the server kills what it forked, then exits
            else:
                cls.process.kill()  # bwrap; the sandbox's whole PID namespace goes with it
            try:
                cls.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                cls.process.kill()

    @classmethod
    def stop(cls) -> None:
        cls._stop_watch()
        if cls.process is not None and cls.process.poll() is None:
            cls.process.stdin.close()
            try:
                cls.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                cls.process.kill()
        cls.process = None
        if cls.path:
            Path(cls.path).unlink(missing_ok=True)
        if cls.folders is not None:
            try:
                remove(cls.folders[0])
            except OSError:
                shutil.rmtree(cls.folders[0], ignore_errors=True)
            cls.folders = None


def _peer_pid(conn: socket.socket) -> int:
    return struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED,
                                               struct.calcsize("3i")))[0]


def _stopped(pid: int | None) -> bool:
    """Is PID stopped (SIGSTOP, or traced)?"""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text() if pid else ""
    except OSError:
        return False
    return bool(stat) and stat[stat.rindex(")") + 2] in "tT"


def _parent(pid: int) -> int:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0
    return int(stat[stat.rindex(")") + 2:].split()[1])  # field 4: the parent pid


def _descends_from(pid: int, ancestor: int) -> bool:
    """Is PID ANCESTOR itself or below it (bwrap puts one process between)?"""
    for _ in range(8):
        if pid == ancestor:
            return True
        if pid <= 1:
            return False
        pid = _parent(pid)
    return False


class _Forked:
    """The little of Popen's interface LocalProvisioner uses, for a process we did not start."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0  # reaped by the server; its exit code is not ours to see
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        while self.poll() is None:
            time.sleep(0.05)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkServerProvisioner(LocalProvisioner):
    """Launch the kernel as a fork of the pre-warmed server; manage it like LocalProvisioner."""

    async def pre_launch(self, **kwargs):
        if _Server.sandbox is not None:
            _Server.end_submission()  # a clean sandbox, whatever ran in it before
            # Unix sockets in the folder the sandbox shares: it has no network to use tcp.
            km = self.parent
            stem = _Server.sandbox_folders()[2] / f"k-{uuid.uuid4().hex[:12]}"
            km.transport, km.cache_ports = "ipc", False
            km.ip, km.connection_file = str(stem), f"{stem}.json"
        kwargs = await super().pre_launch(**kwargs)
        if _Server.sandbox is not None:
            from digileder.teacher.sandbox import give_to_sandbox

            give_to_sandbox(_Server.sandbox, Path(self.parent.connection_file))
        return kwargs

    async def launch_kernel(self, cmd: list[str], **kwargs):
        module_at = cmd.index("-m") if "-m" in cmd else -1
        sandboxed = _Server.sandbox is not None
        if module_at < 0 or cmd[module_at + 1] != "ipykernel_launcher":
            if sandboxed:
                raise RuntimeError("only ipykernel kernels can run in the grading sandbox")
            return await super().launch_kernel(cmd, **kwargs)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        env = {k: str(v) for k, v in (kwargs.get("env") or os.environ).items()}
        if sandboxed:
            from digileder.teacher.sandbox import INSIDE_SUBMISSION, kernel_env

            _Server.hand_in(Path(cwd))
            cwd, env = INSIDE_SUBMISSION, kernel_env(env)
        try:
            pid = _Server.request(cmd[module_at + 2:], cwd, env)
        except OSError:
            if sandboxed:  # never a silent fallback to running unprotected
                raise RuntimeError("the grading sandbox could not start a kernel") from None
            return await super().launch_kernel(cmd, **kwargs)
        self.process = _Forked(pid)
        self.pid = self.pgid = pid
        self.cwd = cwd
        return self.connection_info


def use_fork_server(folder: Path, sandbox=None) -> None:
    """Let this process's "python3" kernels come from the fork server (in SANDBOX, if given:
    digileder.teacher.sandbox.Settings)."""
    _Server.sandbox, _Server.home = sandbox, folder
    spec = folder / "kernels" / "python3"
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (ipykernel)", "language": "python",
        "metadata": {"kernel_provisioner": {"provisioner_name": PROVISIONER}},
    }), encoding="utf-8")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        [str(folder), *filter(None, [os.environ.get("JUPYTER_PATH")])])


def end_submission() -> str:
    """Called by the grader after each submission, before it reads any result: what the
    memory watch measured if it stopped the submission at the memory limit, else ''."""
    _Server.end_submission()
    return _Server.memory_verdict()
